/// Route 53 health checks and Amazon EFS mount targets.
public struct FailoverChecks: FindingsCheck {
    /// The rules this check reports, in the catalog's order.
    public struct Rules: RuleCatalogue {
        public let failoverRecordPair = Rule("failover-record-pair", .error,
            "Failover records of one name and type that are not one PRIMARY and one SECONDARY with distinct set identifiers, or mixed with a record without failover routing: Route 53 refuses them (a lone primary or secondary is a warning: nothing to fail over to).",
            reference: "Route 53 developer guide, Active-active and active-passive failover (a primary and a secondary of the same name and type), \(AWSNumbers.Failover.page)")
        public let failoverHealthCheckMissing = Rule("failover-no-health-check", .warning,
            "A PRIMARY failover record without a health check: Route 53 accepts it, but counts it always healthy, so the name never fails over.",
            reference: "Route 53 developer guide, How Amazon Route 53 chooses records when health checking is configured (a record without a health check is always healthy), \(AWSNumbers.Failover.choosingPage)")
        public let healthCheckInterval = Rule("health-check-interval", .error,
            "A health check's request_interval other than 10 or 30 seconds: Route 53 refuses it.",
            reference: "Route 53 API reference, HealthCheckConfig (RequestInterval: 10 or 30), \(AWSNumbers.HealthCheck.page)")
        public let healthCheckThreshold = Rule("health-check-threshold", .error,
            "A health check's failure_threshold outside 1–10: Route 53 refuses it.",
            reference: "Route 53 API reference, HealthCheckConfig (FailureThreshold: 1–10), \(AWSNumbers.HealthCheck.page)")
        public let healthCheckPrivateIP = Rule("health-check-private-ip", .error,
            "A health check's ip_address in a private, local, non-routable or multicast range: Route 53's checkers are outside the VPC and the API refuses such addresses.",
            reference: "Route 53 developer guide, Configuring failover in a private hosted zone (checkers are outside the VPC; give the instance a public IP, or base the check on a CloudWatch alarm), \(AWSNumbers.HealthCheck.privateEndpointsPage)")
        public let healthCheckUnreachable = Rule("health-check-unreachable", .warning,
            "A health check whose instance sits in a subnet with no route to an internet gateway: Route 53 accepts it, but its checkers cannot reach the instance and it stays unhealthy.",
            reference: "Route 53 developer guide, Configuring failover in a private hosted zone (checkers are outside the VPC), \(AWSNumbers.HealthCheck.privateEndpointsPage)")
        public let healthCheckSourceSubnets = Rule("health-check-source-subnets", .error,
            "A health check source whose subnets are not one per Availability Zone Route 53 checks from (three in most Regions, two in US West (N. California)), or a subnet with no or more than 10 security groups: Route 53 refuses it.",
            reference: "Route 53 developer guide, Health check sources; API reference, HealthCheckSourceConfig (two or three subnets, distinct Availability Zones), \(AWSNumbers.HealthCheckSources.configPage)")
        public let healthCheckSourceVPC = Rule("health-check-source-vpc", .error,
            "A health check source subnet or security group that is not in the source's VPC: Route 53 refuses it.",
            reference: "Route 53 API reference, HealthCheckSourceConfig (all subnets belong to VpcId; security groups of the same VPC), \(AWSNumbers.HealthCheckSources.configPage)")
        public let healthCheckSourceQuota = Rule("health-check-source-quota", .error,
            "More than 5 health check sources in the topology's account, or more than 200 health checks on one source: Route 53 refuses the excess.",
            reference: "Route 53 developer guide, Health check sources (up to 200 checks per source, 5 sources per account), \(AWSNumbers.HealthCheckSources.page)")
        public let healthCheckEndpointType = Rule("health-check-endpoint-type", .error,
            "A PRIVATE health check without a health check source, or a PUBLIC one that names one: Route 53 refuses it.",
            reference: "Route 53 developer guide, Private endpoint health checks (a private check uses a health check source), \(AWSNumbers.HealthCheckSources.privateChecksPage)")
        public let healthCheckSourceUnreachable = Rule("health-check-source-unreachable", .warning,
            "A PRIVATE health check whose endpoint the source's security groups do not let out to, or whose instance's groups do not let in from the source's subnets: Route 53 accepts it, but the probes are dropped and the check stays unhealthy.",
            reference: "Route 53 developer guide, Health check sources (the source's groups allow outbound traffic to the endpoints; the endpoints allow inbound from the source), \(AWSNumbers.HealthCheckSources.page)")
        public let efsMountTargetAZ = Rule("efs-mount-target-az", .error,
            "Two mount targets of one EFS file system in the same Availability Zone: EFS refuses the second.",
            reference: "Amazon EFS user guide, Managing mount targets (one mount target per Availability Zone), \(AWSNumbers.EFS.mountTargetsPage)")
        public let efsMountTargetNFS = Rule("efs-mount-target-nfs", .warning,
            "A mount target whose security groups do not allow NFS (TCP 2049) from the file system's clients: EFS accepts it, but the clients cannot mount.",
            reference: "Amazon EFS user guide, Using VPC security groups (the mount target's group allows inbound NFS from the clients), \(AWSNumbers.EFS.securityGroupsPage)")
    }
    public static let rule = Rules()


