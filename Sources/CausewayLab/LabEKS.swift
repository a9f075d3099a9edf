import CausewayCore

extension Builder {
    /// EKS pods in the lab: per managed node group of a cluster in the VPC, the address `trace`
    /// sends `pod:CLUSTER/NODEGROUP` from (its pod source, VPC CNI: an address of its node's
    /// subnet), with the node group's security groups, so `lab test` measures intents from pods
    /// (S0's pods → the on-premises database) through the same groups as the simulator. A node
    /// group without groups has the cluster security group, which allows everything outbound
    /// (`EKSNodeGroup.securityGroups`): no rules, as for an instance without groups.
    func podInterfaces(_ v: VPC) -> [(address: IPv4Address, groups: [String])] {
        topology.eksClusters.filter { $0.vpc == v.name }.flatMap { c in
            c.nodeGroups.compactMap { g in topology.podSource(cluster: c.name, nodeGroup: g.name).map { ($0, g.securityGroups) } }
        }
    }
}
