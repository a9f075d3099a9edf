/// A VPC peering connection between two VPCs of the topology: the requester (`vpc`) asks, the
/// accepter (`peer_vpc`) accepts; `peer_region` when the accepter is in another Region
/// (https://docs.aws.amazon.com/vpc/latest/peering/what-is-vpc-peering.html).
public struct VPCPeering: Peering {
    public var name: String
    public var path: String
    /// An existing peering connection to adopt (`pcx-…`).
    public var id: String?
    /// The requester VPC.
    public var vpc: String
    /// The accepter VPC.
    public var peerVPC: String
    /// The accepter's Region when it is not the topology's.
    public var peerRegion: String?

    /// Whether it joins `vpc` to something.
    public func joins(_ vpc: String) -> Bool { self.vpc == vpc || peerVPC == vpc }
    /// The VPC at the other end from `vpc`.
    public func other(than vpc: String) -> String { self.vpc == vpc ? peerVPC : self.vpc }

    enum CodingKeys: String, CodingKey { case name, id, vpc, peerVPC = "peer_vpc", peerRegion = "peer_region" }
}

/// A transit gateway peering attachment between two transit gateways of the topology, in one
/// Region or two (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html). Each side has an
/// attachment named after the peering; only static routes send traffic over it.
public struct TransitGatewayPeering: Peering {
    public var name: String
    public var path: String
    public var id: String?
    /// The requester transit gateway.
    public var transitGateway: String
    /// The accepter transit gateway.
    public var peerTransitGateway: String

    /// The transit gateway at the other end from `tgw`.
    public func other(than tgw: String) -> String { transitGateway == tgw ? peerTransitGateway : transitGateway }

    enum CodingKeys: String, CodingKey { case name, id, transitGateway = "transit_gateway", peerTransitGateway = "peer_transit_gateway" }
}

extension Topology {
    public func prefixList(_ name: String) -> ManagedPrefixList? { prefixLists.first { $0.name == name } }
    public func vpcPeering(_ name: String) -> VPCPeering? { vpcPeerings.first { $0.name == name } }
    public func transitGatewayPeering(_ name: String) -> TransitGatewayPeering? { transitGatewayPeerings.first { $0.name == name } }
    /// The peering connections joining two VPCs, in file order.
    public func vpcPeerings(between a: String, _ b: String) -> [VPCPeering] {
        vpcPeerings.filter { ($0.vpc == a && $0.peerVPC == b) || ($0.vpc == b && $0.peerVPC == a) }
    }
    /// A VPC route table's routes with each prefix-list route spelled out as one route per
    /// entry of its list (same path and target), for checks that ask which route covers a prefix.
    public func routesWithPrefixListEntries(_ rt: RouteTable) -> [Route] {
        rt.routes + rt.prefixListRoutes.flatMap { r in
            (prefixList(r.prefixList)?.entries ?? []).map { Route(path: r.path, destination: $0.cidr, target: r.target) }
        }
    }

    /// A transit gateway's Region: its own, else the topology's.
    public func region(of tgw: TransitGateway) -> String { tgw.region ?? region }
}

/// What a VPC peering and a transit gateway peering share: an id when adopted.
public protocol Peering: Sendable, Encodable {
    var id: String? { get set }
}