    public init() {}

    func find(_ t: Topology, _ f: inout Findings) {
        for h in t.healthChecks { healthCheck(h, t, &f) }
        for src in t.healthCheckSources { healthCheckSource(src, t, &f) }
        for fs in t.fileSystems { fileSystem(fs, t, &f) }
        for z in t.dns.hostedZones { failoverRecords(z, t, &f) }
    }

    func healthCheck(_ h: HealthCheck, _ t: Topology, _ f: inout Findings) {
        let N = AWSNumbers.HealthCheck.self
        if !N.requestIntervals.contains(h.requestInterval) {
            f.add(Self.rule.healthCheckInterval, "health check `\(h.name)` probes every \(h.requestInterval) s; Route 53 offers 30 (standard) or 10 (fast): write `request_interval: 30` or `10`", at: "\(h.path).request_interval")
        }
        if !N.failureThreshold.contains(h.failureThreshold) {
            f.add(Self.rule.healthCheckThreshold, "health check `\(h.name)` has failure_threshold \(h.failureThreshold); Route 53 takes \(N.failureThreshold.dashed) failed probes in a row: pick a number in that range", at: "\(h.path).failure_threshold")
        }
        endpointType(h, t, &f)
        if h.endpointType == .public, let ip = h.ipAddress, N.refusedRanges.contains(where: { $0.contains(ip) }) {
            f.add(Self.rule.healthCheckPrivateIP, "health check `\(h.name)` probes \(ip), an address Route 53's checkers cannot reach from the internet; give the endpoint a public IP (an Elastic IP) and probe that, or base the check on a CloudWatch alarm", at: "\(h.path).ip_address")
        }
        switch h.target {
        case .instance(let vn, let iname)?:
            guard let vpc = t.vpc(vn) else {
                f.add(LoadRules.danglingReference, "health check `\(h.name)` names VPC `\(vn)`, which is not defined (VPCs: \(t.vpcs.map(\.name).listed))", at: "\(h.path).vpc")
                return
            }
            guard let inst = vpc.instance(iname) else {
                f.add(LoadRules.danglingReference, "health check `\(h.name)` names instance `\(iname)`, which VPC `\(vn)` does not have (instances: \(vpc.instances.map(\.name).listed))", at: "\(h.path).instance")
                return
            }
            if h.endpointType == .private {
                privateReach(h, endpoint: inst.address, instance: inst, in: vpc, t, &f)
            } else if !reachesInternet(inst, in: vpc) {
                f.add(Self.rule.healthCheckUnreachable, "health check `\(h.name)` probes instance `\(iname)`, whose subnet `\(inst.subnet)` has no route 0.0.0.0/0 to an internet gateway; Route 53's checkers are outside the VPC: put the instance in a public subnet with a public IP", at: "\(h.path).instance")
            }
        case .host(let sn, let hn)?:
            guard let site = t.site(sn) else {
                f.add(LoadRules.danglingReference, "health check `\(h.name)` names site `\(sn)`, which is not defined (sites: \(t.sites.map(\.name).listed))", at: "\(h.path).site")
                return
            }
            if !site.hosts.contains(where: { $0.name == hn }) {
                f.add(LoadRules.danglingReference, "health check `\(h.name)` names host `\(hn)`, which site `\(sn)` does not have (hosts: \(site.hosts.map(\.name).listed))", at: "\(h.path).host")
            }
        case nil: break
        }
    }

    /// Whether an instance's subnet routes 0.0.0.0/0 to the VPC's internet gateway.
    func reachesInternet(_ inst: Instance, in vpc: VPC) -> Bool {
        vpc.subnet(inst.subnet).map(vpc.isPublic) ?? false
    }

