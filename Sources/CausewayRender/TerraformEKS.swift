import CausewayCore

extension TerraformBuilder {
    /// Amazon EKS (AWS provider 5.x): the IAM roles with their AWS managed policies
    /// (aws_iam_role, aws_iam_role_policy_attachment), the cluster (aws_eks_cluster, vpc_config),
    /// each managed node group (aws_eks_node_group, scaling_config) and each EKS add-on
    /// (aws_eks_addon). The subnets' `kubernetes.io/…` tags are the subnets' own tags.
    mutating func eks(_ r: AWSResource) {
        let id = N.id(r.names)
        switch r.properties {
        case .iamRole(let role):
            // "Amazon EKS cluster IAM role" / "Amazon EKS node IAM role": the trust policy and
            // the managed policies (https://docs.aws.amazon.com/eks/latest/userguide/cluster-iam-role.html).
            let trust = "jsonencode({ Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", Action = \"sts:AssumeRole\", Principal = { Service = \"\(role.service)\" } }] })"
            main.append(HCL.block("resource", ["aws_iam_role", id], [
                .attr("name", .string(r.names.joined(separator: "-"))), .attr("assume_role_policy", .ref(trust)), tags(r.names.joined(separator: "-")),
            ], comment: "IAM role `\(r.names.joined(separator: "-"))` for \(role.service)"))
            for p in role.managedPolicies {
                main.append(HCL.block("resource", ["aws_iam_role_policy_attachment", N.id(r.names + [p])], [
                    .attr("role", .ref("aws_iam_role.\(id).name")), .attr("policy_arn", .string("arn:aws:iam::aws:policy/\(p)")),
                ]))
            }
        case .eksCluster(let c):
            var vpc: [HCLItem] = [.attr("subnet_ids", .list(c.subnets.map { ref($0, "aws_subnet") }))]
            if !c.securityGroups.isEmpty { vpc.append(.attr("security_group_ids", securityGroups(c.securityGroups))) }
            vpc += [
                .attr("endpoint_public_access", .bool(c.endpointAccess.publicAccess)),
                .attr("endpoint_private_access", .bool(c.endpointAccess.privateAccess)),
            ]
            if c.endpointAccess.publicAccess { vpc.append(.attr("public_access_cidrs", .list(c.endpointAccess.publicAccessCIDRs.map { .string($0.description) }))) }
            main.append(HCL.block("resource", ["aws_eks_cluster", id], [
                .attr("name", .string(r.name)), .attr("role_arn", .ref("aws_iam_role.\(N.id(names(c.role))).arn")),
                .attr("version", .string(c.version)), .block("vpc_config", [], vpc), tags(r.name, c.tags),
                .attr("depends_on", .list(policyAttachments(c.role))),
            ], comment: "EKS cluster `\(r.name)`"))
        case .eksNodeGroup(let g):
            // Groups on the nodes come with a launch template (EKS user guide, "Customize managed
            // nodes with launch templates"); without one EKS puts the cluster security group on them.
            var template: [HCLItem] = []
            if !g.securityGroups.isEmpty {
                main.append(HCL.block("resource", ["aws_launch_template", id], [
                    .attr("name_prefix", .string("\(r.names.joined(separator: "-"))-")), .attr("vpc_security_group_ids", securityGroups(g.securityGroups)), tags(r.name),
                ], comment: "Launch template of node group `\(r.name)`: its nodes' security groups"))
                template = [.block("launch_template", [], [
                    .attr("id", .ref("aws_launch_template.\(id).id")), .attr("version", .ref("aws_launch_template.\(id).latest_version")),
                ])]
            }
            var body: [HCLItem] = [
                .attr("cluster_name", .ref("aws_eks_cluster.\(N.id(names(g.cluster))).name")), .attr("node_group_name", .string(r.name)),
                .attr("node_role_arn", .ref("aws_iam_role.\(N.id(names(g.role))).arn")),
                .attr("subnet_ids", .list(g.subnets.map { ref($0, "aws_subnet") })),
                .attr("capacity_type", .string(g.capacityType.api)),
            ]
            if !g.instanceTypes.isEmpty { body.append(.attr("instance_types", .list(g.instanceTypes.map { .string($0) }))) }
            if let ami = g.amiType { body.append(.attr("ami_type", .string(ami))) }
            body += template + [
                .block("scaling_config", [], [
                    .attr("desired_size", .int(g.scaling.desiredSize)), .attr("max_size", .int(g.scaling.maxSize)), .attr("min_size", .int(g.scaling.minSize)),
                ]),
                tags(r.name), .attr("depends_on", .list(policyAttachments(g.role))),
            ]
            main.append(HCL.block("resource", ["aws_eks_node_group", id], body, comment: "Managed node group `\(r.name)` of EKS cluster `\(r.names[0])`"))
        case .eksAddon(let cluster, let name, let version):
            var body: [HCLItem] = [.attr("cluster_name", .ref("aws_eks_cluster.\(N.id(names(cluster))).name")), .attr("addon_name", .string(name))]
            if let version { body.append(.attr("addon_version", .string(version))) }
            let groups = r.dependsOn.filter { d[$0]?.kind == .eksNodeGroup }.map { HCLExpr.ref("aws_eks_node_group.\(N.id(names($0)))") }
            if !groups.isEmpty { body.append(.attr("depends_on", .list(groups))) }
            main.append(HCL.block("resource", ["aws_eks_addon", id], body))
        default:
            return
        }
    }

    /// The policy attachments of a role: a cluster or node group waits for them, or EKS cannot
    /// use the role while it is created (and cannot clean up when it is destroyed).
    func policyAttachments(_ role: String) -> [HCLExpr] {
        guard case .iamRole(let r)? = d[role]?.properties else { return [] }
        return r.managedPolicies.map { .ref("aws_iam_role_policy_attachment.\(N.id(names(role) + [$0]))") }
    }
}
