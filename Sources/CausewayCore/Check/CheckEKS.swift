/// Amazon EKS clusters: subnets, versions, node group sizes, add-ons, the load balancer subnet
/// tags, and whether the pods reach what they must (an on-premises database) over the VPN.
public struct EKSChecks: FindingsCheck {
    /// The rules this check reports, in the catalog's order.
    public struct Rules: RuleCatalogue {
        public let subnetsAZ = Rule("eks-subnets-az", .error, "An EKS cluster whose subnets are fewer than two or all in one Availability Zone: CreateCluster refuses it.", reference: "Amazon EKS user guide, View Amazon EKS networking requirements for VPC and subnets (at least two subnets in different Availability Zones), \(AWSNumbers.EKS.subnetsPage)")
        public let elbTag = Rule("eks-subnet-elb-tag", .warning, "A public subnet (route to an internet gateway) of an EKS cluster's VPC without `kubernetes.io/role/elb`, a private subnet of the cluster or its node groups without `kubernetes.io/role/internal-elb`, or a `kubernetes.io/cluster/NAME` tag other than shared or owned: EKS accepts it, but the load balancer controller does not place load balancers there.", reference: "Amazon EKS user guide, View Amazon EKS networking requirements for VPC and subnets, Subnet requirements and considerations (the role tags for load balancer subnets), \(AWSNumbers.EKS.subnetsPage)")
        public let versionUnsupported = Rule("eks-version-unsupported", .error, "An EKS cluster whose Kubernetes version EKS does not offer (neither standard nor extended support): CreateCluster refuses it.", reference: "Amazon EKS user guide, Understand the Kubernetes version lifecycle on EKS (release calendar), \(AWSNumbers.EKS.versionsPage)")
        public let nodeGroupSize = Rule("eks-node-group-size", .error, "A managed node group whose sizes are not min_size ≤ desired_size ≤ max_size with max_size at least 1: CreateNodegroup refuses it.", reference: "EKS API reference, NodegroupScalingConfig (minSize, maxSize, desiredSize), \(AWSNumbers.EKS.scalingPage)")
        public let addonUnknown = Rule("eks-addon-unknown", .error, "An add-on name EKS does not offer as an EKS add-on (the AWS Load Balancer Controller is a Helm chart): CreateAddon refuses it.", reference: "Amazon EKS user guide, AWS add-ons and Community add-ons (the names DescribeAddonVersions lists), \(AWSNumbers.EKS.addonsPage)")
        public let podEgressBlocked = Rule("eks-pod-egress-blocked", .warning, "A cluster `egress` its pods cannot reach from a node group subnet: the subnet's route table has no route to the on-premises address over the VPN, the site does not bring that address to AWS, or the node group's security groups do not let the port out.", reference: "Amazon EKS user guide, View Amazon EKS security group requirements for clusters (pods use their node's groups), \(AWSNumbers.EKS.securityGroupsPage); AWS Site-to-Site VPN user guide, Configure routing")
    }
    public static let rule = Rules()

    public init() {}

    func find(_ t: Topology, _ f: inout Findings) {
        for c in t.eksClusters { cluster(c, t, &f) }
    }

