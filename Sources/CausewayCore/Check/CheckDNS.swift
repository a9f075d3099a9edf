/// Hybrid DNS: Route 53 Resolver endpoints and rules, private hosted zones, and the on-premises
/// servers that forward to them (Route 53 developer guide, "Resolving DNS queries between VPCs
/// and your network").
public struct DNSChecks: FindingsCheck {
    /// The rules this check reports, in the catalog's order.
    public struct Rules: RuleCatalogue {
        public let endpointIPCount = Rule("resolver-endpoint-ip-count", .error,
            "A Resolver endpoint with fewer than two IP addresses: Route 53 requires at least two.",
            reference: "Route 53 developer guide, High availability for Resolver endpoints (at least two IP addresses), \(AWSNumbers.Resolver.highAvailabilityPage)")
        public let endpointSingleAZ = Rule("resolver-endpoint-single-az", .warning,
            "A Resolver endpoint whose IP addresses are all in one Availability Zone: AWS accepts it, but one zone's outage stops DNS.",
            reference: "Route 53 developer guide, High availability for Resolver endpoints (IP addresses in at least two Availability Zones), \(AWSNumbers.Resolver.highAvailabilityPage)")
        public let endpointIPInvalid = Rule("resolver-endpoint-ip-invalid", .error,
            "A Resolver endpoint IP address outside its subnet, or one of the five addresses AWS reserves in every subnet.",
            reference: "Route 53 developer guide, Values that you specify when you create or edit inbound endpoints (IP address in the subnet); Amazon VPC user guide, Subnet CIDR blocks (reserved addresses), \(AWSNumbers.SubnetReserved.page)")
        public let ruleNoTarget = Rule("resolver-rule-no-target", .error,
            "A FORWARD Resolver rule without target IPs: Route 53 rejects it.",
            reference: "Route 53 developer guide, Values that you specify when you create or edit rules (target IP addresses for a forward rule), \(AWSNumbers.Resolver.ruleValuesPage)")
        public let ruleNeedsOutbound = Rule("resolver-rule-needs-outbound", .error,
            "A FORWARD Resolver rule without an outbound endpoint, or naming an inbound one: Route 53 sends forwarded queries only through an outbound endpoint.",
            reference: "Route 53 developer guide, Values that you specify when you create or edit rules (outbound endpoint), \(AWSNumbers.Resolver.ruleValuesPage)")
        public let ruleLoop = Rule("resolver-rule-loop", .warning,
            "A forward rule whose target is an inbound endpoint of a VPC the rule is associated with: the query loops between the endpoints and fails.",
            reference: "Route 53 developer guide, Avoid loop configurations with Resolver endpoints, \(AWSNumbers.Resolver.loopPage)")
        public let forwarderNotInbound = Rule("dns-forwarder-not-inbound", .warning,
            "An on-premises forward zone for a private hosted zone's domain whose forwarders are not inbound endpoint IPs: the private zone is answered only by the VPC's Resolver, reached through an inbound endpoint.",
            reference: "Route 53 developer guide, Forwarding inbound DNS queries to your VPCs, \(AWSNumbers.Resolver.inboundPage)")
        public let endpointDNSBlocked = Rule("resolver-endpoint-dns-blocked", .warning,
            "A Resolver endpoint whose security groups do not allow DNS (UDP and TCP 53) from the servers that query it, or to the targets it forwards to.",
            reference: "Route 53 developer guide, Values that you specify when you create or edit inbound endpoints (security group rules for UDP and TCP port 53), \(AWSNumbers.Resolver.endpointValuesPage)")
        public let privateZoneNotAssociated = Rule("private-zone-not-associated", .warning,
            "A private hosted zone queried through a VPC's Resolver (an inbound endpoint on-premises forwards its domain to) but not associated with that VPC: the Resolver does not answer from it.",
            reference: "Route 53 developer guide, Working with private hosted zones (associate the zone with each VPC that queries it), \(AWSNumbers.Resolver.privateZonePage)")
        public let sharePrincipal = Rule("resolver-rule-share-principal", .error,
            "A Resolver rule shared with something that is not a 12-digit account ID, an organization ARN or an OU ARN: AWS RAM rejects the principal.",
            reference: "AWS RAM API reference, CreateResourceShare (principals), \(AWSNumbers.Resolver.resourceSharePrincipalsPage)")
        public let shareNotForward = Rule("resolver-rule-share-not-forward", .error,
            "A SYSTEM Resolver rule with `share_with`: Route 53 shares forwarding rules; causeway does not model sharing a SYSTEM rule.",
            reference: "Route 53 developer guide, Sharing forwarding rules with other AWS accounts and using shared rules, \(AWSNumbers.Resolver.sharingPage)")
        public let shareOwnAccount = Rule("resolver-rule-share-own-account", .warning,
            "A Resolver rule shared with the topology's own account (`account_id`): the owner associates its rules without a share, so the share grants nothing.",
            reference: "Route 53 developer guide, Sharing forwarding rules with other AWS accounts and using shared rules, \(AWSNumbers.Resolver.sharingPage)")
    }
    public static let rule = Rules()

