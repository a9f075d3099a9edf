import CausewayCore
import Testing
@testable import CausewayAWS
@testable import CausewayRender

/// The planner, the observed-state reader, Terraform and CloudFormation take their resources
/// from one description (`AWSResources`): for every example they name the same keys.
@Suite struct ResourceKeyAgreementTests {
    static let examples = ["s0-eks-onprem-db", "s1-cloudformation-static", "s2-openstack", "s3-tgw-bgp-strongswan", "s4-tgw-segmentation", "s5-dx-vpn-backup"]

    @Test(arguments: examples) func everyConsumerSeesTheDescriptionsKeys(_ name: String) throws {
        let t = try Topologies.example(name)
        let d = AWSResources(t)
        let keys = Set(d.keys)
        let tagged = Set(d.tagged.map(\.key))

        // The reader knows exactly the tagged resources of the description.
        #expect(DesiredKeys(d).keys == tagged)

        // Against an empty account the planner touches only described keys, and creates (or
        // adopts) every tagged resource but the TGW attachments AWS makes with a VPN connection.
        let plan = Planner(resources: d, observed: ObservedState()).plan()
        #expect(plan.conflicts.isEmpty)
        let planned = Set(plan.steps.map(\.key))
        #expect(planned.isSubset(of: keys.union(d.route53.map(\.key)).union(d.clientVPN.map(\.key))), "\(planned.subtracting(keys).sorted())")
        let made = Set(plan.steps.filter { $0.action == .create || $0.action == .adopt }.map(\.key))
        #expect(made.intersection(tagged) == tagged.subtracting(d.all(.tgwVPNAttachment).map(\.key)))

        // The templates print only described resources, and every one the planner creates.
        var tf = TerraformBuilder(t: t)
        try tf.build()
        var cfn = CloudFormationBuilder(t: t)
        try cfn.build()
        for (target, printed) in [("terraform", Set(tf.printed)), ("cloudformation", Set(cfn.printed))] {
            #expect(printed.isSubset(of: keys), "\(target): \(printed.subtracting(keys).sorted())")
            let created = Set(plan.steps.filter { $0.action == .create }.map(\.key)).intersection(tagged)
            #expect(created.isSubset(of: printed), "\(target) lacks \(created.subtracting(printed).sorted())")
        }
    }
}
