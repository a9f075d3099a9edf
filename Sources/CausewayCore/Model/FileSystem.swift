/// An Amazon EFS file system (`file_systems:`) with its mount targets: one network interface per
/// subnet, each an NFS server on TCP 2049 guarded by its security groups (Amazon EFS user guide,
/// "Managing mount targets").
public struct FileSystem: Sendable, Encodable {
    public var name: String
    public var path: String
    public var id: String?
    /// The VPC of every mount target (a file system's mount targets share one VPC).
    public var vpc: String
    public var mountTargets: [MountTarget] = []
    /// Networks that mount the file system (on-premises hosts over the VPN, instances): the
    /// mount targets' security groups must let them in on NFS.
    public var clients: [IPv4Prefix] = []
    public var tags: [String: String] = [:]

    public init(name: String, path: String, vpc: String) {
        self.name = name
        self.path = path
        self.vpc = vpc
    }

    enum CodingKeys: String, CodingKey {
        case name, id, vpc, clients, tags
        case mountTargets = "mount_targets"
    }

    public func mountTarget(at address: IPv4Address) -> MountTarget? { mountTargets.first { $0.address == address } }
}

/// A mount target: the file system's address in one subnet.
public struct MountTarget: Sendable, Encodable {
    public var path: String
    public var subnet: String
    public var address: IPv4Address
    /// Security groups of the VPC; none written means the VPC's default group (AWS's default).
    public var securityGroups: [String] = []

    /// The mount target as a network interface of its subnet, guarded by its security groups
    /// (EFS user guide, "Managing mount targets": each mount target has an IP address in its
    /// subnet and security groups), named after its file system.
    public func interface(of fileSystem: String) -> Instance {
        Instance(name: fileSystem, path: path, subnet: subnet, address: address, securityGroups: securityGroups)
    }

    enum CodingKeys: String, CodingKey {
        case subnet, address
        case securityGroups = "security_groups"
    }
}
