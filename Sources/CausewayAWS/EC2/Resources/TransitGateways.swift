/// A transit gateway and the options that decide its default routing behaviour.
public struct TransitGateway: Sendable, Hashable {
    public var id: String
    public var state: String
    public var description: String?
    public var amazonSideAsn: Int?
    /// `enable` / `disable`, as AWS spells them.
    public var defaultRouteTableAssociation: String?
    public var defaultRouteTablePropagation: String?
    public var associationDefaultRouteTableId: String?
    public var propagationDefaultRouteTableId: String?
    public var vpnEcmpSupport: String?
    public var tags: [ResourceTag]

    init?(xml: XMLTree) {
        guard let id = xml.string("transitGatewayId") else { return nil }
        self.id = id
        state = xml.string("state") ?? ""
        description = xml.string("description")
        let options = xml.child("options")
        amazonSideAsn = options?.int("amazonSideAsn")
        defaultRouteTableAssociation = options?.string("defaultRouteTableAssociation")
        defaultRouteTablePropagation = options?.string("defaultRouteTablePropagation")
        associationDefaultRouteTableId = options?.string("associationDefaultRouteTableId")
        propagationDefaultRouteTableId = options?.string("propagationDefaultRouteTableId")
        vpnEcmpSupport = options?.string("vpnEcmpSupport")
        tags = xml.tags
    }
}

/// Options for CreateTransitGateway; nil leaves AWS's default.
public struct TransitGatewayOptions: Sendable, Hashable {
    public var amazonSideAsn: Int?
    public var defaultRouteTableAssociation: Bool?
    public var defaultRouteTablePropagation: Bool?
    public var vpnEcmpSupport: Bool?
    public var dnsSupport: Bool?
    public var autoAcceptSharedAttachments: Bool?

    public init(amazonSideAsn: Int? = nil, defaultRouteTableAssociation: Bool? = nil,
                defaultRouteTablePropagation: Bool? = nil, vpnEcmpSupport: Bool? = nil, dnsSupport: Bool? = nil,
                autoAcceptSharedAttachments: Bool? = nil) {
        self.amazonSideAsn = amazonSideAsn
        self.defaultRouteTableAssociation = defaultRouteTableAssociation
        self.defaultRouteTablePropagation = defaultRouteTablePropagation
        self.vpnEcmpSupport = vpnEcmpSupport
        self.dnsSupport = dnsSupport
        self.autoAcceptSharedAttachments = autoAcceptSharedAttachments
    }
}

/// A transit gateway attachment of any kind (`vpc`, `vpn`, `direct-connect-gateway`, …).
public struct TransitGatewayAttachment: Sendable, Hashable {
    public var id: String
    public var transitGatewayId: String?
    public var resourceType: String?
    public var resourceId: String?
    public var state: String
    /// The route table this attachment is associated with, if any.
    public var associatedRouteTableId: String?
    public var tags: [ResourceTag]

    init?(xml: XMLTree) {
        guard let id = xml.string("transitGatewayAttachmentId") else { return nil }
        self.id = id
        transitGatewayId = xml.string("transitGatewayId")
        resourceType = xml.string("resourceType")
        resourceId = xml.string("resourceId")
        state = xml.string("state") ?? ""
        associatedRouteTableId = xml.string("association", "transitGatewayRouteTableId")
        tags = xml.tags
    }
}

/// A VPC attachment of a transit gateway.
public struct TransitGatewayVpcAttachment: Sendable, Hashable {
    public var id: String
    public var transitGatewayId: String?
    public var vpcId: String?
    public var subnetIds: [String]
    public var state: String
    public var tags: [ResourceTag]

    init?(xml: XMLTree) {
        guard let id = xml.string("transitGatewayAttachmentId") else { return nil }
        self.id = id
        transitGatewayId = xml.string("transitGatewayId")
        vpcId = xml.string("vpcId")
        subnetIds = xml.items("subnetIds").map(\.trimmedText).filter { !$0.isEmpty }
        state = xml.string("state") ?? ""
        tags = xml.tags
    }
}

