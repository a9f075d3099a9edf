import Testing
@testable import CausewayCore
@testable import CausewaySim

/// Route 53's choice between a failover pair (S2: Seoul primary, Tokyo secondary).
@Suite struct FailoverAnswerTests {
    static let seoul = FailoverRouting(setIdentifier: "seoul", role: .primary, healthCheck: "seoul-web")
    static let tokyo = FailoverRouting(setIdentifier: "tokyo", role: .secondary, healthCheck: "tokyo-web")

    /// Route 53 developer guide, "Active-active and active-passive failover" (Active-passive
    /// failover): only the healthy primary answers while it is healthy.
    @Test func healthyPrimaryAnswers() {
        let c = FailoverAnswer.choose([Self.tokyo, Self.seoul], unhealthy: [])
        #expect(c == .init(routing: Self.seoul, reason: .primaryHealthy))
    }

    /// Same page: when the primary is unhealthy Route 53 answers with the healthy secondary
    /// (S2's test: stopping HA-seoul moves gslb.skk2022.shop to Tokyo).
    @Test func unhealthyPrimaryMovesTheAnswerToTheSecondary() {
        let c = FailoverAnswer.choose([Self.seoul, Self.tokyo], unhealthy: ["seoul-web"])
        #expect(c == .init(routing: Self.tokyo, reason: .primaryUnhealthy))
    }

    /// Route 53 API reference, ResourceRecordSet HealthCheckId, and developer guide, "How Amazon
    /// Route 53 chooses records when health checking is configured": with every record of the
    /// group unhealthy Route 53 counts them all healthy, so the primary answers; a record with
    /// no health check is always healthy.
    @Test func allUnhealthyFallsBackToThePrimaryAndNoCheckMeansHealthy() {
        #expect(FailoverAnswer.choose([Self.seoul, Self.tokyo], unhealthy: ["seoul-web", "tokyo-web"])?.reason == .allUnhealthy)
        let unchecked = FailoverRouting(setIdentifier: "tokyo", role: .secondary)
        #expect(FailoverAnswer.choose([Self.seoul, unchecked], unhealthy: ["seoul-web", "tokyo-web"])?.routing == unchecked)
        #expect(FailoverAnswer.choose([], unhealthy: []) == nil)
    }

    /// S2 (Route 53 developer guide, "Active-active and active-passive failover"): gslb.skk2022.shop
    /// answers Seoul; with Seoul's health check failed (`--fail health:seoul`, the document's
    /// stopped HA-seoul VM) it answers Tokyo, within interval × threshold (30 s × 3).
    @Test func s2AnswersSeoulThenTokyo() throws {
        let t = try example("s2-")
        let normal = try #require(FailoverAnswer.answers(in: t).first)
        #expect(normal.name.text == "gslb.skk2022.shop" && normal.type == .a)
        #expect(normal.values == [.ipv4(ip("203.0.113.80"))] && normal.choice.reason == .primaryHealthy)
        let failed = try #require(FailoverAnswer.answers(in: t, failures: [try Failure.parse("health:seoul", in: t)]).first)
        #expect(failed.values == [.ipv4(ip("203.0.113.90"))] && failed.choice.routing.setIdentifier == "tokyo" && failed.choice.reason == .primaryUnhealthy)
        let group = try #require(t.dns.hostedZones.first).records.compactMap(\.failover)
        #expect(FailoverAnswer.secondsToFailover(group, in: t) == 90)
        #expect(throws: FailureError.self) { try Failure.parse("health:osaka", in: t) }
    }
}
