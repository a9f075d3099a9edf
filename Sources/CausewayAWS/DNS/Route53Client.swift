import Foundation

/// The Route 53 API (REST-XML, version 2013-04-01): `https://route53.amazonaws.com/2013-04-01/…`,
/// signed for the service `route53` in `us-east-1` whatever the run's region (Route 53 API
/// reference, "Actions"; AWS General Reference, "Amazon Route 53 endpoints and quotas"). With
/// `--endpoint` the same paths go to that endpoint. Only the calls apply, status and destroy use.
public struct Route53Client: Sendable {
    static let version = "2013-04-01"
    static let namespace = "https://route53.amazonaws.com/doc/2013-04-01/"
    let caller: ServiceCaller

    public init(ec2: EC2Client) {
        let endpoint = ec2.usesDefaultEndpoint ? URL(string: "https://route53.amazonaws.com")! : ec2.endpoint
        caller = ServiceCaller(service: "route53", region: "us-east-1", endpoint: endpoint, ec2: ec2)
    }

    /// One call: `method /2013-04-01/path`, an XML request document when `body` is given.
    func call(_ action: String, _ method: String, _ path: String, query: [QueryItem] = [], body: XMLOut? = nil) async throws -> XMLTree {
        var bytes: [UInt8] = []
        var headers: [HTTPHeader] = []
        if let body {
            var doc = body
            doc.attributes = [("xmlns", Self.namespace)]
            bytes = Array(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + doc.rendered).utf8)
            headers.append(HTTPHeader("Content-Type", "application/xml"))
        }
        let data = try await caller.send(action, method: method, path: "/\(Self.version)/\(path)", query: query, headers: headers,
                                         body: bytes, errors: Self.errorDocument)
        guard !data.isEmpty else { return try XMLTree.parse("<Empty/>") }
        do { return try XMLTree.parse(data) } catch { throw EC2Error.malformedResponse(action: action, detail: "\(error)") }
    }

    /// `<ErrorResponse><Error><Code>…</Code><Message>…</Message></Error></ErrorResponse>`.
    static let errorDocument: ServiceCaller.ErrorReader = { data in
        guard let tree = try? XMLTree.parse(data), let e = EC2Client.errorDocument(tree, status: 400) else { return nil }
        return (e.code, e.message)
    }

    /// `/hostedzone/Z123` → `Z123`.
    static func bareID(_ id: String) -> String { id.split(separator: "/").last.map(String.init) ?? id }

    // MARK: Hosted zones

    public func createHostedZone(name: String, callerReference: String, privateZone: Bool, vpc: (region: String, id: String)?) async throws -> HostedZoneInfo {
        var children: [XMLOut] = [.leaf("Name", name)]
        if let vpc { children.append(XMLOut("VPC", [.leaf("VPCRegion", vpc.region), .leaf("VPCId", vpc.id)])) }
        children += [.leaf("CallerReference", callerReference), XMLOut("HostedZoneConfig", [.leaf("PrivateZone", privateZone ? "true" : "false")])]
        let r = try await call("CreateHostedZone", "POST", "hostedzone", body: XMLOut("CreateHostedZoneRequest", children))
        return try HostedZoneInfo(r.child("HostedZone"), action: "CreateHostedZone")
    }

    public func listHostedZones() async throws -> [HostedZoneInfo] {
        var out: [HostedZoneInfo] = []
        var marker: String?
        var pages = Pages("ListHostedZones")
        repeat {
            let r = try await call("ListHostedZones", "GET", "hostedzone", query: marker.map { [QueryItem("marker", $0)] } ?? [])
            out += try (r["HostedZones"]?.children("HostedZone") ?? []).map { try HostedZoneInfo($0, action: "ListHostedZones") }
            marker = try pages.next(r.string("IsTruncated") == "true" ? r.string("NextMarker") : nil)
        } while marker != nil
        return out
    }

    /// The zone and the VPCs it is associated with (private zones).
    public func getHostedZone(id: String) async throws -> (zone: HostedZoneInfo, vpcIds: [String]) {
        let r = try await call("GetHostedZone", "GET", "hostedzone/\(Self.bareID(id))")
        let vpcs = (r["VPCs"]?.children("VPC") ?? []).compactMap { $0.string("VPCId") }
        return (try HostedZoneInfo(r.child("HostedZone"), action: "GetHostedZone"), vpcs)
    }

    public func associateVPCWithHostedZone(id: String, vpc: (region: String, id: String)) async throws {
        _ = try await call("AssociateVPCWithHostedZone", "POST", "hostedzone/\(Self.bareID(id))/associatevpc",
                           body: XMLOut("AssociateVPCWithHostedZoneRequest", [XMLOut("VPC", [.leaf("VPCRegion", vpc.region), .leaf("VPCId", vpc.id)])]))
    }

    public func deleteHostedZone(id: String) async throws {
        _ = try await call("DeleteHostedZone", "DELETE", "hostedzone/\(Self.bareID(id))")
    }

    // MARK: Records

    public func changeResourceRecordSets(zoneId: String, _ changes: [(action: String, record: RecordSetInfo)]) async throws {
        let list = changes.map { XMLOut("Change", [.leaf("Action", $0.action), $0.record.xml]) }
        _ = try await call("ChangeResourceRecordSets", "POST", "hostedzone/\(Self.bareID(zoneId))/rrset/",
                           body: XMLOut("ChangeResourceRecordSetsRequest", [XMLOut("ChangeBatch", [XMLOut("Changes", list)])]))
    }

    public func listResourceRecordSets(zoneId: String) async throws -> [RecordSetInfo] {
        var out: [RecordSetInfo] = []
        var next: [QueryItem] = []
        var pages = Pages("ListResourceRecordSets")
        repeat {
            let r = try await call("ListResourceRecordSets", "GET", "hostedzone/\(Self.bareID(zoneId))/rrset", query: next)
            out += (r["ResourceRecordSets"]?.children("ResourceRecordSet") ?? []).map(RecordSetInfo.init)
            next = []
            if r.string("IsTruncated") == "true", let name = r.string("NextRecordName") {
                next = [QueryItem("name", name)] + (r.string("NextRecordType").map { [QueryItem("type", $0)] } ?? [])
                    + (r.string("NextRecordIdentifier").map { [QueryItem("identifier", $0)] } ?? [])
                _ = try pages.next(next.map { "\($0.name)=\($0.value)" }.joined(separator: "&"))
            }
        } while !next.isEmpty
        return out
    }

    // MARK: Health checks

    public func createHealthCheck(callerReference: String, config: HealthCheckConfig) async throws -> String {
        let r = try await call("CreateHealthCheck", "POST", "healthcheck",
                               body: XMLOut("CreateHealthCheckRequest", [.leaf("CallerReference", callerReference), config.xml]))
        guard let id = r.string("HealthCheck", "Id") else { throw EC2Error.malformedResponse(action: "CreateHealthCheck", detail: "no HealthCheck Id") }
        return id
    }

    /// Every health check of the account: id and configuration.
    public func listHealthChecks() async throws -> [(id: String, config: HealthCheckConfig?)] {
        var out: [(id: String, config: HealthCheckConfig?)] = []
        var marker: String?
        var pages = Pages("ListHealthChecks")
        repeat {
            let r = try await call("ListHealthChecks", "GET", "healthcheck", query: marker.map { [QueryItem("marker", $0)] } ?? [])
            for h in r["HealthChecks"]?.children("HealthCheck") ?? [] {
                guard let id = h.string("Id") else { continue }
                out.append((id, h.child("HealthCheckConfig").map(HealthCheckConfig.init)))
            }
            marker = try pages.next(r.string("IsTruncated") == "true" ? r.string("NextMarker") : nil)
        } while marker != nil
        return out
    }

    public func deleteHealthCheck(id: String) async throws {
        _ = try await call("DeleteHealthCheck", "DELETE", "healthcheck/\(id)")
    }

    // MARK: Tags (`hostedzone` or `healthcheck`)

    public func addTags(type: String, id: String, _ tags: [ResourceTag]) async throws {
        let list = tags.map { XMLOut("Tag", [.leaf("Key", $0.key), .leaf("Value", $0.value)]) }
        _ = try await call("ChangeTagsForResource", "POST", "tags/\(type)/\(Self.bareID(id))",
                           body: XMLOut("ChangeTagsForResourceRequest", [XMLOut("AddTags", list)]))
    }

    /// Tags by resource id, ten ids a call (the API's limit).
    public func listTags(type: String, ids: [String]) async throws -> [String: [ResourceTag]] {
        var out: [String: [ResourceTag]] = [:]
        var rest = ids.map(Self.bareID)
        while !rest.isEmpty {
            let batch = Array(rest.prefix(10))
            rest.removeFirst(batch.count)
            let r = try await call("ListTagsForResources", "POST", "tags/\(type)",
                                   body: XMLOut("ListTagsForResourcesRequest", [XMLOut("ResourceIds", batch.map { .leaf("ResourceId", $0) })]))
            for set in r["ResourceTagSets"]?.children("ResourceTagSet") ?? [] {
                guard let id = set.string("ResourceId") else { continue }
                out[id] = (set["Tags"]?.children("Tag") ?? []).compactMap { t in t.string("Key").map { ResourceTag($0, t.string("Value") ?? "") } }
            }
        }
        return out
    }
}

/// A hosted zone as the API describes it (the id without `/hostedzone/`).
public struct HostedZoneInfo: Sendable, Hashable {
    public var id: String
    public var name: String
    public var privateZone: Bool

    init(_ tree: XMLTree?, action: String) throws {
        guard let tree, let id = tree.string("Id") else { throw EC2Error.malformedResponse(action: action, detail: "no HostedZone Id") }
        self.id = Route53Client.bareID(id)
        name = tree.string("Name") ?? ""
        privateZone = tree.string("Config", "PrivateZone") == "true"
    }
}
