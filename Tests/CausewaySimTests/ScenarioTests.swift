import CausewayCore
@testable import CausewaySim
import Testing

@Suite struct S0Tests {
    let t: Topology
    init() throws { t = try example("s0-") }

    @Test func deliveredOverOneTunnel() throws {
        let r = try Simulation(topology: t).trace("192.168.2.10", "172.20.12.10")
        #expect(r.reachable, "\(dump(r))")
        #expect(r.tunnels == [TunnelRef("vpn", 1)])
        #expect(r.returnTunnels == [TunnelRef("vpn", 1)])
        #expect(!r.asymmetric)
        #expect(r.hops.map(\.node).contains("router:onprem/core"))
    }

    @Test func stillDeliveredWithTunnelOneFailed() throws {
        let r = try Simulation(t, fail: ["vpn/1"]).trace("192.168.2.10", "172.20.12.10")
        #expect(r.reachable, "\(dump(r))")
        #expect(r.tunnels == [TunnelRef("vpn", 2)])
        #expect(r.returnTunnels == [TunnelRef("vpn", 2)])
    }

    @Test func droppedWithBothTunnelsFailed() throws {
        let r = try Simulation(t, fail: ["vpn/1", "vpn/2"]).trace("192.168.2.10", "172.20.12.10")
        #expect(!r.reachable)
        #expect(r.reason == .tunnelDown, "\(dump(r))")
        let whole = try Simulation(t, fail: ["vpn"]).trace("192.168.2.10", "172.20.12.10")
        #expect(whole.reason == .tunnelDown)
    }

    @Test func droppedWithVGWDetached() throws {
        var d = t
        d.vpnGateways[0].attachedTo = nil
        let r = try Simulation(topology: d).trace("192.168.2.10", "172.20.12.10")
        #expect(!r.reachable)
        #expect(r.reason == .vgwNotAttached, "\(dump(r))")
        let viaFailure = try Simulation(t, fail: ["vgw:vgw"]).trace("192.168.2.10", "172.20.12.10")
        #expect(viaFailure.reason == .vgwNotAttached)
    }

    @Test func droppedWithPropagationOff() throws {
        var d = t
        for i in d.vpcs[0].routeTables.indices { d.vpcs[0].routeTables[i].propagations = [] }
        let r = try Simulation(topology: d).trace("192.168.2.10", "172.20.12.10")
        #expect(!r.reachable)
        #expect(r.delivered, "the request still arrives; the reply is lost")
        #expect(r.reason == .propagationDisabled, "\(dump(r))")
        let back = try Simulation(topology: d).trace("172.20.12.10", "192.168.2.10")
        #expect(back.reason == .propagationDisabled, "\(dump(back))")
    }
}

@Suite struct S4Tests {
    let t: Topology
    init() throws { t = try example("s4-") }

    @Test func aToCDeliveredAndBBlocked() throws {
        let sim = Simulation(topology: t)
        let ok = try sim.trace("10.10.141.106", "10.30.12.85")
        #expect(ok.reachable, "\(dump(ok))")
        let blocked = try sim.trace("10.10.141.106", "10.20.130.20")
        #expect(!blocked.reachable)
        #expect(blocked.reason == .noRoute)
        #expect(blocked.detail?.contains("tgw-rt-a") == true, "\(dump(blocked))")
    }

    @Test func activeStandbyUsesTunnelOneThenTwo() throws {
        let r = try Simulation(topology: t).trace("10.30.12.85", "10.10.141.106")
        #expect(r.reachable, "\(dump(r))")
        #expect(r.tunnels == [TunnelRef("vpn", 1)])
        let f = try Simulation(t, fail: ["vpn/1"]).trace("10.30.12.85", "10.10.141.106")
        #expect(f.reachable, "\(dump(f))")
        #expect(f.tunnels == [TunnelRef("vpn", 2)])
    }
}

@Suite struct StaticScenarios {
    @Test func s1Delivered() throws {
        let t = try example("s1-")
        let r = try Simulation(topology: t).trace("10.60.1.10", "10.0.0.100")
        #expect(r.reachable, "\(dump(r))")
        #expect(r.tunnels == [TunnelRef("vpn", 1)], "tunnel 2 is disabled on the device")
        let back = try Simulation(topology: t).trace("10.0.0.100", "10.60.1.10")
        #expect(back.reachable, "\(dump(back))")
    }

    @Test func s2Delivered() throws {
        let t = try example("s2-")
        let r = try Simulation(topology: t).trace("192.168.0.50", "10.0.2.10")
        #expect(r.reachable, "\(dump(r))")
        #expect(r.hops.map(\.node).contains("router:openstack/openstack-router"))
    }
}

@Suite struct S3Tests {
    @Test func deliveredOverBGPWithCustomerAS() throws {
        let t = try example("s3-")
        let sim = Simulation(topology: t)
        let r = try sim.trace("10.0.10.10", "192.168.2.250")
        #expect(r.reachable, "\(dump(r))")
        let routes = sim.network.lookup(ip("192.168.2.250"), in: .tgwTable(tgw: "tgw", table: "default"))
        #expect(!routes.isEmpty)
        #expect(routes.allSatisfy { $0.asPath == [ASN(65016)] })
        #expect(routes.allSatisfy { $0.origin == .propagated })
        #expect(sim.network.bgpSessions.allSatisfy { $0.up })
    }
}
