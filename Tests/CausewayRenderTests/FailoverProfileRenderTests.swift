import CausewayCore
import CausewayRender
import Foundation
import Testing

/// `failover_profile: fast` on a VPN connection: the customer side's DPD and BGP timers
/// (docs/failover.md). AWS's side is not rendered differently: its DPD timeout stays the tunnel
/// option (30 s or more, "Tunnel options for your Site-to-Site VPN connection").
@Suite struct FailoverProfileRenderTests {
    static func fast(_ s: Scenario, after anchor: String) throws -> Topology {
        try IPsecTuningTests.variant(s) { $0.replacingOccurrences(of: anchor, with: anchor + "\n    failover_profile: fast") }
    }

    /// BGP with Libreswan (S0): FRR offers keepalive 3 / hold 9 to each tunnel's neighbour, and
    /// pluto probes every 3 s and gives up after 9 s.
    @Test func fastBGPRendersShortTimers() throws {
        let t = try Self.fast(.s0, after: "vpn_gateway: vgw\n    routing: bgp")
        let frr = try IPsecTuningTests.text(try IPsecTuningTests.render(t, .frr, .s0), "frr.conf")
        #expect(frr.components(separatedBy: " timers 3 9\n").count == 3, "\(frr)")
        #expect(!frr.contains("timers 10 30"))
        #expect(frr.components(separatedBy: " graceful-restart-disable\n").count == 3, "\(frr)")
        let lib = try IPsecTuningTests.text(try IPsecTuningTests.render(t, .libreswan, .s0), "/libreswan/causeway.conf")
        #expect(IPsecTuningTests.values(lib, "dpddelay") == ["3", "3"])
        #expect(IPsecTuningTests.values(lib, "retransmit-timeout") == ["9s", "9s"])
        // AWS's end keeps the tunnel option: the templates still send DPD timeout 30.
        let cfn = try IPsecTuningTests.text(try IPsecTuningTests.render(t, .cloudformation, .s0), ".yaml")
        #expect(cfn.contains("DPDTimeoutSeconds: 30"))
    }

    /// Static with strongSwan (S4, IKEv1): dpd_delay 3 s, dpd_timeout 9 s on the customer side.
    @Test func fastStaticRendersShortDPD() throws {
        let t = try Self.fast(.s4, after: "transit_gateway: tgw\n    routing: static")
        let legacy = try IPsecTuningTests.text(try IPsecTuningTests.render(t, .strongswanLegacy, .s4), "/strongswan-legacy/ipsec.conf")
        #expect(Set(IPsecTuningTests.values(legacy, "dpddelay")) == ["3s"])
        #expect(Set(IPsecTuningTests.values(legacy, "dpdtimeout")) == ["9s"])
    }
}
