import CausewayCore

/// What kind of node a routing table belongs to.
public enum NodeKind: String, Sendable, Encodable, Hashable {
    case vpcRouteTable = "vpc-route-table"
    case vpnGateway = "vpn-gateway"
    case transitGatewayRouteTable = "tgw-route-table"
    case customerGateway = "customer-gateway"
    case lanRouter = "lan-router"
}

/// One node's converged routing table: every candidate route, the selected ones marked.
public struct RoutingTable: Sendable, Encodable {
    public var id: TableID
    public var kind: NodeKind
    /// The table's or device's own name (`a-private`, `tgw-rt-a`, `core`).
    public var name: String
    /// What holds it: the VPC, transit gateway or site.
    public var owner: String
    /// Sorted by destination; within one destination the selected route comes first.
    public var routes: [SimRoute] = []
    public var notes: [String] = []

    public init(id: TableID, kind: NodeKind, name: String, owner: String) {
        self.id = id
        self.kind = kind
        self.name = name
        self.owner = owner
    }

    /// The routes the node forwards with.
    public var selectedRoutes: [SimRoute] { routes.filter(\.selected) }
}

/// Why a tunnel is down.
public enum TunnelProblem: String, Sendable, Encodable, Hashable {
    /// Taken down with `--fail`.
    case failed
    /// Disabled on the customer's device.
    case disabled
    case ikeVersionMismatch = "ike-version-mismatch"
    case phase1Mismatch = "phase1-mismatch"
    case phase2Mismatch = "phase2-mismatch"
    case pskMismatch = "psk-mismatch"
    case insideCIDRMismatch = "inside-cidr-mismatch"
    /// The VPN connection's VGW or TGW is not in the topology.
    case noAWSGateway = "no-aws-gateway"
}

/// The state of one tunnel: up only when both ends agree and nothing failed it.
public struct TunnelStatus: Sendable, Encodable {
    public var tunnel: TunnelRef
    public var up: Bool
    public var problem: TunnelProblem?
    public var detail: String?
    public var insideCIDR: IPv4Prefix?
    public var awsInsideAddress: IPv4Address?
    public var customerInsideAddress: IPv4Address?
    /// What the two ends would negotiate (first common choice).
    public var ikeVersion: IKEVersion?
    public var phase1: Proposal?
    public var phase2: Proposal?
    public var notes: [String] = []

    public init(tunnel: TunnelRef, up: Bool) {
        self.tunnel = tunnel
        self.up = up
    }
}

/// One eBGP session (one per tunnel of a BGP connection), and what crosses it.
public struct BGPSession: Sendable, Encodable {
    public var tunnel: TunnelRef
    public var up: Bool
    /// `tunnel-down` or `bgp-down` when not up.
    public var reason: DropReason?
    public var detail: String?
    public var awsASN: ASN
    public var customerASN: ASN
    public var awsAddress: IPv4Address?
    public var customerAddress: IPv4Address?
    /// The timers AWS's side of the session runs (seconds): keepalive 10, hold 30, as in AWS's
    /// customer gateway configuration files (AWSNumbers.BGP); the rendered FRR sets the same.
    public var keepaliveSeconds = AWSNumbers.BGP.keepalive
    public var holdTimeSeconds = AWSNumbers.BGP.holdTime
    /// Prefixes the AWS side advertises to the customer gateway (what the VGW / associated TGW
    /// route table holds), with the AS_PATH as the customer gateway receives it.
    public var advertisedByAWS: [Advertisement] = []
    /// Prefixes the customer gateway advertises, with the AS_PATH as AWS receives it.
    public var advertisedByCustomer: [Advertisement] = []

    public struct Advertisement: Sendable, Encodable, Hashable {
        public var prefix: IPv4Prefix
        public var asPath: [ASN]
    }

    public init(tunnel: TunnelRef, up: Bool, awsASN: ASN, customerASN: ASN) {
        self.tunnel = tunnel
        self.up = up
        self.awsASN = awsASN
        self.customerASN = customerASN
    }
}

/// Every routing table of the topology as AWS and the customer gateways end up with them, plus
/// tunnel and BGP state. Built by `Simulation`.
public struct ConvergedNetwork: Sendable, Encodable {
    let fabric: Fabric

    public var tables: [RoutingTable] { fabric.nodes.map(\.table) }
    public var tunnels: [TunnelStatus] { fabric.tunnels }
    public var bgpSessions: [BGPSession] { fabric.sessions }
    public var notes: [String] { fabric.notes }
    /// Each Direct Connect virtual interface's BGP session and what crosses it.
    public var virtualInterfaces: [VirtualInterfaceStatus] { fabric.vifStatus }

    /// The table with this id.
    public func table(_ id: TableID) -> RoutingTable? { fabric.nodeIndex[id].map { fabric.nodes[$0].table } }

    /// Tables whose id (`vpc-a/a-private`, `tgw:tgw/tgw-rt-a`, `cgw:onprem`) or own name
    /// (`tgw-rt-a`) is `name`: what `causeway routes --table` selects.
    public func tables(named name: String) -> [RoutingTable] {
        let id = TableID(parsing: name)
        return tables.filter { $0.id == id || $0.name == name }
    }

    /// The routes a node forwards `address` with: a longest-prefix match in its table (several
    /// routes = ECMP). Empty when the node has no route.
    public func lookup(_ address: IPv4Address, in id: TableID) -> [SimRoute] {
        guard let i = fabric.nodeIndex[id] else { return [] }
        let n = fabric.nodes[i]
        guard let g = n.fib.lookup(address) else { return [] }
        return n.group(g).map { n.table.routes[$0.route] }
    }

    public func tunnelStatus(_ t: TunnelRef) -> TunnelStatus? { fabric.tunnels.first { $0.tunnel == t } }

    enum CodingKeys: String, CodingKey { case tables, tunnels, bgpSessions, virtualInterfaces, notes }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(tables, forKey: .tables)
        try c.encode(tunnels, forKey: .tunnels)
        try c.encode(bgpSessions, forKey: .bgpSessions)
        if !virtualInterfaces.isEmpty { try c.encode(virtualInterfaces, forKey: .virtualInterfaces) }
        try c.encode(notes, forKey: .notes)
    }
}
