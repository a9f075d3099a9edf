import Foundation

/// The Route 53 Resolver API (JSON 1.1): `POST /` with `X-Amz-Target: Route53Resolver.<Op>`,
/// signed for the service `route53resolver` in the run's region (Route 53 Resolver API
/// reference, "Actions"). Only the calls apply, status and destroy use.
public struct ResolverClient: Sendable {
    let caller: ServiceCaller

    /// A client beside `ec2`: the same credentials, transport and region; AWS's regional
    /// endpoint, or `ec2`'s endpoint when that is not AWS's (moto serves every service on one).
    public init(ec2: EC2Client) { caller = ServiceCaller(beside: ec2, service: "route53resolver") }

    /// One call: the request object in, the response object out.
    func call(_ op: String, _ request: [String: Any]) async throws -> [String: Any] {
        try await caller.json(op, target: "Route53Resolver", request, errors: Self.errorDocument)
    }

    /// `{"__type": "…#Code", "message": "…"}` (JSON 1.1 errors).
    static let errorDocument: ServiceCaller.ErrorReader = { data in
        guard let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let type = o["__type"] as? String else { return nil }
        let code = type.split(separator: "#").last.map(String.init) ?? type
        return (code, (o["message"] as? String) ?? (o["Message"] as? String) ?? "")
    }

    /// Calls a List operation until `NextToken` runs out; returns the objects under `list`.
    func listAll(_ op: String, _ list: String, _ request: [String: Any] = [:]) async throws -> [[String: Any]] {
        try await Pages.json(op, list: list, tokenKey: "NextToken", request) { try await call(op, $0) }
    }

    static func tags(_ tags: [ResourceTag]) -> [[String: String]] { tags.map { ["Key": $0.key, "Value": $0.value] } }

    // MARK: Endpoints

    public func createResolverEndpoint(name: String, direction: String, securityGroupIds: [String],
                                       addresses: [(subnetId: String, ip: String)], creatorRequestId: String,
                                       tags: [ResourceTag]) async throws -> ResolverEndpointInfo {
        let r = try await call("CreateResolverEndpoint", [
            "CreatorRequestId": creatorRequestId, "Name": name, "Direction": direction, "SecurityGroupIds": securityGroupIds,
            "IpAddresses": addresses.map { ["SubnetId": $0.subnetId, "Ip": $0.ip] }, "Tags": Self.tags(tags),
        ])
        return try ResolverEndpointInfo(r["ResolverEndpoint"], op: "CreateResolverEndpoint")
    }

    public func getResolverEndpoint(id: String) async throws -> ResolverEndpointInfo {
        try ResolverEndpointInfo(try await call("GetResolverEndpoint", ["ResolverEndpointId": id])["ResolverEndpoint"], op: "GetResolverEndpoint")
    }

    public func listResolverEndpoints() async throws -> [ResolverEndpointInfo] {
        try await listAll("ListResolverEndpoints", "ResolverEndpoints").map { try ResolverEndpointInfo($0, op: "ListResolverEndpoints") }
    }

    public func deleteResolverEndpoint(id: String) async throws {
        _ = try await call("DeleteResolverEndpoint", ["ResolverEndpointId": id])
    }

    // MARK: Rules and associations

    public func createResolverRule(name: String, ruleType: String, domainName: String, targets: [(ip: String, port: Int)],
                                   endpointId: String?, creatorRequestId: String, tags: [ResourceTag]) async throws -> ResolverRuleInfo {
        var request: [String: Any] = ["CreatorRequestId": creatorRequestId, "Name": name, "RuleType": ruleType,
                                      "DomainName": domainName, "Tags": Self.tags(tags)]
        if !targets.isEmpty { request["TargetIps"] = targets.map { ["Ip": $0.ip, "Port": $0.port] as [String: Any] } }
        if let endpointId { request["ResolverEndpointId"] = endpointId }
        return try ResolverRuleInfo(try await call("CreateResolverRule", request)["ResolverRule"], op: "CreateResolverRule")
    }

