import CausewayCore
import Foundation

extension EC2Error {
    /// Route 53 (`NoSuchHostedZone`, `NoSuchHealthCheck`) or Resolver (`ResourceNotFoundException`)
    /// says the resource does not exist, or EC2 does.
    var isGone: Bool {
        isNotFound || ["ResourceNotFoundException", "NoSuchHostedZone", "NoSuchHealthCheck", "UnknownResourceException",
                       "FileSystemNotFound", "MountTargetNotFound"].contains(code ?? "")
    }
}

extension Run {
    /// A create token that differs between runs: Route 53 refuses a `CallerReference` used
    /// before, even by a resource deleted since (CreateHostedZone, CreateHealthCheck).
    func callerReference(_ key: String) -> String {
        ClientToken.derived(from: "\(topology)|\(key)|\(Date().timeIntervalSince1970)").value
    }

    /// The ids of the security groups named `names` in the VPC (ids written as `sg-…` kept).
    func securityGroupIDs(_ names: [String], vpcID: String) async throws -> [String] {
        try await names.asyncMap { name in
            if name.hasPrefix("sg-") { return name }
            var p = QueryParameters()
            p.addFilters([EC2Filter("vpc-id", vpcID), EC2Filter("group-name", name)])
            let found = try await client.call("DescribeSecurityGroups", p).items("securityGroupInfo").compactMap { $0.string("groupId") }
            guard let id = found.first else {
                throw ApplyError.missing("security group \(name) in \(vpcID) (apply does not create security groups)")
            }
            return id
        }
    }

    mutating func execute(_ op: DNSOperation, key: String) async throws -> String? {
        let resolver = ResolverClient(ec2: client), route53 = Route53Client(ec2: client)
        switch op {
        case .createHealthCheck(let config):
            let id = try await route53.createHealthCheck(callerReference: callerReference(key), config: config)
            ids[key] = id
            try await route53.addTags(type: "healthcheck", id: id, tags(key))
            return id

        case .createEndpoint(let e):
            let vpcID = try id(e.vpc)
            let addresses = try e.addresses.map { (subnetId: try id($0.subnet), ip: $0.ip) }
            let groups = try await securityGroupIDs(e.securityGroups, vpcID: vpcID)
            let created = try await resolver.createResolverEndpoint(
                name: "\(topology)-\(e.name)", direction: e.direction, securityGroupIds: groups, addresses: addresses,
                creatorRequestId: callerReference(key), tags: tags(key))
            ids[key] = created.id
            try await waiter.until("\(key) (\(created.id)) to be operational") {
                try await resolver.getResolverEndpoint(id: created.id).status == "OPERATIONAL"
            }
            return created.id

        case .createRule(let r):
            let rule = try await resolver.createResolverRule(
                name: "\(topology)-\(r.name)", ruleType: r.ruleType, domainName: r.domainName, targets: r.targets,
                endpointId: try r.endpoint.map { try id($0) }, creatorRequestId: callerReference(key), tags: tags(key))
            ids[key] = rule.id
            return rule.id

        case .associateRule(let rule, let vpc):
            let ruleID = try id(rule), vpcID = try id(vpc)
            let a = try await resolver.associateResolverRule(ruleId: ruleID, vpcId: vpcID, name: "\(topology)-\(key.split(separator: "/").last ?? "")")
            ids[key] = a.id
            try await waiter.until("\(key) (\(a.id)) to be complete") {
                try await resolver.listResolverRuleAssociations().first { $0.id == a.id }?.status == "COMPLETE"
            }
            return a.id

        case .createZone(let name, let privateZone, let vpc):
            let vpcRef = try vpc.map { (region: client.region, id: try id($0)) }
            let zone = try await route53.createHostedZone(name: name, callerReference: callerReference(key), privateZone: privateZone, vpc: vpcRef)
            ids[key] = zone.id
            try await route53.addTags(type: "hostedzone", id: zone.id, tags(key))
            return zone.id

        case .associateZoneVPC(let zone, let vpc):
            let zoneID = try id(zone)
            try await route53.associateVPCWithHostedZone(id: zoneID, vpc: (client.region, try id(vpc)))
            return zoneID

        case .upsertRecord(let r):
            let zoneID = try id(r.zone)
            var set = r.set
            set.healthCheckId = try r.healthCheck.map { try id($0) }
            if r.aliasInOwnZone { set.alias?.hostedZoneId = zoneID }
            try await route53.changeResourceRecordSets(zoneId: zoneID, [("UPSERT", set)])
            return zoneID

        case .createShare(let sh):
            let ruleArn = try await resolver.getResolverRule(id: try id(sh.rule)).arn
            let share = try await RAMClient(ec2: client).createResourceShare(
                name: DNSDesired.shareName(topology: topology, sh), resourceArns: [ruleArn], principals: sh.principals,
                allowExternalPrincipals: sh.allowExternalPrincipals, clientToken: callerReference(key), tags: tags(key))
            ids[key] = share.arn
            return share.arn

        case .createFileSystem(let fs):
            let efs = EFSClient(ec2: client)
            // The file's own tags, then causeway's (which win a key both name).
            let own = tags(key), ownKeys = Set(own.map(\.key))
            let extra = fs.tags.sorted { $0.key < $1.key }.filter { !ownKeys.contains($0.key) }.map { ResourceTag($0.key, $0.value) }
            let created = try await efs.createFileSystem(creationToken: DNSDesired.creationToken(topology: topology, fs), tags: extra + own)
            ids[key] = created.id
            try await waiter.until("\(key) (\(created.id)) to be available") {
                try await efs.describeFileSystems(id: created.id).first?.lifeCycleState == "available"
            }
            return created.id

        case .createMountTarget(let m, let fileSystem):
            let efs = EFSClient(ec2: client)
            let groups = try await securityGroupIDs(m.securityGroups, vpcID: try id(m.vpc))
            let target = try await efs.createMountTarget(fileSystemId: try id(fileSystem), subnetId: try id(m.subnet), ip: m.ip, securityGroups: groups)
            ids[key] = target.id
            try await waiter.until("\(key) (\(target.id)) to be available") {
                try await efs.describeMountTargets(id: target.id).first?.lifeCycleState == "available"
            }
            return target.id
        }
    }
}

