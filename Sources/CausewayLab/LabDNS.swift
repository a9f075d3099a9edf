import CausewayCore
import CausewaySim

/// One name `lab test` resolves: the simulator's `resolve` predicts the answer, `dig` in the
/// client's node, bound to its address and asking its server, measures it.
public struct LabDNSQuery: Sendable, Equatable {
    /// The host or instance that asks (`websrv`, `web1`).
    public var client: String
    public var from: IPv4Address
    public var namespace: String
    /// The server its stub resolver asks: the site's DNS server, or the VPC's Resolver (+2).
    public var server: IPv4Address
    public var name: DNSName

    /// `dig +short` with a bounded wait: `tries` attempts of `seconds` each.
    public func dig(seconds: Int = 2, tries: Int = 1) -> [String] {
        ["ip", "netns", "exec", namespace, "dig", "+short", "+time=\(seconds)", "+tries=\(tries)", "-b", "\(from)", "@\(server)", name.text, "A"]
    }
}

/// The lab's DNS: its `named` processes and the names `lab test` resolves.
public struct LabDNSPlan: Sendable {
    public var servers: [LabNamed] = []
    public var queries: [LabDNSQuery] = []
}

/// Hybrid DNS in the lab (S3): a `named` per on-premises DNS server (`dns_servers`) in the node
/// holding its address, with its rendered files; and per VPC with Resolver endpoints, private
/// hosted zones or forwarding rules, a `named` standing in for the Route 53 Resolver in the
/// VPC's node: it listens on the VPC's Resolver address (CIDR base + 2) and the inbound
/// endpoints' IPs, is authoritative for the private hosted zones associated with the VPC, and
/// forwards each forwarding rule's domain to its targets from the outbound endpoint's first IP
/// (Route 53 developer guide, "Resolving DNS queries between VPCs and your network").
extension Builder {
    /// The addresses a VPC's node holds for DNS (the Resolver's and the endpoints' interfaces)
    /// with the security groups of each (none for the Resolver's own address).
    func dnsInterfaces(_ v: VPC) -> [(address: IPv4Address, groups: [String])] {
        guard customerSides, Self.hasResolverStandIn(v, topology) else { return [] }
        let eps = topology.dns.resolverEndpoints.filter { $0.vpc == v.name }
        return [(v.resolverAddress, [])] + eps.flatMap { e in e.ipAddresses.map { ($0.ip, e.securityGroups) } }
    }

    static func hasResolverStandIn(_ v: VPC, _ t: Topology) -> Bool {
        t.dns.resolverEndpoints.contains { $0.vpc == v.name } || !t.dns.privateZones(of: v.name).isEmpty
            || t.dns.rules(of: v.name).contains { $0.ruleType == .forward }
    }

    /// The `named` processes and the queries `lab test` makes. Runs after the sites' nodes exist.
    mutating func hybridDNS(vpcNS: [String: String]) throws {
        guard customerSides else { return }
        for s in topology.sites {
            for server in s.dnsServers {
                guard let e = endpoints.first(where: { $0.address == server.address }) else {
                    throw LabPlanError("DNS server `\(server.name)` of site \(s.name) (\(server.address)) is not an address of the lab; list it under the site's hosts")
                }
                dns.servers.append(LabNamed(node: nodes.first { $0.namespace == e.namespace }?.name ?? e.namespace, namespace: e.namespace,
                                            directory: dir("dns-\(server.name)"), server: server, listen: [server.address], querySource: server.address))
            }
        }
        for v in topology.vpcs where Self.hasResolverStandIn(v, topology) {
            guard let n = vpcNS[v.name] else { continue }
            dns.servers.append(try resolverStandIn(v, n))
        }
        files += dns.servers.flatMap { $0.files(in: topology) }
        dns.queries = planQueries()
    }

