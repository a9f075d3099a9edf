import CausewayCore
import CausewayRender
import Foundation
import Testing

/// The lab profile changes only the VTI parts: per tunnel, a swanctl file with one connection
/// and no marks or updown (start_action none); FRR without the VTI interface stanzas.
@Suite struct LabProfileTests {
    /// The lines of one connection's block (and its secret), comments dropped.
    func block(_ text: String, _ name: String) -> [String] {
        var out: [String] = [], inside = false, depth = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if !inside, t == "\(name) {" || t == "ike-\(name) {" { inside = true; depth = 0 }
            guard inside else { continue }
            if t.hasSuffix("{") { depth += 1 }
            if t == "}" { depth -= 1 }
            if !t.hasPrefix("#") { out.append(t) }
            if depth == 0 { inside = false }
        }
        return out
    }

    @Test(arguments: [Scenario.s0, .s3, .s4])
    func labSwanctlDiffersOnlyInTheVTIParts(_ s: Scenario) throws {
        let t = try s.topology()
        let prod = try RenderPlan(t, only: [.strongswan]).run(t, context: try s.context())
        let lab = try RenderPlan(t, only: [.strongswan]).run(t, context: try s.context(.lab))
        let site = try #require(t.sites.first { $0.gateway != nil }).name
        let swanctl = try #require(prod.file("sites/\(site)/strongswan/swanctl.conf")).contents
        #expect(lab.map(\.path) == ["sites/\(site)/strongswan/swanctl-vpn-tunnel1.conf", "sites/\(site)/strongswan/swanctl-vpn-tunnel2.conf"])
        for (i, f) in lab.enumerated() {
            let name = "vpn-tunnel\(i + 1)"
            #expect(f.mode == 0o600)
            #expect(f.contents.components(separatedBy: "\n    vpn-tunnel").count == 2, "one connection per file")
            let p = block(swanctl, name), l = block(f.contents, name)
            let removed = p.filter { !l.contains($0) }, added = l.filter { !p.contains($0) }
            #expect(removed == ["start_action = start", "mark_in = \(i + 1)00", "mark_out = \(i + 1)00", "updown = /usr/local/sbin/causeway-updown"], "\(removed)")
            #expect(added == ["start_action = none"], "\(added)")
            #expect(!f.contents.contains("if_id") && !f.contents.contains("mark_"))
            // The public single-tunnel function gives the same text.
            let single = try StrongSwanSwanctl.labConnection(t, site: site, connection: "vpn", tunnel: i + 1, context: try s.context(.lab))
            #expect(single == f.contents)
        }
    }

    @Test(arguments: [Scenario.s0, .s3, .s4])
    func labFRRLacksOnlyTheVTIInterfaceStanzas(_ s: Scenario) throws {
        let t = try s.topology()
        let site = try #require(t.sites.first { $0.gateway != nil }).name
        let path = "sites/\(site)/frr/frr.conf"
        let prod = try #require(try RenderPlan(t, only: [.frr]).run(t, context: try s.context()).file(path)).contents
        let lab = try #require(try RenderPlan(t, only: [.frr]).run(t, context: try s.context(.lab)).file(path)).contents
        var stripped = prod
        let plan = try GatewayPlan(site: t.site(site)!, in: t, context: try s.context())
        for tp in plan.tunnels {
            stripped = stripped.replacingOccurrences(of: "interface \(tp.device.interface)\n description \(tp.connection) tunnel \(tp.index) to \(tp.outsideIP!)\nexit\n!\n", with: "")
        }
        #expect(stripped == lab)
        #expect(!lab.contains("\ninterface "))
    }

    @Test func labConnectionNamesWhatIsMissing() throws {
        let t = try Scenario.s0.topology()
        #expect(throws: RenderError.self) { try StrongSwanSwanctl.labConnection(t, site: "onprem", connection: "vpn", tunnel: 1, context: RenderContext(profile: .lab)) }
        #expect(throws: RenderError.self) { try StrongSwanSwanctl.labConnection(t, site: "onprem", connection: "vpn", tunnel: 3, context: try Scenario.s0.context(.lab)) }
        #expect(throws: RenderError.self) { try StrongSwanSwanctl.labConnection(t, site: "nowhere", connection: "vpn", tunnel: 1, context: try Scenario.s0.context(.lab)) }
    }
}
