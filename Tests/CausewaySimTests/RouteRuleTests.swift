import CausewayCore
@testable import CausewaySim
import Testing

/// One VPC (10.0.0.0/16) with a VGW, one BGP site (192.168.0.0/16), for rule tests.
func vgwTopology(vpcExtra: String = "", routeTable: [String] = ["propagations: [vgw]"], siteGateway: [String] = [], connection: String = "routing: bgp") -> String {
    """
    name: rules
    sites:
      dc:
        cidrs: [192.168.0.0/16]
        gateway:
          public_ip: 198.51.100.1
          asn: 65001
          lan_address: 192.168.0.1
          \(siteGateway.joined(separator: "\n      "))
        hosts:
          h1: 192.168.1.10
    vpcs:
      app:
        cidr: 10.0.0.0/16
        subnets:
          a: 10.0.1.0/24
        route_tables:
          rt:
            main: true
            \(routeTable.joined(separator: "\n        "))
        instances:
          web: {subnet: a, address: 10.0.1.10}
        \(vpcExtra)
    vpn_gateways:
      vgw: {vpc: app}
    vpn_connections:
      vpn:
        customer_gateway: dc
        vpn_gateway: vgw
        \(connection)
        tunnels:
          - {inside_cidr: 169.254.100.0/30}
          - {inside_cidr: 169.254.100.4/30}
    """
}

@Suite struct VPCRouteTableRules {
    @Test func localRouteWinsOverMoreSpecificPropagatedRoute() throws {
        // The site advertises a /24 inside the VPC CIDR: AWS keeps traffic in the VPC.
        let t = try topology(vgwTopology(siteGateway: ["advertise: [192.168.0.0/16, 10.0.1.0/24]"]))
        let sim = Simulation(topology: t)
        let table = try #require(sim.network.table(.vpcTable(vpc: "app", table: "rt")))
        let shadowed = try #require(table.routes.first { $0.destination == pfx("10.0.1.0/24") })
        #expect(shadowed.origin == .propagated && !shadowed.selected)
        #expect(sim.network.lookup(ip("10.0.1.10"), in: .vpcTable(vpc: "app", table: "rt")).first?.origin == .local)
        #expect(sim.network.lookup(ip("192.168.1.10"), in: .vpcTable(vpc: "app", table: "rt")).first?.origin == .propagated)
    }

    @Test func longestPrefixWinsWhateverTheKind() throws {
        let t = try topology(vgwTopology(vpcExtra: "internet_gateway: true", routeTable: ["propagations: [vgw]", "routes: [{destination: 192.0.0.0/4, target: igw}]"]))
        let sim = Simulation(topology: t)
        #expect(sim.network.lookup(ip("192.168.1.10"), in: .vpcTable(vpc: "app", table: "rt")).first?.origin == .propagated)
        #expect(sim.network.lookup(ip("200.1.1.1"), in: .vpcTable(vpc: "app", table: "rt")).first?.origin == .static)
    }

    @Test func samePrefixStaticBeforePropagated() throws {
        let t = try topology(vgwTopology(routeTable: ["propagations: [vgw]", "routes: [{destination: 192.168.0.0/16, target: vgw}]"]))
        let sim = Simulation(topology: t)
        let routes = try #require(sim.network.table(.vpcTable(vpc: "app", table: "rt"))).routes.filter { $0.destination == pfx("192.168.0.0/16") }
        #expect(routes.count == 2)
        #expect(routes[0].selected && routes[0].origin == .static)
        #expect(!routes[1].selected && routes[1].origin == .propagated)
        #expect(try sim.trace("10.0.1.10", "192.168.1.10").reachable)
    }

