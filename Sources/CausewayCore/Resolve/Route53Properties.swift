/// What is wanted of each Route 53, Route 53 Resolver, health check and EFS resource: the
/// topology's values with every reference to another resource as its logical key (a VPC's, a
/// subnet's, another of these resources'), so the templates print it without walking the
/// topology again.
public enum Route53ResourceProperties: Sendable {
    /// A PRIVATE check refers to its source by the source's key (`Route53Keys.healthCheckSource`).
    case healthCheck(HealthCheck)
    /// `vpc`: the VPC's key; each subnet's key with the groups of Route 53's interface there.
    case healthCheckSource(vpc: String, subnets: [HealthCheckSourceSubnetReference])
    /// `vpc`: the VPC's key; each address's subnet is a subnet key.
    case resolverEndpoint(direction: ResolverEndpointDirection, vpc: String, addresses: [Route53EndpointAddress], securityGroups: [SecurityGroupReference])
    /// `endpoint`: the outbound endpoint's key (forward rules only).
    case resolverRule(domainName: DNSName, ruleType: ResolverRuleType, targets: [ResolverTargetAddress], endpoint: String?)
    case resolverRuleAssociation(rule: String, vpc: String)
    /// `vpcs`: the VPC keys a private zone is associated with (none for a public zone).
    case hostedZone(name: DNSName, isPrivate: Bool, vpcs: [String])
    /// `zone`: the hosted zone's key; `healthCheck`: the failover health check's key.
    case recordSet(zone: String, record: DNSRecord, healthCheck: String?)
    case fileSystem(tags: [String: String])
    case mountTarget(fileSystem: String, subnet: String, address: IPv4Address, securityGroups: [SecurityGroupReference])
    /// `rule`: the shared Resolver rule's key; the principals in the file's order.
    case resourceShare(rule: String, principals: [RAMPrincipal])

    public var kind: Route53ResourceKind {
        switch self {
        case .healthCheck: .healthCheck
        case .healthCheckSource: .healthCheckSource
        case .resolverEndpoint: .resolverEndpoint
        case .resolverRule: .resolverRule
        case .resolverRuleAssociation: .resolverRuleAssociation
        case .hostedZone: .hostedZone
        case .recordSet: .recordSet
        case .fileSystem: .fileSystem
        case .mountTarget: .mountTarget
        case .resourceShare: .resourceShare
        }
    }

    /// The keys this resource refers to, in the order the properties name them.
    public var references: [String] {
        switch self {
        case .healthCheck(let h): h.endpointType == .private ? h.healthCheckSource.map { [Route53Keys.healthCheckSource($0)] } ?? [] : []
        case .fileSystem: []
        case .healthCheckSource(let vpc, let subnets): [vpc] + subnets.map(\.subnet)
        case .resolverEndpoint(_, let vpc, let addresses, _): [vpc] + addresses.map(\.subnet)
        case .resolverRule(_, _, _, let endpoint): endpoint.map { [$0] } ?? []
        case .resolverRuleAssociation(let rule, let vpc): [rule, vpc]
        case .hostedZone(_, _, let vpcs): vpcs
        case .recordSet(let zone, _, let check): [zone] + (check.map { [$0] } ?? [])
        case .mountTarget(let fs, let subnet, _, _): [fs, subnet]
        case .resourceShare(let rule, _): [rule]
        }
    }
}

/// One address of a Resolver endpoint: the subnet's key and the IP in it.
public struct Route53EndpointAddress: Sendable, Hashable {
    public var subnet: String
    public var ip: IPv4Address
}

/// One subnet of a health check source: the subnet's key and the security groups of the network
/// interface Route 53 creates in it (SubnetConfiguration).
public struct HealthCheckSourceSubnetReference: Sendable, Hashable {
    public var subnet: String
    public var securityGroups: [SecurityGroupReference]
}

/// A security group on a Resolver endpoint, a mount target or a health check source subnet. Both APIs require at least one
/// group; where the topology names none, causeway gives the VPC's default group (what EFS does
/// by itself for a mount target: EFS user guide, "Creating mount targets").
public enum SecurityGroupReference: Sendable, Hashable {
    /// A group of the VPC (`vpc`: the VPC's key), by its topology name.
    case named(vpc: String, name: String)
    /// The VPC's default security group.
    case vpcDefault(vpc: String)

