/// A Direct Connect gateway: the global BGP router between virtual interfaces and the virtual
/// private gateways or transit gateways it is associated with (Direct Connect user guide,
/// "Direct Connect gateways").
public struct DirectConnectGateway: Sendable, Encodable {
    public var name: String
    public var path: String
    public var id: String?
    /// `amazon_side_asn`: the Amazon side of the BGP sessions over its virtual interfaces.
    public var amazonSideASN: ASN = .amazonDefault
    public var associations: [DirectConnectGatewayAssociation] = []

    enum CodingKeys: String, CodingKey {
        case name, id, associations
        case amazonSideASN = "amazon_side_asn"
    }

    /// The association with this transit gateway, if any.
    public func association(transitGateway tgw: String) -> DirectConnectGatewayAssociation? {
        associations.first { $0.gateway == .transitGateway(tgw) }
    }

    /// True when one of its associations is with a transit gateway.
    public var hasTransitGatewayAssociation: Bool { associations.contains { if case .transitGateway = $0.gateway { return true } else { return false } } }
    /// True when one of its associations is with a virtual private gateway.
    public var hasVPNGatewayAssociation: Bool { associations.contains { if case .vpnGateway = $0.gateway { return true } else { return false } } }
}

/// A Direct Connect gateway's association with a virtual private gateway or a transit gateway,
/// with its allowed prefixes (Direct Connect user guide, "Allowed prefixes interactions").
public struct DirectConnectGatewayAssociation: Sendable, Encodable {
    public var path: String
    /// The gateway associated: a VGW (`vpn_gateway:`) or a TGW (`transit_gateway:`).
    public var gateway: VPNGatewayTarget
    /// `allowed_prefixes`: for a transit gateway, exactly what AWS advertises to on-premises; for
    /// a virtual private gateway, a filter on its VPC's CIDR (empty = the VPC CIDR passes).
    public var allowedPrefixes: [IPv4Prefix] = []

    enum CodingKeys: String, CodingKey {
        case gateway
        case allowedPrefixes = "allowed_prefixes"
    }
}

/// The type of a virtual interface to a Direct Connect gateway.
public enum VirtualInterfaceType: String, Sendable, Encodable, CaseIterable {
    /// To a Direct Connect gateway associated with virtual private gateways.
    case `private`
    /// To a Direct Connect gateway associated with transit gateways.
    case transit
}

/// A private or transit virtual interface: one VLAN on a Direct Connect connection with one
/// eBGP session between the on-premises router and AWS (Direct Connect user guide, "Virtual
/// interfaces").
public struct VirtualInterface: Sendable, Encodable {
    public var name: String
    public var path: String
    public var id: String?
    public var type: VirtualInterfaceType
    /// `dx_gateway`: the Direct Connect gateway it attaches to.
    public var dxGateway: String
    /// The site whose router speaks BGP over the interface (its gateway device, when it has one).
    public var site: String
    /// `bgp_asn`: the on-premises side's ASN; nil = the site device's.
    public var bgpASN: ASN?
    /// 802.1Q VLAN tag (1–4094).
    public var vlan: Int
    /// `amazon_address` / `customer_address`: the BGP peer addresses with their prefix (/30 or
    /// /31); nil = AWS assigns them from 169.254.0.0/16.
    public var amazonAddress: IPv4Interface?
    public var customerAddress: IPv4Interface?
    /// `advertise`: what the site sends AWS over the interface; empty = the site's CIDRs.
    public var advertise: [IPv4Prefix] = []

    enum CodingKeys: String, CodingKey {
        case name, id, type, site, vlan, advertise
        case dxGateway = "dx_gateway", bgpASN = "bgp_asn"
        case amazonAddress = "amazon_address", customerAddress = "customer_address"
    }
}

/// An interface address with its prefix length (`169.254.100.1/30`): the address as written,
/// not normalised to its network.
public struct IPv4Interface: Sendable, Hashable, Encodable, CustomStringConvertible, EncodesAsDescription {
    public var address: IPv4Address
    public var length: Int
    public init(_ address: IPv4Address, _ length: Int) {
        self.address = address
        self.length = length
    }
    /// The network the address is in.
    public var network: IPv4Prefix { IPv4Prefix(address, length) }
    public var description: String { "\(address)/\(length)" }
}

extension Topology {
    /// What a site sends AWS over a virtual interface: its `advertise`, else the site's CIDRs.
    public func advertised(over vif: VirtualInterface) -> [IPv4Prefix] {
        if !vif.advertise.isEmpty { return vif.advertise }
        return site(vif.site)?.cidrs ?? []
    }

    /// The on-premises ASN of a virtual interface's BGP session: its `bgp_asn`, else the site
    /// device's ASN; nil when neither is given.
    public func customerASN(of vif: VirtualInterface) -> ASN? {
        vif.bgpASN ?? site(vif.site)?.gateway?.asn
    }
}
