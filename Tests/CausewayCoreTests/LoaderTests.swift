import Testing
@testable import CausewayCore

@Suite struct LoaderTests {
    func load(_ text: String) -> LoadResult { Loader.load(text: text, file: "t.yaml") }

    @Test func baseLoadsWithDefaultsFilledIn() throws {
        let r = load(Fixtures.base)
        #expect(r.diagnostics.isEmpty)
        let t = try #require(r.topology)
        #expect(t.customerGateways.map(\.name) == ["dc"])          // implicit CGW named after the site
        #expect(t.customerGateways.first?.asn == ASN(65000))
        #expect(t.customerGateways.first?.ipAddress == .v4(IPv4Address(198, 51, 100, 10)))
        let c = try #require(t.vpnConnection("vpn"))
        #expect(c.tunnels.count == 2)
        #expect(c.tunnel(1)?.options.phase1Lifetime == 28800)
        #expect(c.tunnel(2)?.awsInsideAddress == IPv4Address(169, 254, 10, 5))
        let dev = try #require(t.site("dc")?.gateway)
        #expect(dev.tunnels.map(\.mark) == [100, 200])
        #expect(dev.tunnels.map(\.interface) == ["vti1", "vti2"])
        #expect(dev.advertise == t.site("dc")?.cidrs)
    }

    @Test func unknownKeySuggestsTheKnownOne() throws {
        let r = load(try Fixtures.base.replacing1("propagations: [vgw]", "propagation: [vgw]"))
        let d = try #require(r.diagnostics.first { $0.rule == "unknown-key" })
        #expect(d.message.contains("did you mean `propagations`?"))
        #expect(d.location.line == 18)
        #expect(d.location.column == 9)
    }

    @Test func unknownKeyWithoutACloseMatchListsKnownKeys() throws {
        let r = load(try Fixtures.base.replacing1("    cidr: 10.0.0.0/16\n", "    cidr: 10.0.0.0/16\n    zzzzzzzz: 1\n"))
        let d = try #require(r.diagnostics.first { $0.rule == "unknown-key" })
        #expect(d.message.contains("known keys:"))
        #expect(d.message.contains("subnets"))
    }

    @Test func unknownTopLevelSection() throws {
        let r = load(Fixtures.base + "vpn_gateway:\n  x: {vpc: app}\n")
        let d = try #require(r.diagnostics.first { $0.rule == "unknown-key" })
        #expect(d.message.contains("`vpn_gateways`"))
    }

    @Test func wrongTypes() throws {
        let text = try Fixtures.base
            .replacing1("      asn: 65000", "      asn: sixty-five-thousand")
            .replacing1("        main: true", "        main: maybe")
        let r = load(text)
        let invalid = r.diagnostics.filter { $0.rule == "invalid-value" }
        #expect(invalid.count == 2)
        #expect(invalid.contains { $0.message.contains("AS number") && $0.location.line == 8 })
        #expect(invalid.contains { $0.message.contains("true or false") && $0.location.line == 17 })
    }

    @Test func aListWhereAMappingBelongs() throws {
        let r = load(try Fixtures.base.replacing1("    subnets:\n      a: {cidr: 10.0.1.0/24, az: ap-northeast-2a}\n", "    subnets: [a, b]\n"))
        #expect(r.diagnostics.contains { $0.rule == "invalid-value" && $0.message.contains("must map subnet names") && $0.location.line == 13 })
    }

    @Test func badCIDRsAndHostBits() throws {
        let text = try Fixtures.base
            .replacing1("cidrs: [192.168.0.0/16]", "cidrs: [192.168.0.1/16, 192.168.300.0/24, 10.9.9.9]")
        let r = load(text)
        let msgs = r.diagnostics.filter { $0.rule == "invalid-value" }.map(\.message)
        #expect(msgs.contains { $0.contains("host bits set") && $0.contains("write 192.168.0.0/16") })
        #expect(msgs.contains { $0.contains("`192.168.300.0/24` is not a CIDR") })
        #expect(msgs.contains { $0.contains("add a prefix length, e.g. 10.9.9.9/32") })
        #expect(r.diagnostics.allSatisfy { $0.location.line == 5 })
    }

    @Test func reportsEverythingAtOnceInFileOrder() throws {
        let text = try Fixtures.base
            .replacing1("      asn: 65000", "      asn: x")
            .replacing1("propagations: [vgw]", "propagation: [vgw]")
            .replacing1("    routing: bgp\n    tunnels", "    routing: dynamic\n    tunnels")
            .replacing1("inside_cidr: 169.254.10.4/30", "inside_cidr: 169.254.10.5/30")
        let r = load(text)
        #expect(r.topology != nil)
        #expect(r.diagnostics.count == 4)
        #expect(r.diagnostics.map(\.location.line) == [8, 18, 25, 28])
        #expect(r.diagnostics.first { $0.location.line == 25 }?.message.contains("static, bgp") == true)
    }