/// A transit gateway route table.
public struct TransitGatewayRouteTable: Sendable, Hashable {
    public var id: String
    public var transitGatewayId: String?
    public var state: String
    public var isDefaultAssociationRouteTable: Bool
    public var isDefaultPropagationRouteTable: Bool
    public var tags: [ResourceTag]

    init?(xml: XMLTree) {
        guard let id = xml.string("transitGatewayRouteTableId") else { return nil }
        self.id = id
        transitGatewayId = xml.string("transitGatewayId")
        state = xml.string("state") ?? ""
        isDefaultAssociationRouteTable = xml.bool("defaultAssociationRouteTable") ?? false
        isDefaultPropagationRouteTable = xml.bool("defaultPropagationRouteTable") ?? false
        tags = xml.tags
    }
}

/// An association or a propagation between a TGW route table and an attachment.
public struct TransitGatewayRouteTableLink: Sendable, Hashable {
    public var routeTableId: String?
    public var attachmentId: String
    public var resourceId: String?
    public var resourceType: String?
    /// `associating`, `associated`, `enabling`, `enabled`, …
    public var state: String

    init?(xml: XMLTree) {
        guard let attachment = xml.string("transitGatewayAttachmentId") else { return nil }
        routeTableId = xml.string("transitGatewayRouteTableId")
        attachmentId = attachment
        resourceId = xml.string("resourceId")
        resourceType = xml.string("resourceType")
        state = xml.string("state") ?? ""
    }
}

/// A route in a transit gateway route table.
public struct TransitGatewayRoute: Sendable, Hashable {
    public struct Target: Sendable, Hashable {
        public var attachmentId: String?
        public var resourceId: String?
        public var resourceType: String?
    }
    public var destinationCidrBlock: String
    /// `static` or `propagated`.
    public var type: String?
    /// `active`, `blackhole`, …
    public var state: String?
    public var attachments: [Target]

    init?(xml: XMLTree) {
        guard let destination = xml.string("destinationCidrBlock") else { return nil }
        destinationCidrBlock = destination
        type = xml.string("type")
        state = xml.string("state")
        attachments = xml.items("transitGatewayAttachments").map {
            Target(attachmentId: $0.string("transitGatewayAttachmentId"), resourceId: $0.string("resourceId"),
                   resourceType: $0.string("resourceType"))
        }
    }
}

/// What a static transit gateway route does with matching traffic.
public enum TransitGatewayRouteAction: Sendable, Hashable {
    case attachment(String)
    case blackhole
}

private func enableDisable(_ value: Bool?) -> String? { value.map { $0 ? "enable" : "disable" } }

extension EC2Client {
    public func createTransitGateway(description: String? = nil, options: TransitGatewayOptions = TransitGatewayOptions(),
                                     tags: [ResourceTag] = []) async throws -> TransitGateway {
        var p = QueryParameters()
        p.add("Description", description)
        p.add("Options.AmazonSideAsn", options.amazonSideAsn)
        p.add("Options.AutoAcceptSharedAttachments", enableDisable(options.autoAcceptSharedAttachments))
        p.add("Options.DefaultRouteTableAssociation", enableDisable(options.defaultRouteTableAssociation))
        p.add("Options.DefaultRouteTablePropagation", enableDisable(options.defaultRouteTablePropagation))
        p.add("Options.VpnEcmpSupport", enableDisable(options.vpnEcmpSupport))
        p.add("Options.DnsSupport", enableDisable(options.dnsSupport))
        p.addTagSpecification("transit-gateway", tags)
        return try await create("CreateTransitGateway", p, element: "transitGateway", TransitGateway.init(xml:))
    }