    @Test func routeToDetachedVGWStaysAsBlackhole() throws {
        let t = try topology(vgwTopology(routeTable: ["routes: [{destination: 192.168.0.0/16, target: vgw}]"]))
        let sim = try Simulation(t, fail: ["vgw:vgw"])
        let r = try #require(sim.network.lookup(ip("192.168.1.10"), in: .vpcTable(vpc: "app", table: "rt")).first)
        #expect(r.state == .blackhole && r.reason == .vgwNotAttached)
        let trace = try sim.trace("10.0.1.10", "192.168.1.10")
        #expect(trace.reason == .vgwNotAttached, "\(dump(trace))")
    }

    @Test func propagationOnlyIntoTablesThatEnableIt() throws {
        let t = try topology(vgwTopology(routeTable: []))
        let sim = Simulation(topology: t)
        #expect(sim.network.lookup(ip("192.168.1.10"), in: .vpcTable(vpc: "app", table: "rt")).isEmpty)
        let inactive = try #require(sim.network.table(.vpcTable(vpc: "app", table: "rt"))).routes.first { $0.destination == pfx("192.168.0.0/16") }
        #expect(inactive?.state == .inactive && inactive?.reason == .propagationDisabled)
        let trace = try sim.trace("10.0.1.10", "192.168.1.10")
        #expect(trace.reason == .propagationDisabled)
        // From the site the request arrives, the reply is lost.
        let back = try sim.trace("192.168.1.10", "10.0.1.10")
        #expect(back.delivered && back.reason == .propagationDisabled)
    }
}

@Suite struct VGWRules {
    @Test func staticBeforeBGPForTheSamePrefix() throws {
        // A second site with a static connection to the same VGW routes the same prefix.
        let yaml = vgwTopology().replacingOccurrences(of: "vpn_connections:\n", with: """
        vpn_connections:
          vpn-static:
            customer_gateway: dc2
            vpn_gateway: vgw
            routing: static
            static_routes: [192.168.0.0/16]
            tunnels:
              - {inside_cidr: 169.254.101.0/30}
              - {inside_cidr: 169.254.101.4/30}

        """).replacingOccurrences(of: "vpcs:\n", with: """
          dc2:
            cidrs: [172.16.0.0/16]
            gateway: {public_ip: 198.51.100.2, asn: 65002, routing: static, lan_address: 172.16.0.1}
        vpcs:

        """)
        let sim = Simulation(topology: try topology(yaml))
        let best = try #require(sim.network.lookup(ip("192.168.1.10"), in: .vgw("vgw")).first)
        #expect(best.origin == .vpnStatic && best.tunnel?.connection == "vpn-static")
    }

    @Test func shortestASPathWins() throws {
        // active-standby prepends the site's AS twice on tunnel 2.
        let t = try topology(vgwTopology(siteGateway: ["redundancy: active-standby"]))
        let sim = Simulation(topology: t)
        let routes = try #require(sim.network.table(.vgw("vgw"))).routes.filter { $0.destination == pfx("192.168.0.0/16") }
        let best = try #require(routes.first { $0.selected })
        #expect(best.tunnel == TunnelRef("vpn", 1) && best.asPath == [ASN(65001)])
        #expect(routes.contains { $0.tunnel == TunnelRef("vpn", 2) && $0.asPath == Array(repeating: ASN(65001), count: 3) })
        let failed = try Simulation(t, fail: ["vpn/1"])
        #expect(failed.network.lookup(ip("192.168.1.10"), in: .vgw("vgw")).first?.tunnel == TunnelRef("vpn", 2))
    }

    @Test func lowestMEDWhenFirstASIsTheSame() throws {
        let t = try topology(vgwTopology(siteGateway: ["tunnels: [{connection: vpn, tunnel: 1, med: 200}, {connection: vpn, tunnel: 2, med: 50}]"]))
        let best = try #require(Simulation(topology: t).network.lookup(ip("192.168.1.10"), in: .vgw("vgw")).first)
        #expect(best.tunnel == TunnelRef("vpn", 2) && best.med == 50)
    }

