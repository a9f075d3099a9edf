import CausewayCore
@testable import CausewaySim
import Foundation
import Testing

/// `expect:` intents on the simulator: each example's intents hold (the outcomes its document
/// reports), and a wrong one fails naming the drop and where.
@Suite struct IntentTests {
    static let examples = ["s0", "s1", "s2", "s3", "s4", "s5", "s6"]

    @Test(arguments: examples)
    func everyExampleIntentHolds(_ prefix: String) throws {
        let t = try example(prefix)
        #expect(!t.intents.isEmpty, "\(prefix) carries no expect: section")
        let r = Simulation(topology: t).evaluateIntents()
        for o in r.outcomes { #expect(o.holds, "\(prefix) \(o.intent.summary): \(o.outcome)") }
        #expect(!r.hasErrors)
    }

    /// S4 keeps VPC A and VPC B apart: each VPC's TGW route table holds only the on-premises
    /// prefix (AWS Transit Gateway guide, "Transit gateway route tables": a packet is routed by
    /// the route table associated with its attachment). An intent that A reaches B fails at A's
    /// own route table, whose only TGW route is the on-premises prefix.
    @Test func aWrongIntentFailsNamingTheDrop() throws {
        var t = try example("s4")
        t.intents = [Intent(path: "expect.0.reachable", kind: .reachable(IntentFlow(from: .named("private-ec2-a"), to: .named("private-ec2-b"))))]
        let o = try #require(Simulation(topology: t).evaluateIntents().outcomes.first)
        #expect(!o.holds)
        #expect(o.trace?.reason == .noRoute)
        #expect(o.outcome.hasPrefix("dropped: no-route at vpc-a/a-private"), "\(o.outcome)")
    }

    /// S6's two customer gateways (AWS Site-to-Site VPN user guide, "Site-to-Site VPN redundant
    /// connections"; "Route tables and Site-to-Site VPN route priority": the shorter AS_PATH wins,
    /// the other device's routes remain): with dc1's device lost, dc2's flow still has its reply.
    @Test func survivesAddsItsFailureToTheSimulation() throws {
        let t = try example("s6")
        let flow = IntentFlow(from: .named("app2"), to: .named("web1"))
        let o = Simulation(topology: t).evaluate(Intent(path: "x", kind: .survives(flow, failure: .site("dc1"))))
        #expect(o.holds, "\(o.outcome)")
        #expect(o.trace?.failures == [.site("dc1")])
        // Losing both of dc2's tunnels leaves dc2's hosts without a way to AWS.
        let lost = Simulation(topology: t).evaluate(Intent(path: "x", kind: .survives(flow, failure: .connection("vpn-dc2"))))
        #expect(!lost.holds, "\(lost.outcome)")
    }

    /// A blocked intent fails when the flow goes through, and says it was not blocked.
    @Test func blockedFailsWhenTheFlowIsReachable() throws {
        let t = try example("s4")
        let o = Simulation(topology: t).evaluate(Intent(path: "x", kind: .blocked(IntentFlow(from: .named("private-ec2-a"), to: .address(ip("10.30.12.85"))))))
        #expect(!o.holds)
        #expect(o.outcome.hasPrefix("not blocked: reachable via vpn/1"), "\(o.outcome)")
    }

    /// S2's failover record (Route 53 developer guide, "Active-active and active-passive failover", section
    /// Active-passive failover: the secondary
    /// answers while the primary's health check fails): a resolves intent with `failure:
    /// health:seoul` expects Tokyo; expecting Seoul then fails and names both answers.
    @Test func resolvesComparesTheAnswer() throws {
        let t = try example("s2")
        let name = try #require(DNSName("gslb.skk2022.shop"))
        let wrong = Intent(path: "x", kind: .resolves(name: name, from: .named("web"), answer: [ip("203.0.113.80")], failure: .healthCheck("seoul")))
        let o = Simulation(topology: t).evaluate(wrong)
        #expect(!o.holds)
        #expect(o.outcome == "answer 203.0.113.90; expected 203.0.113.80", "\(o.outcome)")
    }

    /// An endpoint the simulator cannot place is an error of the input, not a failed intent.
    @Test func anUnplaceableEndpointIsAnError() throws {
        let t = try example("s4")
        let o = Simulation(topology: t).evaluate(Intent(path: "x", kind: .reachable(IntentFlow(from: .named("nobody"), to: .named("private-ec2-a")))))
        #expect(!o.holds)
        #expect(o.error?.contains("`nobody` is neither an address nor a host") == true)
    }
}
