/// A VPC as EC2 describes it.
public struct Vpc: Sendable, Hashable {
    public var id: String
    public var cidrBlock: String
    public var state: String
    public var isDefault: Bool
    public var tags: [ResourceTag]

    init?(xml: XMLTree) {
        guard let id = xml.string("vpcId"), let cidr = xml.string("cidrBlock") else { return nil }
        self.id = id
        cidrBlock = cidr
        state = xml.string("state") ?? ""
        isDefault = xml.bool("isDefault") ?? false
        tags = xml.tags
    }
}

/// A subnet as EC2 describes it.
public struct Subnet: Sendable, Hashable {
    public var id: String
    public var vpcId: String
    public var cidrBlock: String
    public var availabilityZone: String?
    public var state: String
    public var tags: [ResourceTag]

    init?(xml: XMLTree) {
        guard let id = xml.string("subnetId"), let vpc = xml.string("vpcId"), let cidr = xml.string("cidrBlock") else { return nil }
        self.id = id
        vpcId = vpc
        cidrBlock = cidr
        availabilityZone = xml.string("availabilityZone")
        state = xml.string("state") ?? ""
        tags = xml.tags
    }
}

extension EC2Client {
    public func createVpc(cidrBlock: String, tags: [ResourceTag] = []) async throws -> Vpc {
        var p = QueryParameters()
        p.add("CidrBlock", cidrBlock)
        p.addTagSpecification("vpc", tags)
        return try await create("CreateVpc", p, element: "vpc", Vpc.init(xml:))
    }

    public func describeVpcs(ids: [String] = [], filters: [EC2Filter] = []) async throws -> [Vpc] {
        try await describe("DescribeVpcs", idList: "VpcId", ids, filters, list: "vpcSet", item: "vpc", Vpc.init(xml:))
    }

    public func deleteVpc(id: String) async throws {
        try await delete("DeleteVpc", idName: "VpcId", id, expectReturn: true)
    }

    public func createSubnet(vpcId: String, cidrBlock: String, availabilityZone: String? = nil,
                             tags: [ResourceTag] = []) async throws -> Subnet {
        var p = QueryParameters()
        p.add("VpcId", vpcId)
        p.add("CidrBlock", cidrBlock)
        p.add("AvailabilityZone", availabilityZone)
        p.addTagSpecification("subnet", tags)
        return try await create("CreateSubnet", p, element: "subnet", Subnet.init(xml:))
    }

    public func describeSubnets(ids: [String] = [], filters: [EC2Filter] = []) async throws -> [Subnet] {
        try await describe("DescribeSubnets", idList: "SubnetId", ids, filters, list: "subnetSet", item: "subnet", Subnet.init(xml:))
    }

    public func deleteSubnet(id: String) async throws {
        try await delete("DeleteSubnet", idName: "SubnetId", id, expectReturn: true)
    }
}
