/// Route 53 health check sources and the PRIVATE health checks that run from them (developer
/// guide, "Health check sources", "Private endpoint health checks"; API reference,
/// HealthCheckSourceConfig).
extension FailoverChecks {
    func healthCheckSource(_ src: HealthCheckSource, _ t: Topology, _ f: inout Findings) {
        let N = AWSNumbers.HealthCheckSources.self
        if let i = t.healthCheckSources.firstIndex(where: { $0.name == src.name }), i == N.sourcesPerAccount {
            f.add(Self.rule.healthCheckSourceQuota, "health check source `\(src.name)` is the \(i + 1)th of the account; Route 53 allows \(N.sourcesPerAccount) sources per account: run more checks from one source (up to \(N.checksPerSource) each)", at: src.path)
        }
        let checks = t.healthChecks.filter { $0.healthCheckSource == src.name }
        if checks.count > N.checksPerSource {
            f.add(Self.rule.healthCheckSourceQuota, "health check source `\(src.name)` serves \(checks.count) health checks; Route 53 allows \(N.checksPerSource) per source: create another source for the rest", at: checks[N.checksPerSource].path)
        }
        guard let vpc = t.vpc(src.vpc) else {
            f.add(LoadRules.danglingReference, "health check source `\(src.name)` names VPC `\(src.vpc)`, which is not defined (VPCs: \(t.vpcs.map(\.name).listed))", at: "\(src.path).vpc")
            return
        }
        let required = N.subnetsRequired(in: t.region)
        if src.subnets.count != required {
            f.add(Self.rule.healthCheckSourceSubnets, "health check source `\(src.name)` has \(src.subnets.count) subnet(s); in \(t.region) Route 53 checks from \(required) Availability Zones and takes one subnet in each: give it \(required) subnets of \(vpc.name) in distinct zones", at: "\(src.path).subnets")
        }
        var byAZ: [String: String] = [:]
        for s in src.subnets {
            if !N.securityGroupsPerSubnet.contains(s.securityGroups.count) {
                f.add(Self.rule.healthCheckSourceSubnets, "subnet `\(s.subnet)` of health check source `\(src.name)` has \(s.securityGroups.count) security groups; Route 53 takes \(N.securityGroupsPerSubnet.dashed) per subnet", at: s.path)
            }
            for g in s.securityGroups where vpc.securityGroup(g) == nil {
                f.add(Self.rule.healthCheckSourceVPC, "subnet `\(s.subnet)` of health check source `\(src.name)` names security group `\(g)`, which VPC `\(vpc.name)` does not have (groups: \(vpc.securityGroups.map(\.name).listed)); the groups must be of the source's VPC", at: "\(s.path).security_groups")
            }
            guard let subnet = vpc.subnet(s.subnet) else {
                let owner = t.vpcs.first { $0.subnet(s.subnet) != nil }.map { " (it is a subnet of `\($0.name)`)" } ?? ""
                f.add(Self.rule.healthCheckSourceVPC, "health check source `\(src.name)` names subnet `\(s.subnet)`, which VPC `\(vpc.name)` does not have\(owner); every subnet of a source belongs to its VPC (subnets: \(vpc.subnets.map(\.name).listed))", at: s.path)
                continue
            }
            guard let az = subnet.availabilityZone else { continue }
            if let first = byAZ[az] {
                f.add(Self.rule.healthCheckSourceSubnets, "health check source `\(src.name)` has subnets `\(first)` and `\(s.subnet)`, both in \(az); Route 53 takes one subnet per Availability Zone: pick a subnet of another zone", at: s.path)
            } else {
                byAZ[az] = s.subnet
            }
        }
    }

    /// PRIVATE needs `health_check_source`; PUBLIC must not name one.
    func endpointType(_ h: HealthCheck, _ t: Topology, _ f: inout Findings) {
        switch (h.endpointType, h.healthCheckSource) {
        case (.private, nil):
            f.add(Self.rule.healthCheckEndpointType, "health check `\(h.name)` is PRIVATE but names no health check source; add `health_check_source:` naming one of `health_check_sources` (\(t.healthCheckSources.map(\.name).listed))", at: "\(h.path).endpoint_type")
        case (.public, let s?):
            f.add(Self.rule.healthCheckEndpointType, "health check `\(h.name)` names health check source `\(s)` but is PUBLIC; write `endpoint_type: PRIVATE`, or remove `health_check_source`", at: "\(h.path).health_check_source")
        case (.private, let s?) where t.healthCheckSource(s) == nil:
            f.add(LoadRules.danglingReference, "health check `\(h.name)` names health check source `\(s)`, which is not defined (sources: \(t.healthCheckSources.map(\.name).listed))", at: "\(h.path).health_check_source")
        default: break
        }
    }

    /// A PRIVATE check of an instance: the source's groups must let TCP to the checked port out to
    /// the instance, and the instance's groups let it in from every source subnet.
    func privateReach(_ h: HealthCheck, endpoint: IPv4Address, instance: Instance, in vpc: VPC, _ t: Topology, _ f: inout Findings) {
        guard let sn = h.healthCheckSource, let src = t.healthCheckSource(sn), let srcVPC = t.vpc(src.vpc) else { return }
        let probe = IPv4Prefix(endpoint, 32)
        for s in src.subnets {
            guard let subnet = srcVPC.subnet(s.subnet) else { continue }
            let out = s.securityGroups.compactMap { srcVPC.securityGroup($0) }.contains { g in
                g.egress.contains { allows($0, port: h.port, peer: probe, peerGroups: srcVPC.name == vpc.name ? instance.securityGroups : []) }
            }
            if !out {
                f.add(Self.rule.healthCheckSourceUnreachable, "health check `\(h.name)` is dropped at the egress of source `\(src.name)` in `\(s.subnet)`: its groups (\(s.securityGroups.listed)) do not let TCP \(h.port) out to \(endpoint); add an egress rule `{protocol: tcp, ports: \(h.port), destination: \(probe)}`", at: "\(h.path).health_check_source")
            }
            let into = instance.securityGroups.compactMap { vpc.securityGroup($0) }.contains { g in
                g.ingress.contains { allows($0, port: h.port, peer: subnet.cidr, peerGroups: srcVPC.name == vpc.name ? s.securityGroups : []) }
            }
            if !into {
                f.add(Self.rule.healthCheckSourceUnreachable, "health check `\(h.name)` is dropped at the ingress of instance `\(instance.name)`: its groups (\(instance.securityGroups.listed)) do not let TCP \(h.port) in from source subnet `\(s.subnet)` \(subnet.cidr); add an ingress rule `{protocol: tcp, ports: \(h.port), source: \(subnet.cidr)}`", at: "\(h.path).instance")
            }
        }
    }

    /// Whether a group rule passes `port` of `proto` (TCP unless named) for the whole `peer`
    /// network, or for a member of one of `peerGroups`.
    func allows(_ r: SecurityGroupRule, port: Int?, peer: IPv4Prefix, peerGroups: [String], protocol proto: IPProtocol = .tcp) -> Bool {
        guard r.protocol == .all || r.protocol == proto else { return false }
        if let ports = r.ports, let port, !ports.contains(port) { return false }
        switch r.peer {
        case .cidr(let p): return p.contains(peer)
        case .securityGroup(let g): return peerGroups.contains(g)
        }
    }
}
