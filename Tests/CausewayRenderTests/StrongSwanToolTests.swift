import CausewayCore
import CausewayRender
import Foundation
import Testing

/// strongSwan's own parsers accept the rendered files: each swanctl.conf loads into a real charon
/// started in a throw-away network and mount namespace (Tools/check-swanctl.sh), and each
/// ipsec.conf goes through starter and stroke into a scratch charon (Tools/check-stroke.sh).
@Suite struct StrongSwanToolTests {
    static var ready: Bool {
        Tools.requireRoot("STRONGSWAN")
            && Tools.require("charon", skipName: "STRONGSWAN", install: "strongswan-charon libcharon-extra-plugins") != nil
            && Tools.require("swanctl", skipName: "STRONGSWAN", install: "strongswan-swanctl") != nil
    }

    /// Loads one swanctl.conf; expects every connection loaded and nothing on stderr.
    static func expectLoads(_ path: String, connections: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let r = try Tools.script("check-swanctl.sh", [path])
        #expect(Verdict.swanctl(r, connections: connections), "\(path) (expected \(connections)):\n\(r)", sourceLocation: sourceLocation)
    }

    static func tunnels(_ s: Scenario, site: String) throws -> [String] {
        let t = try s.topology()
        let plan = try GatewayPlan(site: t.site(site)!, in: t, context: try s.context())
        return plan.tunnels.map(\.name)
    }

    @Test(arguments: Scenario.allCases)
    func swanctlLoadsIntoCharon(_ s: Scenario) throws {
        guard Self.ready else { return }
        let files = try s.renderAll()
        let dir = try Scratch(files)
        let confs = files.files(endingWith: "/strongswan/swanctl.conf")
        #expect(!confs.isEmpty)
        for f in confs {
            let site = f.path.split(separator: "/")[1]
            try Self.expectLoads(dir.path(f.path), connections: try Self.tunnels(s, site: String(site)))
        }
    }

    /// The lab's one-connection files load too.
    @Test(arguments: [Scenario.s0, .s3, .s4])
    func labSwanctlLoadsIntoCharon(_ s: Scenario) throws {
        guard Self.ready else { return }
        let t = try s.topology()
        let files = try RenderPlan(t, only: [.strongswan]).run(t, context: try s.context(.lab))
        let dir = try Scratch(files)
        #expect(files.count == 2)
        for f in files {
            let name = f.path.split(separator: "/").last!.dropFirst("swanctl-".count).dropLast(".conf".count)
            try Self.expectLoads(dir.path(f.path), connections: [String(name)])
        }
    }

    @Test(arguments: Scenario.allCases)
    func legacyLoadsThroughStarterAndStroke(_ s: Scenario) throws {
        guard Self.ready, Tools.require("starter", skipName: "STRONGSWAN", install: "strongswan-starter") != nil else { return }
        let files = try s.renderAll()
        let dir = try Scratch(files)
        for f in files.files(endingWith: "/strongswan-legacy/ipsec.conf") {
            let site = String(f.path.split(separator: "/")[1])
            let secrets = f.path.replacingOccurrences(of: "ipsec.conf", with: "ipsec.secrets")
            let r = try Tools.script("check-stroke.sh", [dir.path(f.path), dir.path(secrets)])
            Self.expectStroke(r, connections: try Self.tunnels(s, site: site))
        }
    }

    static func expectStroke(_ r: ToolResult, connections: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(Verdict.stroke(r, connections: connections), "expected \(connections):\n\(r)", sourceLocation: sourceLocation)
    }
}
