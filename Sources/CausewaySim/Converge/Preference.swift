/// A candidate route's place in its node's preference order for one prefix: lower wins, and
/// `ineligible` never does. Each kind of node has its own order; the constants say what a rank
/// means there. Ties within a rank are broken by `SelectionPolicy` (BGP attributes, metric).
///
/// - VPC route table: <https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html>
///   (longest prefix first; for the same prefix the local route, then static routes, then
///   prefix-list routes, then routes propagated from a virtual private gateway).
/// - Virtual private gateway: <https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html#vpn-route-priority>
///   (the attached VPC, then Direct Connect BGP routes, then the VPN connection's static routes,
///   then VPN BGP).
/// - Transit gateway route table: <https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html#tgw-route-evaluation-overview>
///   (static routes, then prefix list references, then propagated VPC routes, then Direct
///   Connect gateway routes, then propagated VPN routes).
/// - Customer gateway and LAN routers (Linux + FRR): administrative distance,
///   <https://docs.frrouting.org/en/latest/zebra.html#administrative-distance> (connected,
///   static, eBGP, OSPF).
struct Preference: Hashable, Sendable, Comparable {
    let raw: UInt8
    private init(_ raw: UInt8) { self.raw = raw }
    static func < (l: Self, r: Self) -> Bool { l.raw < r.raw }

    /// VPC route table: the VPC's own CIDR.
    static let vpcLocal = Preference(0)
    /// VPC route table: a route written in the table.
    static let vpcStatic = Preference(1)
    /// VPC route table: an entry of a prefix list the table routes (after static routes,
    /// before propagated ones: "How route priority works", prefix lists).
    static let vpcPrefixList = Preference(2)
    /// VPC route table: a route propagated from a virtual private gateway.
    static let vpcPropagated = Preference(3)

    /// Virtual private gateway: the CIDRs of the VPC it is attached to.
    static let vgwAttachedVPC = Preference(0)
    /// Virtual private gateway: a route learned over BGP from a Direct Connect virtual interface.
    static let vgwDirectConnect = Preference(1)
    /// Virtual private gateway: a static route of a VPN connection.
    static let vgwVPNStatic = Preference(2)
    /// Virtual private gateway: a route learned over BGP from a customer gateway.
    static let vgwBGP = Preference(3)

    /// Transit gateway route table: a static route (or blackhole) written in the table.
    static let tgwStatic = Preference(0)
    /// Transit gateway route table: an entry of a referenced prefix list (after static routes,
    /// before propagated ones; https://docs.aws.amazon.com/vpc/latest/tgw/create-prefix-list-reference.html).
    static let tgwPrefixList = Preference(5)
    /// Transit gateway route table: a CIDR propagated by a VPC attachment.
    static let tgwPropagatedVPC = Preference(10)
    /// Transit gateway route table: a route propagated by a Direct Connect gateway attachment.
    static let tgwPropagatedDX = Preference(11)
    /// Transit gateway route table: a route propagated by a VPN attachment.
    static let tgwPropagatedVPN = Preference(12)

    /// Linux + FRR: a network the device has an interface in.
    static let connected = Preference(0)
    /// Linux + FRR: a kernel or staticd static route.
    static let `static` = Preference(1)
    /// Linux + FRR: a route learned over eBGP with the higher local preference the rendered FRR
    /// sets on a Direct Connect virtual interface's session (BGP compares local preference
    /// before the AS path, so the site prefers Direct Connect over its VPN for the same prefix).
    static let eBGPPreferred = Preference(19)
    /// Linux + FRR: a route learned over eBGP.
    static let eBGP = Preference(20)
    /// Linux + FRR: a route learned over OSPF.
    static let ospf = Preference(110)

    /// Never selected: kept in the table to explain why (a propagated route inside the VPC
    /// CIDR, which the local route always beats).
    static let ineligible = Preference(255)
}

/// A candidate route with what forwarding over it does and its rank in the node's preference
/// order.
struct Candidate: Sendable {
    var route: SimRoute
    var target: ForwardTarget
    var preference: Preference
}
