import CausewayCore
import Foundation
import Testing
import CausewayTestSupport
@testable import CausewayAWS

private let credentials = Credentials(accessKeyID: "AKIDMOTO", secretAccessKey: "motosecret")
private let instant = WaitPolicy(pollInterval: .milliseconds(50), timeout: .seconds(10))

private func client(_ endpoint: URL) -> EC2Client {
    EC2Client(credentials: credentials, region: "ap-northeast-2", endpoint: endpoint,
              transport: URLSessionTransport(requestTimeout: 30, resourceTimeout: 60), retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(50)))
}

private func apply(_ t: Topology, _ c: EC2Client) async throws -> (Plan, Applier.Result) {
    var plan = Planner(topology: t, observed: try await ObservedStateReader(client: c).read(t)).plan()
    plan.steps.removeAll(where: \.isClientVPN)  // moto has no Client VPN calls: ClientVPNApplyTests
    return (plan, await Applier(client: c, topology: t.name, waits: instant).apply(plan))
}

/// What carries the topology's tags in Route 53 and Resolver, read with calls of its own.
private struct DNSCensus: Equatable {
    var endpoints = 0, rules = 0, associations = 0, zones = 0, healthChecks = 0

    init() {}

    init(_ c: EC2Client, _ topology: String) async throws {
        let resolver = ResolverClient(ec2: c), route53 = Route53Client(ec2: c)
        func ours(_ tags: [ResourceTag]) -> Bool { tags.contains(ResourceTag("causeway:topology", topology)) }
        for e in try await resolver.listResolverEndpoints() where ours(try await resolver.listTagsForResource(arn: e.arn)) { endpoints += 1 }
        for r in try await resolver.listResolverRules() where ours(try await resolver.listTagsForResource(arn: r.arn)) { rules += 1 }
        associations = try await resolver.listResolverRuleAssociations().count
        let zoneIDs = try await route53.listHostedZones().map(\.id)
        zones = try await route53.listTags(type: "hostedzone", ids: zoneIDs).values.filter(ours).count
        let checkIDs = try await route53.listHealthChecks().map(\.id)
        healthChecks = try await route53.listTags(type: "healthcheck", ids: checkIDs).values.filter(ours).count
    }
}

/// S3's security group `resolver` for its endpoints (apply does not create security groups).
private func createResolverGroup(_ c: EC2Client, _ vpcID: String) async throws {
    var p = QueryParameters()
    p.add("GroupName", "resolver")
    p.add("GroupDescription", "DNS from on-prem")
    p.add("VpcId", vpcID)
    #expect(try await c.call("CreateSecurityGroup", p).string("groupId") != nil)
}

