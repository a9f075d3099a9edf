import CausewayCore
import Testing
@testable import CausewayAWS

/// Apply's view of Route 53 is the description's Route 53 part read back, not a second walk of
/// the topology (issue 13: every AWS decision made once).
@Suite struct DNSDesiredTests {
    /// Every Route 53 and Resolver entry of the description, and nothing else, under the same key
    /// and with the same references, EFS file systems and mount targets included.
    @Test(arguments: ResourceKeyAgreementTests.examples) func applyReadsTheDescriptionsRoute53Part(_ name: String) throws {
        let d = AWSResources(try Topologies.example(name))
        let want = DNSDesired(d)
        #expect(want.keys == Set(d.route53.map(\.key)))
        for fs in want.fileSystems {
            for m in fs.mountTargets {
                guard case .mountTarget(let owner, let subnet, let address, _)? = d.route53(m.key)?.properties else {
                    Issue.record("\(m.key) is not a mount target of the description")
                    continue
                }
                #expect(owner == fs.key && m.subnet == subnet && m.ip == address.description)
            }
        }
        for e in want.endpoints {
            guard case .resolverEndpoint(_, let vpc, let addresses, _)? = d.route53(e.key)?.properties else {
                Issue.record("\(e.key) is not an endpoint of the description")
                continue
            }
            #expect(e.vpc == vpc && e.addresses.map(\.subnet) == addresses.map(\.subnet))
        }
        for r in want.records {
            guard case .recordSet(let zone, _, let check)? = d.route53(r.key)?.properties else {
                Issue.record("\(r.key) is not a record of the description")
                continue
            }
            #expect(r.zone == zone && r.healthCheck == check)
        }
    }

    /// S2's failover pair (Route 53 developer guide, "Active-active and active-passive failover",
    /// section "Active-passive failover": a primary and a secondary record of one name and type,
    /// told apart by set identifier, each with its health check) keeps the health check keys the
    /// description gives, so apply fills in the ids of the checks it created.
    @Test func s2FailoverRecordsNameTheDescriptionsHealthChecks() throws {
        let want = DNSDesired(AWSResources(try Topologies.example("s2-openstack")))
        let failover = want.records.filter { $0.set.failover != nil }
        #expect(failover.map(\.healthCheck) == [Route53Keys.healthCheck("seoul"), Route53Keys.healthCheck("tokyo")])
        #expect(Set(failover.compactMap(\.healthCheck)).isSubset(of: Set(want.checks.map(\.key))))
        #expect(failover.map(\.set.setIdentifier) == ["seoul", "tokyo"])
    }
}
