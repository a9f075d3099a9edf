import Foundation
import Testing
import CausewayTestSupport

/// plan / apply / status / destroy / import as a user runs them, against a moto server this
/// test process starts on 127.0.0.1.
@Suite(.serialized) struct AWSCommandTests {
    static let s4Keys = ["VCwEJPl6ncxL_k.YBHd_ujpc8eMCpWFg", "eJY36Ndv2b3VDm2gTotcYkzobRVgifmY"]
    static let fixtures = CLI.root.appendingPathComponent("Tests/CausewayAWSTests/Fixtures")

    static var environment: [String: String] {
        var e = ProcessInfo.processInfo.environment
        e["AWS_ACCESS_KEY_ID"] = "AKIDCLITEST"
        e["AWS_SECRET_ACCESS_KEY"] = "cli-test-secret"
        e["AWS_SESSION_TOKEN"] = nil
        return e
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-aws-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Every key that must never appear: the topology's and those the endpoint or a fixture holds.
    static func expectNoKey(_ runs: [CLI.Run], _ keys: [String]) {
        for r in runs {
            for k in keys where !k.isEmpty {
                #expect(!r.stdout.contains(k) && !r.stderr.contains(k), "a pre-shared key was printed")
            }
        }
    }

    static func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func applyS4ThenPlanShowsNoChangesThenDestroy() async throws {
        let moto = try await SharedMoto.cli.reset()
        let state = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: state) }
        let file = "examples/s4-tgw-segmentation.yaml"
        let aws = ["--endpoint", "http://127.0.0.1:\(moto.port)", "--region", "ap-northeast-2", "--wait-timeout", "30",
                   "--state-dir", state.path]
        let env = Self.environment

        let plan0 = try CLI.run(["plan", file, "--detailed-exitcode"] + aws.dropLast(2), environment: env)
        #expect(plan0.status == 2, "Terraform's -detailed-exitcode: 2 changes present \(plan0.stderr)")
        #expect(plan0.stdout.contains("+ create transit-gateway tgw/tgw"))
        #expect(plan0.stdout.contains("47 changes to make: 47 in place, 0 one tunnel down, 0 both tunnels down, 0 replacement."), "\(plan0.stdout)")