    public func getResolverRule(id: String) async throws -> ResolverRuleInfo {
        try ResolverRuleInfo(try await call("GetResolverRule", ["ResolverRuleId": id])["ResolverRule"], op: "GetResolverRule")
    }

    public func listResolverRules() async throws -> [ResolverRuleInfo] {
        try await listAll("ListResolverRules", "ResolverRules").map { try ResolverRuleInfo($0, op: "ListResolverRules") }
    }

    public func deleteResolverRule(id: String) async throws {
        _ = try await call("DeleteResolverRule", ["ResolverRuleId": id])
    }

    public func associateResolverRule(ruleId: String, vpcId: String, name: String) async throws -> ResolverRuleAssociationInfo {
        let r = try await call("AssociateResolverRule", ["ResolverRuleId": ruleId, "VPCId": vpcId, "Name": name])
        return try ResolverRuleAssociationInfo(r["ResolverRuleAssociation"], op: "AssociateResolverRule")
    }

    public func disassociateResolverRule(ruleId: String, vpcId: String) async throws {
        _ = try await call("DisassociateResolverRule", ["ResolverRuleId": ruleId, "VPCId": vpcId])
    }

    public func listResolverRuleAssociations() async throws -> [ResolverRuleAssociationInfo] {
        try await listAll("ListResolverRuleAssociations", "ResolverRuleAssociations").map {
            try ResolverRuleAssociationInfo($0, op: "ListResolverRuleAssociations")
        }
    }

    public func listTagsForResource(arn: String) async throws -> [ResourceTag] {
        try await listAll("ListTagsForResource", "Tags", ["ResourceArn": arn]).compactMap {
            guard let k = $0["Key"] as? String, let v = $0["Value"] as? String else { return nil }
            return ResourceTag(k, v)
        }
    }
}

/// A Resolver response object: its `Id` and its fields (a missing string reads as empty).
private struct ResolverObject {
    let fields: [String: Any]
    let id: String

    init(_ any: Any?, op: String, _ what: String) throws {
        guard let o = any as? [String: Any], let id = o["Id"] as? String else { throw EC2Error.malformedResponse(action: op, detail: "no \(what) Id") }
        (fields, self.id) = (o, id)
    }

    subscript(_ key: String) -> String { fields[key] as? String ?? "" }
}

/// A Resolver endpoint as the API describes it.
public struct ResolverEndpointInfo: Sendable, Hashable {
    public var id, arn, direction, status: String
    public var vpcId: String?
    public var ipAddressCount: Int?

    init(_ any: Any?, op: String) throws {
        let o = try ResolverObject(any, op: op, "ResolverEndpoint")
        (id, arn, direction, status) = (o.id, o["Arn"], o["Direction"], o["Status"])
        vpcId = o.fields["HostVPCId"] as? String
        ipAddressCount = o.fields["IpAddressCount"] as? Int
    }
}

/// A Resolver rule as the API describes it.
public struct ResolverRuleInfo: Sendable, Hashable {
    public var id, arn, domainName, ruleType, status: String
    public var endpointId: String?
    /// `ip:port` of each target.
    public var targets: [String]

    init(_ any: Any?, op: String) throws {
        let o = try ResolverObject(any, op: op, "ResolverRule")
        (id, arn, domainName, ruleType, status) = (o.id, o["Arn"], o["DomainName"], o["RuleType"], o["Status"])
        endpointId = o.fields["ResolverEndpointId"] as? String
        targets = ((o.fields["TargetIps"] as? [[String: Any]]) ?? []).map { "\($0["Ip"] as? String ?? "?"):\(($0["Port"] as? Int) ?? 53)" }
    }
}

/// A rule's association with a VPC.
public struct ResolverRuleAssociationInfo: Sendable, Hashable {
    public var id, ruleId, vpcId, status: String

    init(_ any: Any?, op: String) throws {
        let o = try ResolverObject(any, op: op, "ResolverRuleAssociation")
        (id, ruleId, vpcId, status) = (o.id, o["ResolverRuleId"], o["VPCId"], o["Status"])
    }
}
