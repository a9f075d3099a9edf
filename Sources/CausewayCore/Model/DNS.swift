/// Hybrid DNS in AWS's words (the topology's `dns:` section): Route 53 Resolver endpoints and
/// rules, and hosted zones with their records (Route 53 developer guide, "What is Route 53
/// Resolver?" and "Working with private hosted zones"). The on-premises DNS servers are a
/// site's `dns_servers` (`Site.dnsServers`).
public struct HybridDNS: Sendable, Encodable, EmptyTestable {
    public var resolverEndpoints: [ResolverEndpoint] = []
    public var resolverRules: [ResolverRule] = []
    public var hostedZones: [HostedZone] = []

    public init() {}

    public var isEmpty: Bool { resolverEndpoints.isEmpty && resolverRules.isEmpty && hostedZones.isEmpty }

    enum CodingKeys: String, CodingKey {
        case resolverEndpoints = "resolver_endpoints", resolverRules = "resolver_rules", hostedZones = "hosted_zones"
    }

    public func endpoint(_ name: String) -> ResolverEndpoint? { resolverEndpoints.first { $0.name == name } }
    public func rule(_ name: String) -> ResolverRule? { resolverRules.first { $0.name == name } }
    /// The private hosted zones associated with a VPC, in file order.
    public func privateZones(of vpc: String) -> [HostedZone] { hostedZones.filter { $0.isPrivate && $0.vpcs.contains(vpc) } }
    /// The rules associated with a VPC, in file order.
    public func rules(of vpc: String) -> [ResolverRule] { resolverRules.filter { $0.vpcs.contains(vpc) } }
}

/// Which way a Resolver endpoint carries queries.
public enum ResolverEndpointDirection: String, Sendable, Encodable, CaseIterable {
    /// Queries from the network (or other VPCs) into the VPC's Resolver.
    case inbound
    /// Queries the VPC's Resolver forwards out, per its forwarding rules.
    case outbound

    /// AWS's API spelling (`INBOUND`, `OUTBOUND`).
    public var api: String { rawValue.uppercased() }
}

/// A Route 53 Resolver endpoint: network interfaces in a VPC's subnets.
public struct ResolverEndpoint: Sendable, Encodable {
    public var name: String
    public var path: String
    public var direction: ResolverEndpointDirection
    public var vpc: String
    /// `ip_addresses`: one network interface per entry.
    public var ipAddresses: [ResolverEndpointAddress] = []
    /// Security groups of the VPC on the endpoint's interfaces.
    public var securityGroups: [String] = []

    enum CodingKeys: String, CodingKey {
        case name, direction, vpc
        case ipAddresses = "ip_addresses", securityGroups = "security_groups"
    }
}

/// One address of an endpoint: a subnet and the IP in it.
public struct ResolverEndpointAddress: Sendable, Encodable, Hashable {
    public var path: String
    public var subnet: String
    public var ip: IPv4Address

    enum CodingKeys: String, CodingKey { case subnet, ip }
}

/// The type of a Resolver rule.
public enum ResolverRuleType: String, Sendable, Encodable, CaseIterable {
    /// Forward queries for the domain to the target IPs through an outbound endpoint.
    case forward
    /// Let the Resolver answer the domain itself (overrides a forward rule for a subdomain).
    case system

    /// AWS's API spelling (`FORWARD`, `SYSTEM`).
    public var api: String { rawValue.uppercased() }
}

/// Where a forwarding rule sends queries: an IP and port (default 53).
public struct ResolverTargetAddress: Sendable, Encodable, Hashable {
    public var path: String
    public var ip: IPv4Address
    public var port: Int = AWSNumbers.Resolver.defaultTargetPort

    public init(path: String, ip: IPv4Address) {
        self.path = path
        self.ip = ip
    }

    enum CodingKeys: String, CodingKey { case ip, port }
}

/// A Route 53 Resolver rule and the VPCs it is associated with.
public struct ResolverRule: Sendable, Encodable {
    public var name: String
    public var path: String
    public var domainName: DNSName
    public var ruleType: ResolverRuleType
    public var targetIPs: [ResolverTargetAddress] = []
    /// The outbound endpoint a forward rule sends through.
    public var resolverEndpoint: String?
    /// Rule associations: the VPCs whose Resolver applies the rule.
    public var vpcs: [String] = []
    /// `share_with`: the accounts, organizations and OUs an AWS RAM resource share grants the
    /// rule to (ResourceSharing.swift); they associate it with their own VPCs.
    @OmittedWhenEmpty public var shareWith: [SharePrincipal] = []

    public init(name: String, path: String, domainName: DNSName, ruleType: ResolverRuleType) {
        self.name = name
        self.path = path
        self.domainName = domainName
        self.ruleType = ruleType
    }

    enum CodingKeys: String, CodingKey {
        case name, vpcs
        case domainName = "domain_name", ruleType = "rule_type", targetIPs = "target_ips", resolverEndpoint = "resolver_endpoint"
        case shareWith = "share_with"
    }
}