    public init() {}

    func find(_ t: Topology, _ f: inout Findings) {
        endpoints(t, &f)
        rules(t, &f)
        zones(t, &f)
        forwarders(t, &f)
        sharing(t, &f)
    }

    func endpoints(_ t: Topology, _ f: inout Findings) {
        for e in t.dns.resolverEndpoints {
            guard let vpc = t.vpc(e.vpc) else {
                f.add(LoadRules.danglingReference, "Resolver endpoint `\(e.name)` names VPC `\(e.vpc)`, which is not defined (VPCs: \(t.vpcs.map(\.name).listed))\(hint(e.vpc, t.vpcs.map(\.name)))", at: "\(e.path).vpc")
                continue
            }
            if e.ipAddresses.count < AWSNumbers.Resolver.minimumEndpointAddresses {
                f.add(Self.rule.endpointIPCount, "Resolver endpoint `\(e.name)` has \(e.ipAddresses.count) IP address(es); Route 53 requires at least \(AWSNumbers.Resolver.minimumEndpointAddresses): add one in a subnet of another Availability Zone", at: f.written("\(e.path).ip_addresses", e.path))
            }
            var zones = Set<String>()
            for a in e.ipAddresses {
                guard let s = vpc.subnet(a.subnet) else {
                    f.add(LoadRules.danglingReference, "Resolver endpoint `\(e.name)` names subnet `\(a.subnet)`, which VPC `\(vpc.name)` does not have (subnets: \(vpc.subnets.map(\.name).listed))\(hint(a.subnet, vpc.subnets.map(\.name)))", at: "\(a.path).subnet")
                    continue
                }
                zones.insert(s.availabilityZone ?? s.name)
                let usable = "use one from \(s.cidr.address(4))–\(s.cidr.last.advanced(by: -1))"
                if !s.cidr.contains(a.ip) {
                    f.add(Self.rule.endpointIPInvalid, "Resolver endpoint `\(e.name)` IP \(a.ip) is not in its subnet `\(s.name)` \(s.cidr); \(usable)", at: "\(a.path).ip")
                } else if a.ip.value - s.cidr.network.value < 4 || a.ip == s.cidr.last {
                    f.add(Self.rule.endpointIPInvalid, "Resolver endpoint `\(e.name)` IP \(a.ip) is reserved by AWS in subnet `\(s.name)` (network, VPC router, DNS, future use, broadcast); \(usable)", at: "\(a.path).ip")
                }
            }
            if e.ipAddresses.count >= AWSNumbers.Resolver.minimumEndpointAddresses && zones.count < AWSNumbers.Resolver.minimumEndpointZones {
                f.add(Self.rule.endpointSingleAZ, "Resolver endpoint `\(e.name)` has all its IP addresses in one Availability Zone; put one in a subnet of a second zone so DNS survives a zone outage", at: f.written("\(e.path).ip_addresses", e.path))
            }
            for g in e.securityGroups where vpc.securityGroup(g) == nil {
                f.add(LoadRules.danglingReference, "Resolver endpoint `\(e.name)` names security group `\(g)`, which VPC `\(vpc.name)` does not have (groups: \(vpc.securityGroups.map(\.name).listed))\(hint(g, vpc.securityGroups.map(\.name)))", at: "\(e.path).security_groups")
            }
        }
    }