    @Test func medIgnoredBetweenDifferentNeighbourASes() throws {
        // Two sites (AS 65001, AS 65002) advertise the same prefix; the lower MED is on the
        // second, but MEDs from different ASes are not compared: AWS picks one (reported).
        let yaml = vgwTopology(siteGateway: ["advertise: [10.99.0.0/16]", "tunnels: [{connection: vpn, tunnel: 1, med: 500}, {connection: vpn, tunnel: 2, med: 500}]"]).replacingOccurrences(of: "vpn_connections:\n", with: """
        vpn_connections:
          vpn2:
            customer_gateway: dc2
            vpn_gateway: vgw
            routing: bgp
            tunnels:
              - {inside_cidr: 169.254.101.0/30}
              - {inside_cidr: 169.254.101.4/30}

        """).replacingOccurrences(of: "vpcs:\n", with: """
          dc2:
            cidrs: [172.16.0.0/16]
            gateway:
              public_ip: 198.51.100.2
              asn: 65002
              lan_address: 172.16.0.1
              advertise: [10.99.0.0/16]
              tunnels:
                - {connection: vpn2, tunnel: 1, med: 10}
                - {connection: vpn2, tunnel: 2, med: 10}
        vpcs:

        """)
        let sim = Simulation(topology: try topology(yaml))
        let routes = try #require(sim.network.table(.vgw("vgw"))).routes.filter { $0.destination == pfx("10.99.0.0/16") }
        #expect(routes.count == 4)
        let selected = routes.filter(\.selected)
        #expect(selected.count == 1, "a VGW does no ECMP")
        #expect(selected[0].tunnel == TunnelRef("vpn2", 1), "file order decides, not MED: \(selected[0])")
        #expect(selected[0].note?.contains("AWS picks one") == true)
    }

    @Test func noECMPOnAVGW() throws {
        let t = try topology(vgwTopology())
        let routes = try #require(Simulation(topology: t).network.table(.vgw("vgw"))).routes.filter { $0.destination == pfx("192.168.0.0/16") }
        #expect(routes.count == 2)
        #expect(routes.filter(\.selected).count == 1)
    }
}

/// Two VPCs on a TGW plus a BGP site over a VPN attachment.
func tgwTopology(ecmp: Bool = true, tables: String? = nil, attachments: String = "") -> String {
    """
    name: tgw-rules
    sites:
      dc:
        cidrs: [192.168.0.0/16]
        gateway:
          public_ip: 198.51.100.1
          asn: 65001
          lan_address: 192.168.0.1
          advertise: [192.168.0.0/16, 10.1.0.0/16]
        hosts:
          h1: 192.168.1.10
    vpcs:
      one:
        cidr: 10.1.0.0/16
        subnets: {a: 10.1.1.0/24}
        route_tables:
          rt: {main: true, routes: [{destination: 0.0.0.0/0, target: tgw}]}
      two:
        cidr: 10.2.0.0/16
        subnets: {a: 10.2.1.0/24}
        route_tables:
          rt: {main: true, routes: [{destination: 0.0.0.0/0, target: tgw}]}
    transit_gateways:
      hub:
        vpn_ecmp: \(ecmp)
        attachments:
          att-one: {vpc: one, subnets: [a]}
          att-two: {vpc: two, subnets: [a]}
          \(attachments)
        \(tables ?? "")
    vpn_connections:
      vpn:
        customer_gateway: dc
        transit_gateway: hub
        routing: bgp
        tunnels:
          - {inside_cidr: 169.254.100.0/30}
          - {inside_cidr: 169.254.100.4/30}
    """
}

@Suite struct TGWRules {
    @Test func vpcPropagationBeatsVPNPropagationForTheSamePrefix() throws {
        // The site also advertises 10.1.0.0/16, VPC one's CIDR.
        let sim = Simulation(topology: try topology(tgwTopology()))
        let routes = try #require(sim.network.table(.tgwTable(tgw: "hub", table: "default"))).routes.filter { $0.destination == pfx("10.1.0.0/16") }
        #expect(routes.first { $0.selected }?.nextHop == .attachment("att-one"))
        #expect(routes.filter { $0.selected }.count == 1)
    }