    /// The key of the group's VPC.
    public var vpc: String {
        switch self {
        case .named(let vpc, _), .vpcDefault(let vpc): vpc
        }
    }

    /// The group's topology name (none for the VPC's default group).
    public var name: String? {
        switch self {
        case .named(_, let name): name
        case .vpcDefault: nil
        }
    }

    /// The groups written, or the VPC's default one.
    static func groups(_ names: [String], vpc: String) -> [SecurityGroupReference] {
        names.isEmpty ? [.vpcDefault(vpc: LogicalKey.vpc(vpc))] : names.map { .named(vpc: LogicalKey.vpc(vpc), name: $0) }
    }
}

extension Route53Resource {
    /// The resources of the topology's `dns:`, `health_checks:` and `file_systems:`, in creation
    /// order (a rule's resource share after its associations), each with its names, adopted id and properties.
    static func described(_ t: Topology) -> [Route53Resource] {
        var out: [Route53Resource] = []
        func add(_ key: String, _ names: [String], _ path: String, adopted: String? = nil, _ p: Route53ResourceProperties) {
            out.append(Route53Resource(key: key, names: names, path: path, adoptedID: adopted, properties: p))
        }
        for src in t.healthCheckSources {
            add(Route53Keys.healthCheckSource(src.name), [src.name], src.path, adopted: src.id, .healthCheckSource(
                vpc: LogicalKey.vpc(src.vpc),
                subnets: src.subnets.map { HealthCheckSourceSubnetReference(subnet: LogicalKey.subnet(src.vpc, $0.subnet), securityGroups: SecurityGroupReference.groups($0.securityGroups, vpc: src.vpc)) }))
        }
        for h in t.healthChecks { add(Route53Keys.healthCheck(h.name), [h.name], h.path, adopted: h.id, .healthCheck(h)) }
        for e in t.dns.resolverEndpoints {
            add(Route53Keys.endpoint(e.name), [e.name], e.path, .resolverEndpoint(
                direction: e.direction, vpc: LogicalKey.vpc(e.vpc),
                addresses: e.ipAddresses.map { Route53EndpointAddress(subnet: LogicalKey.subnet(e.vpc, $0.subnet), ip: $0.ip) },
                securityGroups: SecurityGroupReference.groups(e.securityGroups, vpc: e.vpc)))
        }
        for r in t.dns.resolverRules {
            let rk = Route53Keys.rule(r.name)
            add(rk, [r.name], r.path, .resolverRule(domainName: r.domainName, ruleType: r.ruleType, targets: r.targetIPs,
                                                    endpoint: r.resolverEndpoint.map(Route53Keys.endpoint)))
            for v in r.vpcs { add(Route53Keys.ruleAssociation(rk, vpc: v), [r.name, v], "\(r.path).vpcs", .resolverRuleAssociation(rule: rk, vpc: LogicalKey.vpc(v))) }
            if !r.shareWith.isEmpty {
                add(Route53Keys.ruleShare(r.name), [r.name], "\(r.path).share_with", .resourceShare(rule: rk, principals: r.shareWith.map(\.principal)))
            }
        }
        for z in t.dns.hostedZones {
            let zk = Route53Keys.zone(z.name)
            add(zk, [z.name.text], z.path, .hostedZone(name: z.name, isPrivate: z.isPrivate, vpcs: z.isPrivate ? z.vpcs.map(LogicalKey.vpc) : []))
            for r in z.records {
                let names = [z.name.text, Self.label(r.name, in: z.name), r.type.api] + (r.failover.map { [$0.setIdentifier] } ?? [])
                add(Route53Keys.record(zk, name: r.name.text, type: r.type.api, setIdentifier: r.failover?.setIdentifier), names, r.path,
                    .recordSet(zone: zk, record: r, healthCheck: r.failover?.healthCheck.map(Route53Keys.healthCheck)))
            }
        }
        for fs in t.fileSystems {
            let fk = Route53Keys.fileSystem(fs.name)
            add(fk, [fs.name], fs.path, adopted: fs.id, .fileSystem(tags: fs.tags))
            for m in fs.mountTargets {
                add(Route53Keys.mountTarget(fk, subnet: m.subnet), [fs.name, m.subnet], m.path, .mountTarget(
                    fileSystem: fk, subnet: LogicalKey.subnet(fs.vpc, m.subnet), address: m.address,
                    securityGroups: SecurityGroupReference.groups(m.securityGroups, vpc: fs.vpc)))
            }
        }
        return out
    }

