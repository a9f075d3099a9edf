import CausewayCore
@testable import CausewaySim
import Testing

/// The simulator does what AWS's pages say where it used to diverge (issue #14, first list).
@Suite struct AWSBehaviourTests {
    /// Two sites, each with its own ASN and a BGP connection to one VGW.
    static let cloudHub = """
    name: cloudhub
    region: ap-northeast-2
    sites:
      dc1:
        cidrs: [192.168.1.0/24]
        gateway: {public_ip: 198.51.100.11, asn: 65001, routing: bgp, lan_address: 192.168.1.1}
      dc2:
        cidrs: [192.168.2.0/24]
        gateway: {public_ip: 198.51.100.12, asn: 65002, routing: bgp, lan_address: 192.168.2.1}
    vpcs:
      app:
        cidr: 10.0.0.0/16
        subnets:
          a: {cidr: 10.0.1.0/24, az: ap-northeast-2a}
        route_tables:
          main: {main: true, propagations: [vgw]}
    vpn_gateways:
      vgw: {vpc: app}
    vpn_connections:
      vpn1:
        customer_gateway: dc1
        vpn_gateway: vgw
        routing: bgp
        tunnels:
          - {inside_cidr: 169.254.10.0/30, psk: {env: VPN_T1_PSK}}
          - {inside_cidr: 169.254.10.4/30, psk: {env: VPN_T2_PSK}}
      vpn2:
        customer_gateway: dc2
        vpn_gateway: vgw
        routing: bgp
        tunnels:
          - {inside_cidr: 169.254.11.0/30, psk: {env: VPN_T1_PSK}}
          - {inside_cidr: 169.254.11.4/30, psk: {env: VPN_T2_PSK}}

    """

    /// VPN CloudHub: the VGW re-advertises what one BGP connection brings to its other BGP
    /// peers, with its own AS first, so sites reach each other through it.
    /// https://docs.aws.amazon.com/vpn/latest/s2svpn/VPN_CloudHub.html
    @Test func vgwReadvertisesBetweenSites() throws {
        let sim = Simulation(topology: try topology(Self.cloudHub))
        let learned = sim.network.lookup(ip("192.168.2.10"), in: .cgw(site: "dc1"))
        #expect(!learned.isEmpty)
        #expect(learned.first?.asPath == [ASN(64512), ASN(65002)], "\(learned.map(\.summary))")
        let r = try sim.trace("192.168.1.10", "192.168.2.10")
        #expect(r.reachable, "\(dump(r))")
        #expect(r.tunnels.map(\.connection) == ["vpn1", "vpn2"], "\(dump(r))")
    }

    /// A transit gateway with two sites advertising one shared prefix.
    static func tgw(asn2: Int = 65002, extra: String = "") -> String {
        """
        name: tgw-paths
        region: ap-northeast-2
        sites:
          dc1:
            cidrs: [192.168.1.0/24]
            gateway: {public_ip: 198.51.100.11, asn: 65001, routing: bgp, lan_address: 192.168.1.1, advertise: [192.168.1.0/24, 172.16.0.0/16]}
          dc2:
            cidrs: [192.168.2.0/24]
            gateway: {public_ip: 198.51.100.12, asn: \(asn2), routing: bgp, lan_address: 192.168.2.1, advertise: [192.168.2.0/24, 172.16.0.0/16]}
        vpcs:
          app:
            cidr: 10.0.0.0/16
            subnets:
              a: {cidr: 10.0.1.0/24, az: ap-northeast-2a}
              b: {cidr: 10.0.2.0/24, az: ap-northeast-2c}
            route_tables:
              main:
                main: true
                routes:
                  - {destination: 192.168.0.0/16, target: tgw}
        transit_gateways:
          tgw:
            attachments:
              app-att: {vpc: app, subnets: [a]}
        vpn_connections:
          vpn1:
            customer_gateway: dc1
            transit_gateway: tgw
            routing: bgp
            tunnels:
              - {inside_cidr: 169.254.10.0/30, psk: {env: VPN_T1_PSK}}
              - {inside_cidr: 169.254.10.4/30, psk: {env: VPN_T2_PSK}}
          vpn2:
            customer_gateway: dc2
            transit_gateway: tgw
            routing: bgp
            tunnels:
              - {inside_cidr: 169.254.11.0/30, psk: {env: VPN_T1_PSK}}
              - {inside_cidr: 169.254.11.4/30, psk: {env: VPN_T2_PSK}}
        \(extra)
        """
    }

    static let tgwTable = TableID.tgwTable(tgw: "tgw", table: "default")

    /// "BGP Multipath AS-Path Relax is not supported, so you can't use ECMP over different
    /// Autonomous System Numbers": ECMP only among the paths from one AS.
    /// https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html (Equal Cost Multipath routing)
    @Test func tgwECMPOnlyWithinOneAS() throws {
        let sim = Simulation(topology: try topology(Self.tgw()))
        let paths = sim.network.lookup(ip("172.16.0.10"), in: Self.tgwTable)
        #expect(paths.count == 2, "\(paths.map(\.summary))")
        #expect(Set(paths.compactMap { $0.asPath?.first }).count == 1, "\(paths.map(\.summary))")
        #expect(paths.first?.note?.contains("AS-Path Relax") == true, "\(paths.map { $0.note ?? "" })")
        // One AS behind both devices: all four tunnels share the traffic.
        let same = Simulation(topology: try topology(Self.tgw(asn2: 65001)))
        #expect(same.network.lookup(ip("172.16.0.10"), in: Self.tgwTable).count == 4)
    }

