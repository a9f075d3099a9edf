import CausewayCore

/// What exists of a topology's Route 53 and Resolver resources. Endpoints, rules, hosted zones
/// and health checks carry the topology's tags; a rule association is known by its rule and VPC,
/// a record by its zone, name, type and set identifier.
public struct ObservedDNS: Sendable {
    public var healthChecks: [String: String] = [:]
    /// Each found health check's configuration, by key.
    public var healthCheckConfigs: [String: HealthCheckConfig] = [:]
    /// The keys of health checks adopted by id (`id:`): destroy leaves them.
    public var adoptedHealthChecks: Set<String> = []
    public var endpoints: [String: ResolverEndpointInfo] = [:]
    public var rules: [String: ResolverRuleInfo] = [:]
    public var associations: [String: ResolverRuleAssociationInfo] = [:]
    public var zones: [String: HostedZoneInfo] = [:]
    /// The VPC ids each private zone is associated with, by zone key.
    public var zoneVPCs: [String: [String]] = [:]
    /// Records by key.
    public var records: [String: RecordSetInfo] = [:]
    /// The zone id of each record found, by record key.
    public var recordZones: [String: String] = [:]
    /// AWS RAM shares of rules, by key (their id is their ARN).
    public var shares: [String: ResourceShareInfo] = [:]
    /// Each found share's principals and resources (ARNs), by key.
    public var sharePrincipals: [String: [String]] = [:]
    public var shareResources: [String: [String]] = [:]
    /// EFS file systems (tagged) and their mount targets (known by file system and subnet), by key.
    public var fileSystems: [String: FileSystemInfo] = [:]
    public var mountTargets: [String: MountTargetInfo] = [:]
    /// The keys of file systems adopted by id (`id:`): destroy leaves them and their mount targets.
    public var adoptedFileSystems: Set<String> = []

    public init() {}

    /// AWS ids by logical key (records have none).
    var ids: [String: String] {
        var out = healthChecks
        for (k, v) in endpoints { out[k] = v.id }
        for (k, v) in rules { out[k] = v.id }
        for (k, v) in associations { out[k] = v.id }
        for (k, v) in zones { out[k] = v.id }
        for (k, v) in shares { out[k] = v.arn }
        for (k, v) in fileSystems { out[k] = v.id }
        for (k, v) in mountTargets { out[k] = v.id }
        return out
    }

    /// What destroy deletes; a record's id is `ZONEID|name|type|set identifier`.
    var owned: [OwnedResource] {
        func sorted(_ kind: ResourceKind, _ m: [String: String]) -> [OwnedResource] {
            m.sorted { $0.key < $1.key }.map { OwnedResource(kind: kind, key: $0.key, id: $0.value) }
        }
        var recordIDs: [String: String] = [:]
        for (k, r) in records { if let z = recordZones[k] { recordIDs[k] = "\(z)|\(r.identity)" } }
        return sorted(.healthCheck, healthChecks.filter { !adoptedHealthChecks.contains($0.key) }) + sorted(.resolverEndpoint, endpoints.mapValues(\.id))
            + sorted(.resolverRule, rules.mapValues(\.id)) + sorted(.resolverRuleAssociation, associations.mapValues(\.id))
            + sorted(.resourceShare, shares.mapValues(\.arn))
            + sorted(.fileSystem, fileSystems.filter { !adoptedFileSystems.contains($0.key) }.mapValues(\.id))
            + sorted(.mountTarget, mountTargets.filter { m in !adoptedFileSystems.contains { m.key.hasPrefix($0 + "/") } }.mapValues(\.id))
            + sorted(.hostedZone, zones.mapValues(\.id))
            + sorted(.recordSet, recordIDs)
    }
}

/// Reads `ObservedDNS` with the Resolver and Route 53 list calls.
struct DNSStateReader {
    let resolver: ResolverClient
    let route53: Route53Client
    let ram: RAMClient
    let efs: EFSClient
    let topology: String

    init(client: EC2Client, topology: String) {
        resolver = ResolverClient(ec2: client)
        ram = RAMClient(ec2: client)
        efs = EFSClient(ec2: client)
        route53 = Route53Client(ec2: client)
        self.topology = topology
    }

