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
