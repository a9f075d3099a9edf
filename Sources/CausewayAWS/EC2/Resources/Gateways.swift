/// A virtual private gateway (the AWS end of a VPN attached to one VPC).
public struct VirtualPrivateGateway: Sendable, Hashable {
    public struct Attachment: Sendable, Hashable {
        public var vpcId: String
        /// `attaching`, `attached`, `detaching`, `detached`.
        public var state: String
    }
    public var id: String
    public var state: String
    public var type: String
    public var amazonSideAsn: Int?
    public var attachments: [Attachment]
    public var tags: [ResourceTag]

    init?(xml: XMLTree) {
        guard let id = xml.string("vpnGatewayId") else { return nil }
        self.id = id
        state = xml.string("state") ?? ""
        type = xml.string("type") ?? "ipsec.1"
        amazonSideAsn = xml.int("amazonSideAsn")
        attachments = xml.items("attachments").compactMap { item in
            item.string("vpcId").map { Attachment(vpcId: $0, state: item.string("state") ?? "") }
        }
        tags = xml.tags
    }
}

/// A customer gateway: AWS's record of the on-premises device.
public struct CustomerGateway: Sendable, Hashable {
    public var id: String
    public var ipAddress: String?
    public var bgpAsn: Int?
    public var type: String
    public var state: String
    public var tags: [ResourceTag]

    init?(xml: XMLTree) {
        guard let id = xml.string("customerGatewayId") else { return nil }
        self.id = id
        ipAddress = xml.string("ipAddress")
        bgpAsn = xml.int("bgpAsn")
        type = xml.string("type") ?? "ipsec.1"
        state = xml.string("state") ?? ""
        tags = xml.tags
    }
}

extension EC2Client {
    public func createVpnGateway(amazonSideAsn: Int? = nil, availabilityZone: String? = nil,
                                 tags: [ResourceTag] = []) async throws -> VirtualPrivateGateway {
        var p = QueryParameters()
        p.add("Type", "ipsec.1")
        p.add("AmazonSideAsn", amazonSideAsn)
        p.add("AvailabilityZone", availabilityZone)
        p.addTagSpecification("vpn-gateway", tags)
        return try await create("CreateVpnGateway", p, element: "vpnGateway", VirtualPrivateGateway.init(xml:))
    }

    /// DescribeVpnGateways is not paginated.
    public func describeVpnGateways(ids: [String] = [], filters: [EC2Filter] = []) async throws -> [VirtualPrivateGateway] {
        try await describe("DescribeVpnGateways", idList: "VpnGatewayId", ids, filters, list: "vpnGatewaySet", item: "vpnGateway", paged: false, VirtualPrivateGateway.init(xml:))
    }

    public func deleteVpnGateway(id: String) async throws {
        try await delete("DeleteVpnGateway", idName: "VpnGatewayId", id, expectReturn: true)
    }

    /// Attaches a VGW to a VPC; returns the attachment state EC2 reports.
    public func attachVpnGateway(id: String, vpcId: String) async throws -> VirtualPrivateGateway.Attachment {
        var p = QueryParameters()
        p.add("VpcId", vpcId)
        p.add("VpnGatewayId", id)
        let response = try await call("AttachVpnGateway", p)
        return try decode(response.child("attachment"), action: "AttachVpnGateway", what: "attachment") { xml in
            xml.string("vpcId").map { VirtualPrivateGateway.Attachment(vpcId: $0, state: xml.string("state") ?? "") }
        }
    }

    public func detachVpnGateway(id: String, vpcId: String) async throws {
        try await callExpectingReturn("DetachVpnGateway", QueryParameters(["VpcId": vpcId, "VpnGatewayId": id]))
    }

    public func createCustomerGateway(ipAddress: String, bgpAsn: Int, deviceName: String? = nil,
                                      tags: [ResourceTag] = []) async throws -> CustomerGateway {
        var p = QueryParameters()
        p.add("Type", "ipsec.1")
        p.add("IpAddress", ipAddress)
        p.add("BgpAsn", bgpAsn)
        p.add("DeviceName", deviceName)
        p.addTagSpecification("customer-gateway", tags)
        return try await create("CreateCustomerGateway", p, element: "customerGateway", CustomerGateway.init(xml:))
    }

    /// DescribeCustomerGateways is not paginated.
    public func describeCustomerGateways(ids: [String] = [], filters: [EC2Filter] = []) async throws -> [CustomerGateway] {
        try await describe("DescribeCustomerGateways", idList: "CustomerGatewayId", ids, filters, list: "customerGatewaySet", item: "customerGateway", paged: false, CustomerGateway.init(xml:))
    }

    public func deleteCustomerGateway(id: String) async throws {
        try await delete("DeleteCustomerGateway", idName: "CustomerGatewayId", id, expectReturn: true)
    }
}
