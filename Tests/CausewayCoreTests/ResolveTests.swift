import Testing
@testable import CausewayCore

/// The resolve stage decides each effective value once; these pin what it decides for the
/// bundled examples.
@Suite struct ResolveTests {
    func resolved(_ example: String) throws -> ResolvedNetwork {
        let r = Loader.load(text: Fixtures.example(example), file: "\(example).yaml")
        return ResolvedNetwork(try #require(r.topology))
    }

    @Test func s2StaticVGWConnection() throws {
        let n = try resolved("s2-openstack")
        let c = try #require(n.connection("vpn"))
        #expect(c.amazonSide == .vpnGateway("vgw"))
        #expect(c.amazonASN == ASN(64512))
        // S2 narrows its traffic selectors: AWS's side is the remote network CIDR alone.
        #expect(c.awsPrefixes == [IPv4Prefix("10.0.0.0/16")!])
        #expect(c.site == "openstack")
        // `target: vgw` means the VGW attached to the route's VPC.
        let route = try #require(n.topology.vpcs.first?.routeTables.flatMap(\.routes).first { $0.destination == IPv4Prefix("192.168.0.0/20")! })
        #expect(n.target(of: route) == .vpnGateway("vgw"))
    }

    @Test func s3TransitGatewayConnectionAndDeviceASN() throws {
        let n = try resolved("s3-tgw-bgp-strongswan")
        let c = try #require(n.connection("vpn"))
        // Default association: the VPN attachment is associated with the TGW's default table,
        // into which the VPC attachment propagates its CIDR.
        guard case .transitGateway("tgw", attachment: "vpn-attachment", associatedTable: let table?) = c.amazonSide else {
            Issue.record("amazon side: \(c.amazonSide)"); return
        }
        #expect(!table.isEmpty)
        #expect(c.awsPrefixes == [IPv4Prefix("10.0.0.0/16")!])
        // The device gives its own ASN; the customer gateway takes the site's.
        #expect(n.site("idc")?.deviceASN == ASN(65016))
        #expect(c.customerGatewayASN == ASN(65016))
        #expect(c.pingTarget?.name == "web1")
    }

    @Test func aDeviceWithoutConnectionsHasTheDocumentedASN() throws {
        var t = try #require(Loader.load(text: Fixtures.example("s2-openstack"), file: "s2.yaml").topology)
        t.vpnConnections = []
        t.sites = t.sites.map { var s = $0; s.gateway?.asn = nil; return s }
        let n = ResolvedNetwork(t)
        #expect(n.site("openstack")?.deviceASN == ResolvedSite.unconnectedASN)
    }
}
