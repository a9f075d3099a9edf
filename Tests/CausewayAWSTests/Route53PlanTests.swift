import CausewayCore
import Foundation
import Testing
@testable import CausewayAWS

/// S3's Route 53 Resolver endpoints, rule, association, private zone and records are in the one
/// AWS resource description; apply does not manage them yet, so the plan notes each one.
@Suite struct Route53PlanTests {
    @Test func s3PlanNotesEveryDNSResourceAsNotApplied() throws {
        let t = try Topologies.example("s3-tgw-bgp-strongswan")
        let d = AWSResources(t)
        #expect(d.route53.map(\.kind) == [.resolverEndpoint, .resolverEndpoint, .resolverRule, .resolverRuleAssociation, .hostedZone, .recordSet, .recordSet])
        let plan = Planner(topology: t, observed: ObservedState()).plan()
        let notes = plan.notes.filter { $0.rule == "plan-not-applied" && $0.message.hasPrefix("dns/") }
        #expect(notes.count == d.route53.count)
        #expect(notes.contains { $0.message.contains("AWS::Route53Resolver::ResolverEndpoint") && $0.location.line > 1 })
        #expect(!plan.steps.contains { $0.key.hasPrefix("dns/") })
    }
}
