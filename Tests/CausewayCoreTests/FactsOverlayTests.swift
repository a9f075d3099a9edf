import Testing
@testable import CausewayCore

@Suite struct FactsOverlayTests {
    static func tunnel(_ i: Int, outside: String, inside: String) -> ConnectionFacts.TunnelFacts {
        .init(index: i, awsOutsideIP: outside, customerOutsideIP: "198.51.100.20", insideCIDR: inside, awsInsideAddress: "",
              customerInsideAddress: "", ikeEncryption: "aes-128-cbc", ikeIntegrity: "sha1", ikeGroup: "group2",
              ikeLifetimeSeconds: 28800, ipsecEncryption: "aes-128-cbc", ipsecIntegrity: "hmac-sha1-96", ipsecGroup: "group2",
              ipsecLifetimeSeconds: 3600)
    }

    @Test func deployedValuesReplaceTheFilesAndAreListed() throws {
        let t = try #require(Loader.load(text: Fixtures.example("s1-cloudformation-static"), file: "s1.yaml").topology)
        let facts = DeployedFacts(topology: t.name, connections: [ConnectionFacts(
            connection: "vpn", vpnConnectionId: "vpn-1", customerGatewayId: "cgw-1", vpnGatewayId: "vgw-1",
            tunnels: [Self.tunnel(1, outside: "203.0.113.33", inside: "169.254.20.8/30"),
                      Self.tunnel(2, outside: "52.78.39.233", inside: "169.254.60.4/30")])])
        let (overlaid, changes) = FactsOverlay.apply(facts, to: t)
        let vpn = try #require(overlaid.vpnConnection("vpn"))
        #expect(vpn.tunnel(1)?.outsideIP == OuterAddress("203.0.113.33"))
        #expect(vpn.tunnel(1)?.insideCIDR == IPv4Prefix("169.254.20.8/30"))
        #expect(vpn.tunnel(2)?.outsideIP == OuterAddress("52.78.39.233"))
        #expect(changes.map(\.description) == [
            "vpn/1 outside address: 203.0.113.33 from AWS (the topology says 3.36.210.63)",
            "vpn/1 inside CIDR: 169.254.20.8/30 from AWS (the topology says 169.254.60.0/30)",
        ])
    }

    @Test func changedOutsideAddressesAreNamed() {
        let old = DeployedFacts(topology: "x", connections: [ConnectionFacts(connection: "vpn", vpnConnectionId: "vpn-1", customerGatewayId: nil,
            vpnGatewayId: nil, tunnels: [Self.tunnel(1, outside: "3.36.210.63", inside: "169.254.60.0/30")])])
        var new = old
        new.set(ConnectionFacts(connection: "vpn", vpnConnectionId: "vpn-2", customerGatewayId: nil, vpnGatewayId: nil,
                                tunnels: [Self.tunnel(1, outside: "43.200.1.1", inside: "169.254.60.0/30")]))
        #expect(new.outsideAddressChanges(since: old).map(\.description) == ["vpn/1: AWS outside address 3.36.210.63 → 43.200.1.1"])
        #expect(new.outsideAddressChanges(since: nil).isEmpty)
        #expect(old.outsideAddressChanges(since: old).isEmpty)
    }
}