    /// The key among `tags` when they carry the topology's tag.
    func key(_ tags: [ResourceTag]) -> String? {
        guard tags.contains(where: { $0.key == LogicalKey.topologyTag && $0.value == topology }) else { return nil }
        return LogicalKey.key(in: tags) ?? "(no key)"
    }

    /// Places a tagged resource: under its key when the topology asks for it, a stray otherwise.
    func place<T>(_ kind: ResourceKind, _ item: T, id: String, key: String, wanted: Set<String>,
                  into dict: inout [String: T], strays: inout [Stray]) {
        if !wanted.contains(key) {
            strays.append(Stray(kind: kind, key: key, id: id, reason: "not in the topology"))
        } else if dict[key] != nil {
            strays.append(Stray(kind: kind, key: key, id: id, reason: "a second \(kind.rawValue) with key \(key)"))
        } else {
            dict[key] = item
        }
    }

    func read(_ want: DNSDesired, vpcIDs: [String: String], subnetIDs: [String: String] = [:]) async throws -> (ObservedDNS, [Stray]) {
        var s = ObservedDNS()
        var strays: [Stray] = []
        let wanted = want.keys

        let checks = try await route53.listHealthChecks()
        let checkTags = try await route53.listTags(type: "healthcheck", ids: checks.map(\.id))
        for (id, config) in checks.sorted(by: { $0.id < $1.id }) {
            guard let k = key(checkTags[id] ?? []) else { continue }
            place(.healthCheck, id, id: id, key: k, wanted: wanted, into: &s.healthChecks, strays: &strays)
            if s.healthChecks[k] == id { s.healthCheckConfigs[k] = config }
        }
        // An adopted health check is found by its id, tagged or not.
        for c in want.checks {
            guard let id = c.adoptedID, let found = checks.first(where: { $0.id == id }) else { continue }
            s.healthChecks[c.key] = id
            s.healthCheckConfigs[c.key] = found.config
            s.adoptedHealthChecks.insert(c.key)
        }

        for e in try await resolver.listResolverEndpoints() where !["DELETING", "ACTION_NEEDED"].contains(e.status) {
            guard let k = key(try await resolver.listTagsForResource(arn: e.arn)) else { continue }
            place(.resolverEndpoint, e, id: e.id, key: k, wanted: wanted, into: &s.endpoints, strays: &strays)
        }
        for r in try await resolver.listResolverRules() where r.status != "DELETING" {
            guard let k = key(try await resolver.listTagsForResource(arn: r.arn)) else { continue }
            place(.resolverRule, r, id: r.id, key: k, wanted: wanted, into: &s.rules, strays: &strays)
        }
        let associations = try await resolver.listResolverRuleAssociations().filter { !["DELETING", "FAILED"].contains($0.status) }
        for rule in want.rules {
            guard let ruleID = s.rules[rule.key]?.id else { continue }
            for (key, vpc) in rule.associations {
                if let vpcID = vpcIDs[vpc], let a = associations.first(where: { $0.ruleId == ruleID && $0.vpcId == vpcID }) {
                    s.associations[key] = a
                }
            }
        }

        if !want.shares.isEmpty { try await readShares(want, into: &s, strays: &strays) }
        if !want.fileSystems.isEmpty { try await readFileSystems(want, subnetIDs: subnetIDs, into: &s, strays: &strays) }

        let zones = try await route53.listHostedZones()
        let zoneTags = try await route53.listTags(type: "hostedzone", ids: zones.map(\.id))
        for z in zones.sorted(by: { $0.id < $1.id }) {
            guard let k = key(zoneTags[z.id] ?? []) else { continue }
            place(.hostedZone, z, id: z.id, key: k, wanted: wanted, into: &s.zones, strays: &strays)
        }
        for zone in want.zones {
            guard let z = s.zones[zone.key] else { continue }
            if zone.isPrivate { s.zoneVPCs[zone.key] = try await route53.getHostedZone(id: z.id).vpcIds }
            let found = Dictionary(try await route53.listResourceRecordSets(zoneId: z.id).map { ($0.identity, $0) }, uniquingKeysWith: { a, _ in a })
            for r in zone.records {
                if let f = found[r.set.identity] {
                    s.records[r.key] = f
                    s.recordZones[r.key] = z.id
                }
            }
            // The zone is the topology's: a record it does not name (but the zone's own SOA and
            // NS) is a stray, deleted like any other.
            let named = Set(zone.records.map(\.set.identity)), apex = RecordSetInfo.normalized(zone.name)
            for (identity, f) in found.sorted(by: { $0.key < $1.key }) where !named.contains(identity) && !(f.name == apex && ["SOA", "NS"].contains(f.type)) {
                let key = Route53Keys.record(zone.key, name: String(f.name.dropLast()), type: f.type, setIdentifier: f.setIdentifier)
                strays.append(Stray(kind: .recordSet, key: key, id: "\(z.id)|\(identity)", reason: "a record of the topology's zone that the topology does not name"))
            }
        }
        return (s, strays)
    }

