import CausewayCore

extension Builder {
    /// EKS pods in the lab as the simulator has them (its VPC index): per managed node group of
    /// a cluster in the VPC, one pod address in each of its subnets (VPC CNI: an address of the
    /// node's subnet; `EKSNodeGroup.podAddress`, the first subnet's being what `trace` sends
    /// `pod:CLUSTER/NODEGROUP` from), with the node group's security groups, so `lab test`
    /// measures intents from pods (S0's pods → the on-premises database) through the same
    /// groups. A node group without groups has the cluster security group, which allows
    /// everything outbound: no rules, as for an instance without groups.
    func podInterfaces(_ v: VPC) -> [(address: IPv4Address, groups: [String])] {
        let instances = Set(v.instances.map(\.address))
        return topology.eksClusters.filter { $0.vpc == v.name }.flatMap { c in
            c.nodeGroups.flatMap { g in
                g.subnets.compactMap { v.subnet($0) }.map { s in g.podInterface(of: c.name, in: s) }
                    .filter { !instances.contains($0.address) }.map { ($0.address, $0.securityGroups) }
            }
        }
    }
}
