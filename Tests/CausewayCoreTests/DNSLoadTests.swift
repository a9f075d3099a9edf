import Testing
@testable import CausewayCore

/// The `dns:` section and a site's `dns_servers`, read in AWS's words.
@Suite struct DNSLoadTests {
    func load(_ text: String) -> LoadResult { Loader.load(text: text, file: "t.yaml") }
    /// The 1-based line of the first line containing `needle`.
    func line(_ text: String, _ needle: String) -> Int? {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }.map { $0 + 1 }
    }

    @Test func s3ModelsTheDocumentsHybridDNS() throws {
        let r = load(Fixtures.example("s3-tgw-bgp-strongswan"))
        #expect(!r.diagnostics.contains { $0.rule == "not-modelled" && $0.message.contains("`dns`") })
        let t = try #require(r.topology)
        let inbound = try #require(t.dns.endpoint("inbound"))
        #expect(inbound.direction == .inbound)
        #expect(inbound.ipAddresses.map(\.ip) == [IPv4Address(10, 0, 1, 250), IPv4Address(10, 0, 2, 250)])
        let rule = try #require(t.dns.rule("anycompany-corp"))
        #expect(rule.domainName == DNSName("anycompany.corp"))
        #expect(rule.ruleType == .forward)
        #expect(rule.targetIPs.map(\.ip) == [IPv4Address(192, 168, 2, 250)])
        #expect(rule.targetIPs.map(\.port) == [53])
        let zone = try #require(t.dns.hostedZones.first)
        #expect(zone.isPrivate && zone.vpcs == ["seoul"])
        #expect(zone.records(named: try #require(DNSName("web1.awsanycompany.corp")), type: .a).first?.addresses == [IPv4Address(10, 0, 10, 10)])
        let server = try #require(t.site("idc")?.dnsServer(at: IPv4Address(192, 168, 2, 250)))
        #expect(server.forwardZones.map(\.name.text) == ["awsanycompany.corp", "ap-northeast-2.compute.internal"])
        #expect(server.zones.first?.records.first?.name.text == "websrv.anycompany.corp")
    }

    /// Route 53 developer guide, "DNS domain name format": a name has at most 253 characters
    /// and each label at most 63.
    @Test func domainNameLimits() {
        #expect(DNSName("Web1.Example.COM.")?.text == "web1.example.com")
        #expect(DNSName(String(repeating: "a", count: 63) + ".com") != nil)
        #expect(DNSName(String(repeating: "a", count: 64) + ".com") == nil)
        let long = Array(repeating: String(repeating: "a", count: 61), count: 4).joined(separator: ".") + ".com"   // 4·62 + 3 = 251
        #expect(DNSName(long) != nil)
        #expect(DNSName("xx" + long + "x") == nil)
        #expect(DNSName("a..b") == nil)
        #expect(DNSName("a b.com") == nil)
        #expect(DNSName("web1.awsanycompany.corp")?.relative(to: DNSName("awsanycompany.corp")!) == "web1")
    }

    @Test func aNameTooLongIsReportedAtItsNode() throws {
        let name = String(repeating: "abcdefghi.", count: 26) + "corp"   // 264 characters
        let text = Fixtures.base + "dns:\n  resolver_rules:\n    r:\n      domain_name: \(name)\n      rule_type: SYSTEM\n"
        let r = load(text)
        let d = try #require(r.diagnostics.first { $0.rule == "invalid-value" && $0.message.contains("at most 253") })
        #expect(d.location.line == line(text, "domain_name:"))
        #expect(d.location.column == 20)
    }

    /// A bad value that stops a read does not turn the keys the reader never reached into
    /// "unknown key" findings; a misspelt key is still named with its suggestion.
    @Test func aStoppedReadReportsOnlyTheRealProblem() throws {
        let name = String(repeating: "abcdefghi.", count: 26) + "corp"
        let text = Fixtures.base + "dns:\n  resolver_rules:\n    r:\n      domain_name: \(name)\n      rule_type: FORWARD\n"
            + "      target_ips: [{ip: 192.168.2.250}]\n      resolver_endpoint: out\n      vpcs: [v]\n"
        let r = load(text)
        #expect(r.diagnostics.filter { $0.severity == .error }.map(\.rule) == ["invalid-value"], "\(r.diagnostics)")
        let typo = load(Fixtures.base + "dns:\n  resolver_rules:\n    r:\n      domian_name: a.corp\n      rule_type: SYSTEM\n      vpcs: [v]\n")
        let unknown = typo.diagnostics.filter { $0.rule == "unknown-key" }
        #expect(unknown.count == 1 && unknown.first?.message.contains("did you mean `domain_name`") == true, "\(typo.diagnostics)")
    }

    @Test func recordsNeedValuesAndTypedValues() throws {
        let text = Fixtures.base + """
        dns:
          hosted_zones:
            example.corp:
              records:
                - {name: a, type: A}
                - {name: b, type: A, values: [not-an-ip]}
                - {name: c.other.corp., type: CNAME, values: [x.example.corp]}

        """
        let r = load(text)
        #expect(r.diagnostics.contains { $0.message.contains("needs `values:`") && $0.location.line == line(text, "{name: a,") })
        #expect(r.diagnostics.contains { $0.message.contains("expected an IPv4 address") && $0.location.line == line(text, "not-an-ip") })
        #expect(r.diagnostics.contains { $0.message.contains("not inside zone") && $0.location.line == line(text, "c.other.corp") })
    }

    @Test func privateZoneNeedsVPCs() throws {
        let r = load(Fixtures.base + "dns:\n  hosted_zones:\n    example.corp: {private: true}\n")
        #expect(r.diagnostics.contains { $0.rule == "invalid-value" && $0.message.contains("needs `vpcs:`") })
    }
}
