/// An Amazon EKS cluster (`eks_clusters:`): its control plane's network interfaces in VPC
/// subnets, the Kubernetes version, the API server endpoint's access, its managed node groups and
/// EKS add-ons (EKS API reference, CreateCluster, CreateNodegroup, CreateAddon).
public struct EKSCluster: Sendable, Encodable {
    public var name: String, path: String
    /// `vpc`: the VPC of every subnet the cluster and its node groups use; `version`: the
    /// Kubernetes minor version (`1.34`).
    public var vpc: String, version: String
    /// `subnets` (vpc_config subnet_ids): where EKS places the control plane's network interfaces.
    public var subnets: [String] = []
    /// `security_groups`: extra groups of the VPC for the control plane's interfaces; EKS adds
    /// the cluster security group it creates by itself.
    public var securityGroups: [String] = []
    public var endpointAccess = EKSEndpointAccess()
    @OmittedWhenEmpty public var nodeGroups: [EKSNodeGroup] = []
    @OmittedWhenEmpty public var addons: [EKSAddon] = []
    /// `egress`: what the pods must reach (an on-premises database over the VPN): checked and traced.
    @OmittedWhenEmpty public var egress: [PodEgress] = []
    public var tags: [String: String] = [:]

    enum CodingKeys: String, CodingKey {
        case name, vpc, version, subnets, egress, tags, addons
        case securityGroups = "security_groups", endpointAccess = "endpoint_access", nodeGroups = "node_groups"
    }

    public func nodeGroup(_ name: String) -> EKSNodeGroup? { nodeGroups.first { $0.name == name } }
}

/// The API server endpoint (vpc_config endpointPublicAccess / endpointPrivateAccess /
/// publicAccessCidrs); AWS's defaults: public on from anywhere, private off.
public struct EKSEndpointAccess: Sendable, Encodable {
    public var publicAccess = true
    public var privateAccess = false
    public var publicAccessCIDRs: [IPv4Prefix] = [.any]
    public init() {}

    enum CodingKeys: String, CodingKey {
        case publicAccess = "public", privateAccess = "private", publicAccessCIDRs = "public_access_cidrs"
    }
}

/// A managed node group: EC2 instances in its subnets, scaled between min and max. With the
/// Amazon VPC CNI plugin each pod takes a secondary address of its node's subnet and the node's
/// security groups.
public struct EKSNodeGroup: Sendable, Encodable {
    public var name: String, path: String
    public var subnets: [String] = [], instanceTypes: [String] = []
    public var scaling: EKSScaling
    /// `ami_type` (AL2023_x86_64_STANDARD, BOTTLEROCKET_x86_64, …; nil: EKS picks by instance
    /// type), `capacity_type`, and the groups of the VPC on the nodes (a launch template's; none:
    /// the cluster security group, which allows all outbound traffic, AWSNumbers.EKS.securityGroupsPage).
    public var amiType: String?, capacityType: EKSCapacityType = .onDemand, securityGroups: [String] = []

    enum CodingKeys: String, CodingKey {
        case name, subnets, scaling, instanceTypes = "instance_types", amiType = "ami_type", capacityType = "capacity_type", securityGroups = "security_groups"
    }

    /// The source address a pod of this node group is traced from in a subnet: the subnet's
    /// last address AWS does not reserve (the VPC CNI hands pods any free address of the subnet;
    /// this one is causeway's choice, away from the instances a topology names first).
    public static func podAddress(in subnet: IPv4Prefix) -> IPv4Address { subnet.last.advanced(by: -1) }

    /// A pod of this node group in a subnet as a network interface (`pod:CLUSTER/NODEGROUP`):
    /// its traced address, guarded by the node group's security groups.
    public func podInterface(of cluster: String, in subnet: Subnet) -> Instance {
        Instance(name: "pod:\(cluster)/\(name)", path: path, subnet: subnet.name, address: Self.podAddress(in: subnet.cidr), securityGroups: securityGroups)
    }
}

/// NodegroupScalingConfig: `min_size`, `max_size`, `desired_size`.
public struct EKSScaling: Sendable, Encodable {
    public var minSize: Int, maxSize: Int, desiredSize: Int
    enum CodingKeys: String, CodingKey { case minSize = "min_size", maxSize = "max_size", desiredSize = "desired_size" }
}

/// `capacity_type`: On-Demand or Spot instances.
public enum EKSCapacityType: String, Sendable, Encodable, CaseIterable {
    case onDemand = "on_demand", spot
    /// The API's spelling (ON_DEMAND, SPOT).
    public var api: String { rawValue.uppercased() }
}

/// An EKS add-on (`addons: {vpc-cni: {}, coredns: {version: v1.11.1-eksbuild.9}}`).
public struct EKSAddon: Sendable, Encodable {
    /// `version`: the add-on version; nil: EKS's default for the cluster's Kubernetes version.
    public var name: String, path: String, version: String?
    enum CodingKeys: String, CodingKey { case name, version }
}

/// What the pods must reach: a site's host (or an address) on a protocol and port.
public struct PodEgress: Sendable, Encodable {
    /// `to`: a host of a site (`db1`) or an address, as written; `port` for tcp and udp.
    public var path: String, to: String, `protocol`: IPProtocol = .tcp, port: Int?
    enum CodingKeys: String, CodingKey { case to, `protocol`, port }
}

extension Topology {
    /// The address a pod egress names: a site host's, else the address as written.
    public func address(of egress: PodEgress) -> IPv4Address? {
        for s in sites { if let h = s.hosts.first(where: { $0.name == egress.to }) { return h.address } }
        return IPv4Address(egress.to)
    }

    /// A pod source of a node group, as `trace --from pod:CLUSTER/NODEGROUP[/SUBNET]` names it:
    /// its address in the named subnet, else in the node group's first.
    public func podSource(cluster: String, nodeGroup: String, subnet: String? = nil) -> IPv4Address? {
        guard let c = eksCluster(cluster), let g = c.nodeGroup(nodeGroup), let v = vpc(c.vpc),
              let s = subnet ?? g.subnets.first, g.subnets.contains(s), let sn = v.subnet(s) else { return nil }
        return EKSNodeGroup.podAddress(in: sn.cidr)
    }
}