    /// The VPC's Resolver as a `named`: private hosted zones as primary zones, forwarding rules
    /// as forward zones to each target's own port, and a SYSTEM rule for a subdomain of a
    /// forwarded domain as a forward zone without forwarders (the Resolver answers it itself:
    /// Route 53 developer guide, "Values that you specify when you create or edit rules", Rule
    /// type System). For one domain a rule wins over a private zone, as `causeway resolve` has it.
    func resolverStandIn(_ v: VPC, _ n: String) throws -> LabNamed {
        var server = DNSServer(name: "resolver-\(v.name)", path: v.path, address: v.resolverAddress)
        let rules = topology.dns.rules(of: v.name)
        let forward = rules.filter { $0.ruleType == .forward }, zones = topology.dns.privateZones(of: v.name)
        server.zones = zones.filter { z in !forward.contains { $0.domainName == z.name } }.map { z in
            var d = DNSServerZone(name: z.name, path: z.path)
            d.records = z.records
            return d
        }
        var source: IPv4Address?
        for r in forward {
            var f = DNSForwardZone(name: r.domainName, path: r.path)
            f.forwarders = r.targetIPs.map(\.ip)
            for t in r.targetIPs where t.port != AWSNumbers.Resolver.dnsPort { f.ports[t.ip] = t.port }
            server.forwardZones.append(f)
            // BIND has one query source per server: the first rule's outbound endpoint.
            if source == nil { source = r.resolverEndpoint.flatMap { topology.dns.endpoint($0) }?.ipAddresses.first?.ip }
        }
        // A SYSTEM rule matters where it overrides a forwarding rule; inside a private zone the
        // stand-in answers from the zone anyway.
        for r in rules where r.ruleType == .system && forward.contains(where: { r.domainName.isWithin($0.domainName) && r.domainName != $0.domainName })
            && !zones.contains(where: { r.domainName.isWithin($0.name) }) {
            server.forwardZones.append(DNSForwardZone(name: r.domainName, path: r.path))
        }
        let inbound = topology.dns.resolverEndpoints.filter { $0.vpc == v.name && $0.direction == .inbound }.flatMap { $0.ipAddresses.map(\.ip) }
        return LabNamed(node: "vpc:\(v.name)", namespace: n, directory: dir("dns-\(v.name)"), server: server,
                        listen: [v.resolverAddress] + inbound, querySource: source)
    }

    /// From a host of each site with a DNS server, the first A record of each private hosted
    /// zone its server forwards; from the first instance of each VPC with forwarding rules, the
    /// first A record of each on-premises zone a rule forwards.
    func planQueries() -> [LabDNSQuery] {
        var out: [LabDNSQuery] = []
        let serverAddresses = Set(topology.sites.flatMap { $0.dnsServers.map(\.address) })
        func firstA(_ records: [DNSRecord]) -> DNSName? { records.first { $0.type == .a && !$0.addresses.isEmpty }?.name }
        func add(_ client: String, _ from: IPv4Address, _ server: IPv4Address, _ name: DNSName) {
            guard let e = endpoints.first(where: { $0.address == from }) else { return }
            out.append(LabDNSQuery(client: client, from: from, namespace: e.namespace, server: server, name: name))
        }
        for s in topology.sites {
            guard let server = s.dnsServers.first else { continue }
            let host = s.hosts.first { !serverAddresses.contains($0.address) }
            for fz in server.forwardZones {
                guard let z = topology.dns.hostedZones.first(where: { $0.isPrivate && $0.name == fz.name }), let name = firstA(z.records) else { continue }
                add(host?.name ?? server.name, host?.address ?? server.address, server.address, name)
            }
        }
        let onPremZones = topology.sites.flatMap { $0.dnsServers.flatMap(\.zones) }
        for v in topology.vpcs {
            guard let i = v.instances.first else { continue }
            for r in topology.dns.rules(of: v.name) where r.ruleType == .forward {
                guard let z = onPremZones.first(where: { $0.name == r.domainName }), let name = firstA(z.records) else { continue }
                add(i.name, i.address, v.resolverAddress, name)
            }
        }
        return out
    }
}