        let out = state.appendingPathComponent("rendered").path
        let apply = try CLI.run(["apply", file] + aws + ["--render-out", out], environment: env)
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(apply.stdout.contains("Apply complete"))
        #expect(apply.stderr.contains("[1/47] + create vpc vpc/vpc-a"))
        #expect(apply.stderr.contains("create transit-gateway-route-table tgw-route-table/tgw/tgw-rt-vpn"))
        let factsFile = state.appendingPathComponent("s4-tgw-segmentation.facts.json").path
        let secretsFile = state.appendingPathComponent("s4-tgw-segmentation.secrets.json").path
        #expect(FileManager.default.fileExists(atPath: factsFile))
        #expect(try Self.mode(secretsFile) == 0o600)
        let imported = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: URL(fileURLWithPath: secretsFile)))
        #expect(imported.keys.sorted() == ["vpn/1", "vpn/2"])
        #expect(FileManager.default.fileExists(atPath: out + "/sites/onprem-c/README.md"))

        let plan = try CLI.run(["plan", file, "--detailed-exitcode"] + aws.dropLast(2), environment: env)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("No changes"))
        let json = try CLI.run(["plan", file, "--format", "json"] + aws.dropLast(2), environment: env)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(decoded?["changes"] as? Int == 0)

        let again = try CLI.run(["apply", file] + aws, environment: env)
        #expect(again.status == 0)
        #expect(again.stdout.contains("No changes"))

        // The site's public address changed: its customer gateway is replaced and the connection
        // moves to the new one (both tunnels down); the site's files are named for a new render.
        let moved = state.appendingPathComponent("s4-moved.yaml")
        let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "public_ip: 3.36.6.148", with: "public_ip: 3.36.6.149")
        try text.write(to: moved, atomically: true, encoding: .utf8)
        let replace = try CLI.run(["plan", moved.path, "--detailed-exitcode"] + aws, environment: env)
        #expect(replace.status == 2, "\(replace.stdout)\(replace.stderr)")
        #expect(replace.stdout.contains("~ replace customer-gateway cgw/cgw-c (IP 3.36.6.148 → 3.36.6.149: a customer gateway cannot change, a new one replaces cgw-"), "\(replace.stdout)")
        #expect(replace.stdout.contains("[outage: replacement]") && replace.stdout.contains("[outage: both tunnels down (vpn)]"))
        #expect(replace.stdout.contains("re-render and re-load site onprem-c (vpn: customer gateway cgw-c replaced): sites/onprem-c/"), "\(replace.stdout)")
        #expect(replace.stdout.contains("3 changes to make: 1 in place, 0 one tunnel down, 1 both tunnels down, 1 replacement."), "\(replace.stdout)")

        let status = try CLI.run(["status", file] + aws.dropLast(2), environment: env)
        #expect(status.status == 0)
        #expect(status.stdout.contains("25 of 25 resources exist"))
        #expect(status.stdout.contains("tgw-route-table/tgw/tgw-rt-vpn"))
        // Drift: this host runs no charon (the ipsec probe fails, so no tunnel-state line) and
        // moto's tunnels agree with the file: the section says so; JSON carries status and drift.
        let drift = try CLI.run(["status", file, "--gateway", "onprem-c"] + aws.dropLast(2), environment: env)
        #expect(drift.status == 0, "\(drift.stderr)")
        #expect(drift.stdout.contains("25 of 25 resources exist") && drift.stdout.contains("drift: none"), "\(drift.stdout)")
        let driftJSON = try CLI.run(["status", file, "--gateway", "onprem-c", "--format", "json"] + aws.dropLast(2), environment: env)
        let driftReport = try JSONSerialization.jsonObject(with: Data(driftJSON.stdout.utf8)) as? [String: Any]
        #expect(driftReport?["status"] != nil && (driftReport?["drift"] as? [Any])?.isEmpty == true, "\(driftJSON.stdout)")

        let destroy = try CLI.run(["destroy", file] + aws, environment: env)
        #expect(destroy.status == 0, "\(destroy.stderr)")
        #expect(destroy.stdout.contains("deleted transit-gateway tgw/tgw"))
        #expect(destroy.stdout.contains("Destroy complete: 24 resources deleted."))
        #expect(!FileManager.default.fileExists(atPath: factsFile), "deployed facts go with the resources")
        let twice = try CLI.run(["destroy", file] + aws, environment: env)
        #expect(twice.status == 0)
        #expect(twice.stdout.contains("Nothing to destroy"))

        Self.expectNoKey([plan0, apply, plan, json, again, replace, status, destroy, twice], Self.s4Keys + Array(imported.values))
    }

    @Test func applyS1StopsAtTheUnimplementedCallNamingTheStep() async throws {
        let moto = try await SharedMoto.cli.reset()
        let state = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: state) }
        let aws = ["--endpoint", "http://127.0.0.1:\(moto.port)", "--wait-timeout", "30", "--state-dir", state.path]
        let first = try CLI.run(["apply", "examples/s1-cloudformation-static.yaml"] + aws, environment: Self.environment)
        #expect(first.status == 1)
        #expect(first.stderr.contains("error: apply stopped at step 11 of 14: + create vpn-connection-route vpn/vpn/route/10.60.0.0/16"))
        #expect(first.stderr.contains("CreateVpnConnectionRoute is not implemented by this endpoint"))
        #expect(first.stderr.contains("done      + create vpn-connection vpn/vpn"))
        let second = try CLI.run(["apply", "examples/s1-cloudformation-static.yaml"] + aws, environment: Self.environment)
        #expect(second.status == 1)
        #expect(second.stderr.contains("applying 4 changes"))
        #expect(second.stderr.contains("stopped at step 1 of 4"))
        Self.expectNoKey([first, second], ["cloudneta"])
        let destroy = try CLI.run(["destroy", "examples/s1-cloudformation-static.yaml"] + aws, environment: Self.environment)
        #expect(destroy.status == 0, "\(destroy.stderr)")
        #expect(destroy.stdout.contains("Destroy complete: 7 resources deleted."))
    }

    @Test func aClosedPortAndMissingCredentialsAreClearErrors() throws {
        let port = try freeTCPPort()
        let closed = try CLI.run(["plan", "examples/s4-tgw-segmentation.yaml", "--endpoint", "http://127.0.0.1:\(port)"], environment: Self.environment)
        #expect(closed.status == 1)
        #expect(closed.stderr.contains("connection refused by http://127.0.0.1:\(port)"))
        var bare = Self.environment
        for k in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"] { bare[k] = nil }
        bare["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials"
        let none = try CLI.run(["plan", "examples/s4-tgw-segmentation.yaml", "--endpoint", "http://127.0.0.1:\(port)"], environment: bare)
        #expect(none.status == 2)
        #expect(none.stderr.contains("no AWS credentials found"))
        // Terraform's -detailed-exitcode: any error is 1 (2 means changes present).
        let detailed = try CLI.run(["plan", "examples/s4-tgw-segmentation.yaml", "--endpoint", "http://127.0.0.1:\(port)", "--detailed-exitcode"], environment: bare)
        #expect(detailed.status == 1, "\(detailed.stderr)")
        #expect(detailed.stderr.contains("no AWS credentials found"))
    }

    @Test func importedConfigurationDrivesRender() throws {
        let state = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: state) }
        let file = "examples/s1-cloudformation-static.yaml"
        // generic-static.xml as S1's connection: its customer gateway is IDC-CGW (13.125.10.20).
        let document = try String(contentsOf: Self.fixtures.appendingPathComponent("generic-static.xml"), encoding: .utf8)
            .replacingOccurrences(of: "198.51.100.20", with: "13.125.10.20")
        let xml = state.appendingPathComponent("s1.xml").path
        try document.write(toFile: xml, atomically: true, encoding: .utf8)
        let keys = ["static_one.Psk1234", "static_two.Psk5678", "cloudneta"]

        let imp = try CLI.run(["import", "aws-vpn-config", xml, "--topology", file, "--state-dir", state.path])
        #expect(imp.status == 0, "\(imp.stderr)")
        #expect(imp.stdout.contains("vpn/1  AWS 203.0.113.33"))
        #expect(imp.stdout.contains("vpn/2  AWS 203.0.113.44"))
        let secrets = state.appendingPathComponent("s1-cloudformation-static.secrets.json").path
        #expect(try Self.mode(secrets) == 0o600)
        let stored = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: URL(fileURLWithPath: secrets)))
        #expect(stored == ["vpn/1": "static_one.Psk1234", "vpn/2": "static_two.Psk5678"])

        let out = state.appendingPathComponent("out").path
        let render = try CLI.run(["render", file, "--out", out, "--state-dir", state.path])
        #expect(render.status == 0, "\(render.stderr)")
        #expect(render.stderr.contains("vpn/1 outside address: 203.0.113.33 from AWS (the topology says 3.36.210.63)"))
        var all = "", keyFiles: [String] = []
        let e = FileManager.default.enumerator(atPath: out)
        while let rel = e?.nextObject() as? String {
            let path = out + "/" + rel
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            all += text
            if text.contains("static_one.Psk1234") { keyFiles.append(path) }
        }
        #expect(all.contains("203.0.113.33") && all.contains("203.0.113.44"))
        #expect(!all.contains("3.36.210.63"), "the stale outside address is gone")
        #expect(!keyFiles.isEmpty)
        for f in keyFiles { #expect(try Self.mode(f) == 0o600, "\(f)") }
        #expect(!all.contains("cloudneta"), "AWS's imported keys replace the file's")

        // A second document (the connection replaced, as S1's stack update did) replaces the
        // facts and names the outside addresses that changed.
        let replaced = state.appendingPathComponent("s1-replaced.xml").path
        try document.replacingOccurrences(of: "203.0.113.33", with: "203.0.113.21").write(toFile: replaced, atomically: true, encoding: .utf8)
        let again = try CLI.run(["import", "aws-vpn-config", replaced, "--topology", file, "--state-dir", state.path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("changed: vpn/1: AWS outside address 203.0.113.33 → 203.0.113.21"))
        Self.expectNoKey([imp, render, again], keys)
    }

    @Test func importRejectsADocumentThatIsNotAWSs() throws {
        let state = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: state) }
        let bad = state.appendingPathComponent("bad.xml")
        try "<config><x/></config>".write(to: bad, atomically: true, encoding: .utf8)
        let r = try CLI.run(["import", "aws-vpn-config", bad.path, "--topology", "examples/s1-cloudformation-static.yaml", "--state-dir", state.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("expected AWS's generic VPN configuration"))
        #expect(!FileManager.default.fileExists(atPath: state.appendingPathComponent("s1-cloudformation-static.facts.json").path))
    }
}
