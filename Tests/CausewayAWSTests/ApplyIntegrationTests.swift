import CausewayCore
import Foundation
import Testing
import CausewayTestSupport
@testable import CausewayAWS

private let credentials = Credentials(accessKeyID: "AKIDMOTO", secretAccessKey: "motosecret")
private let instant = WaitPolicy(pollInterval: .milliseconds(50), timeout: .seconds(10))

private func client(_ endpoint: URL, region: String = "ap-northeast-2", transport: (any HTTPTransport)? = nil,
                    retry: RetryPolicy = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(50))) -> EC2Client {
    EC2Client(credentials: credentials, region: region, endpoint: endpoint,
              transport: transport ?? URLSessionTransport(requestTimeout: 30, resourceTimeout: 60), retry: retry)
}

/// Reads, plans and applies once.
private func apply(_ t: Topology, _ c: EC2Client, secrets: [String: PreSharedKey] = [:]) async throws -> (Plan, Applier.Result) {
    let observed = try await ObservedStateReader(client: c).read(t)
    let plan = Planner(topology: t, observed: observed, secrets: secrets).plan()
    return (plan, await Applier(client: c, topology: t.name, waits: instant).apply(plan))
}

/// Independent describe calls (not the reader's) of what carries the topology's tag.
private struct Census: Equatable {
    var vpcs = 0, subnets = 0, routeTables = 0, igws = 0, vgws = 0, cgws = 0, vpns = 0, tgws = 0, tgwTables = 0, tgwAttachments = 0

    init(_ c: EC2Client, _ topology: String) async throws {
        let tag = [EC2Filter("tag:causeway:topology", topology)]
        let live: (String) -> Bool = { !["deleted", "deleting"].contains($0) }
        vpcs = try await c.describeVpcs(filters: tag).count
        subnets = try await c.describeSubnets(filters: tag).count
        routeTables = try await c.describeRouteTables(filters: tag).filter { $0.tags.contains { $0.key == "causeway:topology" } }.count
        igws = try await c.describeInternetGateways(filters: tag).count
        vgws = try await c.describeVpnGateways(filters: tag).filter { live($0.state) }.count
        cgws = try await c.describeCustomerGateways(filters: tag).filter { live($0.state) }.count
        vpns = try await c.describeVpnConnections(filters: tag).filter { live($0.state) }.count
        tgws = try await c.describeTransitGateways(filters: tag).filter { live($0.state) }.count
        tgwTables = try await c.describeTransitGatewayRouteTables(filters: tag)
            .filter { live($0.state) && $0.tags.contains { $0.key == "causeway:topology" } }.count
        // VPC attachments only: moto's tag filter also matches the VPN connection's attachment.
        tgwAttachments = try await c.describeTransitGatewayAttachments(filters: tag).filter { live($0.state) && $0.resourceType == "vpc" }.count
    }
}

@Suite(.serialized) struct ApplyIntegrationTests {
    /// Plan by outage against moto ("Tunnel endpoint replacements"): the topology's own tags are
    /// added in place (CreateTags); a customer gateway whose ASN changed is planned as a
    /// replacement and its connection's move as both tunnels down (moto 5.2.1 has no
    /// ModifyVpnConnection to apply it: PlanOutageTests covers the requests).
    @Test func tagsAreInPlaceAndACustomerGatewayChangeIsAReplacement() async throws {
        let moto = try await SharedMoto.apply.reset()
        let c = client(moto.endpoint, region: "eu-west-1")
        var yaml = PlanOutageTests.topology.replacingOccurrences(of: "a: {cidr: 10.0.1.0/24, az: eu-west-1a}",
                                                                 with: "a: {cidr: 10.0.1.0/24, az: eu-west-1a, tags: {team: net}}")
        let (first, result) = try await apply(try PlanOutageTests.load(yaml), c)
        #expect(result.failure == nil, "\(result.failure?.description ?? "")")
        let tagStep = try #require(first.steps.first { $0.resource == "tags" })
        #expect(tagStep.key == "subnet/app/a" && tagStep.detail == "team=net" && tagStep.outage == .inPlace)
        let subnet = try #require(try await c.describeSubnets(filters: [EC2Filter("tag:causeway:key", "subnet/app/a")]).first)
        #expect(subnet.tags.contains(ResourceTag("team", "net")))

        yaml = yaml.replacingOccurrences(of: "tags: {team: net}", with: "tags: {team: platform}")
        var t = try PlanOutageTests.load(yaml)
        var plan = Planner(topology: t, observed: try await ObservedStateReader(client: c).read(t)).plan()
        #expect(plan.steps.map(\.summary) == ["~ update tags subnet/app/a (team=platform)"])
        #expect(plan.outageSummary == "1 in place, 0 one tunnel down, 0 both tunnels down, 0 replacement")

        t = try PlanOutageTests.load(yaml.replacingOccurrences(of: "asn: 65000", with: "asn: 65001"))
        plan = Planner(topology: t, observed: try await ObservedStateReader(client: c).read(t)).plan()
        #expect(plan.conflicts.isEmpty, "\(plan.conflicts.map(\.message))")
        #expect(plan.steps.map(\.outage.kind) == [.inPlace, .replacement, .bothTunnelsDown, .inPlace], "\(plan.steps.map(\.summary))")
        #expect(plan.reRender.map(\.customerGateway) == ["dc"])
    }

