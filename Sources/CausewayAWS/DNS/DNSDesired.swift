import CausewayCore

/// The Route 53 and Resolver resources of the description (`AWSResources.route53`) in the shapes
/// the APIs take, read from the entries' properties only, with every other resource named by
/// logical key. Keys are the description's; EFS file systems are here too (the EFS API).
struct DNSDesired: Sendable {
    struct Endpoint: Sendable {
        var key, name, direction, vpc: String
        var addresses: [(subnet: String, ip: String)]
        var securityGroups: [String]
    }
    struct Rule: Sendable {
        var key, name, ruleType, domainName: String
        var targets: [(ip: String, port: Int)]
        var endpoint: String?
        /// (association key, VPC key).
        var associations: [(key: String, vpc: String)]
    }
    /// An AWS RAM share of a rule (`rule`: the rule's key).
    struct Share: Sendable {
        var key, name, rule: String
        var principals: [String]
        var allowExternalPrincipals: Bool
    }
    /// An EFS file system (`adoptedID`: one the topology names by `id:`, found, never created or
    /// deleted) and its mount targets, each in a subnet (key) at an address behind groups
    /// (`vpc`: the VPC's key, for finding the groups by name).
    struct FileSystem: Sendable {
        struct MountTarget: Sendable {
            var key, subnet, ip, vpc: String
            var securityGroups: [String]
        }
        var key, name: String
        var adoptedID: String?
        var tags: [String: String]
        var mountTargets: [MountTarget]
    }
    struct Record: Sendable {
        var key, zone: String
        /// The record as Route 53 holds it, without the health check's id (known at apply).
        var set: RecordSetInfo
        var healthCheck: String?
        /// An alias to a record of the same zone: its id is known at apply.
        var aliasInOwnZone: Bool
    }
    struct Zone: Sendable {
        var key, name: String
        var isPrivate: Bool
        var vpcs: [String]
        var records: [Record]
    }
    struct Check: Sendable {
        var key, name: String
        var config: HealthCheckConfig
        /// An existing health check the topology names by `id:`: found by its id, never created,
        /// changed or deleted.
        var adoptedID: String?
    }

    var region: String
    var checks: [Check] = []
    var endpoints: [Endpoint] = []
    var rules: [Rule] = []
    var zones: [Zone] = []
    var shares: [Share] = []
    var fileSystems: [FileSystem] = []

    var isEmpty: Bool { checks.isEmpty && endpoints.isEmpty && rules.isEmpty && zones.isEmpty && shares.isEmpty && fileSystems.isEmpty }
    var records: [Record] { zones.flatMap(\.records) }
    /// Every key, for telling tagged strays apart.
    var keys: Set<String> {
        Set(checks.map(\.key) + endpoints.map(\.key) + rules.map(\.key) + rules.flatMap { $0.associations.map(\.key) }
            + zones.map(\.key) + records.map(\.key) + shares.map(\.key) + fileSystems.map(\.key)
            + fileSystems.flatMap { $0.mountTargets.map(\.key) })
    }

    /// The name AWS gives every VPC's default security group (Amazon VPC user guide, "Default
    /// security groups for your VPCs"): an endpoint without groups gets it, as in the templates
    /// (CreateResolverEndpoint requires at least one group).
    static let defaultGroupName = "default"