    func rules(_ t: Topology, _ f: inout Findings) {
        for r in t.dns.resolverRules {
            for v in r.vpcs where t.vpc(v) == nil {
                f.add(LoadRules.danglingReference, "Resolver rule `\(r.name)` is associated with VPC `\(v)`, which is not defined (VPCs: \(t.vpcs.map(\.name).listed))\(hint(v, t.vpcs.map(\.name)))", at: "\(r.path).vpcs")
            }
            guard r.ruleType == .forward else { continue }
            if r.targetIPs.isEmpty {
                f.add(Self.rule.ruleNoTarget, "forward rule `\(r.name)` for \(r.domainName) has no `target_ips`; name the DNS servers the queries go to, e.g. `target_ips: [{ip: 192.168.2.250}]`", at: r.path)
            }
            let outbound: ResolverEndpoint?
            if let n = r.resolverEndpoint {
                guard let e = t.dns.endpoint(n) else {
                    let names = t.dns.resolverEndpoints.map(\.name)
                    f.add(LoadRules.danglingReference, "Resolver rule `\(r.name)` names endpoint `\(n)`, which is not defined (endpoints: \(names.listed))\(hint(n, names))", at: "\(r.path).resolver_endpoint")
                    continue
                }
                outbound = e.direction == .outbound ? e : nil
                if e.direction == .inbound {
                    f.add(Self.rule.ruleNeedsOutbound, "forward rule `\(r.name)` names inbound endpoint `\(n)`; a forward rule sends through an outbound endpoint: create one and name it in `resolver_endpoint`", at: "\(r.path).resolver_endpoint")
                }
            } else {
                outbound = nil
                f.add(Self.rule.ruleNeedsOutbound, "forward rule `\(r.name)` has no `resolver_endpoint`; name the outbound endpoint its queries leave the VPC through", at: r.path)
            }
            for target in r.targetIPs {
                for e in t.dns.resolverEndpoints where e.direction == .inbound && r.vpcs.contains(e.vpc) && e.ipAddresses.contains(where: { $0.ip == target.ip }) {
                    f.add(Self.rule.ruleLoop, "forward rule `\(r.name)` targets \(target.ip), an address of inbound endpoint `\(e.name)` in VPC `\(e.vpc)`, and is associated with that VPC: queries loop back into its own Resolver; target the on-premises servers, or drop the association with `\(e.vpc)`", at: "\(target.path).ip")
                }
            }
            // Through an on-premises server: it forwards the rule's domain back to the inbound endpoint.
            for target in r.targetIPs {
                guard let server = t.sites.lazy.compactMap({ $0.dnsServer(at: target.ip) }).first,
                      let fz = server.forwardZones.first(where: { r.domainName.isWithin($0.name) }) else { continue }
                for e in t.dns.resolverEndpoints where e.direction == .inbound && r.vpcs.contains(e.vpc) && e.ipAddresses.contains(where: { fz.forwarders.contains($0.ip) }) {
                    f.add(Self.rule.ruleLoop, "forward rule `\(r.name)` sends \(r.domainName) to DNS server `\(server.name)`, which forwards \(fz.name) back to inbound endpoint `\(e.name)` of VPC `\(e.vpc)`, a VPC the rule is associated with: the query loops; let the server answer the zone itself", at: "\(target.path).ip")
                }
            }
            if let e = outbound, let vpc = t.vpc(e.vpc), !e.securityGroups.isEmpty {
                for target in r.targetIPs where !vpc.allowsDNS(groups: e.securityGroups, peer: target.ip, ingress: false) {
                    f.add(Self.rule.endpointDNSBlocked, "outbound endpoint `\(e.name)`'s security groups (\(e.securityGroups.listed)) do not allow DNS out to \(target.ip) (UDP and TCP \(AWSNumbers.Resolver.dnsPort)), which rule `\(r.name)` forwards to; add egress rules for both", at: "\(e.path).security_groups")
                }
            }
        }
    }

