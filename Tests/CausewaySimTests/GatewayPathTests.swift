import CausewayCore
@testable import CausewaySim
import Testing

/// The simulator's customer gateway chooses as the rendered FRR does (issue #11, fault 2 and 9).
@Suite struct GatewayPathTests {
    /// A static connection's tunnel 2 defaults to distance 200: tunnel 1 carries the traffic,
    /// tunnel 2 takes over when tunnel 1 is down (S2, Libreswan).
    @Test func staticTunnelOneIsPreferredAndTwoTakesOver() throws {
        let t = try example("s2-")
        #expect(t.sites[0].gateway!.tunnels.map(\.metric) == [100, 200])
        let r = Simulation(topology: t).network.lookup(ip("10.0.2.10"), in: .cgw(site: "openstack"))
        #expect(r.count == 1 && r[0].metric == 100 && r[0].tunnel == TunnelRef("vpn", 1))
        let down = Simulation(topology: t, failures: [.tunnel(TunnelRef("vpn", 1))])
        let d = down.network.lookup(ip("10.0.2.10"), in: .cgw(site: "openstack"))
        #expect(d.count == 1 && d[0].metric == 200 && d[0].tunnel == TunnelRef("vpn", 2))
    }

    /// S3: a TGW with VPN ECMP on and an active-active BGP device, where FRR gets maximum-paths 2.
    @Test func bgpGatewaySpreadsOverBothTunnelsWithTGWECMP() throws {
        let t = try example("s3-")
        #expect(t.customerECMP(t.sites[0]))
        let r = Simulation(topology: t).network.lookup(ip("10.0.10.10"), in: .cgw(site: "idc"))
        #expect(Set(r.compactMap(\.tunnel)) == [TunnelRef("vpn", 1), TunnelRef("vpn", 2)])
        var off = t
        off.transitGateways[0].vpnECMP = false
        #expect(!off.customerECMP(off.sites[0]))
        #expect(Simulation(topology: off).network.lookup(ip("10.0.10.10"), in: .cgw(site: "idc")).count == 1)
    }
}
