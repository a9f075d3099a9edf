import CausewayCore

/// What a hop is.
public enum HopKind: String, Sendable, Encodable, Hashable {
    case host
    case instance
    case securityGroup = "security-group"
    case routeTable = "route-table"
    case vpnGateway = "vpn-gateway"
    case transitGateway = "transit-gateway"
    case tunnel
    /// A Direct Connect virtual interface.
    case virtualInterface = "virtual-interface"
    case customerGateway = "customer-gateway"
    case lanRouter = "lan-router"
    case natGateway = "nat-gateway"
    case internetGateway = "internet-gateway"
    case vpc
    /// A Client VPN user's device.
    case remoteUser = "remote-user"
    /// A Client VPN endpoint: its route table, authorization rules, and interfaces.
    case clientVPNEndpoint = "client-vpn-endpoint"
    /// A Client VPN endpoint's client connect handler (a Lambda function).
    case connectHandler = "connect-handler"
}

/// What happened at a hop.
public enum HopAction: String, Sendable, Encodable, Hashable {
    /// The packet leaves its source.
    case send
    /// A check passed (security group).
    case allow
    case forward
    case deliver
    case drop
}

/// One step of a trace.
public struct TraceHop: Sendable, Encodable, Hashable {
    /// The node's id (`vpc-a/a-private`, `tgw:tgw/tgw-rt-a`, `vpn/1`, `cgw:onprem-c`) or a
    /// description of the host.
    public var node: String
    public var kind: HopKind
    public var action: HopAction
    /// The matched route, when a table was consulted.
    public var route: String?
    public var detail: String?
}

/// A packet's path from one address to another and the reply's path back.
public struct TraceResult: Sendable, Encodable {
    public var from: IPv4Address
    public var to: IPv4Address
    public var `protocol`: IPProtocol
    public var port: Int?
    /// Delivered, and the reply came back.
    public var reachable: Bool
    /// The request reached the destination (the reply may still be lost).
    public var delivered: Bool
    public var reason: DropReason?
    /// Where and why the packet (or its reply) stopped.
    public var detail: String?
    public var hops: [TraceHop]
    public var returnHops: [TraceHop]
    /// Tunnels the request crossed, then those the reply crossed.
    public var tunnels: [TunnelRef]
    public var returnTunnels: [TunnelRef]
    /// The reply crosses a different tunnel than the request: a strict rp_filter (1) on the
    /// customer gateway drops it; 0 or 2 (loose) lets it through.
    public var asymmetric: Bool
    public var notes: [String]
    public var failures: [Failure]
    /// Direct Connect virtual interfaces the request crossed, then the reply (`dx:NAME`).
    public var virtualInterfaces: [String] = []
    public var returnVirtualInterfaces: [String] = []

    enum CodingKeys: String, CodingKey {
        case from, to, `protocol`, port, reachable, delivered, reason, detail, hops, returnHops, tunnels, returnTunnels, asymmetric, notes, failures
        case virtualInterfaces, returnVirtualInterfaces
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(`protocol`, forKey: .protocol)
        try c.encode(port, forKey: .port)
        try c.encode(reachable, forKey: .reachable)
        try c.encode(delivered, forKey: .delivered)
        try c.encode(reason, forKey: .reason)
        try c.encode(detail, forKey: .detail)
        try c.encode(hops, forKey: .hops)
        try c.encode(returnHops, forKey: .returnHops)
        try c.encode(tunnels, forKey: .tunnels)
        try c.encode(returnTunnels, forKey: .returnTunnels)
        if !virtualInterfaces.isEmpty || !returnVirtualInterfaces.isEmpty {
            try c.encode(virtualInterfaces, forKey: .virtualInterfaces)
            try c.encode(returnVirtualInterfaces, forKey: .returnVirtualInterfaces)
        }
        try c.encode(asymmetric, forKey: .asymmetric)
        try c.encode(notes, forKey: .notes)
        try c.encode(failures, forKey: .failures)
    }
}

/// A trace cannot start: an address outside every modelled subnet and site.
public struct TraceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
