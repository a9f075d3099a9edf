import Foundation

/// The AWS Resource Access Manager API (REST-JSON): `POST /createresourceshare` and the like with
/// a JSON body of camelCase members, signed for the service `ram` in the run's region (AWS RAM
/// API reference, "Actions"). Only the calls that share a Resolver rule use: create, list (with
/// the shares' principals and resources), delete.
public struct RAMClient: Sendable {
    let caller: ServiceCaller

    /// A client beside `ec2`: AWS's regional endpoint, or `ec2`'s when that is not AWS's.
    public init(ec2: EC2Client) {
        let endpoint = ec2.usesDefaultEndpoint ? URL(string: "https://ram.\(ec2.region).amazonaws.com")! : ec2.endpoint
        caller = ServiceCaller(service: "ram", region: ec2.region, endpoint: endpoint, ec2: ec2)
    }

    /// One call: `method /path` with the request object as JSON (none for DELETE), the response object out.
    func call(_ op: String, method: String = "POST", _ path: String, query: [QueryItem] = [], _ request: [String: Any] = [:]) async throws -> [String: Any] {
        try await caller.restJSON(op, method: method, path, query: query, request)
    }

    /// Calls a paged operation until `nextToken` runs out; returns the objects under `list`.
    func listAll(_ op: String, _ path: String, _ list: String, _ request: [String: Any]) async throws -> [[String: Any]] {
        try await Pages.json(op, list: list, tokenKey: "nextToken", request) { try await call(op, path, $0) }
    }

    /// CreateResourceShare: the share with its resources and principals in one call.
    public func createResourceShare(name: String, resourceArns: [String], principals: [String], allowExternalPrincipals: Bool,
                                    clientToken: String, tags: [ResourceTag]) async throws -> ResourceShareInfo {
        let r = try await call("CreateResourceShare", "/createresourceshare", [
            "name": name, "resourceArns": resourceArns, "principals": principals, "allowExternalPrincipals": allowExternalPrincipals,
            "clientToken": clientToken, "tags": tags.map { ["key": $0.key, "value": $0.value] },
        ])
        return try ResourceShareInfo(r["resourceShare"], op: "CreateResourceShare")
    }

    /// GetResourceShares of the caller's own shares (`resourceOwner` SELF), deleted ones included.
    public func getResourceShares() async throws -> [ResourceShareInfo] {
        try await listAll("GetResourceShares", "/getresourceshares", "resourceShares", ["resourceOwner": "SELF"]).map {
            try ResourceShareInfo($0, op: "GetResourceShares")
        }
    }

    /// GetResourceShareAssociations: the principals (`PRINCIPAL`) or resources (`RESOURCE`) of a
    /// share that are associated or being associated.
    public func associatedEntities(shareArn: String, type: String) async throws -> [String] {
        try await listAll("GetResourceShareAssociations", "/getresourceshareassociations", "resourceShareAssociations", [
            "associationType": type, "resourceShareArns": [shareArn],
        ]).filter { ["ASSOCIATED", "ASSOCIATING"].contains($0["status"] as? String ?? "") }.compactMap { $0["associatedEntity"] as? String }
    }

    /// DeleteResourceShare: `DELETE /deleteresourceshare?resourceShareArn=…`.
    public func deleteResourceShare(arn: String, clientToken: String) async throws {
        _ = try await call("DeleteResourceShare", method: "DELETE", "/deleteresourceshare",
                           query: [QueryItem("clientToken", clientToken), QueryItem("resourceShareArn", arn)])
    }
}

/// A resource share as GetResourceShares describes it.
public struct ResourceShareInfo: Sendable, Hashable {
    public var arn, name, status: String
    public var tags: [ResourceTag]

    init(_ any: Any?, op: String) throws {
        guard let o = any as? [String: Any], let arn = o["resourceShareArn"] as? String else {
            throw EC2Error.malformedResponse(action: op, detail: "no resourceShareArn")
        }
        (self.arn, name, status) = (arn, o["name"] as? String ?? "", o["status"] as? String ?? "")
        tags = ((o["tags"] as? [[String: Any]]) ?? []).compactMap {
            guard let k = $0["key"] as? String, let v = $0["value"] as? String else { return nil }
            return ResourceTag(k, v)
        }
    }

    /// Not being or already deleted.
    public var isLive: Bool { !["DELETING", "DELETED", "FAILED"].contains(status) }
}
