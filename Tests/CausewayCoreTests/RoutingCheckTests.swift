import Testing
@testable import CausewayCore

/// Prefix lists and peerings: the loader's forms and the checks beyond the broken examples.
@Suite struct RoutingCheckTests {
    /// A reference counts the list's maximum entries against the table's quota, not its current
    /// entries (Amazon VPC quotas: prefix lists, "counts against the quota … maximum entries").
    @Test func quotaCountsMaxEntries() throws {
        let fits = try Fixtures.peered(lists: "  db-nets: {max_entries: 49, entries: [10.1.0.0/16]}\n", extraRoutes: "          - {destination: 172.16.0.0/16, target: vgw}\n")
        #expect(!Fixtures.check(fits).rules.contains("route-table-quota"))
        let over = try Fixtures.peered(lists: "  db-nets: {max_entries: 50, entries: [10.1.0.0/16]}\n", extraRoutes: "          - {destination: 172.16.0.0/16, target: vgw}\n")
        let d = try #require(Fixtures.check(over).diagnostics.first { $0.rule == "route-table-quota" })
        #expect(d.severity == .error && d.message.contains("counts 51 routes"), "\(d.formatted)")
    }

    /// AWS refuses a peering between VPCs with overlapping CIDRs (VPC peering guide, "VPC peering
    /// limitations"): `cidr-overlap` as an error at the peering.
    @Test func overlappingPeeredVPCsAreAnError() throws {
        let text = try Fixtures.peered().replacing1("    cidr: 10.1.0.0/16\n", "    cidr: 10.0.0.0/16\n").replacing1("{cidr: 10.1.0.0/24,", "{cidr: 10.0.9.0/24,")
        let r = Fixtures.check(text)
        let d = try #require(r.diagnostics.first { $0.rule == "cidr-overlap" && $0.message.hasPrefix("VPC peering `app-db`") }, "\(r.diagnostics.map(\.formatted))")
        #expect(d.severity == .error)
    }

    /// A site advertising only parts of the CIDR a VPC routes to the TGW: the TGW route table
    /// (Transit Gateway guide, "Route evaluation order": longest prefix) carries only those parts,
    /// so `tgw-route-missing` names them instead of saying there is no route.
    @Test func aPartlyAdvertisedPrefixNamesItsParts() throws {
        let text = Fixtures.example("s3-tgw-bgp-strongswan").replacingOccurrences(of: "      asn: 65016\n", with: "      asn: 65016\n      advertise: [192.168.1.0/24, 192.168.2.0/24]\n")
        let d = try #require(Fixtures.check(text).diagnostics.first { $0.rule == "tgw-route-missing" })
        #expect(d.message.contains("routes only part of it to VPN attachment `vpn-attachment` (192.168.1.0/24, 192.168.2.0/24)"), "\(d.formatted)")
        #expect(d.message.contains("advertise all of 192.168.0.0/16 from site `idc`"))
        #expect(!Fixtures.check(Fixtures.example("s3-tgw-bgp-strongswan")).rules.contains("tgw-route-missing"))
    }

    @Test func namesThatPointNowhereAreDangling() throws {
        let unknownList = try Fixtures.peered().replacing1("{prefix_list: db-nets, target: pcx:db}", "{prefix_list: db-net, target: pcx:db}")
        #expect(Fixtures.check(unknownList).diagnostics.contains { $0.rule == "dangling-reference" && $0.message.contains("no prefix list `db-net`") && $0.message.contains("did you mean `db-nets`") })
        let unknownVPC = try Fixtures.peered().replacing1("app-db: {vpc: app, peer_vpc: db}", "app-db: {vpc: app, peer_vpc: dbx}")
        #expect(Fixtures.check(unknownVPC).diagnostics.contains { $0.rule == "dangling-reference" && $0.message.contains("names VPC `dbx`") })
        let unknownTGW = Fixtures.tgwPeered.replacingOccurrences(of: "peer_transit_gateway: tgw-west}", with: "peer_transit_gateway: tgw-wes}")
        #expect(Fixtures.check(unknownTGW).diagnostics.contains { $0.rule == "dangling-reference" && $0.message.contains("transit gateway `tgw-wes`") })
    }

    @Test func oneDestinationPerRoute() throws {
        let both = try Fixtures.peered().replacing1("{prefix_list: db-nets, target: pcx:db}", "{prefix_list: db-nets, destination: 10.1.0.0/16, target: pcx:db}")
        #expect(Fixtures.check(both).diagnostics.contains { $0.rule == "invalid-value" && $0.message.contains("one destination") })
    }

    /// The peering attachment is implicit on both sides, named after the peering, and left out
    /// of default propagation.
    @Test func peeringAttachmentsAreImplicit() throws {
        let t = try #require(Fixtures.check(Fixtures.tgwPeered).topology)
        for g in t.transitGateways {
            let a = try #require(g.attachment(forPeering: "east-west"))
            #expect(a.name == "east-west" && a.implicit)
            #expect(g.defaultRouteTable?.propagations.contains("east-west") == false)
        }
        #expect(t.transitGateway("tgw-west")?.region == "us-west-2")
        #expect(t.region(of: try #require(t.transitGateway("tgw"))) == "ap-northeast-2")
    }

    /// A prefix-list route to the VGW covers the site's CIDRs like a static route does: no
    /// `propagation-missing` for a table that routes the site through a list.
    @Test func prefixListRoutesCoverTheSite() throws {
        let viaList = try Fixtures.base.replacing1("        propagations: [vgw]\n", "        routes:\n          - {prefix_list: dc-nets, target: vgw}\n")
            .replacing1("vpn_gateways:", "prefix_lists:\n  dc-nets: {max_entries: 2, entries: [192.168.0.0/16]}\nvpn_gateways:")
        let r = Fixtures.check(viaList)
        #expect(!r.rules.contains("propagation-missing"), "\(r.diagnostics.map(\.formatted))")
        #expect(r.errorRules.isEmpty, "\(r.diagnostics.map(\.formatted))")
    }
}