    public func describeTransitGateways(ids: [String] = [], filters: [EC2Filter] = []) async throws -> [TransitGateway] {
        try await describe("DescribeTransitGateways", idList: "TransitGatewayIds", ids, filters, list: "transitGatewaySet", item: "transitGateway", TransitGateway.init(xml:))
    }

    public func deleteTransitGateway(id: String) async throws {
        try await delete("DeleteTransitGateway", idName: "TransitGatewayId", id, expectReturn: false)
    }

    public func createTransitGatewayVpcAttachment(transitGatewayId: String, vpcId: String, subnetIds: [String],
                                                  tags: [ResourceTag] = []) async throws -> TransitGatewayVpcAttachment {
        var p = QueryParameters()
        p.add("TransitGatewayId", transitGatewayId)
        p.add("VpcId", vpcId)
        p.addList("SubnetIds", subnetIds)
        p.addTagSpecification("transit-gateway-attachment", tags, prefix: "TagSpecifications")
        return try await create("CreateTransitGatewayVpcAttachment", p, element: "transitGatewayVpcAttachment", TransitGatewayVpcAttachment.init(xml:))
    }

    public func describeTransitGatewayVpcAttachments(ids: [String] = [], filters: [EC2Filter] = []) async throws -> [TransitGatewayVpcAttachment] {
        try await describe("DescribeTransitGatewayVpcAttachments", idList: "TransitGatewayAttachmentIds", ids, filters, list: "transitGatewayVpcAttachments", item: "transitGatewayVpcAttachment", TransitGatewayVpcAttachment.init(xml:))
    }

    public func deleteTransitGatewayVpcAttachment(id: String) async throws {
        try await delete("DeleteTransitGatewayVpcAttachment", idName: "TransitGatewayAttachmentId", id, expectReturn: false)
    }

    /// All attachments (VPC, VPN, …) of any transit gateway, filtered.
    public func describeTransitGatewayAttachments(ids: [String] = [], filters: [EC2Filter] = []) async throws -> [TransitGatewayAttachment] {
        try await describe("DescribeTransitGatewayAttachments", idList: "TransitGatewayAttachmentIds", ids, filters, list: "transitGatewayAttachments", item: "transitGatewayAttachment", TransitGatewayAttachment.init(xml:))
    }

    public func createTransitGatewayRouteTable(transitGatewayId: String, tags: [ResourceTag] = []) async throws -> TransitGatewayRouteTable {
        var p = QueryParameters()
        p.add("TransitGatewayId", transitGatewayId)
        p.addTagSpecification("transit-gateway-route-table", tags, prefix: "TagSpecifications")
        return try await create("CreateTransitGatewayRouteTable", p, element: "transitGatewayRouteTable", TransitGatewayRouteTable.init(xml:))
    }

    public func describeTransitGatewayRouteTables(ids: [String] = [], filters: [EC2Filter] = []) async throws -> [TransitGatewayRouteTable] {
        try await describe("DescribeTransitGatewayRouteTables", idList: "TransitGatewayRouteTableIds", ids, filters, list: "transitGatewayRouteTables", item: "transitGatewayRouteTable", TransitGatewayRouteTable.init(xml:))
    }

    public func deleteTransitGatewayRouteTable(id: String) async throws {
        try await delete("DeleteTransitGatewayRouteTable", idName: "TransitGatewayRouteTableId", id, expectReturn: false)
    }

    public func associateTransitGatewayRouteTable(routeTableId: String, attachmentId: String) async throws -> TransitGatewayRouteTableLink {
        try await link("AssociateTransitGatewayRouteTable", "association", routeTableId, attachmentId)
    }

    public func disassociateTransitGatewayRouteTable(routeTableId: String, attachmentId: String) async throws -> TransitGatewayRouteTableLink {
        try await link("DisassociateTransitGatewayRouteTable", "association", routeTableId, attachmentId)
    }

    public func enableTransitGatewayRouteTablePropagation(routeTableId: String, attachmentId: String) async throws -> TransitGatewayRouteTableLink {
        try await link("EnableTransitGatewayRouteTablePropagation", "propagation", routeTableId, attachmentId)
    }

