import Foundation

/// The Amazon EFS API (REST-JSON, version 2015-02-01): `/2015-02-01/file-systems` and
/// `/2015-02-01/mount-targets`, signed for the service `elasticfilesystem` in the run's region
/// (Amazon EFS API reference, "Actions"). Only the calls apply, status and destroy use.
public struct EFSClient: Sendable {
    static let version = "/2015-02-01"
    let caller: ServiceCaller

    /// A client beside `ec2`: AWS's regional endpoint, or `ec2`'s when that is not AWS's.
    public init(ec2: EC2Client) {
        let endpoint = ec2.usesDefaultEndpoint ? URL(string: "https://elasticfilesystem.\(ec2.region).amazonaws.com")! : ec2.endpoint
        caller = ServiceCaller(service: "elasticfilesystem", region: ec2.region, endpoint: endpoint, ec2: ec2)
    }

    /// A Describe call page by page (`Marker` in the query, `NextMarker` back); the objects under `list`.
    func describeAll(_ op: String, _ path: String, _ list: String, _ query: [QueryItem]) async throws -> [[String: Any]] {
        var out: [[String: Any]] = []
        var marker: String?
        var pages = Pages(op)
        repeat {
            let r = try await caller.restJSON(op, method: "GET", Self.version + path, query: query + (marker.map { [QueryItem("Marker", $0)] } ?? []))
            out += (r[list] as? [[String: Any]]) ?? []
            marker = try pages.next(r["NextMarker"] as? String)
        } while marker != nil
        return out
    }

    /// CreateFileSystem: idempotent on `CreationToken`; tags in the same call.
    public func createFileSystem(creationToken: String, tags: [ResourceTag]) async throws -> FileSystemInfo {
        let r = try await caller.restJSON("CreateFileSystem", method: "POST", Self.version + "/file-systems", [
            "CreationToken": creationToken, "Tags": tags.map { ["Key": $0.key, "Value": $0.value] },
        ])
        return try FileSystemInfo(r, op: "CreateFileSystem")
    }

    /// Every file system of the account and region, or the one with `id`.
    public func describeFileSystems(id: String? = nil) async throws -> [FileSystemInfo] {
        try await describeAll("DescribeFileSystems", "/file-systems", "FileSystems", id.map { [QueryItem("FileSystemId", $0)] } ?? [])
            .map { try FileSystemInfo($0, op: "DescribeFileSystems") }
    }

    public func deleteFileSystem(id: String) async throws {
        _ = try await caller.restJSON("DeleteFileSystem", method: "DELETE", Self.version + "/file-systems/\(PercentEncoding.encode(id))")
    }

    /// CreateMountTarget: the file system's interface in a subnet, at an address, behind groups.
    public func createMountTarget(fileSystemId: String, subnetId: String, ip: String, securityGroups: [String]) async throws -> MountTargetInfo {
        let r = try await caller.restJSON("CreateMountTarget", method: "POST", Self.version + "/mount-targets", [
            "FileSystemId": fileSystemId, "SubnetId": subnetId, "IpAddress": ip, "SecurityGroups": securityGroups,
        ])
        return try MountTargetInfo(r, op: "CreateMountTarget")
    }

    /// The mount targets of a file system, or the one with `id`.
    public func describeMountTargets(fileSystemId: String? = nil, id: String? = nil) async throws -> [MountTargetInfo] {
        let query = fileSystemId.map { [QueryItem("FileSystemId", $0)] } ?? id.map { [QueryItem("MountTargetId", $0)] } ?? []
        return try await describeAll("DescribeMountTargets", "/mount-targets", "MountTargets", query).map { try MountTargetInfo($0, op: "DescribeMountTargets") }
    }

    public func deleteMountTarget(id: String) async throws {
        _ = try await caller.restJSON("DeleteMountTarget", method: "DELETE", Self.version + "/mount-targets/\(PercentEncoding.encode(id))")
    }
}

/// A file system as DescribeFileSystems describes it.
public struct FileSystemInfo: Sendable, Hashable {
    public var id, creationToken, lifeCycleState: String
    public var tags: [ResourceTag]
    public var mountTargetCount: Int

    init(_ o: [String: Any], op: String) throws {
        guard let id = o["FileSystemId"] as? String else { throw EC2Error.malformedResponse(action: op, detail: "no FileSystemId") }
        (self.id, creationToken, lifeCycleState) = (id, o["CreationToken"] as? String ?? "", o["LifeCycleState"] as? String ?? "")
        tags = ((o["Tags"] as? [[String: Any]]) ?? []).compactMap {
            guard let k = $0["Key"] as? String, let v = $0["Value"] as? String else { return nil }
            return ResourceTag(k, v)
        }
        mountTargetCount = o["NumberOfMountTargets"] as? Int ?? 0
    }
}

/// A mount target as DescribeMountTargets describes it.
public struct MountTargetInfo: Sendable, Hashable {
    public var id, fileSystemId, subnetId, ip, lifeCycleState: String

    init(_ o: [String: Any], op: String) throws {
        guard let id = o["MountTargetId"] as? String else { throw EC2Error.malformedResponse(action: op, detail: "no MountTargetId") }
        (self.id, fileSystemId, subnetId) = (id, o["FileSystemId"] as? String ?? "", o["SubnetId"] as? String ?? "")
        (ip, lifeCycleState) = (o["IpAddress"] as? String ?? "", o["LifeCycleState"] as? String ?? "")
    }

    /// Not being or already deleted.
    public var isLive: Bool { !["deleting", "deleted", "error"].contains(lifeCycleState) }
}
