/// An internet gateway and the VPCs it is attached to.
public struct InternetGateway: Sendable, Hashable {
    public struct Attachment: Sendable, Hashable {
        public var vpcId: String
        /// AWS reports `available` for an attached internet gateway.
        public var state: String
    }
    public var id: String
    public var attachments: [Attachment]
    public var tags: [ResourceTag]

    init?(xml: XMLTree) {
        guard let id = xml.string("internetGatewayId") else { return nil }
        self.id = id
        attachments = xml.items("attachmentSet").compactMap { item in
            item.string("vpcId").map { Attachment(vpcId: $0, state: item.string("state") ?? "") }
        }
        tags = xml.tags
    }
}

extension EC2Client {
    public func createInternetGateway(tags: [ResourceTag] = []) async throws -> InternetGateway {
        var p = QueryParameters()
        p.addTagSpecification("internet-gateway", tags)
        return try await create("CreateInternetGateway", p, element: "internetGateway", InternetGateway.init(xml:))
    }

    public func describeInternetGateways(ids: [String] = [], filters: [EC2Filter] = []) async throws -> [InternetGateway] {
        try await describe("DescribeInternetGateways", idList: "InternetGatewayId", ids, filters, list: "internetGatewaySet", item: "internetGateway", InternetGateway.init(xml:))
    }

    public func attachInternetGateway(id: String, vpcId: String) async throws {
        try await callExpectingReturn("AttachInternetGateway", QueryParameters(["InternetGatewayId": id, "VpcId": vpcId]))
    }

    public func detachInternetGateway(id: String, vpcId: String) async throws {
        try await callExpectingReturn("DetachInternetGateway", QueryParameters(["InternetGatewayId": id, "VpcId": vpcId]))
    }

    public func deleteInternetGateway(id: String) async throws {
        try await delete("DeleteInternetGateway", idName: "InternetGatewayId", id, expectReturn: true)
    }
}
