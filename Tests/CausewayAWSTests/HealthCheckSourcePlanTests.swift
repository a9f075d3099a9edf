import CausewayCore
import Foundation
import Testing
@testable import CausewayAWS

/// Apply does not create health check sources (Route 53 API reference, CreateHealthCheckSource;
/// moto 5.2.1 has none), nor the PRIVATE checks that run from them: each is a `plan-not-applied`
/// note at its node, never a silent skip; a PUBLIC check is planned as before.
@Suite struct HealthCheckSourcePlanTests {
    static let yaml = """
        name: private-checks
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
          public:
            type: HTTP
            ip_address: 203.0.113.80
          private:
            type: TCP
            ip_address: 10.0.1.10
            port: 80
            endpoint_type: PRIVATE
            health_check_source: checkers
        """

    @Test func sourcesAndPrivateChecksAreNotesPublicChecksSteps() throws {
        let r = Loader.load(text: Self.yaml, file: "private-checks.yaml")
        let t = try #require(r.topology, "\(r.diagnostics.map(\.formatted))")
        let plan = Planner(topology: t, observed: ObservedState()).plan()
        let dns = plan.steps.filter { $0.key.hasPrefix("dns/") }.map(\.key)
        #expect(dns == [Route53Keys.healthCheck("public")], "\(dns)")
        let notes = plan.notes.filter { $0.rule == PlanRules.notApplied.id && $0.message.hasPrefix("dns/health-check") }
        #expect(notes.map { String($0.message.prefix { $0 != ":" }) } == [Route53Keys.healthCheckSource("checkers"), Route53Keys.healthCheck("private")], "\(notes.map(\.message))")
        #expect(notes.allSatisfy { $0.severity == .note && $0.location.line > 1 })
    }
}
