/// Amazon EKS in the one AWS resource description: per cluster its IAM role (trusted by EKS), the
/// cluster, a node IAM role (trusted by EC2) when it has node groups, each managed node group and
/// each EKS add-on. The templates print them; `apply` does not create them (plan notes each one).
extension AWSResourceBuilder {
    mutating func eksCluster(_ c: EKSCluster) {
        let N = AWSNumbers.EKS.self
        let ck = K.eksCluster(c.name), clusterRole = K.iamRole("\(c.name)-cluster"), nodeRole = K.iamRole("\(c.name)-node")
        add(clusterRole, [c.name, "cluster"], c.path, .iamRole(AWSIAMRole(service: "eks.amazonaws.com", managedPolicies: N.clusterPolicies)))
        let subnets = c.subnets.map { K.subnet(c.vpc, $0) }
        add(ck, [c.name], c.path, after: [clusterRole] + subnets, .eksCluster(AWSEKSCluster(
            role: clusterRole, version: c.version, subnets: subnets,
            securityGroups: c.securityGroups.map { .named(vpc: K.vpc(c.vpc), name: $0) }, endpointAccess: c.endpointAccess, tags: c.tags)))
        if !c.nodeGroups.isEmpty {
            let addonPolicies = c.addons.compactMap { N.addonNodePolicies[$0.name] }
            add(nodeRole, [c.name, "node"], c.path, .iamRole(AWSIAMRole(service: "ec2.amazonaws.com", managedPolicies: N.nodePolicies + addonPolicies)))
        }
        for g in c.nodeGroups {
            let groupSubnets = g.subnets.map { K.subnet(c.vpc, $0) }
            add(K.eksNodeGroup(c.name, g.name), [c.name, g.name], g.path, parent: ck, after: [ck, nodeRole] + groupSubnets, .eksNodeGroup(AWSEKSNodeGroup(
                cluster: ck, role: nodeRole, subnets: groupSubnets, instanceTypes: g.instanceTypes, scaling: g.scaling,
                amiType: g.amiType, capacityType: g.capacityType, securityGroups: g.securityGroups.map { .named(vpc: K.vpc(c.vpc), name: $0) })))
        }
        // Add-ons that run pods (coredns) wait for the node groups, or they stay degraded.
        let groups = c.nodeGroups.map { K.eksNodeGroup(c.name, $0.name) }
        for a in c.addons {
            add(K.eksAddon(c.name, a.name), [c.name, a.name], a.path, parent: ck, after: [ck] + groups,
                .eksAddon(cluster: ck, name: a.name, version: a.version))
        }
    }
}

/// An IAM role an AWS service assumes, with the AWS managed policies attached to it.
public struct AWSIAMRole: Sendable {
    /// The service principal trusted to assume it (`eks.amazonaws.com`, `ec2.amazonaws.com`).
    public var service: String
    /// Names of AWS managed policies (`arn:aws:iam::aws:policy/NAME`).
    public var managedPolicies: [String]
}

/// An EKS cluster: its role's and subnets' keys, the Kubernetes version and endpoint access.
public struct AWSEKSCluster: Sendable {
    public var role: String
    public var version: String
    public var subnets: [String]
    /// Extra groups for the control plane's interfaces (EKS adds the cluster security group).
    public var securityGroups: [SecurityGroupReference]
    public var endpointAccess: EKSEndpointAccess
    public var tags: [String: String]
}

/// A managed node group: its cluster's, role's and subnets' keys and its scaling.
public struct AWSEKSNodeGroup: Sendable {
    public var cluster: String
    public var role: String
    public var subnets: [String]
    public var instanceTypes: [String]
    public var scaling: EKSScaling
    public var amiType: String?
    public var capacityType: EKSCapacityType
    /// Groups on the nodes: the templates put them in a launch template of the node group.
    public var securityGroups: [SecurityGroupReference]
}
