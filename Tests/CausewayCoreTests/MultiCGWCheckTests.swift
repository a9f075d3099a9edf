import Testing
@testable import CausewayCore

/// Two customer gateway devices in front of one on-premises network (`network:`), issue 14.
enum MultiCGWFixtures {
    /// dc1 and dc2 are one network (`corp`, 10.60.0.0/16) behind two devices with different
    /// ASNs, each with a BGP connection on one virtual private gateway.
    static let twoDevices = """
    name: two-devices
    region: ap-northeast-2
    sites:
      dc1:
        network: corp
        cidrs: [10.60.0.0/16]
        gateway: {public_ip: 198.51.100.61, asn: 65061, routing: bgp}
      dc2:
        network: corp
        cidrs: [10.60.0.0/16]
        gateway:
          public_ip: 198.51.100.62
          asn: 65062
          routing: bgp
    vpcs:
      app:
        cidr: 10.0.0.0/16
        subnets:
          a: {cidr: 10.0.1.0/24, az: ap-northeast-2a}
        route_tables:
          main:
            main: true
            propagations: [vgw]
    vpn_gateways:
      vgw: {vpc: app}
    vpn_connections:
      vpn-dc1:
        customer_gateway: dc1
        vpn_gateway: vgw
        routing: bgp
        tunnels:
          - {inside_cidr: 169.254.61.0/30, psk: {env: DC1_T1_PSK}}
          - {inside_cidr: 169.254.61.4/30, psk: {env: DC1_T2_PSK}}
      vpn-dc2:
        customer_gateway: dc2
        vpn_gateway: vgw
        routing: bgp
        tunnels:
          - {inside_cidr: 169.254.62.0/30, psk: {env: DC2_T1_PSK}}
          - {inside_cidr: 169.254.62.4/30, psk: {env: DC2_T2_PSK}}

    """

    /// `twoDevices` with both of dc2's tunnels given `settings` (a flow mapping's keys).
    static func backupTunnels(_ settings: String) throws -> String {
        let fields = settings.dropFirst().dropLast()
        return try twoDevices.replacing1("      asn: 65062\n      routing: bgp\n", """
              asn: 65062
              routing: bgp
              tunnels:
                - {connection: vpn-dc2, tunnel: 1, \(fields)}
                - {connection: vpn-dc2, tunnel: 2, \(fields)}

        """)
    }
}

@Suite struct MultiCGWCheckTests {
    /// Two devices of one network may advertise the same prefixes: no `cidr-overlap`
    /// (AWS Site-to-Site VPN user guide, Site-to-Site VPN redundant connections: a second customer
    /// gateway device in front of the same network, with its own VPN connection).
    @Test func overlapIsAcceptedForOneNetwork() {
        let r = Fixtures.check(MultiCGWFixtures.twoDevices)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.formatted))")
    }

    /// Two different networks with overlapping CIDRs on one VGW are still a real overlap
    /// (AWS Site-to-Site VPN user guide, VPN CloudHub: sites must not have overlapping ranges).
    @Test func overlapOfTwoNetworksIsStillReported() throws {
        let other = try MultiCGWFixtures.twoDevices.replacing1("  dc2:\n    network: corp\n", "  dc2:\n    network: branch\n")
        #expect(Fixtures.check(other).rules.contains("cidr-overlap"))
        let none = try MultiCGWFixtures.twoDevices.replacing1("  dc2:\n    network: corp\n", "  dc2:\n")
        #expect(Fixtures.check(none).rules.contains("cidr-overlap"))
    }

    /// The same ASN on both devices is allowed; then MEDs are compared, so a MED on the backup
    /// is meaningful (vpn-route-priority: MEDs compared when the first ASN is the same).
    @Test func medWithTheSameASNIsCompared() throws {
        let same = try MultiCGWFixtures.backupTunnels("{med: 200}").replacing1("asn: 65062", "asn: 65061")
        let r = Fixtures.check(same)
        #expect(!r.rules.contains("med-not-compared"), "\(r.diagnostics.map(\.formatted))")
        #expect(Fixtures.check(try MultiCGWFixtures.backupTunnels("{med: 200}")).rules.contains("med-not-compared"))
    }

    /// On a transit gateway, a static route to one device's VPN attachment beats the other
    /// device's BGP path for the same prefix (Transit Gateway guide, How transit gateways work,
    /// route evaluation order: static routes before propagated routes).
    @Test func tgwStaticRouteBesideBGPIsReported() throws {
        var text = Fixtures.example("s6-two-cgw-one-network")
        let edits = [
            ("        propagations: [vgw]\n", "        routes:\n          - {destination: 10.60.0.0/16, target: tgw}\n"),
            ("vpn_gateways:\n  vgw: {vpc: shop, asn: 64512}\n", """
            transit_gateways:
              tgw:
                asn: 64512
                default_route_table_association: false
                default_route_table_propagation: false
                attachments:
                  shop-att: {vpc: shop, subnets: [app-a, app-b]}
                  att-dc1: {vpn: vpn-dc1}
                  att-dc2: {vpn: vpn-dc2}
                route_tables:
                  rt:
                    associations: [shop-att, att-dc1, att-dc2]
                    propagations: [shop-att, att-dc1]
                    routes:
                      - {destination: 10.60.0.0/16, attachment: att-dc2}

            """),
            ("    vpn_gateway: vgw\n", "    transit_gateway: tgw\n"),
        ]
        for (a, b) in edits {
            #expect(text.contains(a), "\(a)")
            text = text.replacingOccurrences(of: a, with: b)
        }
        let r = Fixtures.check(text)
        #expect(r.errorRules.isEmpty, "\(r.diagnostics.map(\.formatted))")
        let hit = r.diagnostics.filter { $0.rule == "static-over-bgp" }
        #expect(hit.count == 1 && hit.first?.message.contains("TGW route table `rt`") == true, "\(r.diagnostics.map(\.formatted))")
        // Without the static route, BGP alone decides: nothing to report.
        let bgpOnly = text.replacingOccurrences(of: "        routes:\n          - {destination: 10.60.0.0/16, attachment: att-dc2}\n", with: "")
            .replacingOccurrences(of: "propagations: [shop-att, att-dc1]", with: "propagations: [shop-att, att-dc1, att-dc2]")
        #expect(!Fixtures.check(bgpOnly).rules.contains("static-over-bgp"))
    }

    /// Two customer gateways with one IP on different gateways are not refused by this rule.
    @Test func duplicateIPOnDifferentGatewaysIsNotThisRule() throws {
        let r = Fixtures.check(try MultiCGWFixtures.twoDevices.replacing1("public_ip: 198.51.100.62", "public_ip: 198.51.100.61"))
        #expect(r.rules.contains("cgw-ip-duplicate"))
        #expect(r.diagnostics.first { $0.rule == "cgw-ip-duplicate" }?.severity == .error)
    }
}
