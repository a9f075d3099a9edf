import Testing
@testable import CausewayCore

/// A transit gateway connection with IPv6 outer tunnel addresses, valid as AWS accepts it.
enum IPv6OuterFixtures {
    static func valid(tunnel1: String = "") throws -> String {
        try Fixtures.baseTGW
            .replacing1("public_ip: 198.51.100.10", "public_ip: 2001:db8:51::10")
            .replacing1("    routing: bgp\n    tunnels:", "    routing: bgp\n    outside_ip_address_type: Ipv6\n    tunnels:")
            .replacing1("psk: {env: VPN_T1_PSK}}", "psk: {env: VPN_T1_PSK}\(tunnel1)}")
    }
}

@Suite struct IPv6AddressTests {
    /// RFC 5952 section 4: lowercase, no leading zeros, the longest zero run (first of equals)
    /// as `::`, a single zero group written `0`.
    @Test(arguments: [
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("2001:DB8::1", "2001:db8::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
        ("::", "::"), ("::1", "::1"), ("1::", "1::"),
        ("0:0:0:0:0:ffff:c000:0201", "::ffff:192.0.2.1"),
        ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"),
        ("2600:1f18:0abc:0000:0000:0000:0000:0010", "2600:1f18:abc::10"),
    ])
    func canonicalForm(_ input: String, _ canonical: String) throws {
        let a = try #require(IPv6Address(input))
        #expect(a.description == canonical)
        #expect(IPv6Address(canonical) == a, "the canonical form parses back")
    }

    @Test(arguments: ["", ":", ":::", "1:::2", "1::2::3", "12345::", "g::1", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
                      "1:2:3:4:5:6:7::8", "::1.2.3", "1.2.3.4", "::1.2.3.4:5", "fe80::1%eth0", "[::1]", "2001:db8::/32",
                      " ::1", "::01.2.3.4", "1:2:3:4:5:6:7:8:", ":1:2:3:4:5:6:7:8", "::ffff:256.0.0.1", "２００１::1"])
    func rejects(_ text: String) {
        #expect(IPv6Address(text) == nil, "\(text)")
    }

    /// Random group lists round-trip through the canonical form; random strings never crash.
    @Test func roundTripAndFuzz() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let groups = (0..<8).map { _ in [0, 0, 0, 1, 0xffff, UInt16.random(in: 0...0xffff, using: &rng)].randomElement(using: &rng)! }
            let a = IPv6Address(groups: groups)
            #expect(IPv6Address(a.description) == a, "\(groups) → \(a)")
            #expect(a.groups == groups)
        }
        let alphabet = Array("0123456789abcdefABCDEF:.:%/ g")
        for _ in 0..<5000 {
            let s = String((0..<Int.random(in: 0...48, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            if let a = IPv6Address(s) { #expect(IPv6Address(a.description) == a, "\(s)") }
        }
    }

    @Test func outerAddressPicksTheFamily() {
        #expect(OuterAddress("198.51.100.10") == .v4(IPv4Address(198, 51, 100, 10)))
        #expect(OuterAddress("2001:db8:51::10")?.isIPv6 == true)
        #expect(OuterAddress("2001:db8:51::10")?.hostPrefixLength == 128)
        #expect(OuterAddress("host.example") == nil)
        #expect(IPv6Address("2600:1f18::1")!.isGlobalUnicast && !IPv6Address("fd00::1")!.isGlobalUnicast && !IPv6Address("fe80::1")!.isGlobalUnicast)
    }
}

/// IPv6 outer tunnel addresses as AWS describes them.
@Suite struct IPv6OuterCheckTests {
    /// "Customer gateway options for your Site-to-Site VPN connection" (cgw-options.html): the
    /// device's address is static, IPv4 or IPv6; IPv6 only for connections on a transit gateway
    /// or Cloud WAN. "IPv4 and IPv6 traffic" (ipv4-ipv6.html): outer addresses `Ipv6`.
    @Test func anIPv6CustomerGatewayOnATransitGatewayWithIpv6OuterAddressesIsAccepted() throws {
        let r = Fixtures.check(try IPv6OuterFixtures.valid(tunnel1: ", outside_ip: 2600:1f18:1::33"))
        #expect(r.errorRules.isEmpty, "\(r.diagnostics.map(\.formatted))")
        let t = try #require(r.topology)
        #expect(t.sites[0].gateway?.publicIP == OuterAddress("2001:db8:51::10"))
        #expect(t.vpnConnections[0].tunnel(1)?.outsideIP?.description == "2600:1f18:1::33")
        let ips: [OuterAddress?] = AWSResources(t).resources.compactMap { if case .customerGateway(let ip, _, _) = $0.properties { ip } else { nil } }
        #expect(ips == [OuterAddress("2001:db8:51::10")], "the customer gateway resource carries the IPv6 address")
    }

    /// cgw-options.html, "IPv6 customer gateway options": IPv6 only on a transit gateway (or
    /// Cloud WAN); how_it_works.html: a virtual private gateway does not support IPv6.
    @Test func anIPv6CustomerGatewayOnAVirtualPrivateGatewayIsRefused() throws {
        let text = try Fixtures.base.replacing1("public_ip: 198.51.100.10", "public_ip: 2001:db8:51::10")
        let r = Fixtures.check(text)
        #expect(r.errorRules.contains("cgw-ipv6-outside-ipv4"), "\(r.diagnostics.map(\.formatted))")
        let both = Fixtures.check(try RuleTests.connection("    outside_ip_address_type: Ipv6\n", text))
        #expect(both.errorRules == ["outside-ipv6-needs-tgw"], "\(both.diagnostics.map(\.formatted))")
    }

    /// cgw-options.html: NAT in front of the device is described for IPv4 addresses only.
    @Test func aPrivateAddressBesideAnIPv6PublicAddressIsRefused() throws {
        let text = try IPv6OuterFixtures.valid().replacing1("      asn: 65000\n", "      asn: 65000\n      private_ip: 10.9.0.10\n")
        #expect(Fixtures.check(text).errorRules == ["outside-ip-family"])
    }

    @Test func aWrongAddressIsALoadErrorThatNamesBothFamilies() throws {
        let r = Fixtures.check(try Fixtures.baseTGW.replacing1("public_ip: 198.51.100.10", "public_ip: 2001:db8::1::2"))
        #expect(r.diagnostics.contains { $0.message.contains("IPv6 address like") }, "\(r.diagnostics.map(\.formatted))")
    }
}
