import Testing
@testable import CausewayCore
@testable import CausewaySim

/// A PRIVATE health check (Route 53 developer guide, "Private endpoint health checks": when the
/// endpoint is unhealthy the check marks its records unhealthy and Route 53 answers with the
/// healthy ones) fails over like a PUBLIC one: `--fail health:NAME` moves the answer.
@Suite struct PrivateHealthCheckFailoverTests {
    static let yaml = """
        name: private-failover
        region: ap-northeast-2
        vpcs:
          hub:
            cidr: 10.0.0.0/16
            subnets:
              a: {cidr: 10.0.1.0/24, az: ap-northeast-2a}
              b: {cidr: 10.0.3.0/24, az: ap-northeast-2b}
              c: {cidr: 10.0.2.0/24, az: ap-northeast-2c}
        health_check_sources:
          checkers:
            vpc: hub
            subnets:
              a: {}
              b: {}
              c: {}
        health_checks:
          app:
            type: TCP
            ip_address: 10.0.1.10
            port: 80
            endpoint_type: PRIVATE
            health_check_source: checkers
        dns:
          hosted_zones:
            internal.example:
              private: true
              vpcs: [hub]
              records:
                - {name: app, type: A, values: [10.0.1.10], set_identifier: a, failover: PRIMARY, health_check: app}
                - {name: app, type: A, values: [10.0.2.10], set_identifier: c, failover: SECONDARY}
        """

    @Test func failingThePrivateCheckMovesTheAnswer() throws {
        let t = try topology(Self.yaml)
        let healthy = try #require(FailoverAnswer.answers(in: t).first)
        #expect(healthy.values.map(\.description) == ["10.0.1.10"])
        let failure = try Failure.parse("health:app", in: t)
        let failed = try #require(FailoverAnswer.answers(in: t, failures: [failure]).first)
        #expect(failed.values.map(\.description) == ["10.0.2.10"] && failed.choice.routing.role == .secondary)
    }
}