    @Test func s4ApplyCreatesExactlyTheTopologyThenNoChangesThenDestroyLeavesNothing() async throws {
        let moto = try await SharedMoto.apply.reset()
        let c = client(moto.endpoint)
        let t = try Topologies.example("s4-tgw-segmentation")
        let (plan, result) = try await apply(t, c)
        #expect(result.failure == nil, "\(result.failure?.description ?? "")")
        #expect(result.completed.count == plan.steps.count)

        let census = try await Census(c, t.name)
        #expect(census.vpcs == 2 && census.subnets == 8 && census.routeTables == 4 && census.igws == 2)
        #expect(census.tgws == 1 && census.tgwTables == 3 && census.cgws == 1 && census.vpns == 1 && census.vgws == 0)
        #expect(census.tgwAttachments == 2, "the two VPC attachments carry the tag")

        // The transit gateway side, read back with describe calls of its own.
        let tgw = try #require(try await c.describeTransitGateways(filters: [EC2Filter("tag:causeway:key", "tgw/tgw")]).first)
        #expect(tgw.defaultRouteTableAssociation == "disable" && tgw.defaultRouteTablePropagation == "disable")
        func table(_ name: String) async throws -> CausewayAWS.TransitGatewayRouteTable {
            try #require(try await c.describeTransitGatewayRouteTables(filters: [EC2Filter("tag:causeway:key", "tgw-route-table/tgw/\(name)")])
                .first { $0.tags.contains(ResourceTag("causeway:key", "tgw-route-table/tgw/\(name)")) })
        }
        let attachments = try await c.describeTransitGatewayAttachments(filters: [EC2Filter("transit-gateway-id", tgw.id)])
        let vpcs = try await c.describeVpcs(filters: [EC2Filter("tag:causeway:topology", t.name)])
        let vpcA = try #require(vpcs.first { $0.cidrBlock == "10.10.0.0/16" }), vpcB = try #require(vpcs.first { $0.cidrBlock == "10.20.0.0/16" })
        let attA = try #require(attachments.first { $0.resourceId == vpcA.id })
        let attB = try #require(attachments.first { $0.resourceId == vpcB.id })
        let vpn = try #require(try await c.describeVpnConnections(filters: [EC2Filter("tag:causeway:topology", t.name)]).first)
        #expect(vpn.transitGatewayId == tgw.id)
        let attVPN = try #require(attachments.first { $0.resourceId == vpn.id && $0.resourceType == "vpn" })
        for (name, attachment, routes) in [("tgw-rt-a", attA.id, ["10.30.0.0/16"]), ("tgw-rt-b", attB.id, ["10.30.0.0/16"]),
                                           ("tgw-rt-vpn", attVPN.id, ["10.10.0.0/16", "10.20.0.0/16"])] {
            let rt = try await table(name)
            let associated = try await c.transitGatewayRouteTableAssociations(routeTableId: rt.id).map(\.attachmentId)
            #expect(associated == [attachment], "\(name)")
            let found = try await c.searchTransitGatewayRoutes(routeTableId: rt.id, filters: [EC2Filter("type", "static")]).routes
            #expect(found.map(\.destinationCidrBlock).sorted() == routes, "\(name)")
        }
        let cgw = try #require(try await c.describeCustomerGateways(filters: [EC2Filter("tag:causeway:topology", t.name)]).first)
        #expect(cgw.ipAddress == "3.36.6.148" && cgw.bgpAsn == 65000 && vpn.customerGatewayId == cgw.id)
        let tables = try await c.describeRouteTables(filters: [EC2Filter("tag:causeway:key", "route-table/vpc-a/a-public")])
        let aPublic = try #require(tables.first)
        #expect(aPublic.associations.filter { !$0.main }.count == 2)
        #expect(aPublic.routes.contains { $0.destinationCidrBlock == "10.30.0.0/16" && $0.transitGatewayId == tgw.id })
        #expect(aPublic.routes.contains { $0.destinationCidrBlock == "0.0.0.0/0" && $0.gatewayId?.hasPrefix("igw-") == true })

