import CausewayCore

/// Why a packet stops, as a stable code (`--format json` prints the raw value).
public enum DropReason: String, Sendable, Encodable, Hashable, CaseIterable, CustomStringConvertible {
    /// No route to the destination in the table that had to forward it.
    case noRoute = "no-route"
    /// The best route is a blackhole (TGW blackhole route, or a VPC route whose target is gone).
    case blackhole
    /// The route leads over a tunnel that is down, or every tunnel of the connection is down.
    case tunnelDown = "tunnel-down"
    /// The tunnel is up but the BGP session over it is not, so its routes are withdrawn.
    case bgpDown = "bgp-down"
    /// The VPC route table would have the route if propagation from the VGW were enabled.
    case propagationDisabled = "propagation-disabled"
    /// The route goes through a virtual private gateway that is not attached to the VPC.
    case vgwNotAttached = "vgw-not-attached"
    /// A security group does not allow the traffic.
    case sgDenied = "sg-denied"
    /// An EC2 instance asked to forward traffic still has its source/destination check on.
    case sourceDestCheck = "source-dest-check"
    /// The request arrives but the reply has no route back.
    case noReturnRoute = "no-return-route"
    /// A forwarding loop.
    case ttlExceeded = "ttl-exceeded"
    /// The destination is one of the five addresses AWS reserves in every subnet.
    case reservedAddress = "reserved-address"
    /// The source's Availability Zone has no subnet of the VPC's transit gateway attachment.
    case azNotAttached = "az-not-attached"
    /// Over a VPC peering to an address outside the peer VPC: a peering is not transitive.
    case peeringNotTransitive = "peering-not-transitive"
    /// The Direct Connect virtual interface (or the BGP session over it) is down.
    case virtualInterfaceDown = "vif-down"
    /// A Client VPN endpoint's connect handler refuses the connection.
    case connectionRefused = "connection-refused"
    /// No Client VPN authorization rule grants the user the destination.
    case notAuthorized = "not-authorized"

    public var description: String { rawValue }
}

/// Where a route came from.
public enum RouteOrigin: String, Sendable, Encodable, Hashable, CustomStringConvertible {
    /// A VPC's own CIDR (VPC route table), or the attached VPC on a virtual private gateway.
    case local
    /// Written by hand: VPC or TGW static route, a LAN router's static route, a gateway device's
    /// static route over a tunnel.
    case `static`
    /// Propagated by a VGW into a VPC route table, or by an attachment into a TGW route table.
    case propagated
    /// An entry of a prefix list a VPC route or a TGW prefix list reference names.
    case prefixList = "prefix-list"
    /// A VPN connection's static route on the AWS side.
    case vpnStatic = "vpn-static"
    /// Learned over a BGP session.
    case bgp
    /// Learned over OSPF on a site's LAN.
    case ospf
    /// A network the node has an interface in.
    case connected
    public var description: String { rawValue }
}

/// Where a route sends traffic.
public enum NextHop: Hashable, Sendable, Encodable, CustomStringConvertible, EncodesAsDescription {
    /// Inside the VPC (VPC `local` route).
    case local
    case internetGateway
    case natGateway(String)
    case vpnGateway(String)
    case transitGateway(String)
    case instance(String)
    case vpcPeering(String)
    /// From a VGW into its attached VPC.
    case vpc(String)
    /// From a TGW route table to an attachment.
    case attachment(String)
    /// Over one tunnel (from AWS toward the customer gateway, or back).
    case tunnel(TunnelRef)
    /// Over a Direct Connect virtual interface (from AWS toward the site's router, or back).
    case virtualInterface(String)
    /// A router on a site's LAN, by address.
    case gateway(IPv4Address)
    /// On a directly connected network.
    case connected
    case blackhole

    public var description: String {
        switch self {
        case .local: return "local"
        case .internetGateway: return "igw"
        case .natGateway(let n): return "nat:\(n)"
        case .vpnGateway(let n): return "vgw:\(n)"
        case .transitGateway(let n): return "tgw:\(n)"
        case .instance(let n): return "instance:\(n)"
        case .vpcPeering(let n): return "pcx:\(n)"
        case .vpc(let n): return "vpc:\(n)"
        case .attachment(let n): return "attachment:\(n)"
        case .tunnel(let t): return "tunnel:\(t)"
        case .virtualInterface(let v): return "dx:\(v)"
        case .gateway(let a): return "via \(a)"
        case .connected: return "connected"
        case .blackhole: return "blackhole"
        }
    }
}

/// Whether a route can carry traffic.
public enum RouteState: String, Sendable, Encodable, Hashable {
    /// Usable.
    case active
    /// In the table and matching, but dropping (`reason` says why).
    case blackhole
    /// Would be in the table but is not: its tunnel or session is down, propagation is off, the
    /// VGW is detached… (`reason`). Kept so a drop can say what is missing.
    case inactive
}

/// One route in a converged table, with its origin and attributes.
public struct SimRoute: Sendable, Encodable, Hashable {
    public var destination: IPv4Prefix
    public var origin: RouteOrigin
    public var nextHop: NextHop
    public var state: RouteState = .active
    /// Why the route blackholes or is inactive.
    public var reason: DropReason?
    /// True for the route(s) the node forwards with (several = ECMP).
    public var selected: Bool = false
    public var asPath: [ASN]?
    public var med: UInt32?
    /// Kernel / static metric (lower wins).
    public var metric: Int?
    /// The tunnel the route uses or was learned over.
    public var tunnel: TunnelRef?
    /// What propagated or advertised it (`vgw:vgw`, `attachment att-a (vpc)`, `cgw:onprem`).
    public var learnedFrom: String?
    /// Why it was (not) chosen, or anything a reader should know.
    public var note: String?

    public init(_ destination: IPv4Prefix, _ origin: RouteOrigin, _ nextHop: NextHop) {
        self.destination = destination
        self.origin = origin
        self.nextHop = nextHop
    }

    /// `10.30.0.0/16 → tgw:tgw (static)`.
    public var summary: String {
        var s = "\(destination) → \(nextHop) (\(origin)"
        if let p = asPath { s += ", AS_PATH \(p.isEmpty ? "empty" : p.map(\.description).joined(separator: " "))" }
        if let m = med { s += ", MED \(m)" }
        if let m = metric { s += ", metric \(m)" }
        if let t = tunnel, nextHop != .tunnel(t) { s += ", via \(t)" }
        return s + ")"
    }

    func inactive(_ reason: DropReason, _ note: String? = nil) -> SimRoute {
        var r = self
        r.state = .inactive
        r.reason = reason
        if let note { r.note = note }
        return r
    }
}
