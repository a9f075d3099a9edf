import CausewayCore

/// One name-to-address row of the matrix: a DNS client of the topology asking for one of the
/// names the topology serves.
public struct NameMatrixEntry: Sendable, Encodable, Hashable {
    /// The client's network (`site:NAME`, `vpc:NAME`).
    public var from: String
    /// The address the client asks from.
    public var client: IPv4Address
    public var name: DNSName
    public var type: DNSRecordType
    public var outcome: ResolutionOutcome
    public var answers: [DNSRecordValue]
    /// The tunnels and virtual interfaces the queries crossed, in order.
    public var via: [String]
    /// Why there is no answer.
    public var reason: String?

    public var answered: Bool { outcome == .answered }
}

extension Simulation {
    /// The DNS clients the topology names: each site with `dns_servers` (its hosts ask the site's
    /// server; represented by its first host that is not itself a DNS server) and, where the
    /// topology has any DNS, each VPC (its instances ask the VPC's Route 53 Resolver; represented
    /// as in the reachability matrix).
    public func dnsClients() -> [(network: String, address: IPv4Address)] {
        var out: [(String, IPv4Address)] = []
        for s in topology.sites where !s.dnsServers.isEmpty {
            let host = s.hosts.first { s.dnsServer(at: $0.address) == nil }?.address ?? s.dnsServers[0].address
            out.append(("site:\(s.name)", host))
        }
        guard !topology.dns.isEmpty else { return out }
        for n in namedNetworks() where n.kind == .vpc { out.append((n.name, n.representative)) }
        return out
    }

    /// The names the topology serves, in file order without repeats: records of its hosted
    /// zones and of its on-premises servers' zones (A, AAAA and CNAME: the names a client looks
    /// up to reach an address).
    public func servedNames() -> [(name: DNSName, type: DNSRecordType)] {
        let records = topology.sites.flatMap { $0.dnsServers.flatMap { $0.zones.flatMap(\.records) } }
            + topology.dns.hostedZones.flatMap(\.records)
        var seen = Set<String>()
        var out: [(DNSName, DNSRecordType)] = []
        for r in records where [.a, .aaaa, .cname].contains(r.type) {
            let type: DNSRecordType = r.type == .cname ? .a : r.type
            if seen.insert("\(r.name.text) \(type.api)").inserted { out.append((r.name, type)) }
        }
        return out
    }

    /// Every DNS client asking for every served name, resolved as `causeway resolve` does (so a
    /// failure that breaks the path to a server breaks the row). Empty without DNS clients.
    public func nameMatrix() -> [NameMatrixEntry] {
        let names = servedNames()
        return dnsClients().flatMap { c in
            names.map { n in
                let r: ResolutionResult
                do throws(ResolutionError) { r = try resolve(n.name, type: n.type, from: c.address) } catch {
                    return NameMatrixEntry(from: c.network, client: c.address, name: n.name, type: n.type, outcome: .notModelled,
                                           answers: [], via: [], reason: error.description)
                }
                return NameMatrixEntry(from: c.network, client: c.address, name: n.name, type: n.type, outcome: r.outcome,
                                       answers: r.answers, via: r.hops.flatMap { $0.tunnels ?? [] }.uniqued(), reason: r.reason)
            }
        }
    }
}
