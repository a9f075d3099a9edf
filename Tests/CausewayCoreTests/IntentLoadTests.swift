import Foundation
import Testing
@testable import CausewayCore

/// `expect:`: how intents are read, and the findings on intents that name nothing or are
/// badly shaped (each at its line).
@Suite struct IntentLoadTests {
    static func with(_ expect: String) -> String {
        Fixtures.base + "expect:\n" + expect
    }

    @Test func readsEveryKind() throws {
        let r = Fixtures.check(Self.with("""
          - reachable: {from: 192.168.2.10, to: 10.0.1.10, protocol: tcp, port: 443}
          - blocked: {from: 10.0.1.10, to: 192.168.2.10, protocol: udp, port: 53}
          - survives: {from: 192.168.2.10, to: 10.0.1.10, failure: vpn/1, at: "2026-12-07T10:00+09:00"}
          - resolves: {name: db.example.corp, from: 10.0.1.10, answer: [192.168.2.10]}

        """))
        #expect(r.errorRules.isEmpty, "\(r.diagnostics.map(\.formatted))")
        let t = try #require(r.topology)
        #expect(t.intents.map(\.verb) == ["reachable", "blocked", "survives", "resolves"])
        #expect(t.intents[0].flow == IntentFlow(from: .address(IPv4Address("192.168.2.10")!), to: .address(IPv4Address("10.0.1.10")!), protocol: .tcp, port: 443))
        guard case .survives(let f, let x) = t.intents[2].kind else { Issue.record("not survives"); return }
        #expect(x == .tunnel(TunnelRef("vpn", 1)))
        #expect(f.at == ISO8601Moment.parse("2026-12-07T01:00Z"))
        #expect(t.intents[3].summary == "resolves db.example.corp from 10.0.1.10 to 192.168.2.10")
        #expect(t.locate(t.intents[1].path).line == t.locate("expect.1").line)
    }

    @Test func endpointsAreWrittenAsTraceTakesThem() {
        #expect(TraceSource("pod:tc-eks/workers") == .pod(cluster: "tc-eks", nodeGroup: "workers", subnet: nil))
        #expect(TraceSource("cvpn:remote-access/alice") == .user("alice", endpoint: "remote-access"))
        for text in ["pod:c/g/s", "user:alice", "cvpn:e/alice", "10.0.0.1", "websrv"] { #expect(TraceSource(text)?.description == text) }
        #expect(TraceSource("pod:c") == nil)
        #expect(TraceDestination("db1") == .named("db1"))
    }

    @Test func badShapesAreInvalidValues() {
        let r = Fixtures.check(Self.with("""
          - reachable: {from: 192.168.2.10, to: 10.0.1.10}
            blocked: {from: 192.168.2.10, to: 10.0.1.10}
          - reachable: {to: 10.0.1.10}
          - reachable: {from: 192.168.2.10, to: 10.0.1.10, port: 80}
          - survives: {from: 192.168.2.10, to: 10.0.1.10}
          - reachabel: {from: 192.168.2.10, to: 10.0.1.10}

        """))
        let lines = Set(r.diagnostics.filter { $0.rule == "invalid-value" }.map(\.location.line))
        let first = Fixtures.base.split(separator: "\n", omittingEmptySubsequences: false).count + 1
        #expect(lines.isSuperset(of: [first, first + 2, first + 3, first + 4]), "\(r.diagnostics.map(\.formatted))")
        #expect(r.diagnostics.contains { $0.rule == "unknown-key" && $0.message.contains("did you mean `reachable`") })
    }

    @Test func namesNothingIsAnErrorAtItsLine() {
        let r = Fixtures.check(Self.with("""
          - reachable: {from: user:alice, to: 10.0.1.10}
          - reachable: {from: pod:c/g, to: 10.0.9.9}
          - survives: {from: 192.168.2.10, to: 10.0.1.10, failure: site:nowhere}

        """))
        let hits = r.diagnostics.filter { $0.rule == IntentChecks.rule.namesNothing.id }
        #expect(hits.count == 4, "\(r.diagnostics.map(\.formatted))")
        #expect(hits.contains { $0.message.contains("no Client VPN endpoint has a user `alice`") })
        #expect(hits.contains { $0.message.contains("10.0.9.9 is inside VPC `app` but in none of its subnets") })
        #expect(hits.contains { $0.message.contains("no site named `nowhere`") })
    }
}