extension Teardown {
    func ignoringGone(_ body: () async throws -> Void) async throws {
        do { try await body() } catch let e as EC2Error where e.isGone {}
    }

    /// Whether a deleted resource is gone: what `check` says, or true when the service no longer knows it.
    func gone(_ check: () async throws -> Bool) async throws -> Bool {
        do { return try await check() } catch let e as EC2Error where e.isGone { return true }
    }

    /// Deletes one Route 53 or Resolver resource; what is gone already counts as deleted.
    func deleteDNS(_ r: OwnedResource) async throws {
        let resolver = ResolverClient(ec2: client), route53 = Route53Client(ec2: client), id = r.id
        switch r.kind {
        case .recordSet:
            // The id is `ZONEID|identity`: DELETE needs the record exactly as it is.
            guard let bar = id.firstIndex(of: "|") else { return }
            let zoneID = String(id[..<bar]), identity = String(id[id.index(after: bar)...])
            try await ignoringGone {
                guard let set = try await route53.listResourceRecordSets(zoneId: zoneID).first(where: { $0.identity == identity }) else { return }
                try await route53.changeResourceRecordSets(zoneId: zoneID, [("DELETE", set)])
            }
        case .hostedZone:
            try await ignoringGone {
                // AWS deletes only an empty zone: its own SOA and NS records at the apex stay.
                let zone = try await route53.getHostedZone(id: id).zone
                let apex = RecordSetInfo.normalized(zone.name)
                let rest = try await route53.listResourceRecordSets(zoneId: id).filter { !($0.name == apex && ["SOA", "NS"].contains($0.type)) }
                if !rest.isEmpty {
                    progress(.note("\(id): deleting \(rest.count) record(s) the topology does not name"))
                    try await route53.changeResourceRecordSets(zoneId: id, rest.map { ("DELETE", $0) })
                }
                try await route53.deleteHostedZone(id: id)
            }
        case .healthCheck:
            try await ignoringGone { try await route53.deleteHealthCheck(id: id) }
        case .resolverRuleAssociation:
            guard let a = try await resolver.listResolverRuleAssociations().first(where: { $0.id == id }), a.status != "DELETING" else { return }
            try await ignoringGone { try await resolver.disassociateResolverRule(ruleId: a.ruleId, vpcId: a.vpcId) }
            try await waiter.until("\(id) to be disassociated") {
                try await !resolver.listResolverRuleAssociations().contains { $0.id == id && $0.status != "DELETING" }
            }
        case .mountTarget:
            let efs = EFSClient(ec2: client)
            try await ignoringGone { try await efs.deleteMountTarget(id: id) }
            try await waiter.until("\(id) to be deleted") { try await gone { try await efs.describeMountTargets(id: id).allSatisfy { !$0.isLive } } }
        case .fileSystem:
            let efs = EFSClient(ec2: client)
            try await ignoringGone { try await efs.deleteFileSystem(id: id) }
            try await waiter.until("\(id) to be deleted") { try await gone { try await efs.describeFileSystems(id: id).isEmpty } }
        case .resourceShare:
            try await ignoringGone { try await RAMClient(ec2: client).deleteResourceShare(arn: id, clientToken: ClientToken.derived(from: "delete|\(id)").value) }
        case .resolverRule:
            try await ignoringGone { try await resolver.deleteResolverRule(id: id) }
        case .resolverEndpoint:
            try await ignoringGone { try await resolver.deleteResolverEndpoint(id: id) }
            try await waiter.until("\(id) to be deleted") { try await gone { _ = try await resolver.getResolverEndpoint(id: id); return false } }
        default:
            try await delete(r)
        }
    }
}

extension Array {
    func asyncMap<T>(_ f: (Element) async throws -> T) async throws -> [T] {
        var out: [T] = []
        for e in self { out.append(try await f(e)) }
        return out
    }
}
