import CausewayCore
import CausewayRender
import Foundation
import Testing

/// `causeway render` end to end, with the built binary: what it writes, that keys never reach
/// stdout/stderr, that secret files are 0600, and that a failed render leaves DIR as it was.
@Suite struct RenderCommandTests {
    /// The `causeway` executable built next to the test bundle (or CAUSEWAY_BIN).
    static var binary: String? {
        let env = ProcessInfo.processInfo.environment
        if let b = env["CAUSEWAY_BIN"] { return b }
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundleDir.appendingPathComponent("causeway"),
                          bundleDir.deletingLastPathComponent().appendingPathComponent("causeway"),
                          Repo.root.appendingPathComponent(".build/debug/causeway")] {
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
        }
        return nil
    }

    func causeway(_ args: [String], env extra: [String: String] = Scenario.environment) throws -> ToolResult? {
        guard let bin = Self.binary else {
            Issue.record("the causeway executable is not built (swift build --product causeway), or set CAUSEWAY_BIN")
            return nil
        }
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasSuffix("_PSK") }
        env.merge(extra) { $1 }
        return try Tools.run(bin, args, environment: env)
    }

    func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    func listing(_ dir: URL) -> [String: String] {
        var out: [String: String] = [:]
        guard let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else { return out }
        for case let u as URL in e {
            out[String(u.path.dropFirst(dir.path.count))] = (try? String(contentsOf: u, encoding: .utf8)) ?? "<dir>"
        }
        return out
    }

    func noKeys(_ r: ToolResult, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for k in Scenario.allKeys {
            #expect(!r.output.contains(k), "a pre-shared key reached stdout/stderr", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [Scenario.s0, .s3, .s4])
    func rendersTheScenario(_ s: Scenario) throws {
        let dir = try Scratch()
        let out = dir.url.appendingPathComponent("out")
        guard let r = try causeway(["render", Repo.root.appendingPathComponent(s.file).path, "--out", out.path]) else { return }
        #expect(r.status == 0, "\(r)")
        noKeys(r)
        let expected = try s.renderDefault()
        for f in expected {
            let p = out.appendingPathComponent(f.path).path
            #expect(FileManager.default.fileExists(atPath: p), "\(f.path) not written")
            #expect(try mode(p) == Int(f.mode), "\(f.path) mode")
        }
        let secrets = expected.filter(\.isSecret)
        #expect(!secrets.isEmpty)
        for f in secrets { #expect(try mode(out.appendingPathComponent(f.path).path) == 0o600) }
        // What the done-criteria name for each scenario.
        let paths = Set(expected.map(\.path))
        switch s {
        case .s0:
            for p in ["sites/onprem/libreswan/causeway.conf", "sites/onprem/frr/frr.conf", "sites/onprem/sysctl/99-causeway.conf",
                      "sites/onprem/firewall/firewalld.sh", "sites/onprem/systemd/ipsec.service.d/causeway.conf",
                      "aws/terraform/main.tf", "aws/cloudformation/template.yaml"] { #expect(paths.contains(p), "\(p)") }
        case .s3:
            for p in ["sites/idc/strongswan-legacy/ipsec.conf", "sites/idc/frr/frr.conf"] { #expect(paths.contains(p), "\(p)") }
        default:
            for p in ["sites/onprem-c/strongswan-legacy/ipsec.conf", "sites/onprem-c/frr/frr.conf", "sites/onprem-c/systemd/causeway-tunnels.service"] {
                #expect(paths.contains(p), "\(p)")
            }
        }
        // No temporary folders left next to the output.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: dir.url.path)
        #expect(siblings == ["out"], "\(siblings)")
    }

    @Test func aFailedRenderLeavesTheFolderAsItWas() throws {
        let dir = try Scratch()
        let out = dir.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("sites"), withIntermediateDirectories: true)
        try "keep me\n".write(to: out.appendingPathComponent("sites/marker"), atomically: true, encoding: .utf8)
        let before = listing(out)
        // S0's keys come from the environment: without them the customer gateway cannot render.
        guard let r = try causeway(["render", Repo.root.appendingPathComponent(Scenario.s0.file).path, "--out", out.path], env: [:]) else { return }
        #expect(r.status == 1, "\(r)")
        #expect(r.stderr.contains("tunnel vpn/1") && r.stderr.contains("S0_TUNNEL1_PSK") && r.stderr.contains("left as it was"), "\(r)")
        #expect(listing(out) == before)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: dir.url.path)
        #expect(siblings == ["out"], "\(siblings)")
        noKeys(r)
    }

    /// A foreign folder is refused and an owned one keeps the user's files: the CLI tests
    /// (RenderOutputTests) cover those cases; here, that a narrowed render keeps the rest.
    @Test func aNarrowRenderKeepsTheRestOfTheFolder() throws {
        let dir = try Scratch()
        let out = dir.url.appendingPathComponent("out")
        let file = Repo.root.appendingPathComponent(Scenario.s4.file).path
        guard let full = try causeway(["render", file, "--out", out.path]) else { return }
        #expect(full.status == 0, "\(full)")
        try "mine\n".write(to: out.appendingPathComponent("notes"), atomically: true, encoding: .utf8)
        guard let narrow = try causeway(["render", file, "--out", out.path, "--only", "terraform"]) else { return }
        #expect(narrow.status == 0, "\(narrow)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("notes").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("sites/onprem-c/strongswan-legacy/ipsec.conf").path))
        #expect(try mode(out.appendingPathComponent("sites/onprem-c/strongswan-legacy/ipsec.secrets").path) == 0o600)
        noKeys(full)
        noKeys(narrow)
    }

    @Test func jsonOutputAndUnknownTargets() throws {
        let dir = try Scratch()
        let file = Repo.root.appendingPathComponent(Scenario.s3.file).path
        guard let r = try causeway(["render", file, "--out", dir.path("o"), "--only", "frr,sysctl", "--format", "json"]) else { return }
        #expect(r.status == 0, "\(r)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let files = (json?["files"] as? [[String: Any]])?.compactMap { $0["path"] as? String } ?? []
        #expect(files == ["sites/idc/frr/frr.conf", "sites/idc/sysctl/99-causeway.conf"], "\(r)")
        guard let bad = try causeway(["render", file, "--out", dir.path("p"), "--only", "quagga"]) else { return }
        #expect(bad.status != 0 && bad.stderr.contains("quagga"), "\(bad)")
        #expect(!FileManager.default.fileExists(atPath: dir.path("p")))
    }
}