    func cluster(_ c: EKSCluster, _ t: Topology, _ f: inout Findings) {
        let N = AWSNumbers.EKS.self
        if !N.kubernetesVersions.contains(c.version) {
            f.add(Self.rule.versionUnsupported, "EKS cluster `\(c.name)` asks for Kubernetes \(c.version); EKS creates clusters with \(N.kubernetesVersions.joined(separator: ", ")): pick one of them", at: "\(c.path).version")
        }
        for a in c.addons where !N.addonNames.contains(a.name) {
            let helm = a.name.contains("load-balancer-controller") ? ": install it with its Helm chart" : ""
            f.add(Self.rule.addonUnknown, "`\(a.name)` is not an EKS add-on\(helm)\(hint(a.name, N.addonNames)); EKS offers \(N.addonNames.joined(separator: ", "))", at: a.path)
        }
        for g in c.nodeGroups { sizes(g, &f) }
        guard let vpc = t.vpc(c.vpc) else {
            f.add(LoadRules.danglingReference, "EKS cluster `\(c.name)` names VPC `\(c.vpc)`, which is not defined (VPCs: \(t.vpcs.map(\.name).listed))\(hint(c.vpc, t.vpcs.map(\.name)))", at: "\(c.path).vpc")
            return
        }
        let subnets = known(c.subnets, of: "EKS cluster `\(c.name)`", at: "\(c.path).subnets", in: vpc, &f)
        let zones = Set(subnets.compactMap(\.availabilityZone))
        if subnets.count < N.minimumZones || (subnets.allSatisfy { $0.availabilityZone != nil } && zones.count < N.minimumZones) {
            f.add(Self.rule.subnetsAZ, "EKS cluster `\(c.name)` has \(subnets.count) subnet(s) in \(zones.count) Availability Zone(s); EKS takes subnets in at least \(N.minimumZones) zones: add a subnet of \(vpc.name) in another zone", at: f.written("\(c.path).subnets", c.path))
        }
        for (path, groups) in [("\(c.path).security_groups", c.securityGroups)] + c.nodeGroups.map({ ("\($0.path).security_groups", $0.securityGroups) }) {
            for g in groups where vpc.securityGroup(g) == nil {
                f.add(LoadRules.danglingReference, "security group `\(g)` is not a group of VPC `\(vpc.name)` (groups: \(vpc.securityGroups.map(\.name).listed))", at: path)
            }
        }
        var podSubnets: [(EKSNodeGroup, Subnet)] = []
        for g in c.nodeGroups {
            podSubnets += known(g.subnets, of: "node group `\(g.name)`", at: "\(g.path).subnets", in: vpc, &f).map { (g, $0) }
        }
        tags(c, subnets + podSubnets.map(\.1), in: vpc, &f)
        for e in c.egress { egress(e, of: c, from: podSubnets, in: vpc, t, &f) }
    }

    /// The named subnets of the VPC; each other name is a dangling reference.
    func known(_ names: [String], of what: String, at path: String, in vpc: VPC, _ f: inout Findings) -> [Subnet] {
        names.compactMap { n in
            if let s = vpc.subnet(n) { return s }
            f.add(LoadRules.danglingReference, "\(what) names subnet `\(n)`, which VPC `\(vpc.name)` does not have (subnets: \(vpc.subnets.map(\.name).listed))\(hint(n, vpc.subnets.map(\.name)))", at: path)
            return nil
        }
    }

    func sizes(_ g: EKSNodeGroup, _ f: inout Findings) {
        let s = g.scaling
        if s.maxSize < 1 || s.minSize > s.maxSize || s.desiredSize < s.minSize || s.desiredSize > s.maxSize {
            f.add(Self.rule.nodeGroupSize, "node group `\(g.name)` has min_size \(s.minSize), desired_size \(s.desiredSize), max_size \(s.maxSize); EKS needs min ≤ desired ≤ max and max at least 1: e.g. `{min_size: \(min(s.minSize, s.desiredSize)), desired_size: \(s.desiredSize), max_size: \(max(1, s.maxSize, s.desiredSize))}`", at: "\(g.path).scaling")
        }
    }

    /// Public subnets of the VPC need the `elb` role tag; the cluster's and node groups' private
    /// subnets the `internal-elb` one; a cluster tag is shared or owned.
    func tags(_ c: EKSCluster, _ used: [Subnet], in vpc: VPC, _ f: inout Findings) {
        let N = AWSNumbers.EKS.self
        var seen = Set<String>()
        for s in vpc.subnets where seen.insert(s.name).inserted {
            let isPublic = vpc.isPublic(s)
            let at = f.written("\(s.path).tags", s.path)
            if isPublic && s.tags[N.publicELBTag] == nil {
                f.add(Self.rule.elbTag, "subnet `\(s.name)` routes to the internet gateway but has no `\(N.publicELBTag)` tag; EKS cluster `\(c.name)`'s internet-facing load balancers go only to subnets with it: add `tags: {\(N.publicELBTag): \"1\"}`", at: at)
            } else if !isPublic && used.contains(where: { $0.name == s.name }) && s.tags[N.internalELBTag] == nil {
                f.add(Self.rule.elbTag, "private subnet `\(s.name)` of EKS cluster `\(c.name)` has no `\(N.internalELBTag)` tag; internal load balancers go only to subnets with it: add `tags: {\(N.internalELBTag): \"1\"}`", at: at)
            }
            if let v = s.tags[N.clusterTagPrefix + c.name], !N.clusterTagValues.contains(v) {
                f.add(Self.rule.elbTag, "subnet `\(s.name)` has `\(N.clusterTagPrefix)\(c.name): \(v)`; the value is shared (other clusters may use the subnet) or owned: write one of them", at: at)
            }
        }
    }

