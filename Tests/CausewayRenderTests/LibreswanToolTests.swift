import CausewayCore
import CausewayRender
import Foundation
import Testing

/// Libreswan's own parser accepts the conn files: `ipsec addconn --checkconfig` from the unpacked
/// package returns 0 with nothing on stdout/stderr (it returns 0 with only a message for a bad
/// subnet, so output is checked too), and `algparse` accepts every ike= and phase2alg=.
@Suite struct LibreswanToolTests {
    static func check(_ path: String) throws -> ToolResult? {
        guard let root = Tools.libreswanRoot() else { return nil }
        return try Tools.script("check-libreswan.sh", [root, path])
    }

    static func expectAccepted(_ r: ToolResult, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(Verdict.libreswan(r), "Libreswan rejected \(what):\n\(r)", sourceLocation: sourceLocation)
    }

    @Test(arguments: [Scenario.s0, .s1, .s2])
    func libreswanConfPassesAddconn(_ s: Scenario) throws {
        let files = try s.renderAll()
        let dir = try Scratch(files)
        let confs = files.files(endingWith: "/libreswan/causeway.conf")
        #expect(!confs.isEmpty)
        for f in confs {
            guard let r = try Self.check(dir.path(f.path)) else { return }
            Self.expectAccepted(r, f.path)
        }
    }

    /// pluto itself: the unpacked daemon in a throw-away namespace adds every connection and
    /// reads the secrets (Tools/check-pluto.sh); `main` is a rendered /etc/ipsec.conf whose
    /// `config setup` replaces the script's default one.
    static func pluto(_ conf: String, _ secrets: String, main: String? = nil) throws -> ToolResult? {
        guard Tools.requireRoot("PLUTO"), let root = Tools.libreswanRoot(),
              Tools.require("certutil", skipName: "PLUTO", install: "libnss3-tools") != nil else { return nil }
        let ldd = try Tools.run("/usr/bin/ldd", ["\(root)/usr/libexec/ipsec/pluto"])
        if ldd.stdout.contains("not found") {
            Issue.record("pluto's libraries are missing: install libldns3 libevent-pthreads-2.1-7 (or CAUSEWAY_SKIP_PLUTO=1)\n\(ldd.stdout)")
            return nil
        }
        return try Tools.script("check-pluto.sh", [root, conf, secrets] + (main.map { [$0] } ?? []))
    }

    @Test(arguments: [Scenario.s0, .s1, .s2])
    func libreswanConfLoadsIntoPluto(_ s: Scenario) throws {
        let files = try s.renderAll()
        let dir = try Scratch(files)
        for f in files.files(endingWith: "/libreswan/causeway.conf") {
            let site = String(f.path.split(separator: "/")[1])
            let secrets = f.path.replacingOccurrences(of: "causeway.conf", with: "causeway.secrets")
            guard let r = try Self.pluto(dir.path(f.path), dir.path(secrets)) else { return }
            let conns = try StrongSwanToolTests.tunnels(s, site: site)
            #expect(Verdict.pluto(r, connections: conns), "\(f.path):\n\(r)")
        }
    }

    /// S3 and S4 allow only DH group 2, which Libreswan 4 dropped: rendering says so instead of
    /// writing a file Libreswan would refuse.
    @Test(arguments: [Scenario.s3, .s4])
    func libreswanRefusesGroup2(_ s: Scenario) throws {
        let t = try s.topology()
        #expect {
            try RenderPlan(t, only: [.libreswan]).run(t, context: try s.context())
        } throws: { e in
            let text = "\(e)"
            return text.contains("Libreswan 4 dropped MODP1024") && text.contains("vpn/1") && text.contains("allow group 14 or higher")
        }
    }
}