/// Route 53 Resolver (JSON 1.1) and Route 53 (REST-XML) through plan, apply, status and destroy
/// against moto's server, with tags as state.
@Suite(.serialized) struct Route53ApplyIntegrationTests {
    /// S3's hybrid DNS: Route 53 developer guide, "Resolving DNS queries between VPCs and your
    /// network" (inbound and outbound endpoints, a forwarding rule associated with the VPC) and
    /// "Working with private hosted zones" (a private zone is created with a VPC).
    @Test func s3ResolverAndPrivateZoneApplyThenNoChangesThenDestroy() async throws {
        let moto = try await SharedMoto.route53.reset()
        let c = client(moto.endpoint)
        let t = try Topologies.example("s3-tgw-bgp-strongswan")

        // The endpoints need the VPC's security group `resolver`, which apply does not create:
        // the first run stops at the first endpoint and names it.
        let (first, failed) = try await apply(t, c)
        #expect(first.notes.contains { $0.message.hasPrefix("dns/endpoint/inbound: apply does not create security groups") })
        let failure = try #require(failed.failure)
        #expect(failure.step.key == "dns/endpoint/inbound" && failure.error.contains("security group resolver"), "\(failure)")

        let vpcID = try #require(failed.ids["vpc/seoul"])
        try await createResolverGroup(c, vpcID)

        let (plan, result) = try await apply(t, c)
        #expect(result.failure == nil, "\(result.failure?.description ?? "")")
        #expect(plan.steps.filter { $0.key.hasPrefix("dns/") }.map(\.resource) == [
            "resolver-endpoint", "resolver-endpoint", "resolver-rule", "resolver-rule-association", "hosted-zone", "record-set", "record-set",
        ])

        // Read back with calls of the test's own.
        let resolver = ResolverClient(ec2: c), route53 = Route53Client(ec2: c)
        let census = try await DNSCensus(c, t.name)
        #expect(census.endpoints == 2 && census.rules == 1 && census.associations == 1 && census.zones == 1 && census.healthChecks == 0, "\(census)")
        let rule = try #require(try await resolver.listResolverRules().first { $0.domainName.hasPrefix("anycompany.corp") })
        #expect(rule.ruleType == "FORWARD" && rule.targets == ["192.168.2.250:53"])
        let outbound = try #require(try await resolver.listResolverEndpoints().first { $0.direction == "OUTBOUND" })
        #expect(rule.endpointId == outbound.id, "the rule forwards through the outbound endpoint")
        let association = try #require(try await resolver.listResolverRuleAssociations().first)
        #expect(association.ruleId == rule.id && association.vpcId == vpcID && association.status == "COMPLETE")
        let zone = try #require(try await route53.listHostedZones().first { $0.name == "awsanycompany.corp." })
        #expect(zone.privateZone)
        #expect(try await route53.getHostedZone(id: zone.id).vpcIds == [vpcID])
        let records = try await route53.listResourceRecordSets(zoneId: zone.id).filter { $0.type == "A" }
        #expect(records.map { "\($0.name) \($0.ttl ?? 0) \($0.values)" }.sorted() == [
            "web1.awsanycompany.corp. 300 [\"10.0.10.10\"]", "web2.awsanycompany.corp. 300 [\"10.0.20.10\"]",
        ])

        // Second plan: nothing to do; status has a row per DNS resource, none missing.
        let observed = try await ObservedStateReader(client: c).read(t)
        let again = Planner(topology: t, observed: observed).plan()
        #expect(!again.steps.contains { !$0.isClientVPN }, "\(again.steps.map(\.summary))")
        let status = StatusReport(topology: t, observed: observed)
        let dnsRows = status.resources.filter { $0.key.hasPrefix("dns/") }
        #expect(dnsRows.count == 7 && dnsRows.allSatisfy { $0.state != "missing" }, "\(dnsRows.map { "\($0.key) \($0.state)" })")

        // Destroy: DNS first, in reverse; then nothing is left.
        let destroyed = await Destroyer(client: c, waits: instant).destroy(observed)
        #expect(destroyed.failure == nil, "\(destroyed.failure.map { "\($0.resource.key): \($0.error)" } ?? "")")
        #expect(Array(destroyed.deleted.prefix(7).map(\.kind.rawValue)) == [
            "record-set", "record-set", "hosted-zone", "resolver-rule-association", "resolver-rule", "resolver-endpoint", "resolver-endpoint",
        ])
        #expect(try await DNSCensus(c, t.name) == DNSCensus())
        #expect(Destroyer.targets(try await ObservedStateReader(client: c).read(t)).isEmpty)
    }

    /// S2's failover: Route 53 developer guide, "Configuring active-passive failover with one
    /// primary and one secondary resource" (a failover record pair, each with its health check)
    /// and "Creating, updating, and deleting health checks".
    @Test func s2FailoverRecordsAndHealthChecksApplyThenNoChangesThenDestroy() async throws {
        let moto = try await SharedMoto.route53.reset()
        let c = client(moto.endpoint)
        let t = try Topologies.example("s2-openstack")
        // Only the DNS steps: S2's static VPN needs CreateVpnConnectionRoute, which moto 5.2.1
        // lacks, and a public zone and its health checks depend on nothing in EC2.
        var plan = Planner(topology: t, observed: try await ObservedStateReader(client: c).read(t)).plan()
        plan.steps = plan.steps.filter { $0.key.hasPrefix("dns/") }
        let result = await Applier(client: c, topology: t.name, waits: instant).apply(plan)
        #expect(result.failure == nil, "\(result.failure?.description ?? "")")
        #expect(plan.steps.map(\.resource) == ["health-check", "health-check", "hosted-zone", "record-set", "record-set"])
        #expect(!plan.notes.contains { $0.message.contains("is not applied") }, "EFS is applied too (s2EFSApplyThenNoChangesThenDestroy)")

        let route53 = Route53Client(ec2: c)
        let checks = try await route53.listHealthChecks()
        let seoul = try #require(checks.first { $0.config?.ipAddress == "203.0.113.80" })
        #expect(seoul.config?.type == "HTTP" && seoul.config?.port == 80 && seoul.config?.requestInterval == 30 && seoul.config?.failureThreshold == 3)
        let tokyo = try #require(checks.first { $0.config?.ipAddress == "203.0.113.90" })
        let zone = try #require(try await route53.listHostedZones().first { $0.name == "skk2022.shop." })
        #expect(!zone.privateZone)
        let pair = try await route53.listResourceRecordSets(zoneId: zone.id).filter { $0.name == "gslb.skk2022.shop." }
        let primary = try #require(pair.first { $0.failover == "PRIMARY" }), secondary = try #require(pair.first { $0.failover == "SECONDARY" })
        #expect(primary.setIdentifier == "seoul" && primary.healthCheckId == seoul.id && primary.values == ["203.0.113.80"] && primary.ttl == 60)
        #expect(secondary.setIdentifier == "tokyo" && secondary.healthCheckId == tokyo.id && secondary.values == ["203.0.113.90"])

        let observed = try await ObservedStateReader(client: c).read(t)
        let again = Planner(topology: t, observed: observed).plan()
        #expect(!again.steps.contains { $0.key.hasPrefix("dns/") }, "\(again.steps.map(\.summary))")
        #expect(!again.notes.contains { $0.message.hasPrefix("dns/") }, "the health checks read back equal the topology's")

        // A record the topology does not name, in its zone, is a stray: plan deletes it.
        var old = RecordSetInfo(name: "old.skk2022.shop", type: "A")
        old.ttl = 300
        old.values = ["203.0.113.99"]
        try await route53.changeResourceRecordSets(zoneId: zone.id, [("UPSERT", old)])
        var cleanup = Planner(topology: t, observed: try await ObservedStateReader(client: c).read(t)).plan()
        cleanup.steps = cleanup.steps.filter { $0.key.hasPrefix("dns/") }
        #expect(cleanup.steps.map(\.summary) == ["- delete record-set dns/zone/skk2022.shop/old.skk2022.shop/A (\(zone.id)|old.skk2022.shop.|A|: a record of the topology's zone that the topology does not name)"])
        #expect(await Applier(client: c, topology: t.name, waits: instant).apply(cleanup).failure == nil)
        #expect(try await route53.listResourceRecordSets(zoneId: zone.id).allSatisfy { $0.name != "old.skk2022.shop." })

        let destroyed = await Destroyer(client: c, waits: instant).destroy(observed)
        #expect(destroyed.failure == nil, "\(destroyed.failure.map { "\($0.resource.key): \($0.error)" } ?? "")")
        #expect(destroyed.deleted.map(\.kind.rawValue) == ["record-set", "record-set", "hosted-zone", "health-check", "health-check"])
        #expect(try await DNSCensus(c, t.name) == DNSCensus())
        #expect(Destroyer.targets(try await ObservedStateReader(client: c).read(t)).isEmpty)
    }

    /// S3 with its forwarding rule shared with another account: Route 53 developer guide,
    /// "Sharing forwarding rules with other AWS accounts and using shared rules" (an AWS RAM
    /// resource share holding the rule's ARN and naming the account); AWS RAM API reference,
    /// CreateResourceShare, GetResourceShareAssociations, DeleteResourceShare. moto 5.2.1 keeps no
    /// tags on shares: the share is found by the name apply gives it.
    @Test func s3SharedRuleApplyThenNoChangesThenDestroy() async throws {
        let moto = try await SharedMoto.route53.reset()
        let c = client(moto.endpoint)
        let path = Topologies.root.appendingPathComponent("examples/s3-tgw-bgp-strongswan.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "      vpcs: [seoul]\n  hosted_zones:", with: "      vpcs: [seoul]\n      share_with: [\"210987654321\"]\n  hosted_zones:")
        let loaded = loadAndCheck(data: Array(text.utf8), file: "s3-shared.yaml")
        let t = try #require(loaded.topology)
        #expect(!loaded.diagnostics.hasErrors && t.dns.rule("anycompany-corp")?.shareWith.count == 1)

        let (_, failed) = try await apply(t, c)
        try await createResolverGroup(c, try #require(failed.ids["vpc/seoul"]))
        let (plan, result) = try await apply(t, c)
        #expect(result.failure == nil, "\(result.failure?.description ?? "")")
        let dnsSteps = plan.steps.filter { $0.key.hasPrefix("dns/") }.map(\.resource)
        #expect(dnsSteps.firstIndex(of: "resource-share") == dnsSteps.firstIndex(of: "resolver-rule-association").map { $0 + 1 }, "\(dnsSteps)")

        // Read back with RAM calls of the test's own: one live share, the rule in it, the account named.
        let ram = RAMClient(ec2: c)
        let shares = try await ram.getResourceShares().filter(\.isLive)
        #expect(shares.map(\.name) == ["\(t.name)-anycompany-corp"])
        let share = try #require(shares.first)
        let rule = try #require(try await ResolverClient(ec2: c).listResolverRules().first { $0.domainName.hasPrefix("anycompany.corp") })
        #expect(try await ram.associatedEntities(shareArn: share.arn, type: "RESOURCE") == [rule.arn])
        #expect(try await ram.associatedEntities(shareArn: share.arn, type: "PRINCIPAL") == ["210987654321"])

        // Second plan: nothing to do, no note; status shows the share.
        let observed = try await ObservedStateReader(client: c).read(t)
        let again = Planner(topology: t, observed: observed).plan()
        #expect(!again.steps.contains { !$0.isClientVPN }, "\(again.steps.map(\.summary))")  // moto: no Client VPN
        #expect(!again.notes.contains { $0.message.contains("resource-share") }, "\(again.notes.map(\.message))")
        let row = try #require(StatusReport(topology: t, observed: observed).resources.first { $0.kind == "resource-share" })
        #expect(row.id == share.arn && row.state == "ACTIVE" && row.detail == "with 210987654321", "\(row)")

        // Destroy: the share goes before the rule's association and the rule; none is left live.
        let destroyed = await Destroyer(client: c, waits: instant).destroy(observed)
        #expect(destroyed.failure == nil, "\(destroyed.failure.map { "\($0.resource.key): \($0.error)" } ?? "")")
        let kinds = destroyed.deleted.map(\.kind)
        #expect(kinds.firstIndex(of: .resourceShare)! < kinds.firstIndex(of: .resolverRuleAssociation)!)
        #expect(try await ram.getResourceShares().filter(\.isLive).isEmpty)
        #expect(Destroyer.targets(try await ObservedStateReader(client: c).read(t)).isEmpty)
    }

    /// S2's EFS: Amazon EFS API reference, CreateFileSystem (idempotent on its CreationToken,
    /// tags in the call), CreateMountTarget (a subnet, an address in it, security groups; state
    /// `available` when usable), DeleteMountTarget before DeleteFileSystem (a file system with
    /// mount targets cannot be deleted). The VPC and subnet first, then the group `efs-sg`, which
    /// apply does not create.
    @Test func s2EFSApplyThenNoChangesThenDestroy() async throws {
        let moto = try await SharedMoto.route53.reset()
        let c = client(moto.endpoint)
        let t = try Topologies.example("s2-openstack")
        func plan(_ prefixes: [String]) async throws -> Plan {
            var p = Planner(topology: t, observed: try await ObservedStateReader(client: c).read(t)).plan()
            p.steps = p.steps.filter { s in prefixes.contains { s.key.hasPrefix($0) } }
            return p
        }
        let network = await Applier(client: c, topology: t.name, waits: instant).apply(try await plan(["vpc/", "subnet/"]))
        #expect(network.failure == nil, "\(network.failure?.description ?? "")")
        var p = QueryParameters()
        p.add("GroupName", "efs-sg")
        p.add("GroupDescription", "NFS from on-prem")
        p.add("VpcId", try #require(network.ids["vpc/my-vpc"]))
        let groupID = try #require(try await c.call("CreateSecurityGroup", p).string("groupId"))

        let efsPlan = try await plan(["efs/"])
        #expect(efsPlan.steps.map(\.resource) == ["file-system", "mount-target"])
        let result = await Applier(client: c, topology: t.name, waits: instant).apply(efsPlan)
        #expect(result.failure == nil, "\(result.failure?.description ?? "")")

        // Read back with EFS calls of the test's own.
        let efs = EFSClient(ec2: c)
        let systems = try await efs.describeFileSystems()
        let fs = try #require(systems.first)
        #expect(systems.count == 1 && fs.creationToken == "s2-openstack-efs" && fs.lifeCycleState == "available")
        #expect(fs.tags.contains(ResourceTag("causeway:key", "efs/efs")) && fs.tags.contains(ResourceTag("Name", "s2-openstack efs/efs")))
        let targets = try await efs.describeMountTargets(fileSystemId: fs.id)
        #expect(targets.map(\.ip) == ["10.0.2.100"] && targets.first?.subnetId == network.ids["subnet/my-vpc/private"])
        var q = QueryParameters()
        q.addFilters([EC2Filter("addresses.private-ip-address", "10.0.2.100")])
        let interfaces = try await c.call("DescribeNetworkInterfaces", q).items("networkInterfaceSet")
        #expect(interfaces.count == 1 && interfaces.first?.items("groupSet").compactMap { $0.string("groupId") } == [groupID], "the mount target's interface is behind efs-sg")

        // Second plan: nothing to do; status shows both.
        let observed = try await ObservedStateReader(client: c).read(t)
        let again = Planner(topology: t, observed: observed).plan()
        #expect(!again.steps.contains { $0.key.hasPrefix("efs/") }, "\(again.steps.map(\.summary))")
        let rows = StatusReport(topology: t, observed: observed).resources.filter { $0.key.hasPrefix("efs/") }
        #expect(rows.map { "\($0.key) \($0.state)" } == ["efs/efs available", "efs/efs/private available"])

        // Destroy: the mount target, then the file system, before the subnet; nothing is left.
        let destroyed = await Destroyer(client: c, waits: instant).destroy(observed)
        #expect(destroyed.failure == nil, "\(destroyed.failure.map { "\($0.resource.key): \($0.error)" } ?? "")")
        #expect(Array(destroyed.deleted.map(\.kind.rawValue).prefix(2)) == ["mount-target", "file-system"])
        #expect(try await efs.describeFileSystems().isEmpty)
        #expect(Destroyer.targets(try await ObservedStateReader(client: c).read(t)).isEmpty)
    }
}
