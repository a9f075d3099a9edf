import CausewayCore
@testable import CausewaySim
import Testing

/// Prefix lists as route destinations, VPC peering as a resource and transit gateway peering
/// (issue #14), simulated as AWS's pages say.
@Suite struct PrefixListPeeringTests {
    /// Two peered VPCs; `app` routes `shared` through a prefix list and has a VGW to a BGP site.
    static func peered(appRoutes: String = "          - {prefix_list: shared-nets, target: pcx:shared}\n", extra: String = "") -> String {
        """
        name: peered
        region: us-east-1
        sites:
          dc:
            cidrs: [192.168.0.0/16]
            gateway: {public_ip: 198.51.100.10, asn: 65001, routing: bgp, lan_address: 192.168.0.1}
        prefix_lists:
          shared-nets: {max_entries: 5, entries: [10.1.0.0/16]}
          dc-nets:
            max_entries: 5
            entries:
              - {cidr: 192.168.0.0/16, description: the data centre}
          also-shared: {max_entries: 5, entries: [10.1.0.0/16]}
        vpcs:
          app:
            cidr: 10.0.0.0/16
            internet_gateway: true
            subnets:
              a: {cidr: 10.0.1.0/24, az: us-east-1a}
            instances:
              web: {subnet: a, address: 10.0.1.10}
            route_tables:
              main:
                main: true
                propagations: [vgw]
                routes:
        \(appRoutes)
          shared:
            cidr: 10.1.0.0/16
            subnets:
              a: {cidr: 10.1.1.0/24, az: us-east-1a}
            instances:
              db: {subnet: a, address: 10.1.1.10}
            route_tables:
              main:
                main: true
                routes:
                  - {destination: 10.0.0.0/16, target: pcx:app-shared}
                  - {destination: 192.168.0.0/16, target: pcx:app}
        vpc_peerings:
          app-shared: {vpc: app, peer_vpc: shared}
        vpn_gateways:
          vgw: {vpc: app}
        vpn_connections:
          vpn:
            customer_gateway: dc
            vpn_gateway: vgw
            routing: bgp
            tunnels:
              - {inside_cidr: 169.254.10.0/30, psk: {env: VPN_T1_PSK}}
              - {inside_cidr: 169.254.10.4/30, psk: {env: VPN_T2_PSK}}
        \(extra)
        """
    }

    static let appMain = TableID.vpcTable(vpc: "app", table: "main")

    func routes(_ sim: Simulation, _ id: TableID, _ dest: String) -> [SimRoute] {
        sim.network.table(id)?.routes.filter { $0.destination == pfx(dest) } ?? []
    }

    /// A route to a prefix list is one route per entry, to the route's target; `pcx:VPC` crosses
    /// the peering that joins the two VPCs. (Amazon VPC user guide, "Managed prefix lists": "Use
    /// prefix lists in route tables"; VPC peering guide, "Update your route tables for a VPC
    /// peering connection".)
    @Test func prefixListRouteCrossesThePeering() throws {
        let sim = Simulation(topology: try topology(Self.peered()))
        let r = routes(sim, Self.appMain, "10.1.0.0/16")
        #expect(r.count == 1 && r[0].origin == .prefixList && r[0].selected && r[0].nextHop == .vpcPeering("app-shared"), "\(r.map(\.summary))")
        #expect(r.first?.learnedFrom?.hasPrefix("pl:shared-nets") == true)
        let t = try sim.trace("10.0.1.10", "10.1.1.10")
        #expect(t.reachable, "\(dump(t))")
    }

    /// Same prefix: a static route beats a prefix-list route, which beats a propagated one.
    /// (Amazon VPC user guide, "How route priority works": static routes, then prefix list
    /// routes, then propagated routes; "Route priority for prefix lists".)
    @Test func staticThenPrefixListThenPropagated() throws {
        let lists = "          - {prefix_list: dc-nets, target: pcx:shared}\n"
        let sim = Simulation(topology: try topology(Self.peered(appRoutes: lists)))
        let r = routes(sim, Self.appMain, "192.168.0.0/16")
        let selected = r.filter(\.selected)
        #expect(selected.count == 1 && selected[0].origin == .prefixList, "\(r.map(\.summary))")
        #expect(r.contains { $0.origin == .propagated && !$0.selected }, "the VGW's BGP route stays, unselected: \(r.map(\.summary))")

        let withStatic = lists + "          - {destination: 192.168.0.0/16, target: vgw}\n"
        let sim2 = Simulation(topology: try topology(Self.peered(appRoutes: withStatic)))
        let r2 = routes(sim2, Self.appMain, "192.168.0.0/16").filter(\.selected)
        #expect(r2.count == 1 && r2[0].origin == .static && r2[0].nextHop == .vpnGateway("vgw"), "\(r2.map(\.summary))")
        // Longest prefix still first: a /24 propagated route beats the list's /16.
        let sim3 = Simulation(topology: try topology(Self.peered(appRoutes: lists).replacingOccurrences(
            of: "lan_address: 192.168.0.1}", with: "lan_address: 192.168.0.1, advertise: [192.168.0.0/16, 192.168.7.0/24]}")))
        #expect(sim3.network.lookup(ip("192.168.7.9"), in: Self.appMain).first?.origin == .propagated)
    }