    /// The topology's rule shares, by their tags; a share without tags (moto 5.2.1 keeps none)
    /// by the name apply gives it (`Run.shareName`). AWS RAM is asked only when the topology
    /// shares a rule, so an account that never uses RAM needs no RAM permissions.
    func readShares(_ want: DNSDesired, into s: inout ObservedDNS, strays: inout [Stray]) async throws {
        let byName = Dictionary(want.shares.map { (DNSDesired.shareName(topology: topology, $0), $0.key) }, uniquingKeysWith: { a, _ in a })
        for share in try await ram.getResourceShares().filter(\.isLive).sorted(by: { $0.arn < $1.arn }) {
            guard let k = share.tags.isEmpty ? byName[share.name] : key(share.tags) else { continue }
            place(.resourceShare, share, id: share.arn, key: k, wanted: want.keys, into: &s.shares, strays: &strays)
            guard s.shares[k]?.arn == share.arn else { continue }
            s.sharePrincipals[k] = try await ram.associatedEntities(shareArn: share.arn, type: "PRINCIPAL")
            s.shareResources[k] = try await ram.associatedEntities(shareArn: share.arn, type: "RESOURCE")
        }
    }

    /// The topology's file systems by their tags (an adopted one by its id), and each one's
    /// mount targets by subnet. The EFS API is asked only when the topology has file systems.
    func readFileSystems(_ want: DNSDesired, subnetIDs: [String: String], into s: inout ObservedDNS, strays: inout [Stray]) async throws {
        let all = try await efs.describeFileSystems().filter { !["deleting", "deleted"].contains($0.lifeCycleState) }
        for f in all.sorted(by: { $0.id < $1.id }) {
            guard let k = key(f.tags) else { continue }
            place(.fileSystem, f, id: f.id, key: k, wanted: want.keys, into: &s.fileSystems, strays: &strays)
        }
        for fs in want.fileSystems {
            if let id = fs.adoptedID, let f = all.first(where: { $0.id == id }) {
                s.fileSystems[fs.key] = f
                s.adoptedFileSystems.insert(fs.key)
            }
            guard let f = s.fileSystems[fs.key] else { continue }
            let targets = try await efs.describeMountTargets(fileSystemId: f.id).filter(\.isLive)
            for m in fs.mountTargets {
                if let subnetID = subnetIDs[m.subnet], let t = targets.first(where: { $0.subnetId == subnetID }) { s.mountTargets[m.key] = t }
            }
            // The file system is the topology's: a mount target in a subnet it does not name is a
            // stray, deleted like any other (the file system cannot be deleted while it has one).
            let named = Set(fs.mountTargets.compactMap { s.mountTargets[$0.key]?.id })
            for t in targets where !named.contains(t.id) && !s.adoptedFileSystems.contains(fs.key) {
                strays.append(Stray(kind: .mountTarget, key: Route53Keys.mountTarget(fs.key, subnet: t.subnetId), id: t.id,
                                    reason: "a mount target of the topology's file system in a subnet the topology does not name"))
            }
        }
    }
}
