/// A VPC route table with its routes, associations and VGW propagations.
public struct RouteTable: Sendable, Hashable {
    public struct Route: Sendable, Hashable {
        public var destinationCidrBlock: String?
        /// `local`, an internet gateway, or a virtual private gateway.
        public var gatewayId: String?
        public var transitGatewayId: String?
        /// `active` or `blackhole`.
        public var state: String?
        /// `CreateRouteTable`, `CreateRoute` or `EnableVgwRoutePropagation`.
        public var origin: String?
    }
    public struct Association: Sendable, Hashable {
        public var id: String
        public var subnetId: String?
        public var gatewayId: String?
        public var main: Bool
    }

    public var id: String
    public var vpcId: String
    public var routes: [Route]
    public var associations: [Association]
    /// Virtual private gateways propagating into this table.
    public var propagatingGateways: [String]
    public var tags: [ResourceTag]

    init?(xml: XMLTree) {
        guard let id = xml.string("routeTableId"), let vpc = xml.string("vpcId") else { return nil }
        self.id = id
        vpcId = vpc
        routes = xml.items("routeSet").map {
            Route(destinationCidrBlock: $0.string("destinationCidrBlock"), gatewayId: $0.string("gatewayId"),
                  transitGatewayId: $0.string("transitGatewayId"), state: $0.string("state"), origin: $0.string("origin"))
        }
        associations = xml.items("associationSet").compactMap { item in
            item.string("routeTableAssociationId").map {
                Association(id: $0, subnetId: item.string("subnetId"), gatewayId: item.string("gatewayId"),
                            main: item.bool("main") ?? false)
            }
        }
        propagatingGateways = xml.items("propagatingVgwSet").compactMap { $0.string("gatewayId") }
        tags = xml.tags
    }
}

/// Where a VPC route sends traffic.
public enum RouteTarget: Sendable, Hashable {
    case gateway(String)
    case transitGateway(String)
}

extension EC2Client {
    public func createRouteTable(vpcId: String, tags: [ResourceTag] = [], clientToken: ClientToken? = nil) async throws -> RouteTable {
        var p = QueryParameters()
        p.add("VpcId", vpcId)
        p.addTagSpecification("route-table", tags)
        p.add("ClientToken", clientToken?.value)
        return try await create("CreateRouteTable", p, element: "routeTable", RouteTable.init(xml:))
    }

    public func describeRouteTables(ids: [String] = [], filters: [EC2Filter] = []) async throws -> [RouteTable] {
        try await describe("DescribeRouteTables", idList: "RouteTableId", ids, filters, list: "routeTableSet", item: "routeTable", RouteTable.init(xml:))
    }

    public func deleteRouteTable(id: String) async throws {
        try await delete("DeleteRouteTable", idName: "RouteTableId", id, expectReturn: true)
    }

    /// Creates a route. CreateRoute takes no client token (botocore's EC2 model): when a first
    /// attempt landed but its answer was lost, the retry gets `RouteAlreadyExists`. The route is
    /// then pointed at the wanted target with ReplaceRoute, which is idempotent — the planner only
    /// creates routes it found missing, so the existing one is this call's own or belongs at this
    /// target anyway.
    public func createRoute(routeTableId: String, destinationCidrBlock: String, target: RouteTarget) async throws {
        do {
            try await callExpectingReturn("CreateRoute", Self.route(routeTableId, destinationCidrBlock, target))
        } catch EC2Error.service(_, let response) where response.code == "RouteAlreadyExists" {
            try await replaceRoute(routeTableId: routeTableId, destinationCidrBlock: destinationCidrBlock, target: target)
        }
    }

    /// Points an existing route at another target.
    public func replaceRoute(routeTableId: String, destinationCidrBlock: String, target: RouteTarget) async throws {
        try await callExpectingReturn("ReplaceRoute", Self.route(routeTableId, destinationCidrBlock, target))
    }

    static func route(_ routeTableId: String, _ destinationCidrBlock: String, _ target: RouteTarget) -> QueryParameters {
        var p = QueryParameters()
        p.add("RouteTableId", routeTableId)
        p.add("DestinationCidrBlock", destinationCidrBlock)
        switch target {
        case .gateway(let id): p.add("GatewayId", id)
        case .transitGateway(let id): p.add("TransitGatewayId", id)
        }
        return p
    }

    public func deleteRoute(routeTableId: String, destinationCidrBlock: String) async throws {
        try await callExpectingReturn("DeleteRoute", QueryParameters(["RouteTableId": routeTableId, "DestinationCidrBlock": destinationCidrBlock]))
    }

    /// Associates a subnet with a route table; returns the association id.
    public func associateRouteTable(routeTableId: String, subnetId: String) async throws -> String {
        var p = QueryParameters()
        p.add("RouteTableId", routeTableId)
        p.add("SubnetId", subnetId)
        let response = try await call("AssociateRouteTable", p)
        guard let id = response.string("associationId") else {
            throw EC2Error.malformedResponse(action: "AssociateRouteTable", detail: "no <associationId>")
        }
        return id
    }

    public func disassociateRouteTable(associationId: String) async throws {
        try await callExpectingReturn("DisassociateRouteTable", QueryParameters(["AssociationId": associationId]))
    }

    public func enableVgwRoutePropagation(routeTableId: String, gatewayId: String) async throws {
        try await callExpectingReturn("EnableVgwRoutePropagation", QueryParameters(["GatewayId": gatewayId, "RouteTableId": routeTableId]))
    }

    public func disableVgwRoutePropagation(routeTableId: String, gatewayId: String) async throws {
        try await callExpectingReturn("DisableVgwRoutePropagation", QueryParameters(["GatewayId": gatewayId, "RouteTableId": routeTableId]))
    }
}
