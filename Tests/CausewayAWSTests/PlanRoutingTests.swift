import CausewayCore
import Foundation
import Testing
@testable import CausewayAWS

/// Prefix lists and peerings are in the AWS resource description, but apply does not create
/// them yet: the plan says so for each one, as a `plan-not-applied` note at its topology node,
/// and never skips one silently; a VPC route to a peering is not applied either.
@Suite struct PlanRoutingTests {
    static let yaml = """
    name: plan-routing
    region: us-east-1
    prefix_lists:
      shared-nets: {max_entries: 5, entries: [10.1.0.0/16]}
    vpcs:
      app:
        cidr: 10.0.0.0/16
        subnets:
          a: {cidr: 10.0.1.0/24, az: us-east-1a}
        route_tables:
          main:
            main: true
            routes:
              - {prefix_list: shared-nets, target: pcx:shared}
      shared:
        cidr: 10.1.0.0/16
        subnets:
          a: {cidr: 10.1.1.0/24, az: us-east-1a}
        route_tables:
          main: {main: true, routes: [{destination: 10.0.0.0/16, target: pcx:app}]}
    vpc_peerings:
      app-shared: {vpc: app, peer_vpc: shared}
    transit_gateways:
      east: {}
      west: {region: us-west-2, asn: 64513}
    transit_gateway_peerings:
      east-west: {transit_gateway: east, peer_transit_gateway: west}

    """

    @Test func everyUnmanagedResourceIsANote() throws {
        let r = Loader.load(text: Self.yaml, file: "plan-routing.yaml")
        let t = try #require(r.topology, "\(r.diagnostics.map(\.formatted))")
        let plan = Planner(topology: t, observed: ObservedState()).plan()
        #expect(plan.conflicts.isEmpty, "\(plan.conflicts.map(\.formatted))")
        let notes = plan.notes.filter { $0.rule == "plan-not-applied" }.map(\.message)
        for what in ["prefix list `shared-nets`", "route to prefix list `shared-nets`", "VPC peering `app-shared`",
                     "transit gateway peering attachment `east-west` of tgw/east", "transit gateway peering attachment `east-west` of tgw/west",
                     "route 10.0.0.0/16 → pcx:app"] {
            #expect(notes.contains { $0.contains(what) }, "no note for \(what): \(notes)")
        }
        let note = try #require(plan.notes.first { $0.message.hasPrefix("VPC peering") })
        #expect(note.location == t.locate(t.vpcPeerings[0].path))
        // Nothing of them is a step.
        #expect(!plan.steps.contains { $0.key.hasPrefix("prefix-list/") || $0.key.hasPrefix("vpc-peering/") || $0.key.contains("/pl:") })
    }
}
