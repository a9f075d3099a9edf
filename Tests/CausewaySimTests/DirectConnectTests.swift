import CausewayCore
import Foundation
@testable import CausewaySim
import Testing

/// Direct Connect as AWS documents it: what a private or transit virtual interface brings to a
/// virtual private gateway or a transit gateway, what AWS advertises back, the order routes are
/// chosen in, and the "DX primary, VPN backup" design failing over (issue #14).
@Suite struct DirectConnectTests {
    /// A VGW-attached VPC reached from one site over a private VIF and a static VPN.
    static let privateVIF = """
    name: dx-private
    region: eu-west-1
    sites:
      dc:
        cidrs: [172.16.0.0/16]
        gateway: {public_ip: 198.51.100.50, asn: 65050, routing: static, lan_address: 172.16.0.1}
    vpcs:
      app:
        cidr: 10.0.0.0/16
        subnets:
          a: {cidr: 10.0.1.0/24, az: eu-west-1a}
        route_tables:
          main: {main: true, propagations: [vgw]}
    vpn_gateways:
      vgw: {vpc: app}
    dx_gateways:
      dxgw:
        amazon_side_asn: 64600
        associations:
          - {vpn_gateway: vgw}
    virtual_interfaces:
      dc-vif:
        type: private
        dx_gateway: dxgw
        site: dc
        vlan: 100
        amazon_address: 169.254.100.1/30
        customer_address: 169.254.100.2/30
    vpn_connections:
      vpn:
        customer_gateway: dc
        vpn_gateway: vgw
        routing: static
        static_routes: [172.16.0.0/16]
        tunnels:
          - {inside_cidr: 169.254.10.0/30, psk: {env: VPN_T1_PSK}}
          - {inside_cidr: 169.254.10.4/30, psk: {env: VPN_T2_PSK}}

    """

    /// Site-to-Site VPN user guide, "Route tables and VPN route priority"
    /// (https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html#vpn-route-priority):
    /// for the same prefix a virtual private gateway prefers Direct Connect BGP routes over the
    /// VPN connection's static routes, which it prefers over VPN BGP routes.
    @Test func vgwPrefersDirectConnectOverVPNStatic() throws {
        let sim = Simulation(topology: try topology(Self.privateVIF))
        let vgw = try #require(sim.network.table(.vgw("vgw")))
        let to = vgw.routes.filter { $0.destination == pfx("172.16.0.0/16") }
        #expect(to.first?.nextHop == .virtualInterface("dc-vif") && to.first?.selected == true, "\(to.map(\.summary))")
        #expect(to.dropFirst().allSatisfy { !$0.selected && $0.origin == .vpnStatic })
        let r = try sim.trace("10.0.1.10", "172.16.5.5")
        #expect(r.reachable, "\(dump(r))")
        #expect(r.virtualInterfaces == ["dx:dc-vif"] && r.tunnels.isEmpty, "\(dump(r))")
    }

    /// Direct Connect user guide, "Allowed prefixes interactions"
    /// (https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html),
    /// virtual private gateway associations: only the VPC's CIDR is advertised, and only when an
    /// allowed prefix is the same as or wider than it.
    @Test func privateVIFAdvertisesTheVPCCIDRThroughTheAllowedFilter() throws {
        let wide = Simulation(topology: try topology(Self.privateVIF.replacingOccurrences(of: "- {vpn_gateway: vgw}", with: "- {vpn_gateway: vgw, allowed_prefixes: [10.0.0.0/15]}")))
        #expect(wide.network.virtualInterfaces.first?.advertisedByAWS.map(\.prefix) == [pfx("10.0.0.0/16")])
        let narrow = Simulation(topology: try topology(Self.privateVIF.replacingOccurrences(of: "- {vpn_gateway: vgw}", with: "- {vpn_gateway: vgw, allowed_prefixes: [10.0.0.0/24]}")))
        #expect(narrow.network.virtualInterfaces.first?.advertisedByAWS.isEmpty == true)
    }

    /// The transit example: Transit Gateway guide, "Route evaluation order"
    /// (https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html#tgw-route-evaluation-overview):
    /// for the same prefix, propagated routes from a Direct Connect gateway come before those of
    /// a VPN attachment.
    @Test func tgwPrefersTheDirectConnectGatewayOverTheVPN() throws {
        let sim = Simulation(topology: try example("s5-dx-vpn-backup"))
        let rt = try #require(sim.network.table(.tgwTable(tgw: "tgw", table: "default")))
        let site = rt.routes.filter { $0.destination == pfx("172.16.0.0/16") }
        #expect(site.count == 3)
        #expect(site.first?.nextHop == .virtualInterface("dc-transit-vif") && site.first?.selected == true, "\(site.map(\.summary))")
        #expect(site.dropFirst().allSatisfy { !$0.selected })
    }

