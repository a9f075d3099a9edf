/// A transit gateway: a regional router with attachments and its own route tables.
public struct TransitGateway: Sendable, Encodable {
    public var name: String
    public var path: String
    public var id: String?
    public var asn: ASN = .amazonDefault
    /// Its Region when not the topology's (a peer of an inter-Region peering).
    public var region: String?
    /// AWS defaults: new attachments associate with and propagate to the default table.
    public var defaultRouteTableAssociation: Bool = true
    public var defaultRouteTablePropagation: Bool = true
    /// Equal-cost multipath across VPN attachments (AWS default: enabled).
    public var vpnECMP: Bool = true
    public var attachments: [TransitGatewayAttachment] = []
    public var routeTables: [TransitGatewayRouteTable] = []

    public func attachment(_ name: String) -> TransitGatewayAttachment? { attachments.first { $0.name == name } }
    public func routeTable(_ name: String) -> TransitGatewayRouteTable? { routeTables.first { $0.name == name } }
    /// The default association/propagation table (the one marked `default`).
    public var defaultRouteTable: TransitGatewayRouteTable? { routeTables.first { $0.isDefault } }

    /// The route table an attachment is associated with (explicit, else the default table when
    /// default association is on). AWS allows exactly one.
    public func associatedTable(of attachment: String) -> TransitGatewayRouteTable? {
        if let t = routeTables.first(where: { $0.associations.contains(attachment) }) { return t }
        return defaultRouteTableAssociation ? defaultRouteTable : nil
    }

    /// The attachment carrying a VPN connection.
    public func attachment(forVPN connection: String) -> TransitGatewayAttachment? {
        attachments.first { if case .vpn(connection) = $0.resource { return true } else { return false } }
    }

    /// The attachment for one side of a transit gateway peering.
    public func attachment(forPeering peering: String) -> TransitGatewayAttachment? {
        attachments.first { if case .peering(peering) = $0.resource { return true } else { return false } }
    }

    /// The attachment for a Direct Connect gateway association.
    public func attachment(forDXGateway dxgw: String) -> TransitGatewayAttachment? {
        attachments.first { if case .directConnectGateway(dxgw) = $0.resource { return true } else { return false } }
    }

    /// The attachment for a VPC.
    public func attachment(forVPC vpc: String) -> TransitGatewayAttachment? {
        attachments.first { if case .vpc(vpc, _) = $0.resource { return true } else { return false } }
    }
}

public struct TransitGatewayAttachment: Sendable, Encodable {
    public var name: String
    public var path: String
    public var id: String?
    public var resource: Resource
    /// Set when the loader created it implicitly (a VPN connection to the TGW with no attachment
    /// written), so the file need not name it.
    public var implicit: Bool = false

    public enum Resource: Sendable, Encodable, Hashable {
        /// A VPC attachment: the VPC and the subnets (one per AZ) it uses.
        case vpc(String, subnets: [String])
        /// The attachment AWS creates for a VPN connection to the transit gateway.
        case vpn(String)
        /// One side of a transit gateway peering (`transit_gateway_peerings:`), by peering name.
        case peering(String)
        /// The attachment AWS creates when a Direct Connect gateway is associated with the
        /// transit gateway (Direct Connect user guide, "Transit gateway associations").
        case directConnectGateway(String)

        enum CodingKeys: String, CodingKey { case vpc, subnets, vpn, peering, dxGateway = "dx_gateway" }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .vpc(let v, let s):
                try c.encode(v, forKey: .vpc)
                try c.encode(s, forKey: .subnets)
            case .vpn(let v): try c.encode(v, forKey: .vpn)
            case .peering(let p): try c.encode(p, forKey: .peering)
            case .directConnectGateway(let d): try c.encode(d, forKey: .dxGateway)
            }
        }
    }

    /// One side of a transit gateway peering.
    public var isPeering: Bool { if case .peering = resource { true } else { false } }
}

public struct TransitGatewayRouteTable: Sendable, Encodable {
    public var name: String
    public var path: String
    public var id: String?
    /// The transit gateway's default association/propagation table.
    public var isDefault: Bool = false
    public var associations: [String] = []
    public var propagations: [String] = []
    public var routes: [TransitGatewayRoute] = []
    public var prefixListReferences: [TransitGatewayPrefixListReference] = []
}

/// A static TGW route: to an attachment, or a blackhole.
public struct TransitGatewayRoute: Sendable, Encodable {
    public var path: String
    public var destination: IPv4Prefix
    /// The attachment name; nil for a blackhole.
    public var attachment: String?
    public var blackhole: Bool { attachment == nil }
}
