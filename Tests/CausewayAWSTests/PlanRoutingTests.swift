import CausewayCore
import Foundation
import CausewayTestSupport
import Testing
@testable import CausewayAWS

/// Apply creates customer-managed prefix lists (CreateManagedPrefixList); routes to them and
/// peerings are in the AWS resource description but not applied yet: the plan says so for each
/// one, as a `plan-not-applied` note at its topology node, and never skips one silently.
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
        let create = try #require(plan.steps.first { $0.key == "prefix-list/shared-nets" })
        #expect(create.action == .create && create.resource == "prefix-list" && create.detail == "1 of 5 entries")
        #expect(plan.steps.first?.key == "prefix-list/shared-nets", "created first: routes refer to it")
        for what in ["route to prefix list `shared-nets`", "VPC peering `app-shared`",
                     "transit gateway peering attachment `east-west` of tgw/east", "transit gateway peering attachment `east-west` of tgw/west",
                     "route 10.0.0.0/16 → pcx:app"] {
            #expect(notes.contains { $0.contains(what) }, "no note for \(what): \(notes)")
        }
        let note = try #require(plan.notes.first { $0.message.hasPrefix("VPC peering") })
        #expect(note.location == t.locate(t.vpcPeerings[0].path))
        // Nothing of them is a step.
        #expect(!plan.steps.contains { $0.key.hasPrefix("vpc-peering/") || $0.key.contains("/pl:") })
    }
}

/// Against moto (5.2.1 has CreateManagedPrefixList): apply creates the tagged prefix list with
/// its entries, a second plan has nothing to do for it, destroy deletes it.
@Suite(.serialized) struct PrefixListApplyTests {
    static let yaml = """
    name: prefix-lists
    region: us-east-1
    prefix_lists:
      corp:
        max_entries: 4
        entries:
          - {cidr: 192.168.0.0/16, description: data centre}
          - 172.16.0.0/12
    vpcs:
      app:
        cidr: 10.0.0.0/16
        subnets:
          a: {cidr: 10.0.1.0/24, az: us-east-1a}

    """

    @Test func applyCreatesThenNothingThenDestroyDeletes() async throws {
        let t = try #require(Loader.load(text: Self.yaml, file: "prefix-lists.yaml").topology)
        try await MotoServer.with { moto in
            let c = EC2Client(credentials: Credentials(accessKeyID: "AKIDMOTO", secretAccessKey: "motosecret"), region: "us-east-1",
                              endpoint: moto.endpoint, transport: URLSessionTransport(requestTimeout: 30, resourceTimeout: 60),
                              retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(50)))
            let waits = WaitPolicy(pollInterval: .milliseconds(50), timeout: .seconds(10))
            let plan = Planner(topology: t, observed: try await ObservedStateReader(client: c).read(t)).plan()
            #expect(plan.steps.first?.key == "prefix-list/corp")
            let result = await Applier(client: c, topology: t.name, waits: waits).apply(plan)
            #expect(result.failure == nil, "\(result.failure?.description ?? "")")

            let found = try await c.describeManagedPrefixLists(filters: [EC2Filter("tag:causeway:key", "prefix-list/corp")])
            let pl = try #require(found.first)
            #expect(found.count == 1 && pl.name == "corp" && pl.maxEntries == 4 && pl.addressFamily == "IPv4", "\(found)")

            let observed = try await ObservedStateReader(client: c).read(t)
            #expect(observed.prefixLists["prefix-list/corp"]?.id == pl.id)
            let again = Planner(topology: t, observed: observed).plan()
            #expect(!again.steps.contains { $0.key == "prefix-list/corp" }, "\(again.steps.map(\.summary))")

            let destroyed = await Destroyer(client: c, waits: waits).destroy(observed)
            #expect(destroyed.failure == nil, "\(destroyed.failure?.error ?? "")")
            #expect(try await ObservedStateReader(client: c).read(t).prefixLists.isEmpty)
        }
    }
}