    /// Each node group subnet must route the egress address over a VPN connection of the site
    /// holding it, the site must bring that address to AWS, and the nodes' groups let it out.
    func egress(_ e: PodEgress, of c: EKSCluster, from podSubnets: [(EKSNodeGroup, Subnet)], in vpc: VPC, _ t: Topology, _ f: inout Findings) {
        guard let address = t.address(of: e) else {
            let hosts = t.sites.flatMap { $0.hosts.map(\.name) }
            f.add(LoadRules.danglingReference, "egress of EKS cluster `\(c.name)` names `\(e.to)`, neither a host of a site (hosts: \(hosts.listed)) nor an IPv4 address\(hint(e.to, hosts))", at: "\(e.path).to")
            return
        }
        let what = "\(e.protocol.rawValue)\(e.port.map { " \($0)" } ?? "") to \(e.to) (\(address))"
        let dest = IPv4Prefix(address, 32)
        let conns = t.vpnConnections.filter { conn in
            AddressingChecks.reachableVPCs(t, conn).contains { $0.name == vpc.name } && (t.site(of: conn)?.cidrs.contains { $0.contains(address) } ?? false)
        }
        if let site = t.sites.first(where: { $0.cidrs.contains { $0.contains(address) } }) {
            guard !conns.isEmpty else {
                f.add(Self.rule.podEgressBlocked, "the pods of EKS cluster `\(c.name)` cannot reach \(what): no VPN connection joins site `\(site.name)` to VPC `\(vpc.name)`", at: e.path)
                return
            }
            if !conns.contains(where: { t.onPremPrefixes(of: $0).contains { $0.contains(dest) } }) {
                f.add(Self.rule.podEgressBlocked, "the pods of EKS cluster `\(c.name)` cannot reach \(what): site `\(site.name)` does not bring \(address) to AWS over \(conns.map(\.name).listed) (neither advertised nor a static route); add a prefix holding it", at: e.path)
            }
        }
        let routing = RoutingChecks()
        for (g, s) in podSubnets {
            guard let rt = vpc.routeTable(for: s) else { continue }
            let propagated = conns.contains { conn in
                if case .vpnGateway(let n) = conn.gateway { return rt.propagations.contains(n) }
                return false
            }
            if !conns.isEmpty && !propagated && !routing.isDeliberate(routing.bestRoute(rt, dest, in: vpc, t)?.1) {
                f.add(Self.rule.podEgressBlocked, "the pods of node group `\(g.name)` in subnet `\(s.name)` cannot reach \(what): route table `\(rt.name)` has no route to it over the VPN; add `propagations:` of the virtual private gateway or a route to the gateway", at: f.written("\(rt.path).propagations", rt.path))
            }
            let groups = g.securityGroups.compactMap { vpc.securityGroup($0) }
            let failover = FailoverChecks()
            if !groups.isEmpty && !groups.contains(where: { $0.egress.contains { failover.allows($0, port: e.port, peer: dest, peerGroups: [], protocol: e.protocol) } }) {
                f.add(Self.rule.podEgressBlocked, "the pods of node group `\(g.name)` cannot reach \(what): its security groups (\(g.securityGroups.listed)) do not let it out; add an egress rule `{protocol: \(e.protocol.rawValue)\(e.port.map { ", ports: \($0)" } ?? ""), destination: \(dest)}`", at: "\(g.path).security_groups")
            }
        }
    }
}