    /// Transit Gateway guide, "Route evaluation order": for the same prefix a VPC attachment's
    /// propagated route comes before a Direct Connect gateway's.
    @Test func tgwPrefersTheVPCOverTheDirectConnectGateway() throws {
        var yaml = try String(contentsOfFile: examplePath("s5-dx-vpn-backup"), encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "    vlan: 210\n", with: "    vlan: 210\n    advertise: [172.16.0.0/16, 10.50.0.0/16]\n")
        let sim = Simulation(topology: try topology(yaml))
        let rt = try #require(sim.network.table(.tgwTable(tgw: "tgw", table: "default")))
        let vpc = rt.routes.filter { $0.destination == pfx("10.50.0.0/16") }
        #expect(vpc.count == 2 && vpc.first?.nextHop == .attachment("prod-att") && vpc.first?.selected == true, "\(vpc.map(\.summary))")
        #expect(vpc.last?.nextHop == .virtualInterface("dc-transit-vif") && vpc.last?.selected == false)
    }

    /// Direct Connect user guide, "Allowed prefixes interactions", transit gateway associations:
    /// only the allowed prefixes are advertised to on-premises (not the VPC CIDRs), originated by
    /// the Direct Connect gateway's ASN.
    @Test func transitVIFAdvertisesTheAllowedPrefixes() throws {
        var yaml = try String(contentsOfFile: examplePath("s5-dx-vpn-backup"), encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "allowed_prefixes: [10.50.0.0/16, 10.60.0.0/16]", with: "allowed_prefixes: [10.0.0.0/8]")
        let sim = Simulation(topology: try topology(yaml))
        let vif = try #require(sim.network.virtualInterfaces.first)
        #expect(vif.advertisedByAWS.map(\.prefix) == [pfx("10.0.0.0/8")])
        #expect(vif.advertisedByAWS.first?.asPath == [ASN(64600)])
        let cgw = try #require(sim.network.table(.cgw(site: "dc")))
        #expect(cgw.routes.contains { $0.destination == pfx("10.0.0.0/8") && $0.selected && $0.nextHop == .virtualInterface("dc-transit-vif") })
    }

    /// DX primary, VPN backup: the site's router prefers the virtual interface (local preference
    /// on its session) and AWS prefers the Direct Connect gateway's routes; with the interface
    /// down (`--fail dx:NAME`) both directions move to the VPN, and a trace over the failed
    /// interface's route shows the drop as a drop.
    @Test func failsOverToTheVPN() throws {
        let t = try example("s5-dx-vpn-backup")
        let up = try Simulation(t, fail: []).trace("172.16.10.20", "10.50.1.10")
        #expect(up.reachable && up.virtualInterfaces == ["dx:dc-transit-vif"] && up.returnVirtualInterfaces == ["dx:dc-transit-vif"], "\(dump(up))")
        #expect(up.tunnels.isEmpty)
        let down = try Simulation(t, fail: ["dx:dc-transit-vif"]).trace("172.16.10.20", "10.50.1.10")
        #expect(down.reachable && down.virtualInterfaces.isEmpty && !down.tunnels.isEmpty && !down.returnTunnels.isEmpty, "\(dump(down))")
        let report = Simulation(topology: t).failoverReport()
        let dx = try #require(report.cases.first { $0.failure == .virtualInterface("dc-transit-vif") })
        #expect(dx.broken.isEmpty && !dx.moved.isEmpty)
        #expect(dx.moved.allSatisfy { !$0.beforeVirtualInterfaces.isEmpty && $0.afterVirtualInterfaces.isEmpty && !$0.after.isEmpty })
        // Both tunnels down too: nothing is left, and the drop names the interface.
        let none = try Simulation(t, fail: ["dx:dc-transit-vif", "vpn"]).trace("10.50.1.10", "172.16.10.20")
        #expect(!none.reachable && none.reason == .virtualInterfaceDown, "\(dump(none))")
        #expect(none.hops.last?.action == .drop)
    }

    /// Direct Connect user guide, "Direct Connect quotas"
    /// (https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html): above 100 routes
    /// from on-premises on a private or transit virtual interface the BGP session goes idle.
    @Test func tooManyPrefixesTakeTheSessionDown() throws {
        let many = (0..<101).map { "172.16.\($0).0/24" }.joined(separator: ", ")
        let yaml = Self.privateVIF.replacingOccurrences(of: "    vlan: 100\n", with: "    vlan: 100\n    advertise: [\(many)]\n")
        let sim = Simulation(topology: try topology(yaml))
        let vif = try #require(sim.network.virtualInterfaces.first)
        #expect(!vif.up && (vif.detail ?? "").contains("idle"))
        let vgw = try #require(sim.network.table(.vgw("vgw")))
        #expect(vgw.routes.filter { $0.nextHop == .virtualInterface("dc-vif") }.allSatisfy { $0.state == .inactive && $0.reason == .virtualInterfaceDown })
    }

    @Test func failureReferencesNameTheInterface() throws {
        let t = try topology(Self.privateVIF)
        #expect(try Failure.parse("dx:dc-vif", in: t) == .virtualInterface("dc-vif"))
        #expect(throws: FailureError.self) { try Failure.parse("dx:nope", in: t) }
        #expect(Failure.virtualInterface("dc-vif").description == "dx:dc-vif")
    }
}

func examplePath(_ prefix: String) -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return root.appendingPathComponent("examples/\(prefix).yaml").path
}
