import CausewayCore
@testable import CausewaySim
import Foundation
import Testing

/// `failover`'s outage prediction from both ends' DPD and BGP timers (docs/failover.md).
struct OutageTests {
    /// `examples/NAME*.yaml` with `failover_profile: PROFILE` (and any other lines) added to its
    /// connection `vpn`.
    func variant(_ prefix: String, _ lines: [String]) throws -> Topology {
        let t = try example(prefix)
        var c = try #require(t.vpnConnection("vpn"))
        var lines = lines
        var copy = t
        if let i = lines.firstIndex(where: { $0.hasPrefix("failover_profile: ") }) {
            c.failoverProfile = FailoverProfile(rawValue: String(lines.remove(at: i).dropFirst("failover_profile: ".count)))
        }
        for l in lines where l == "dpd_timeout_action: none" {
            for k in c.tunnels.indices { c.tunnels[k].options.dpdTimeoutAction = .none }
        }
        copy.vpnConnections = t.vpnConnections.map { $0.name == "vpn" ? c : $0 }
        return copy
    }

    func outage(_ t: Topology, _ failure: Failure) throws -> OutagePrediction {
        try #require(Simulation(topology: t).outage(failure))
    }

    /// BGP with AWS's timers: the session ends the 30 s hold time after the last keepalive, which
    /// came 0–10 s before the cut (AWS Site-to-Site VPN User Guide, "Your customer gateway device",
    /// BGP keepalive 10 s / hold time 30 s); AWS's DPD (40 s by default, "Tunnel options for your
    /// Site-to-Site VPN connection", Dead peer detection (DPD) timeout) comes later, so the hold
    /// time decides both ends — unless the AWS end keeps the routes as stale under graceful
    /// restart (RFC 8538), which the standard profile offers: then AWS's DPD (S0: 30 s, probing
    /// every 10 s) ends it.
    @Test func bgpWithAWSTimersIsTheHoldTime() throws {
        let o = try outage(try example("s0-"), .tunnel(TunnelRef("vpn", 1)))
        #expect(o.predicted == 30 && o.earlier == 10 && o.later == OutageModel.measurementSlack)
        #expect(o.window == 20...33)
        #expect(o.reasons.map(\.name) == ["bgp-hold-time", "route-withdrawal", "bgp-hold-time", "aws-route-move"])
        // With AWS's default DPD timeout (40 s) the stale routes outlive the hold time.
        var t = try example("s0-")
        for k in t.vpnConnections[0].tunnels.indices { t.vpnConnections[0].tunnels[k].options.dpdTimeout = 40 }
        let gr = try outage(t, .tunnel(TunnelRef("vpn", 1)))
        #expect(gr.predicted == 40 && gr.window == 20...43)
        #expect(gr.reasons.map(\.name).contains("graceful-restart"))
        #expect(o.wayBack.contains { $0.contains("keyingtries=0") })
    }

    /// Static routing has no BGP: each end moves when its DPD declares the peer dead, AWS's after
    /// the tunnel's DPD timeout (default 40 s, probing every 10 s) with its DPD timeout action
    /// `clear` removing the routes ("Tunnel options for your Site-to-Site VPN connection", DPD
    /// timeout and DPD timeout action; "AWS Site-to-Site VPN tunnel initiation options").
    @Test func staticIsTheDPDTimeout() throws {
        let o = try outage(try example("s1-"), .tunnel(TunnelRef("vpn", 1)))
        #expect(o.predicted == 40 && o.window == 30...43)
        #expect(o.reasons.map(\.name) == ["customer-dpd", "static-route-move", "aws-dpd", "aws-route-move"])
    }

    /// With DPD timeout action `none` AWS keeps the tunnel and its static routes ("Tunnel options
    /// for your Site-to-Site VPN connection", DPD timeout action): traffic from AWS does not move,
    /// so no outage in seconds is predicted.
    @Test func staticWithDPDActionNoneNeverMoves() throws {
        let t = try variant("s1-", ["dpd_timeout_action: none"])
        #expect(Simulation(topology: t).outage(.tunnel(TunnelRef("vpn", 1))) == nil)
    }

    /// The fast profile: the customer side offers hold time 9 s (keepalive 3 s) and BGP runs the
    /// lower of the two hold times (RFC 4271 section 4.2), so both ends drop the session 6–9 s
    /// after the cut — within 12 s.
    @Test func fastProfileBGPMovesWithinTwelveSeconds() throws {
        let o = try outage(try variant("s0-", ["failover_profile: fast"]), .tunnel(TunnelRef("vpn", 1)))
        #expect(o.predicted == 9 && o.window == 6...12)
        #expect(o.reasons.first?.detail.contains("9 s hold time") == true)
    }

    /// Static with the fast profile: the customer side moves after its own 9 s DPD, but AWS's
    /// DPD timeout cannot go below 30 s ("Tunnel options for your Site-to-Site VPN connection":
    /// 30 or higher), so traffic from AWS still waits for AWS's DPD.
    @Test func fastProfileStaticIsHeldByAWSsDPDMinimum() throws {
        let o = try outage(try variant("s1-", ["failover_profile: fast"]), .tunnel(TunnelRef("vpn", 1)))
        #expect(o.predicted == 40)
        #expect(o.window.lowerBound == 6, "a flow crossing only the customer's direction moves after the customer's DPD (6–9 s)")
        #expect(AWSNumbers.Tunnel.dpdTimeoutMinimum == 30)
    }

    /// `failover` attaches the prediction to cases whose flows move, not to those that only break.
    @Test func failoverReportCarriesTheOutage() throws {
        let r = Simulation(topology: try example("s4-")).failoverReport()
        let t1 = try #require(r.cases.first { $0.failure == .tunnel(TunnelRef("vpn", 1)) })
        #expect(t1.outageSeconds?.window == 20...33, "S4 sets dpd_timeout 30: DPD checks every 10 s")
        let site = try #require(r.cases.first { $0.failure == .site("onprem-c") })
        #expect(site.outageSeconds == nil && !site.broken.isEmpty)
    }

    /// A Direct Connect virtual interface: BGP hold timer 90 s by default (AWS Direct Connect User
    /// Guide, "BGP-specific settings").
    @Test func virtualInterfaceIsDirectConnectsHoldTimer() throws {
        let t = try example("s5-")
        let v = try #require(t.virtualInterfaces.first)
        let o = try outage(t, .virtualInterface(v.name))
        #expect(o.predicted == Double(AWSNumbers.DirectConnect.holdTimeDefault) && o.window.lowerBound == 0)
    }

    /// The key loads from the topology; a value outside the two profiles is an error.
    @Test func failoverProfileLoads() throws {
        let text = try String(contentsOfFile: "examples/s0-eks-onprem-db.yaml", encoding: .utf8)
        let fast = text.replacingOccurrences(of: "    routing: bgp\n    tunnel_options:", with: "    routing: bgp\n    failover_profile: fast\n    tunnel_options:")
        #expect(try topology(fast).vpnConnection("vpn")?.effectiveFailoverProfile == .fast)
        let bad = Loader.load(text: fast.replacingOccurrences(of: "failover_profile: fast", with: "failover_profile: quick"), file: "t.yaml")
        #expect(bad.diagnostics.contains { $0.severity == .error && $0.message.contains("quick") })
    }
}