    /// Two prefix lists holding one CIDR toward different targets: AWS picks one and keeps it;
    /// causeway keeps the first written and says so, and check warns. (Amazon VPC user guide,
    /// "How route priority works", route priority for prefix lists.)
    @Test func twoListsWithOneCIDRAreOneStableReportedChoice() throws {
        let lists = "          - {prefix_list: shared-nets, target: pcx:shared}\n          - {prefix_list: also-shared, target: igw}\n"
        let yaml = Self.peered(appRoutes: lists)
        let sim = Simulation(topology: try topology(yaml))
        let r = routes(sim, Self.appMain, "10.1.0.0/16")
        let chosen = r.filter(\.selected)
        #expect(chosen.count == 1 && chosen[0].nextHop == .vpcPeering("app-shared"), "\(r.map(\.summary))")
        #expect(chosen.first?.note?.contains("AWS picks one at random and keeps it") == true, "\(chosen.map { $0.note ?? "" })")
        let d = loadAndCheck(data: Array(yaml.utf8), file: "t.yaml").diagnostics
        #expect(d.contains { $0.rule == "prefix-list-overlap" && $0.severity == .warning }, "\(d.map(\.formatted))")
        // Stable: the same choice on every run.
        #expect(Simulation(topology: try topology(yaml)).network.table(Self.appMain)?.selectedRoutes.map(\.summary) == sim.network.table(Self.appMain)?.selectedRoutes.map(\.summary))
    }

    /// No transitive peering, no edge-to-edge routing: traffic that crossed a peering is
    /// delivered only into the peer VPC, never forwarded to its VGW (or TGW, IGW, NAT, another
    /// peering). The trace shows the drop as a drop hop. (Amazon VPC peering guide, "VPC peering
    /// limitations".)
    @Test func peeringIsNotTransitive() throws {
        let yaml = Self.peered()
        let sim = Simulation(topology: try topology(yaml))
        let t = try sim.trace("10.1.1.10", "192.168.0.50")
        #expect(!t.delivered && t.reason == .peeringNotTransitive, "\(dump(t))")
        #expect(t.hops.last?.action == .drop && t.hops.last?.node == "vpc:app", "\(dump(t))")
        let d = loadAndCheck(data: Array(yaml.utf8), file: "t.yaml").diagnostics
        #expect(d.contains { $0.rule == "vpc-peering-transitive" && $0.severity == .warning }, "\(d.map(\.formatted))")
    }

