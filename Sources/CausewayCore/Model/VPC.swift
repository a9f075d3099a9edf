/// An Amazon VPC: CIDRs, subnets, route tables, security groups, instances and gateways.
public struct VPC: Sendable, Encodable {
    public var name: String
    public var path: String
    /// An existing VPC to adopt (`vpc-…`) instead of creating one.
    public var id: String?
    public var cidrs: [IPv4Prefix]
    public var subnets: [Subnet] = []
    public var routeTables: [RouteTable] = []
    public var securityGroups: [SecurityGroup] = []
    public var instances: [Instance] = []
    public var internetGateway: Bool = false
    public var natGateways: [NATGateway] = []
    public var tags: [String: String] = [:]

    public func subnet(_ name: String) -> Subnet? { subnets.first { $0.name == name } }
    public func routeTable(_ name: String) -> RouteTable? { routeTables.first { $0.name == name } }
    public func securityGroup(_ name: String) -> SecurityGroup? { securityGroups.first { $0.name == name } }
    public func instance(_ name: String) -> Instance? { instances.first { $0.name == name } }
    public func natGateway(_ name: String) -> NATGateway? { natGateways.first { $0.name == name } }

    /// The main route table: the one marked `main`, else nil (AWS's implicit main table holds
    /// only the local route).
    public var mainRouteTable: RouteTable? { routeTables.first { $0.main } }

    /// The route table a subnet uses: its explicit association, else the main table
    /// (nil means the implicit main table with only local routes).
    public func routeTable(for subnet: Subnet) -> RouteTable? {
        routeTables.first { $0.subnets.contains(subnet.name) } ?? mainRouteTable
    }

    public func contains(_ a: IPv4Address) -> Bool { cidrs.contains { $0.contains(a) } }
    public func subnet(containing a: IPv4Address) -> Subnet? { subnets.first { $0.cidr.contains(a) } }
}

public struct Subnet: Sendable, Encodable {
    public var name: String
    public var path: String
    public var id: String?
    public var cidr: IPv4Prefix
    public var availabilityZone: String?
    public var tags: [String: String] = [:]
}

public struct RouteTable: Sendable, Encodable {
    public var name: String
    public var path: String
    public var id: String?
    /// The VPC's main route table (used by subnets with no explicit association).
    public var main: Bool = false
    /// Subnets explicitly associated with this table.
    public var subnets: [String] = []
    public var routes: [Route] = []
    /// Routes whose destination is a prefix list (written in `routes:` with `prefix_list:`).
    public var prefixListRoutes: [PrefixListRoute] = []
    /// Virtual private gateways whose routes propagate into this table.
    public var propagations: [String] = []
}

/// A static route in a VPC route table.
public struct Route: Sendable, Encodable {
    public var path: String
    public var destination: IPv4Prefix
    public var target: RouteTarget
}

/// What a VPC route points at, written `kind` or `kind:name` in the file
/// (`vgw`, `tgw:hub`, `igw`, `nat:nat-a`, `instance:router`, `local`).
public enum RouteTarget: Sendable, Hashable, Encodable, CustomStringConvertible, EncodesAsDescription {
    case local
    case internetGateway
    case natGateway(String)
    case vpnGateway(String)
    case transitGateway(String)
    case instance(String)
    /// A VPC peering connection: as written, the peering's name or the VPC at its other end;
    /// resolved, the name of the peering (`vpc_peerings:`).
    case vpcPeering(String)

    public var description: String {
        switch self {
        case .local: return "local"
        case .internetGateway: return "igw"
        case .natGateway(let n): return "nat:\(n)"
        case .vpnGateway(let n): return "vgw:\(n)"
        case .transitGateway(let n): return "tgw:\(n)"
        case .instance(let n): return "instance:\(n)"
        case .vpcPeering(let n): return "pcx:\(n)"
        }
    }
}

/// A security group: stateful, allow-only rules.
public struct SecurityGroup: Sendable, Encodable {
    public var name: String
    public var path: String
    public var ingress: [SecurityGroupRule] = []
    /// AWS's default: all outbound traffic allowed.
    public var egress: [SecurityGroupRule] = [SecurityGroupRule(path: "", protocol: .all, ports: nil, peer: .cidr(.any))]
}

public enum IPProtocol: String, Sendable, Encodable, CaseIterable {
    case all, icmp, tcp, udp
}

public struct SecurityGroupRule: Sendable, Encodable {
    public var path: String
    public var `protocol`: IPProtocol
    /// Port range for tcp/udp; nil means all ports.
    public var ports: ClosedRange<Int>?
    public var peer: SecurityGroupPeer

    enum CodingKeys: String, CodingKey { case `protocol`, ports, peer }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(`protocol`, forKey: .protocol)
        if let p = ports { try c.encode(p.lowerBound == p.upperBound ? "\(p.lowerBound)" : "\(p.lowerBound)-\(p.upperBound)", forKey: .ports) }
        try c.encode(peer, forKey: .peer)
    }
}

/// The other side of a security-group rule: a CIDR or another group of the same VPC.
public enum SecurityGroupPeer: Sendable, Hashable, Encodable, CustomStringConvertible, EncodesAsDescription {
    case cidr(IPv4Prefix)
    case securityGroup(String)
    public var description: String {
        switch self {
        case .cidr(let p): return p.description
        case .securityGroup(let n): return "sg:\(n)"
        }
    }
}

/// An EC2 instance (a workload, or a router/NAT instance when routes point at it).
public struct Instance: Sendable, Encodable {
    public var name: String
    public var path: String
    public var subnet: String
    public var address: IPv4Address
    public var securityGroups: [String] = []
    /// AWS's default is on; an instance that forwards traffic needs it off.
    public var sourceDestCheck: Bool = true
}

public struct NATGateway: Sendable, Encodable {
    public var name: String
    public var path: String
    public var subnet: String
}
