import CausewayCore
import CausewayRender
import Foundation
import Testing

/// FRR's own parser accepts every frr.conf: `vtysh -C -f FILE` (the dry run; `bgpd -C` would
/// return 0 even on errors) returns 0 and prints nothing.
@Suite struct FRRToolTests {
    static func check(_ path: String) throws -> ToolResult? {
        guard let vtysh = Tools.require("vtysh", skipName: "FRR", install: "frr") else { return nil }
        return try Tools.run(vtysh, ["-C", "-f", path])
    }

    @Test(arguments: Scenario.allCases)
    func frrConfPassesDryRun(_ s: Scenario) throws {
        let files = try s.renderAll().files(endingWith: "/frr/frr.conf")
        #expect(!files.isEmpty)
        let dir = try Scratch(files)
        for f in files {
            guard let r = try Self.check(dir.path(f.path)) else { return }
            #expect(Verdict.vtysh(r), "\(f.path):\n\(r)")
        }
    }

    @Test(arguments: [Scenario.s0, .s3, .s4])
    func labFrrConfPassesDryRun(_ s: Scenario) throws {
        let t = try s.topology()
        let files = try RenderPlan(t, only: [.frr]).run(t, context: try s.context(.lab))
        let dir = try Scratch(files)
        for f in files {
            guard let r = try Self.check(dir.path(f.path)) else { return }
            #expect(Verdict.vtysh(r), "\(f.path):\n\(r)")
        }
    }
}