    @Test func ecmpAcrossVPNPathsOnlyWhenEnabled() throws {
        let on = Simulation(topology: try topology(tgwTopology(ecmp: true)))
        #expect(on.network.lookup(ip("192.168.1.10"), in: .tgwTable(tgw: "hub", table: "default")).count == 2)
        let off = Simulation(topology: try topology(tgwTopology(ecmp: false)))
        let one = off.network.lookup(ip("192.168.1.10"), in: .tgwTable(tgw: "hub", table: "default"))
        #expect(one.count == 1)
        #expect(one[0].note?.contains("ECMP support is off") == true)
        #expect(try on.trace("10.2.1.10", "192.168.1.10").reachable)
    }

    @Test func staticBeforePropagatedAndBlackholeDrops() throws {
        let t = try topology(tgwTopology(tables: """
        route_tables:
              default:
                default: true
                routes:
                  - {destination: 192.168.0.0/16, attachment: att-two}
                  - {destination: 192.168.9.0/24, blackhole: true}
        """))
        let sim = Simulation(topology: t)
        let best = try #require(sim.network.lookup(ip("192.168.1.10"), in: .tgwTable(tgw: "hub", table: "default")).first)
        #expect(best.origin == .static && best.nextHop == .attachment("att-two"))
        let hole = try #require(sim.network.lookup(ip("192.168.9.9"), in: .tgwTable(tgw: "hub", table: "default")).first)
        #expect(hole.state == .blackhole)
        let r = try sim.trace("10.1.1.10", "192.168.9.9")
        #expect(r.reason == .blackhole, "\(dump(r))")
        #expect(r.detail?.contains("tgw:hub/default") == true)
    }

    @Test func customerGatewayLearnsTheAssociatedTable() throws {
        let sim = Simulation(topology: try topology(tgwTopology()))
        let s = try #require(sim.network.bgpSessions.first)
        #expect(Set(s.advertisedByAWS.map(\.prefix)) == [pfx("10.1.0.0/16"), pfx("10.2.0.0/16")])
        #expect(s.advertisedByAWS.allSatisfy { $0.asPath == [ASN(64512)] })
        #expect(sim.network.lookup(ip("10.2.1.10"), in: .cgw(site: "dc")).first?.origin == .bgp)
    }
}

@Suite struct CustomerGatewayRules {
    @Test func staticMetricsMakeActiveStandby() throws {
        let t = try example("s4-")
        let sim = Simulation(topology: t)
        let r = sim.network.lookup(ip("10.10.1.1"), in: .cgw(site: "onprem-c"))
        #expect(r.count == 1 && r[0].metric == 100 && r[0].tunnel == TunnelRef("vpn", 1))
    }

    @Test func asymmetricReturnIsFlagged() throws {
        // The device prefers tunnel 2 while AWS sends over tunnel 1.
        var t = try example("s4-")
        t.sites[0].gateway!.tunnels[0].metric = 300
        let r = try Simulation(topology: t).trace("10.30.12.85", "10.10.141.106")
        #expect(r.reachable)
        #expect(r.tunnels == [TunnelRef("vpn", 2)] && r.returnTunnels == [TunnelRef("vpn", 1)])
        #expect(r.asymmetric)
        #expect(r.notes.contains { $0.contains("rp_filter") })
    }

    @Test func ospfCarriesAWSRoutesToTheLANRouter() throws {
        let sim = Simulation(topology: try example("s0-"))
        let r = try #require(sim.network.lookup(ip("172.20.12.10"), in: .router(site: "onprem", name: "core")).first)
        #expect(r.origin == .ospf && r.nextHop == .gateway(ip("192.168.2.2")))
    }
}