    func fileSystem(_ fs: FileSystem, _ t: Topology, _ f: inout Findings) {
        guard let vpc = t.vpc(fs.vpc) else {
            f.add(LoadRules.danglingReference, "file system `\(fs.name)` names VPC `\(fs.vpc)`, which is not defined (VPCs: \(t.vpcs.map(\.name).listed))", at: "\(fs.path).vpc")
            return
        }
        var byAZ: [String: String] = [:]
        for mt in fs.mountTargets {
            guard let s = vpc.subnet(mt.subnet) else {
                f.add(LoadRules.danglingReference, "file system `\(fs.name)` has a mount target in subnet `\(mt.subnet)`, which VPC `\(vpc.name)` does not have (subnets: \(vpc.subnets.map(\.name).listed))", at: mt.path)
                continue
            }
            if let az = s.availabilityZone {
                if let first = byAZ[az] {
                    f.add(Self.rule.efsMountTargetAZ, "file system `\(fs.name)` has mount targets in subnets `\(first)` and `\(mt.subnet)`, both in \(az); EFS allows one per Availability Zone and clients of any subnet of the zone use it: remove the one in `\(mt.subnet)`", at: mt.path)
                } else {
                    byAZ[az] = mt.subnet
                }
            }
            if !s.cidr.contains(mt.address) || reserved(mt.address, in: s.cidr) {
                f.add(AddressingChecks.rule.addressOutsideSubnet, "mount target of `\(fs.name)` at \(mt.address) is not a usable address of subnet `\(s.name)` \(s.cidr); use one from \(s.cidr.address(4))–\(s.cidr.last.advanced(by: -1))", at: "\(mt.path).address")
            }
            for g in mt.securityGroups where vpc.securityGroup(g) == nil {
                f.add(LoadRules.danglingReference, "mount target of `\(fs.name)` in `\(mt.subnet)` names security group `\(g)`, which VPC `\(vpc.name)` does not have (groups: \(vpc.securityGroups.map(\.name).listed))", at: "\(mt.path).security_groups")
            }
            for c in fs.clients where !allowsNFS(mt, from: c, in: vpc) {
                f.add(Self.rule.efsMountTargetNFS, "mount target of `\(fs.name)` in `\(mt.subnet)` does not let client network \(c) in on NFS; add an ingress rule `{protocol: tcp, ports: \(AWSNumbers.EFS.nfsPort), source: \(c)}` to one of its security groups", at: mt.path)
            }
        }
    }

    /// The first four addresses and the last of a subnet are AWS's.
    func reserved(_ a: IPv4Address, in p: IPv4Prefix) -> Bool {
        a.value < p.address(4).value || a == p.last
    }

    /// Whether one of the mount target's groups lets the whole client network in on TCP 2049.
    /// No group written is the VPC's default group, which admits only its own members.
    func allowsNFS(_ mt: MountTarget, from client: IPv4Prefix, in vpc: VPC) -> Bool {
        mt.securityGroups.compactMap { vpc.securityGroup($0) }.contains { g in
            g.ingress.contains { allows($0, port: AWSNumbers.EFS.nfsPort, peer: client, peerGroups: []) }
        }
    }

    /// Each name and type with failover records: one PRIMARY, one SECONDARY, nothing else.
    func failoverRecords(_ z: HostedZone, _ t: Topology, _ f: inout Findings) {
        var groups: [String: [DNSRecord]] = [:]
        var order: [String] = []
        for r in z.records {
            let key = "\(r.name.text)|\(r.type.api)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(r)
        }
        for key in order {
            let group = groups[key] ?? []
            guard let first = group.first(where: { $0.failover != nil }) else { continue }
            let what = "\(first.name.text) \(first.type.api)"
            for r in group where r.failover == nil {
                f.add(Self.rule.failoverRecordPair, "\(what) has failover records and one without failover routing; Route 53 keeps one routing policy per name and type: give this record `failover:` and `set_identifier`, or rename it", at: r.path)
            }
            var ids: Set<String> = []
            for r in group { if let fr = r.failover, !ids.insert(fr.setIdentifier).inserted {
                f.add(Self.rule.failoverRecordPair, "\(what) has two records with set_identifier `\(fr.setIdentifier)`; give each record of the pair its own", at: r.path)
            } }
            for role in FailoverRole.allCases {
                let holders = group.filter { $0.failover?.role == role }
                for extra in holders.dropFirst() {
                    f.add(Self.rule.failoverRecordPair, "\(what) has more than one \(role.rawValue) record; Route 53 takes one primary and one secondary: remove this one or make it the other role", at: extra.path)
                }
                if holders.isEmpty {
                    f.add(Self.rule.failoverRecordPair, "\(what) has no \(role.rawValue) failover record; Route 53 accepts it, but there is nothing to fail over \(role == .primary ? "from" : "to"): add the \(role.rawValue) record", at: first.path, severity: .warning)
                }
            }
            for r in group {
                guard let fr = r.failover else { continue }
                if let hc = fr.healthCheck, t.healthCheck(hc) == nil {
                    f.add(LoadRules.danglingReference, "\(what) (\(fr.setIdentifier)) names health check `\(hc)`, which is not defined (health checks: \(t.healthChecks.map(\.name).listed))", at: "\(r.path).health_check")
                } else if fr.healthCheck == nil && fr.role == .primary {
                    f.add(Self.rule.failoverHealthCheckMissing, "the PRIMARY record of \(what) has no health check, so Route 53 always counts it healthy and never answers with the secondary: add `health_check:` naming the check on the primary's endpoint", at: r.path)
                }
            }
        }
    }
}