    @Test func locationsPointAtTheNode() throws {
        let r = load(Fixtures.base)
        let t = try #require(r.topology)
        #expect(t.locate("vpn_connections.vpn.tunnels.1.inside_cidr") == SourceLocation(file: "t.yaml", line: 27, column: 23))
        #expect(t.locate("vpn_connections.vpn.tunnels.2.psk") == SourceLocation(file: "t.yaml", line: 28, column: 40))
        #expect(t.locate("vpcs.app.subnets.a.cidr").line == 14)
        #expect(t.locate("sites.dc.gateway.asn") == SourceLocation(file: "t.yaml", line: 8, column: 12))
        // A block entry points at its key; a default falls back to its owner.
        #expect(t.locate("sites.dc.gateway") == SourceLocation(file: "t.yaml", line: 6, column: 5))
        #expect(t.locate("vpn_connections.vpn.tunnels.1.phase1").line == 27)
    }

    @Test func twoTunnelsExactly() throws {
        let r = load(try Fixtures.base.replacing1("      - {inside_cidr: 169.254.10.4/30, psk: {env: VPN_T2_PSK}}\n", ""))
        #expect(r.diagnostics.contains { $0.rule == "invalid-value" && $0.message.contains("exactly two tunnels") })
        #expect(r.topology?.vpnConnection("vpn")?.tunnels.count == 2)
    }

    @Test func literalPSKIsWarnedAndRedacted() throws {
        let r = load(try Fixtures.base.replacing1("psk: {env: VPN_T1_PSK}", "psk: Key_in_the_file"))
        #expect(r.diagnostics.map(\.rule) == ["secret-in-file"])
        #expect(r.diagnostics.allSatisfy { !$0.message.contains("Key_in_the_file") })
        #expect(r.diagnostics.first?.severity == .warning)
    }

    @Test func fatalInputs() {
        #expect(load("").diagnostics.map(\.rule) == ["file-unreadable"])
        #expect(load("# only a comment\n").diagnostics.map(\.rule) == ["file-unreadable"])
        #expect(load("a: [1, 2").diagnostics.map(\.rule) == ["yaml-syntax"])
        #expect(load("- just\n- a list\n").diagnostics.map(\.rule) == ["invalid-value"])
        #expect(load("a: 1\na: 2\n").diagnostics.map(\.rule) == ["yaml-syntax"])
        #expect(Loader.load(data: [0xff, 0xfe, 0x41], file: "x").diagnostics.first?.message.contains("UTF-8") == true)
        for r in [load(""), load("a: [1, 2")] { #expect(r.isFatal && r.diagnostics.count == 1) }
    }

    @Test func implicitTransitGatewayParts() throws {
        let t = try #require(load(Fixtures.baseTGW).topology)
        let g = try #require(t.transitGateway("tgw"))
        #expect(g.routeTables.map(\.name) == ["default"])
        #expect(g.attachment(forVPN: "vpn")?.implicit == true)
        #expect(g.associatedTable(of: "app-att")?.name == "default")
        #expect(Set(g.defaultRouteTable?.propagations ?? []) == ["app-att", "vpn"])
    }
}

@Suite struct RouteTargetTests {
    func topology(_ text: String) throws -> Topology { try #require(Loader.load(text: text, file: "t.yaml").topology) }

    @Test func shortFormsResolveToTheOnlyOne() throws {
        let t = try topology(Fixtures.base)
        let vpc = try #require(t.vpc("app"))
        #expect(t.resolve(.vpnGateway(""), in: vpc) == .resolved(.vpnGateway("vgw")))
        #expect(t.resolve(.natGateway(""), in: vpc).target == nil)
        #expect(t.resolve(.transitGateway(""), in: vpc).target == nil)
        #expect(t.resolve(.internetGateway, in: vpc).target == nil)
        let withIGW = try topology(try Fixtures.base.replacing1("    cidr: 10.0.0.0/16\n", "    cidr: 10.0.0.0/16\n    internet_gateway: true\n"))
        #expect(withIGW.resolve(.internetGateway, in: try #require(withIGW.vpc("app"))) == .resolved(.internetGateway))
        #expect(t.resolve(.vpcPeering("app"), in: vpc).target == nil)
        let tg = try topology(Fixtures.baseTGW)
        #expect(tg.resolve(.transitGateway(""), in: try #require(tg.vpc("app"))) == .resolved(.transitGateway("tgw")))
    }

    @Test func ambiguityIsReported() throws {
        let text = try Fixtures.base.replacing1("  vgw: {vpc: app}\n", "  vgw: {vpc: app}\n  vgw2: {vpc: app}\n")
        let t = try topology(text)
        guard case .unresolved(let why) = t.resolve(.vpnGateway(""), in: try #require(t.vpc("app"))) else {
            Issue.record("expected ambiguity"); return
        }
        #expect(why.contains("ambiguous") && why.contains("vgw:NAME"))
    }
}