    func zones(_ t: Topology, _ f: inout Findings) {
        for z in t.dns.hostedZones {
            for v in z.vpcs where t.vpc(v) == nil {
                f.add(LoadRules.danglingReference, "hosted zone `\(z.name)` is associated with VPC `\(v)`, which is not defined (VPCs: \(t.vpcs.map(\.name).listed))\(hint(v, t.vpcs.map(\.name)))", at: "\(z.path).vpcs")
            }
        }
    }

    /// On-premises forward zones: their forwarders should be inbound endpoint IPs for private
    /// zones' domains, the endpoint's groups must let them in, and the zone must be associated
    /// with the endpoint's VPC.
    func forwarders(_ t: Topology, _ f: inout Findings) {
        let inbound = t.dns.resolverEndpoints.filter { $0.direction == .inbound }
        for site in t.sites {
            for server in site.dnsServers {
                for fz in server.forwardZones {
                    let endpoints = inbound.filter { e in e.ipAddresses.contains { fz.forwarders.contains($0.ip) } }
                    let privateZones = t.dns.hostedZones.filter { $0.isPrivate && ($0.name.isWithin(fz.name) || fz.name.isWithin($0.name)) }
                    if !privateZones.isEmpty && endpoints.isEmpty {
                        let ips = inbound.flatMap { $0.ipAddresses.map(\.ip.description) }
                        f.add(Self.rule.forwarderNotInbound, "DNS server `\(server.name)` forwards \(fz.name) to \(fz.forwarders.map(\.description).joined(separator: ", ")), none of them an inbound Resolver endpoint; private hosted zone \(privateZones[0].name) is answered only through one\(ips.isEmpty ? ": create an inbound endpoint" : ": forward to \(ips.joined(separator: ", "))")", at: "\(fz.path).forwarders")
                    }
                    for e in endpoints {
                        guard let vpc = t.vpc(e.vpc) else { continue }
                        if !e.securityGroups.isEmpty && !vpc.allowsDNS(groups: e.securityGroups, peer: server.address, ingress: true) {
                            f.add(Self.rule.endpointDNSBlocked, "inbound endpoint `\(e.name)`'s security groups (\(e.securityGroups.listed)) do not allow DNS from \(server.address) (DNS server `\(server.name)` forwards \(fz.name) to it); allow UDP and TCP \(AWSNumbers.Resolver.dnsPort) from it", at: "\(e.path).security_groups")
                        }
                        for z in privateZones where !z.vpcs.contains(e.vpc) {
                            f.add(Self.rule.privateZoneNotAssociated, "private hosted zone \(z.name) is not associated with VPC `\(e.vpc)`, whose inbound endpoint `\(e.name)` DNS server `\(server.name)` asks for it: the Resolver answers NXDOMAIN; add `\(e.vpc)` to the zone's `vpcs`", at: f.written("\(z.path).vpcs", z.path))
                        }
                    }
                }
            }
        }
    }
}

extension VPC {
    /// Whether the groups let DNS (both UDP and TCP 53) in from a peer address (ingress) or out
    /// to it (egress). Rules naming another group do not match an outside address.
    public func allowsDNS(groups: [String], peer: IPv4Address, ingress: Bool) -> Bool {
        let rules = groups.compactMap { securityGroup($0) }.flatMap { ingress ? $0.ingress : $0.egress }
        func allows(_ proto: IPProtocol) -> Bool {
            rules.contains { r in
                guard r.protocol == .all || r.protocol == proto else { return false }
                if let p = r.ports, !p.contains(AWSNumbers.Resolver.dnsPort) { return false }
                if case .cidr(let c) = r.peer { return c.contains(peer) }
                return false
            }
        }
        return allows(.udp) && allows(.tcp)
    }
}