    /// `pcx:VPC` with no peering joining the two VPCs does not resolve: check's error, and the
    /// simulator blackholes the route.
    @Test func pcxNeedsAPeering() throws {
        let yaml = Self.peered().replacingOccurrences(of: "vpc_peerings:\n  app-shared: {vpc: app, peer_vpc: shared}\n", with: "")
        let r = loadAndCheck(data: Array(yaml.utf8), file: "t.yaml")
        #expect(r.diagnostics.contains { $0.rule == "dangling-reference" && $0.message.contains("route to prefix list `shared-nets`") }, "\(r.diagnostics.map(\.formatted))")
        let sim = Simulation(topology: try #require(r.topology))
        #expect(routes(sim, Self.appMain, "10.1.0.0/16").first?.state == .blackhole)
        #expect(r.diagnostics.contains { $0.rule == "dangling-reference" && $0.message.contains("no VPC peering joins VPC `shared` and VPC `app`") }, "\(r.diagnostics.map(\.formatted))")
    }

    // MARK: transit gateway peering

    /// Two transit gateways in two Regions, each with one VPC, peered.
    static func tgwPeered(eastRoutes: String = "          - {destination: 10.20.0.0/16, attachment: east-west}\n",
                          westRoutes: String = "          - {destination: 10.10.0.0/16, attachment: east-west}\n",
                          westTable: String = "") -> String {
        """
        name: tgw-peered
        region: us-east-1
        prefix_lists:
          west-nets: {max_entries: 2, entries: [10.20.0.0/16]}
        vpcs:
          east:
            cidr: 10.10.0.0/16
            subnets:
              a: {cidr: 10.10.1.0/24}
            route_tables:
              main:
                main: true
                routes:
                  - {destination: 10.20.0.0/16, target: tgw}
          west:
            cidr: 10.20.0.0/16
            subnets:
              a: {cidr: 10.20.1.0/24}
            route_tables:
              main:
                main: true
                routes:
                  - {destination: 10.10.0.0/16, target: tgw}
        transit_gateways:
          hub-east:
            attachments:
              east-att: {vpc: east, subnets: [a]}
            route_tables:
              default:
                default: true
        \(Self.routesBlock(eastRoutes))
          hub-west:
            region: us-west-2
            asn: 64513
            attachments:
              west-att: {vpc: west, subnets: [a]}
            route_tables:
              default:
                default: true
        \(westTable)\(Self.routesBlock(westRoutes))
        transit_gateway_peerings:
          east-west: {transit_gateway: hub-east, peer_transit_gateway: hub-west}
        """
    }

    static func routesBlock(_ routes: String) -> String { routes.isEmpty ? "" : "        routes:\n" + routes }

    static let eastDefault = TableID.tgwTable(tgw: "hub-east", table: "default")

    /// Traffic crosses a transit gateway peering by a static route to the peering attachment
    /// and is routed on the peer by the table the peering attachment is associated with there;
    /// inter-Region. (Transit Gateway guide, "Transit gateway peering attachments"; "Add a route
    /// for the peering attachment".)
    @Test func staticRouteCrossesTheTGWPeering() throws {
        let sim = Simulation(topology: try topology(Self.tgwPeered()))
        let t = try sim.trace("10.10.1.10", "10.20.1.10")
        #expect(t.reachable, "\(dump(t))")
        #expect(t.hops.map(\.node).contains("tgw:hub-east/default") && t.hops.map(\.node).contains("tgw:hub-west/default"), "\(dump(t))")
        let r = routes(sim, Self.eastDefault, "10.20.0.0/16").filter(\.selected)
        #expect(r.first?.learnedFrom?.contains("peering east-west to tgw:hub-west (us-west-2)") == true, "\(r.map { $0.learnedFrom ?? "" })")
    }

    /// A peering attachment propagates nothing: only static routes send traffic over it. Check
    /// says so (an error: AWS does not propagate over a peering), the simulator brings no route.
    /// (Transit Gateway guide, "Transit gateway peering attachments".)
    @Test func peeringAttachmentsDoNotPropagate() throws {
        let yaml = Self.tgwPeered(eastRoutes: "", westTable: "        propagations: [west-att, east-west]\n")
        let r = loadAndCheck(data: Array(yaml.utf8), file: "t.yaml")
        #expect(r.diagnostics.contains { $0.rule == "tgw-peering-propagation" && $0.severity == .error }, "\(r.diagnostics.map(\.formatted))")
        #expect(r.diagnostics.contains { $0.rule == "tgw-peering-route-missing" && $0.severity == .warning }, "\(r.diagnostics.map(\.formatted))")
        let sim = Simulation(topology: try #require(r.topology))
        #expect(routes(sim, Self.eastDefault, "10.20.0.0/16").isEmpty)
        let t = try sim.trace("10.10.1.10", "10.20.1.10")
        #expect(!t.delivered && t.reason == .noRoute, "\(dump(t))")
        #expect(t.hops.last?.action == .drop)
    }

    /// Without the return route on the peer, the request arrives and the reply is lost.
    @Test func missingStaticRouteOnThePeerLosesTheReply() throws {
        let sim = Simulation(topology: try topology(Self.tgwPeered(westRoutes: "")))
        let t = try sim.trace("10.10.1.10", "10.20.1.10")
        #expect(t.delivered && !t.reachable && t.reason == .noReturnRoute, "\(dump(t))")
    }

    /// A prefix list reference in a TGW route table: each entry is a route to the attachment,
    /// after static routes and before propagated ones. (Transit Gateway guide, "Prefix list
    /// references".)
    @Test func tgwPrefixListReference() throws {
        let sim = Simulation(topology: try topology(Self.tgwPeered(eastRoutes: "          - {prefix_list: west-nets, attachment: east-west}\n")))
        let r = routes(sim, Self.eastDefault, "10.20.0.0/16")
        #expect(r.count == 1 && r[0].origin == .prefixList && r[0].selected, "\(r.map(\.summary))")
        #expect(try sim.trace("10.10.1.10", "10.20.1.10").reachable)
        // A static blackhole for the same prefix wins over the reference.
        let both = "          - {prefix_list: west-nets, attachment: east-west}\n          - {destination: 10.20.0.0/16, blackhole: true}\n"
        let sim2 = Simulation(topology: try topology(Self.tgwPeered(eastRoutes: both)))
        let t = try sim2.trace("10.10.1.10", "10.20.1.10")
        #expect(t.reason == .blackhole && t.hops.last?.action == .drop, "\(dump(t))")
    }
}