    /// A record's name relative to its zone (`gslb` in `skk2022.shop`; `apex` for the zone's own name).
    static func label(_ name: DNSName, in zone: DNSName) -> String {
        if name == zone { return "apex" }
        return name.isWithin(zone) ? String(name.text.dropLast(zone.text.count + 1)) : name.text
    }
}

extension AWSResources {
    /// The security groups the templates take as input, in order, once each: every group a
    /// Resolver endpoint or mount target names, and the default group of an adopted VPC that
    /// stands in for none (`group` is then `default`). Security groups are not managed here.
    public var securityGroupInputs: [(vpc: String, group: String)] {
        var out: [(vpc: String, group: String)] = []
        for r in route53 {
            let groups: [SecurityGroupReference]
            switch r.properties {
            case .resolverEndpoint(_, _, _, let g), .mountTarget(_, _, _, let g): groups = g
            case .healthCheckSource(_, let subnets): groups = subnets.flatMap(\.securityGroups)
            default: groups = []
            }
            for g in groups {
                let input: (vpc: String, group: String)?
                switch g {
                case .named(let vpc, let name): input = (self[vpc]?.name ?? vpc, name)
                case .vpcDefault(let vpc): input = self[vpc]?.isAdopted == true ? (self[vpc]?.name ?? vpc, "default") : nil
                }
                if let input, !out.contains(where: { $0 == input }) { out.append(input) }
            }
        }
        return out
    }

    /// The Route 53, Resolver, health check or EFS resource with this key.
    public func route53(_ key: String) -> Route53Resource? { route53.first { $0.key == key } }
    /// The keys a Route 53 resource refers to that name nothing in the description, or a
    /// resource left out for the same reason (the checker reports each; the templates leave such
    /// a resource out and `render` warns).
    public func unresolved(_ r: Route53Resource) -> [String] {
        r.properties.references.filter { key in self[key] == nil && (route53(key).map { !unresolved($0).isEmpty } ?? true) }
    }
}

/// The logical keys of the Route 53, Resolver, health check and EFS resources.
public enum Route53Keys {
    public static func healthCheck(_ name: String) -> String { "dns/health-check/\(name)" }
    public static func healthCheckSource(_ name: String) -> String { "dns/health-check-source/\(name)" }
    public static func endpoint(_ name: String) -> String { "dns/endpoint/\(name)" }
    public static func rule(_ name: String) -> String { "dns/rule/\(name)" }
    public static func zone(_ name: DNSName) -> String { "dns/zone/\(name)" }
    public static func fileSystem(_ name: String) -> String { "efs/\(name)" }
    /// A rule's association with a VPC (`vpc`: the VPC's topology name).
    public static func ruleAssociation(_ rule: String, vpc: String) -> String { "\(rule)/\(vpc)" }
    /// A private zone's association with a VPC beyond the one it is created with (a plan step:
    /// the templates write the VPCs into the zone).
    public static func zoneVPC(_ zone: String, vpc: String) -> String { "\(zone)/vpc/\(vpc)" }
    /// A record of a zone (`name` without the trailing dot). Records of a failover pair share
    /// name and type; the set identifier tells them apart.
    public static func record(_ zone: String, name: String, type: String, setIdentifier: String?) -> String {
        "\(zone)/\(name)/\(type)" + (setIdentifier.map { "/\($0)" } ?? "")
    }
    /// The AWS RAM resource share of a Resolver rule (`rule`: its topology name).
    public static func ruleShare(_ rule: String) -> String { "dns/resource-share/\(rule)" }
    /// A file system's mount target in a subnet (`subnet`: its topology name).
    public static func mountTarget(_ fileSystem: String, subnet: String) -> String { "\(fileSystem)/\(subnet)" }
}