/// A Route 53 hosted zone: public, or private and associated with VPCs.
public struct HostedZone: Sendable, Encodable {
    /// The zone's domain (its key in the file).
    public var name: DNSName
    public var path: String
    public var isPrivate: Bool = false
    /// For a private zone, the VPCs whose Resolver answers from it.
    public var vpcs: [String] = []
    public var records: [DNSRecord] = []

    public init(name: DNSName, path: String) {
        self.name = name
        self.path = path
    }

    enum CodingKeys: String, CodingKey {
        case name, vpcs, records
        case isPrivate = "private"
    }

    /// The records of a name and type, in file order.
    public func records(named n: DNSName, type: DNSRecordType) -> [DNSRecord] { records.filter { $0.name == n && $0.type == type } }
}

/// DNS record types causeway models.
public enum DNSRecordType: String, Sendable, Encodable, CaseIterable {
    case a, aaaa, cname, txt

    /// The type as DNS and AWS's API write it (`A`, `AAAA`, `CNAME`, `TXT`).
    public var api: String { rawValue.uppercased() }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(api)
    }
}

/// One value of a record, typed by the record's type.
public enum DNSRecordValue: Sendable, Encodable, Hashable, CustomStringConvertible {
    case ipv4(IPv4Address)
    /// An IPv6 address, kept as written (causeway does not route IPv6 inside).
    case ipv6(String)
    case name(DNSName)
    case text(String)

    public var description: String {
        switch self {
        case .ipv4(let a): return a.description
        case .ipv6(let s): return s
        case .name(let n): return n.absolute
        case .text(let t): return t
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .name(let n): try c.encode(n.text)
        default: try c.encode(description)
        }
    }
}

/// An alias record's target (Route 53 `AliasTarget`): another record's name, in a hosted zone.
public struct DNSAliasTarget: Sendable, Encodable, Hashable {
    public var name: DNSName
    /// `hosted_zone_id`: the target's zone (an AWS id); unset = the record's own zone.
    public var hostedZoneID: String?
    public var evaluateTargetHealth: Bool = false

    public init(name: DNSName) { self.name = name }

    enum CodingKeys: String, CodingKey {
        case name
        case hostedZoneID = "hosted_zone_id", evaluateTargetHealth = "evaluate_target_health"
    }
}

/// A record (set) of a hosted zone or an on-premises zone: name, type, TTL and values, or an
/// alias instead of TTL and values. Routing policies (failover and others) add fields here.
public struct DNSRecord: Sendable, Encodable {
    public var path: String
    /// The fully qualified name (the loader expands names written relative to the zone).
    public var name: DNSName
    public var type: DNSRecordType
    public var ttl: Int = AWSNumbers.Records.defaultTTL
    public var values: [DNSRecordValue] = []
    public var alias: DNSAliasTarget?
    /// Route 53's failover routing policy (`set_identifier`, `failover`, `health_check`).
    public var failover: FailoverRouting?

    public init(path: String, name: DNSName, type: DNSRecordType) {
        self.path = path
        self.name = name
        self.type = type
    }

    enum CodingKeys: String, CodingKey { case name, type, ttl, values, alias, failover }

    /// The IPv4 addresses among the values.
    public var addresses: [IPv4Address] { values.compactMap { if case .ipv4(let a) = $0 { return a } else { return nil } } }
}

/// An on-premises DNS server (like S3's BIND at 192.168.2.250): the zones it answers, the zones
/// it forwards and where, and its default forwarders.
public struct DNSServer: Sendable, Encodable {
    public var name: String
    public var path: String
    public var address: IPv4Address
    /// `forwarders`: where everything not served or forwarded by zone goes (`forward only`).
    public var forwarders: [IPv4Address] = []
    /// `zones`: zones this server is authoritative for, with their records.
    public var zones: [DNSServerZone] = []
    /// `forward_zones`: per-domain forwarding (BIND `type forward; forward only;`).
    public var forwardZones: [DNSForwardZone] = []

    public init(name: String, path: String, address: IPv4Address) {
        self.name = name
        self.path = path
        self.address = address
    }

    enum CodingKeys: String, CodingKey {
        case name, address, forwarders, zones
        case forwardZones = "forward_zones"
    }
}

/// A zone an on-premises server is authoritative for.
public struct DNSServerZone: Sendable, Encodable {
    public var name: DNSName
    public var path: String
    public var records: [DNSRecord] = []

    public init(name: DNSName, path: String) {
        self.name = name
        self.path = path
    }

    enum CodingKeys: String, CodingKey { case name, records }
}

/// A zone an on-premises server forwards to other servers.
public struct DNSForwardZone: Sendable, Encodable {
    public var name: DNSName
    public var path: String
    /// Empty: the zone is not forwarded at all (the server resolves it itself, as a SYSTEM
    /// Resolver rule makes the lab's Resolver stand-in do for a subdomain of a forwarded domain).
    public var forwarders: [IPv4Address] = []
    /// The port of each forwarder that does not answer on 53 (a Resolver rule's target port; the
    /// topology's own forward zones use 53).
    public var ports: [IPv4Address: Int] = [:]

    public init(name: DNSName, path: String) {
        self.name = name
        self.path = path
    }

    enum CodingKeys: String, CodingKey { case name, forwarders }
}