    public func disableTransitGatewayRouteTablePropagation(routeTableId: String, attachmentId: String) async throws -> TransitGatewayRouteTableLink {
        try await link("DisableTransitGatewayRouteTablePropagation", "propagation", routeTableId, attachmentId)
    }

    private func link(_ action: String, _ element: String, _ routeTableId: String, _ attachmentId: String) async throws -> TransitGatewayRouteTableLink {
        var p = QueryParameters()
        p.add("TransitGatewayRouteTableId", routeTableId)
        p.add("TransitGatewayAttachmentId", attachmentId)
        let response = try await call(action, p)
        return try decode(response.child(element), action: action, what: element, TransitGatewayRouteTableLink.init(xml:))
    }

    public func createTransitGatewayRoute(routeTableId: String, destinationCidrBlock: String,
                                          action: TransitGatewayRouteAction) async throws -> TransitGatewayRoute {
        var p = QueryParameters()
        p.add("DestinationCidrBlock", destinationCidrBlock)
        p.add("TransitGatewayRouteTableId", routeTableId)
        switch action {
        case .attachment(let id): p.add("TransitGatewayAttachmentId", id)
        case .blackhole: p.add("Blackhole", true)
        }
        return try await create("CreateTransitGatewayRoute", p, element: "route", TransitGatewayRoute.init(xml:))
    }

    public func deleteTransitGatewayRoute(routeTableId: String, destinationCidrBlock: String) async throws {
        var p = QueryParameters()
        p.add("TransitGatewayRouteTableId", routeTableId)
        p.add("DestinationCidrBlock", destinationCidrBlock)
        _ = try await call("DeleteTransitGatewayRoute", p)
    }

    /// The attachments associated with a route table (GetTransitGatewayRouteTableAssociations).
    public func transitGatewayRouteTableAssociations(routeTableId: String) async throws -> [TransitGatewayRouteTableLink] {
        try await links("GetTransitGatewayRouteTableAssociations", "associations", routeTableId)
    }

    /// The attachments propagating into a route table (GetTransitGatewayRouteTablePropagations).
    public func transitGatewayRouteTablePropagations(routeTableId: String) async throws -> [TransitGatewayRouteTableLink] {
        try await links("GetTransitGatewayRouteTablePropagations", "transitGatewayRouteTablePropagations", routeTableId)
    }

    private func links(_ action: String, _ list: String, _ routeTableId: String) async throws -> [TransitGatewayRouteTableLink] {
        var p = QueryParameters()
        p.add("TransitGatewayRouteTableId", routeTableId)
        let items = try await callPaginated(action, p, listElement: list)
        return try decodeAll(items, action: action, what: "item") { xml in
            TransitGatewayRouteTableLink(xml: xml).map { var l = $0; l.routeTableId = l.routeTableId ?? routeTableId; return l }
        }
    }

    /// Routes of a TGW route table matching `filters` (AWS requires at least one, e.g. `type`
    /// = `static`,`propagated`). AWS returns at most `maxResults` and says whether more exist.
    public func searchTransitGatewayRoutes(routeTableId: String,
                                           filters: [EC2Filter] = [EC2Filter("type", ["static", "propagated"])],
                                           maxResults: Int? = nil) async throws -> (routes: [TransitGatewayRoute], moreAvailable: Bool) {
        var p = QueryParameters()
        p.add("TransitGatewayRouteTableId", routeTableId)
        p.addFilters(filters)
        p.add("MaxResults", maxResults)
        let response = try await call("SearchTransitGatewayRoutes", p)
        let routes = try decodeAll(response.items("routeSet"), action: "SearchTransitGatewayRoutes", what: "route",
                                   TransitGatewayRoute.init(xml:))
        return (routes, response.bool("additionalRoutesAvailable") ?? false)
    }
}