    /// A VPN route received without MED counts as MED 100 on a transit gateway, so a tunnel
    /// advertising MED 50 wins over one advertising none.
    /// https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html (Route evaluation order)
    @Test func tgwReadsMissingMEDAs100() throws {
        let yaml = Self.tgw().replacingOccurrences(
            of: "advertise: [192.168.1.0/24, 172.16.0.0/16]}",
            with: "advertise: [192.168.1.0/24, 172.16.0.0/16], tunnels: [{connection: vpn1, tunnel: 2, med: 50}]}")
        let paths = Simulation(topology: try topology(yaml)).network.lookup(ip("192.168.1.10"), in: Self.tgwTable)
        #expect(paths.map(\.tunnel) == [TunnelRef("vpn1", 2)], "\(paths.map(\.summary))")
    }

    /// Only resources in an Availability Zone where the VPC attachment has a subnet reach the
    /// transit gateway. https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html (Availability Zones)
    @Test func tgwUnreachableFromAZWithoutAttachmentSubnet() throws {
        let sim = Simulation(topology: try topology(Self.tgw()))
        let ok = try sim.trace("10.0.1.10", "192.168.1.10")
        #expect(ok.reachable, "\(dump(ok))")
        let r = try sim.trace("10.0.2.10", "192.168.1.10")
        #expect(!r.reachable)
        #expect(r.reason == .azNotAttached, "\(dump(r))")
        #expect(r.detail?.contains("ap-northeast-2c") == true, "\(dump(r))")
        #expect(r.hops.last?.action == .drop && r.hops.last?.node == "app/main", "\(dump(r))")
    }

    /// A static VPN's prefixes do not propagate into a TGW route table: they are static routes
    /// written there. https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpn-attachments.html
    /// ("For static VPNs, you'll also need to first add the static routes to the transit gateway route table")
    @Test func staticVPNPropagatesNothingIntoTGW() throws {
        var yaml = Self.tgw().replacingOccurrences(of: "routing: bgp, lan_address: 192.168.1.1", with: "routing: static, lan_address: 192.168.1.1")
        yaml = yaml.replacingOccurrences(of: "    routing: bgp\n    tunnels:\n      - {inside_cidr: 169.254.10.0/30", with: "    routing: static\n    static_routes: [192.168.1.0/24]\n    tunnels:\n      - {inside_cidr: 169.254.10.0/30")
        let t = try topology(yaml)
        #expect(t.vpnConnection("vpn1")?.routing == .static)
        let sim = Simulation(topology: t)
        #expect(sim.network.lookup(ip("192.168.1.10"), in: Self.tgwTable).isEmpty)
        #expect(sim.network.table(Self.tgwTable)?.notes.contains { $0.contains("vpn1") && $0.contains("static") } == true)
        // The BGP connection's prefixes still propagate.
        #expect(!sim.network.lookup(ip("192.168.2.10"), in: Self.tgwTable).isEmpty)
    }

    /// A VPC whose route to the site targets a detached VGW (a blackhole).
    static let blackhole = """
    name: blackhole
    region: ap-northeast-2
    sites:
      dc:
        cidrs: [192.168.0.0/16]
    vpcs:
      app:
        cidr: 10.0.0.0/16
        subnets:
          a: {cidr: 10.0.1.0/24, az: ap-northeast-2a}
        route_tables:
          main:
            main: true
            routes:
              - {destination: 192.168.0.0/16, target: vgw}
    vpn_gateways:
      vgw: {}

    """

    /// A blackhole route's drop is a drop hop (issue #14), not a forward.
    @Test func blackholeIsADropHop() throws {
        let r = try Simulation(topology: try topology(Self.blackhole)).trace("10.0.1.10", "192.168.0.10")
        #expect(!r.reachable)
        let last = try #require(r.hops.last)
        #expect(last.action == .drop, "\(dump(r))")
        #expect(last.route?.contains("192.168.0.0/16") == true, "\(dump(r))")
        #expect(!r.hops.contains { $0.action == .forward && $0.route?.contains("192.168.0.0/16") == true }, "\(dump(r))")
    }

    /// The five addresses AWS reserves in every subnet are nobody's: a trace to one says so.
    /// https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
    @Test(arguments: ["10.0.1.0", "10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.255"])
    func reservedAddressIsDropped(_ dst: String) throws {
        let sim = Simulation(topology: try topology(Self.blackhole))
        let r = try sim.trace("10.0.1.10", dst)
        #expect(!r.delivered)
        #expect(r.reason == .reservedAddress, "\(dump(r))")
        #expect(r.detail?.contains("reserved") == true)
    }

    @Test func firstAssignableAddressIsDelivered() throws {
        let r = try Simulation(topology: try topology(Self.blackhole)).trace("10.0.1.10", "10.0.1.4")
        #expect(r.reachable, "\(dump(r))")
    }
}
