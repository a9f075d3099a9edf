import CausewayCore

/// The Route 53 and Resolver resources of the description (`AWSResources.route53`) in the shapes
/// the APIs take, with every other resource named by logical key. Keys are the description's
/// (`Route53Resource.all`); EFS is not here (apply does not manage it yet).
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
    }

    var region: String
    var checks: [Check] = []
    var endpoints: [Endpoint] = []
    var rules: [Rule] = []
    var zones: [Zone] = []

    var isEmpty: Bool { checks.isEmpty && endpoints.isEmpty && rules.isEmpty && zones.isEmpty }
    var records: [Record] { zones.flatMap(\.records) }
    /// Every key, for telling tagged strays apart.
    var keys: Set<String> {
        Set(checks.map(\.key) + endpoints.map(\.key) + rules.map(\.key) + rules.flatMap { $0.associations.map(\.key) }
            + zones.map(\.key) + records.map(\.key))
    }

    static func healthCheckKey(_ name: String) -> String { "dns/health-check/\(name)" }

    init(_ d: AWSResources) {
        region = d.region
        let keys = Set(d.route53.map(\.key))
        typealias K = LogicalKey
        for h in d.healthChecks where keys.contains(Self.healthCheckKey(h.name)) {
            var c = HealthCheckConfig(type: h.type.rawValue)
            c.ipAddress = h.ipAddress?.description
            c.port = h.port
            c.resourcePath = h.resourcePath
            c.fullyQualifiedDomainName = h.fullyQualifiedDomainName
            c.searchString = h.searchString
            c.requestInterval = h.requestInterval
            c.failureThreshold = h.failureThreshold
            checks.append(Check(key: Self.healthCheckKey(h.name), name: h.name, config: c))
        }
        for e in d.dns.resolverEndpoints where keys.contains("dns/endpoint/\(e.name)") {
            endpoints.append(Endpoint(key: "dns/endpoint/\(e.name)", name: e.name, direction: e.direction.api, vpc: K.vpc(e.vpc),
                                      addresses: e.ipAddresses.map { (K.subnet(e.vpc, $0.subnet), $0.ip.description) },
                                      securityGroups: e.securityGroups))
        }
        for r in d.dns.resolverRules where keys.contains("dns/rule/\(r.name)") {
            let key = "dns/rule/\(r.name)"
            rules.append(Rule(key: key, name: r.name, ruleType: r.ruleType.api, domainName: r.domainName.text,
                              targets: r.targetIPs.map { ($0.ip.description, $0.port) },
                              endpoint: r.resolverEndpoint.map { "dns/endpoint/\($0)" },
                              associations: r.vpcs.map { ("\(key)/\($0)", K.vpc($0)) }))
        }
        for z in d.dns.hostedZones where keys.contains("dns/zone/\(z.name)") {
            let zk = "dns/zone/\(z.name)"
            let records: [Record] = z.records.map { r in
                let id = r.failover.map { "/\($0.setIdentifier)" } ?? ""
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
                return Record(key: "\(zk)/\(r.name)/\(r.type.api)\(id)", zone: zk, set: set,
                              healthCheck: r.failover?.healthCheck.map(Self.healthCheckKey), aliasInOwnZone: r.alias != nil && r.alias?.hostedZoneID == nil)
            }
            zones.append(Zone(key: zk, name: z.name.absolute, isPrivate: z.isPrivate, vpcs: z.isPrivate ? z.vpcs.map(K.vpc) : [], records: records))
        }
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
