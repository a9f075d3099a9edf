import Foundation
import Testing
import CausewayTestSupport

/// S0's pipeline as a user runs it: `terraform output -json` (or the state file) →
/// `causeway import terraform-outputs` → `causeway render`. The documents are Terraform's two
/// formats (Terraform CLI, "terraform output command", -json; a version 4 state's `outputs`);
/// the render then configures the tunnels AWS made (Site-to-Site VPN user guide, "Tunnel
/// options for your Site-to-Site VPN connection": outside and inside addresses are AWS's).
@Suite struct TerraformOutputsCommandTests {
    static let fixtures = CLI.root.appendingPathComponent("Tests/CausewayAWSTests/Fixtures")
    static let file = "examples/s0-eks-onprem-db.yaml"
    static let tfKeys = ["tfTunnelOne.key_7Qm2", "tfTunnelTwo.key_9Xr4"]
    static let envKeys = ["S0_TUNNEL1_PSK": "envTunnelOne.key_3Kd8", "S0_TUNNEL2_PSK": "envTunnelTwo.key_5Lp1"]

    static var environment: [String: String] { ProcessInfo.processInfo.environment.merging(envKeys) { _, k in k } }

    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-tf-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func mode(_ path: String) -> Int? {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue
    }

    @Test func s0sOutputsDriveTheLibreswanRender() throws {
        let state = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: state) }
        let doc = Self.fixtures.appendingPathComponent("s0-output.json").path
        let imp = try CLI.run(["import", "terraform-outputs", doc, "--topology", Self.file, "--state-dir", state.path])
        #expect(imp.status == 0, "\(imp.stderr)")
        #expect(imp.stdout.contains("imported terraform output -json as `vpn` of s0-eks-onprem-db"))
        #expect(imp.stdout.contains("vpn/1  AWS 3.38.10.11"))
        #expect(imp.stdout.contains("IKE not in the source"))
        let secrets = state.appendingPathComponent("s0-eks-onprem-db.secrets.json").path
        #expect(Self.mode(secrets) == 0o600)
        let stored = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: URL(fileURLWithPath: secrets)))
        #expect(stored == ["vpn/1": Self.tfKeys[0], "vpn/2": Self.tfKeys[1]])

        let out = state.appendingPathComponent("out").path
        let render = try CLI.run(["render", Self.file, "--out", out, "--state-dir", state.path], environment: Self.environment)
        #expect(render.status == 0, "\(render.stderr)")
        let conf = try String(contentsOfFile: out + "/sites/onprem/libreswan/causeway.conf", encoding: .utf8)
        #expect(conf.contains("right=3.38.10.11") && conf.contains("right=3.38.10.12"), "\(conf)")
        #expect(!conf.contains("203.0.113.11"), "the topology's stand-in address is replaced")
        let keys = try String(contentsOfFile: out + "/sites/onprem/libreswan/causeway.secrets", encoding: .utf8)
        #expect(keys.contains(Self.tfKeys[0]) && !keys.contains(Self.envKeys["S0_TUNNEL1_PSK"]!), "Terraform's keys are AWS's")
        #expect(FileManager.default.fileExists(atPath: out + "/ansible/site.yml"))
        for r in [imp, render] {
            for k in Self.tfKeys { #expect(!r.stdout.contains(k) && !r.stderr.contains(k), "a key was printed") }
        }
    }

    @Test func causewaysOwnStateFileImportsAsJSON() throws {
        let state = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: state) }
        let doc = Self.fixtures.appendingPathComponent("s0-causeway.tfstate").path
        let imp = try CLI.run(["import", "terraform-outputs", doc, "--topology", Self.file, "--out", state.path, "--format", "json"])
        #expect(imp.status == 0, "\(imp.stderr)")
        #expect(imp.stdout.contains("\"vpn_connection_id\" : \"vpn-0c1d2e3f40a5b6c7d\""), "\(imp.stdout)")
        #expect(imp.stdout.contains("\"aws_outside_ip\" : \"3.38.20.22\""))
        #expect(!FileManager.default.fileExists(atPath: state.appendingPathComponent("s0-eks-onprem-db.secrets.json").path),
                "no keys in the outputs: none written")
    }

    @Test func aMissingOutputNamesItAndTheFileAndWritesNothing() throws {
        let state = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: state) }
        let doc = state.appendingPathComponent("outputs.json")
        try String(contentsOf: Self.fixtures.appendingPathComponent("s0-output.json"), encoding: .utf8)
            .replacingOccurrences(of: "\"tunnel2_vgw_inside_address\"", with: "\"tunnel2_vgw_address\"")
            .write(to: doc, atomically: true, encoding: .utf8)
        let r = try CLI.run(["import", "terraform-outputs", doc.path, "--topology", Self.file, "--state-dir", state.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(doc.path): no output for tunnel vpn/2: expected one of `vpn_tunnel2_vgw_inside_address`, `tunnel2_vgw_inside_address`"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: state.appendingPathComponent("s0-eks-onprem-db.facts.json").path))
        for k in Self.tfKeys { #expect(!r.stderr.contains(k)) }

        let notJSON = try CLI.run(["import", "terraform-outputs", Self.file, "--topology", Self.file, "--state-dir", state.path])
        #expect(notJSON.status == 2)
        #expect(notJSON.stderr.contains("not JSON"))
    }
}