        // A second apply has nothing to do.
        let (again, second) = try await apply(t, c)
        #expect(again.steps.isEmpty, "\(again.steps.map(\.summary))")
        #expect(second.completed.isEmpty && second.failure == nil)
        #expect(try await Census(c, t.name) == census)

        // Destroy leaves nothing tagged; a second destroy has nothing to do.
        let observed = try await ObservedStateReader(client: c).read(t)
        let destroyed = await Destroyer(client: c, waits: instant).destroy(observed)
        #expect(destroyed.failure == nil, "\(destroyed.failure?.error ?? "")")
        #expect(destroyed.deleted.count == 24)
        let empty = try await Census(c, t.name)
        #expect(empty == (try await Census(c, "no-such-topology")))
        #expect(empty.vpcs == 0 && empty.tgws == 0 && empty.vpns == 0 && empty.tgwTables == 0 && empty.subnets == 0)
        #expect(Destroyer.targets(try await ObservedStateReader(client: c).read(t)).isEmpty)
    }

    @Test func s1StopsAtCreateVpnConnectionRouteAndARerunNeitherDuplicatesNorLoses() async throws {
        let moto = try await SharedMoto.apply.reset()
        let c = client(moto.endpoint)
        let t = try Topologies.example("s1-cloudformation-static")
        let (plan, first) = try await apply(t, c, secrets: ["vpn/1": PreSharedKey("cloudneta"), "vpn/2": PreSharedKey("cloudneta")])
        let failure = try #require(first.failure)
        #expect(failure.step.resource == "vpn-connection-route")
        #expect(failure.error.contains("CreateVpnConnectionRoute is not implemented"))
        #expect(!failure.error.contains("cloudneta"))
        #expect(first.completed.map(\.resource).contains("vpn-connection"))
        #expect(failure.remaining.count == plan.steps.count - first.completed.count - 1)
        let before = try await Census(c, t.name)
        #expect(before.vpcs == 1 && before.subnets == 1 && before.igws == 1 && before.vgws == 1 && before.cgws == 1 && before.vpns == 1)
        #expect(before.routeTables == 1, "the adopted main table carries the tag")
        let vgw = try #require(try await c.describeVpnGateways(filters: [EC2Filter("tag:causeway:topology", t.name)]).first)
        #expect(vgw.attachments.first?.state == "attached")

        let (again, second) = try await apply(t, c)
        #expect(again.steps.first?.resource == "vpn-connection-route", "it continues at the failed step")
        #expect(second.failure?.step.key == failure.step.key)
        #expect(second.completed.isEmpty)
        #expect(try await Census(c, t.name) == before)

        // Destroy after a half-done apply: the main table's subnet association goes, the table stays.
        let destroyed = await Destroyer(client: c, waits: instant).destroy(try await ObservedStateReader(client: c).read(t))
        #expect(destroyed.failure == nil, "\(destroyed.failure?.error ?? "")")
        #expect(destroyed.deleted.count == 7)
        #expect(try await c.describeVpcs(filters: [EC2Filter("tag:causeway:topology", t.name)]).isEmpty)
    }

    @Test func aTransportFailureMidwayIsReportedAndTheNextRunCompletesWithoutDuplicates() async throws {
        let moto = try await SharedMoto.apply.reset()
        let good = client(moto.endpoint)
        let t = try Topologies.example("s4-tgw-segmentation")
        let failing = client(moto.endpoint, transport: FailingOnNthTransport(inner: URLSessionTransport(), failOn: 15), retry: .none)
        let observed = try await ObservedStateReader(client: good).read(t)
        let plan = Planner(topology: t, observed: observed).plan()
        let broken = await Applier(client: failing, topology: t.name, waits: instant).apply(plan)
        let failure = try #require(broken.failure)
        #expect(failure.error.contains("injected failure on call 15"))
        #expect(!broken.completed.isEmpty)

        let (_, rerun) = try await apply(t, good)
        #expect(rerun.failure == nil, "\(rerun.failure?.description ?? "")")
        #expect(rerun.completed.count == plan.steps.count - broken.completed.count)
        let census = try await Census(good, t.name)
        #expect(census.vpcs == 2 && census.subnets == 8 && census.routeTables == 4 && census.tgwTables == 3 && census.vpns == 1)
        let (final, _) = try await apply(t, good)
        #expect(final.steps.isEmpty)
    }

    @Test func aSecondCopyOfAKeyIsAStrayThatApplyDeletes() async throws {
        let moto = try await SharedMoto.apply.reset()
        let c = client(moto.endpoint)
        let t = try Topologies.example("s4-tgw-segmentation")
        _ = try await apply(t, c)
        // A create whose answer was lost and was sent again leaves a second VPC with the same key.
        let extra = try await c.createVpc(cidrBlock: "10.10.0.0/16", tags: LogicalKey.tags(topology: t.name, key: "vpc/vpc-a"))
        let observed = try await ObservedStateReader(client: c).read(t)
        let kept = try #require(observed.vpcs["vpc/vpc-a"]?.id)
        let stray = try #require(observed.strays.first)
        #expect(stray.key == "vpc/vpc-a" && [extra.id, kept].contains(stray.id) && stray.id != kept)
        let (plan, result) = try await apply(t, c)
        #expect(plan.steps.map(\.action) == [.delete])
        #expect(result.failure == nil)
        #expect(try await Census(c, t.name).vpcs == 2)
    }

    @Test func aClosedPortIsAClearTransportError() async throws {
        let port = try freeTCPPort()
        let c = client(URL(string: "http://127.0.0.1:\(port)")!, retry: .none)
        let t = try Topologies.example("s4-tgw-segmentation")
        do {
            _ = try await ObservedStateReader(client: c).read(t)
            Issue.record("reading from a closed port succeeded")
        } catch let error as EC2Error {
            guard case .transport(let action, let e) = error else { Issue.record("\(error)"); return }
            #expect(action == "DescribeVpcs")
            #expect(e.kind == .connectionRefused)
            #expect("\(error)".contains("connection refused by http://127.0.0.1:\(port)"))
        }
    }

    @Test func factsAfterApplyComeFromTheConnectionsConfiguration() async throws {
        let moto = try await SharedMoto.apply.reset()
        let c = client(moto.endpoint)
        let t = try Topologies.example("s4-tgw-segmentation")
        let (_, result) = try await apply(t, c)
        let collected = try await FactsCollector(client: c).collect(t, ids: result.ids)
        #expect(collected.problems.isEmpty)
        let facts = try #require(collected.facts.first)
        #expect(facts.connection == "vpn" && facts.vpnConnectionId == result.ids["vpn/vpn"])
        #expect(facts.tunnels.count == 2)
        #expect(collected.keys.keys.sorted() == ["vpn/1", "vpn/2"])
        // moto's document is a fixed template (moto 5.2.1's CustomerGatewayConfiguration template): its outside address is 12.1.2.3.
        #expect(facts.tunnels.allSatisfy { IPv4Address($0.awsOutsideIP) != nil })
    }
}