    /// Every entry of the description's Route 53 part that apply manages, in its order (a rule's
    /// associations and a zone's records follow their rule and zone there).
    init(_ d: AWSResources) {
        region = d.region
        for r in d.route53 {
            switch r.properties {
            case .healthCheck(let h) where h.endpointType == .private && r.adoptedID == nil:
                // Not applied yet (DNSPlan notes it): the source it runs from is not created.
                continue
            case .healthCheck(let h):
                checks.append(Check(key: r.key, name: r.name, config: HealthCheckConfig(h), adoptedID: r.adoptedID))
            case .resolverEndpoint(let direction, let vpc, let addresses, let groups):
                endpoints.append(Endpoint(key: r.key, name: r.name, direction: direction.api, vpc: vpc,
                                          addresses: addresses.map { ($0.subnet, $0.ip.description) },
                                          securityGroups: groups.map { $0.name ?? Self.defaultGroupName }))
            case .resolverRule(let domainName, let ruleType, let targets, let endpoint):
                rules.append(Rule(key: r.key, name: r.name, ruleType: ruleType.api, domainName: domainName.text,
                                  targets: targets.map { ($0.ip.description, $0.port) }, endpoint: endpoint, associations: []))
            case .resolverRuleAssociation(let rule, let vpc):
                rules.firstIndex { $0.key == rule }.map { rules[$0].associations.append((r.key, vpc)) }
            case .resourceShare(let rule, let principals):
                shares.append(Share(key: r.key, name: r.name, rule: rule, principals: principals.map(\.api),
                                    allowExternalPrincipals: principals.needsExternalPrincipals))
            case .hostedZone(let name, let isPrivate, let vpcs):
                zones.append(Zone(key: r.key, name: name.absolute, isPrivate: isPrivate, vpcs: vpcs, records: []))
            case .recordSet(let zone, let record, let healthCheck):
                zones.firstIndex { $0.key == zone }.map { zones[$0].records.append(Self.record(r.key, zone: zone, record, healthCheck: healthCheck)) }
            case .fileSystem(let tags):
                fileSystems.append(FileSystem(key: r.key, name: r.name, adoptedID: r.adoptedID, tags: tags, mountTargets: []))
            case .mountTarget(let fs, let subnet, let address, let groups):
                let target = FileSystem.MountTarget(key: r.key, subnet: subnet, ip: address.description, vpc: groups.first?.vpc ?? "",
                                                    securityGroups: groups.map { $0.name ?? Self.defaultGroupName })
                fileSystems.firstIndex { $0.key == fs }.map { fileSystems[$0].mountTargets.append(target) }
            case .healthCheckSource:
                continue
            }
        }
    }

    /// The `CreationToken` of a file system: the one the Terraform render gives it (`creation_token`).
    static func creationToken(topology: String, _ fs: FileSystem) -> String { "\(topology)-\(fs.name)" }

    /// The name apply gives a rule's share: the topology's and the rule's.
    static func shareName(topology: String, _ share: Share) -> String { "\(topology)-\(share.name)" }

    /// A record as Route 53 holds it; an alias without a zone id points into its own zone.
    static func record(_ key: String, zone: String, _ r: DNSRecord, healthCheck: String?) -> Record {
        var set = RecordSetInfo(name: r.name.absolute, type: r.type.api)
        set.setIdentifier = r.failover?.setIdentifier
        set.failover = r.failover?.role.rawValue
        if let a = r.alias {
            set.alias = .init(hostedZoneId: a.hostedZoneID ?? "", dnsName: RecordSetInfo.normalized(a.name.absolute),
                              evaluateTargetHealth: a.evaluateTargetHealth)
        } else {
            set.ttl = r.ttl
            set.values = r.values.map(Self.value)
        }
        return Record(key: key, zone: zone, set: set, healthCheck: healthCheck, aliasInOwnZone: r.alias != nil && r.alias?.hostedZoneID == nil)
    }

    /// A value as Route 53 writes it: TXT values in double quotes, names absolute.
    static func value(_ v: DNSRecordValue) -> String {
        switch v {
        case .text(let t): return "\"\(t.replacingOccurrences(of: "\"", with: "\\\""))\""
        case .name(let n): return RecordSetInfo.normalized(n.absolute)
        default: return v.description
        }
    }
}

extension HealthCheckConfig {
    /// The configuration CreateHealthCheck takes for the topology's health check.
    init(_ h: HealthCheck) {
        self.init(type: h.type.rawValue)
        ipAddress = h.ipAddress?.description
        port = h.port
        resourcePath = h.resourcePath
        fullyQualifiedDomainName = h.fullyQualifiedDomainName
        searchString = h.searchString
        requestInterval = h.requestInterval
        failureThreshold = h.failureThreshold
    }
}
