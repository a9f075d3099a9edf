import CausewayCore

extension CloudFormationBuilder {
    /// Amazon EKS: AWS::IAM::Role (trust policy and AWS managed policies), AWS::EKS::Cluster
    /// (ResourcesVpcConfig), AWS::EKS::Nodegroup (ScalingConfig) and AWS::EKS::Addon
    /// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-eks-cluster.html,
    /// aws-resource-eks-nodegroup.html, aws-resource-eks-addon.html, aws-resource-iam-role.html).
    mutating func eks(_ r: AWSResource) {
        let n = r.names
        switch r.properties {
        case .iamRole(let role):
            resource(N.id("IAMRole", n), "AWS::IAM::Role", [
                ("AssumeRolePolicyDocument", .map([
                    ("Version", .string("2012-10-17")),
                    ("Statement", .list([.map([
                        ("Effect", .string("Allow")),
                        ("Principal", .map([("Service", .list([.string(role.service)]))])),
                        ("Action", .list([.string("sts:AssumeRole")])),
                    ])])),
                ])),
                ("ManagedPolicyArns", .list(role.managedPolicies.map { .string("arn:aws:iam::aws:policy/\($0)") })),
                ("Tags", tags(n.joined(separator: "-"))),
            ])
        case .eksCluster(let c):
            var vpc: [(String, YAMLNode)] = [("SubnetIds", .list(c.subnets.map { ref($0, "Subnet") }))]
            if !c.securityGroups.isEmpty { vpc.append(("SecurityGroupIds", securityGroups(c.securityGroups))) }
            vpc += [("EndpointPublicAccess", .bool(c.endpointAccess.publicAccess)), ("EndpointPrivateAccess", .bool(c.endpointAccess.privateAccess))]
            if c.endpointAccess.publicAccess { vpc.append(("PublicAccessCidrs", .list(c.endpointAccess.publicAccessCIDRs.map { .string($0.description) }))) }
            resource(N.id("EKSCluster", n), "AWS::EKS::Cluster", [
                ("Name", .string(r.name)), ("RoleArn", .getAtt(N.id("IAMRole", names(c.role)), "Arn")), ("Version", .string(c.version)),
                ("ResourcesVpcConfig", .map(vpc)), ("Tags", tags(r.name, c.tags)),
            ])
        case .eksNodeGroup(let g):
            var p: [(String, YAMLNode)] = [
                ("ClusterName", .ref(N.id("EKSCluster", names(g.cluster)))), ("NodegroupName", .string(r.name)),
                ("NodeRole", .getAtt(N.id("IAMRole", names(g.role)), "Arn")),
                ("Subnets", .list(g.subnets.map { ref($0, "Subnet") })), ("CapacityType", .string(g.capacityType.api)),
            ]
            if !g.instanceTypes.isEmpty { p.append(("InstanceTypes", .list(g.instanceTypes.map { .string($0) }))) }
            if let ami = g.amiType { p.append(("AmiType", .string(ami))) }
            if !g.securityGroups.isEmpty {
                // The nodes' security groups come with a launch template (EKS user guide,
                // "Customize managed nodes with launch templates").
                let lt = N.id("LaunchTemplate", n)
                resource(lt, "AWS::EC2::LaunchTemplate", [("LaunchTemplateData", .map([("SecurityGroupIds", securityGroups(g.securityGroups))]))])
                p.append(("LaunchTemplate", .map([("Id", .ref(lt)), ("Version", .getAtt(lt, "LatestVersionNumber"))])))
            }
            p += [
                ("ScalingConfig", .map([("MinSize", .int(g.scaling.minSize)), ("MaxSize", .int(g.scaling.maxSize)), ("DesiredSize", .int(g.scaling.desiredSize))])),
                // A node group's Tags are a map, not a list of Key/Value pairs.
                ("Tags", .map([("Name", .string(r.name)), ("causeway:topology", .string(d.topology))])),
            ]
            resource(N.id("EKSNodegroup", n), "AWS::EKS::Nodegroup", p)
        case .eksAddon(let cluster, let name, let version):
            var p: [(String, YAMLNode)] = [("ClusterName", .ref(N.id("EKSCluster", names(cluster)))), ("AddonName", .string(name))]
            if let version { p.append(("AddonVersion", .string(version))) }
            let groups = r.dependsOn.filter { d[$0]?.kind == .eksNodeGroup }.map { N.id("EKSNodegroup", names($0)) }
            resource(N.id("EKSAddon", n), "AWS::EKS::Addon", p, dependsOn: groups)
        default:
            return
        }
    }
}
