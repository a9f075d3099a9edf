import CausewayCore

/// What a step of a DNS resolution is.
public enum ResolutionStep: String, Sendable, Encodable, Hashable {
    /// The client's stub resolver sends the query to its server.
    case stub
    /// A query crossing the network: the existing trace, UDP 53.
    case network
    /// An on-premises server looks the name up (zone it serves, forward zone, forwarders).
    case server
    case forwardZone = "forward-zone"
    case inboundEndpoint = "inbound-endpoint"
    /// A VPC's Route 53 Resolver (base address + 2).
    case resolver
    case rule
    case outboundEndpoint = "outbound-endpoint"
    case privateHostedZone = "private-hosted-zone"
    /// A public hosted zone of the topology, answering over the internet (not traced).
    case publicHostedZone = "public-hosted-zone"
    case answer
    case fail
}

/// One step of a resolution.
public struct ResolutionHop: Sendable, Encodable, Hashable {
    public var step: ResolutionStep
    public var node: String
    public var detail: String
    /// For a network step: whether the query reached the server and its reply came back.
    public var reachable: Bool?
    /// For a network step: the tunnels the query took.
    public var tunnels: [String]?

    public init(_ step: ResolutionStep, _ node: String, _ detail: String, reachable: Bool? = nil, tunnels: [String]? = nil) {
        self.step = step
        self.node = node
        self.detail = detail
        self.reachable = reachable
        self.tunnels = tunnels
    }
}

/// How a resolution ended.
public enum ResolutionOutcome: String, Sendable, Encodable, Hashable {
    case answered
    /// The authoritative zone has no such name (or no record of that type).
    case nxdomain
    /// A query could not cross the network (a down VPN, a missing route, a security group).
    case unreachable
    /// The query came back to a resolver it already passed.
    case loop
    /// The name leaves the modelled network (public DNS, the VPC's own names).
    case notModelled = "not-modelled"
}

/// A name's resolution from a client, hop by hop.
public struct ResolutionResult: Sendable, Encodable {
    public var name: DNSName
    public var type: DNSRecordType
    public var from: IPv4Address
    public var outcome: ResolutionOutcome
    public var answers: [DNSRecordValue]
    public var hops: [ResolutionHop]
    /// Why there is no answer.
    public var reason: String?

    public var answered: Bool { outcome == .answered }
}

/// Bad input to `resolve`.
public struct ResolutionError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

extension Simulation {
    /// Resolves `name` as a client at `from` would: an on-premises host asks its site's DNS
    /// server; an address in a VPC asks the VPC's Resolver. Every query between servers is
    /// traced over the simulated network (UDP 53), so failures that break the path break DNS.
    public func resolve(_ name: DNSName, type: DNSRecordType = .a, from: IPv4Address) throws(ResolutionError) -> ResolutionResult {
        var r = DNSWalk(sim: self, name: name, type: type)
        if let site = topology.sites.first(where: { $0.cidrs.contains { $0.contains(from) } }) {
            guard let server = site.dnsServer(at: from) ?? site.dnsServers.first else {
                throw ResolutionError(description: "site `\(site.name)` has no `dns_servers`: nothing answers \(from)'s queries")
            }
            r.hop(.stub, "\(from)", "asks DNS server `\(server.name)` \(server.address) for \(name) \(type.api)")
            if server.address == from || r.network(from: from, to: server.address, what: "DNS server `\(server.name)`") {
                r.server(server, site: site)
            }
        } else if let vpc = topology.vpcs.first(where: { $0.cidrs.contains { $0.contains(from) } }) {
            r.hop(.stub, "\(from)", "asks the Route 53 Resolver of VPC `\(vpc.name)` \(vpc.resolverAddress) for \(name) \(type.api)")
            r.resolver(vpc, source: from)
        } else {
            throw ResolutionError(description: "\(from) is in no site and no VPC of the topology")
        }
        return ResolutionResult(name: name, type: type, from: from, outcome: r.outcome ?? .notModelled, answers: r.answers,
                                hops: r.hops, reason: r.reason)
    }
}

extension VPC {
    /// The Amazon-provided DNS server: the VPC's primary CIDR base plus two (Amazon VPC user
    /// guide, "Amazon DNS server").
    public var resolverAddress: IPv4Address { (cidrs.first?.network ?? IPv4Address(0)).advanced(by: Int(AWSNumbers.Resolver.vpcResolverOffset)) }
}

/// The walk of one resolution: hops so far, and how it ended.
struct DNSWalk {
    let sim: Simulation
    let name: DNSName
    let type: DNSRecordType
    var hops: [ResolutionHop] = []
    var outcome: ResolutionOutcome?
    var answers: [DNSRecordValue] = []
    var reason: String?
    /// Resolvers already asked (server names, VPC names): asking one again is a loop.
    var visited: Set<String> = []

    var t: Topology { sim.topology }

    mutating func hop(_ s: ResolutionStep, _ node: String, _ detail: String, reachable: Bool? = nil, tunnels: [String]? = nil) {
        hops.append(ResolutionHop(s, node, detail, reachable: reachable, tunnels: tunnels))
    }

    mutating func finish(_ o: ResolutionOutcome, _ why: String?) {
        outcome = o
        reason = why
        hop(o == .answered ? .answer : .fail, o.rawValue, why ?? answers.map(\.description).joined(separator: ", "))
    }

    /// Traces the query (UDP 53) and its reply; on failure, ends the resolution naming the path.
    mutating func network(from: IPv4Address, to: IPv4Address, what: String) -> Bool {
        let node = "\(from) → \(to)"
        do {
            let tr = try sim.trace(from: from, to: to, protocol: .udp, port: AWSNumbers.Resolver.dnsPort)
            let tunnels = tr.tunnels.map(\.description) + tr.virtualInterfaces
            if tr.reachable {
                hop(.network, node, "udp/\(AWSNumbers.Resolver.dnsPort) to \(what)\(tunnels.isEmpty ? "" : " via \(tunnels.joined(separator: ", "))")", reachable: true, tunnels: tunnels)
                return true
            }
            let why = "\(tr.reason?.rawValue ?? "dropped")\(tr.detail.map { ": \($0)" } ?? "")"
            hop(.network, node, "udp/\(AWSNumbers.Resolver.dnsPort) to \(what) dropped — \(why)", reachable: false, tunnels: tunnels)
            finish(.unreachable, "the query from \(from) to \(what) \(to) does not get through (\(why))")
        } catch {
            hop(.network, node, "cannot trace: \(error)", reachable: false)
            finish(.unreachable, "the query from \(from) to \(what) \(to) cannot be traced: \(error)")
        }
        return false
    }

    // MARK: on-premises servers

    mutating func server(_ s: DNSServer, site: Site) {
        guard visited.insert("server:\(s.name)").inserted else {
            return finish(.loop, "the query came back to DNS server `\(s.name)`")
        }
        let zone = s.zones.filter { name.isWithin($0.name) }.max { $0.name.labels.count < $1.name.labels.count }
        let fwd = s.forwardZones.filter { name.isWithin($0.name) }.max { $0.name.labels.count < $1.name.labels.count }
        if let z = zone, fwd.map({ $0.name.labels.count <= z.name.labels.count }) ?? true {
            hop(.server, s.name, "authoritative for \(z.name)")
            return answer(from: z.records, zone: z.name.text)
        }
        if let f = fwd {
            hop(.forwardZone, "\(s.name)/\(f.name)", "forward only to \(f.forwarders.map(\.description).joined(separator: ", "))")
            return forward(from: s.address, to: f.forwarders.map { ($0, AWSNumbers.Resolver.defaultTargetPort) }, by: s.name)
        }
        hop(.server, s.name, s.forwarders.isEmpty ? "no zone for \(name)" : "no zone for \(name); default forwarders \(s.forwarders.map(\.description).joined(separator: ", "))")
        if publicZone() { return }
        finish(.notModelled, "\(name) is neither served nor forwarded by zone on `\(s.name)`: it goes to public DNS, which causeway does not model")
    }

    /// Tries each target in order, as a forwarder list is tried: the first that answers wins;
    /// every failed attempt stays in the hops.
    mutating func forward(from source: IPv4Address, to targets: [(IPv4Address, Int)], by who: String) {
        let before = visited
        for (i, (ip, _)) in targets.enumerated() {
            let last = i + 1 == targets.count
            outcome = nil
            reason = nil
            visited = before
            guard let dest = destination(ip) else {
                hop(.network, "\(source) → \(ip)", "\(ip) is no DNS server of the topology", reachable: false)
                finish(.notModelled, "\(who) forwards to \(ip), which is no modelled DNS server")
                if last { return } else { continue }
            }
            guard network(from: source, to: ip, what: dest.label) else {
                if last { return } else { continue }
            }
            switch dest {
            case .server(let s, let site): server(s, site: site)
            case .inbound(let e, let vpc):
                if !e.securityGroups.isEmpty && !vpc.allowsDNS(groups: e.securityGroups, peer: source, ingress: true) {
                    hop(.inboundEndpoint, e.name, "security groups \(e.securityGroups.joined(separator: ", ")) do not allow UDP and TCP 53 from \(source)", reachable: false)
                    finish(.unreachable, "inbound endpoint `\(e.name)`'s security groups drop DNS from \(source)")
                } else {
                    hop(.inboundEndpoint, "\(e.name) \(ip)", "into the Route 53 Resolver of VPC `\(vpc.name)`")
                    resolver(vpc, source: ip)
                }
            }
            if outcome != .unreachable || last { return }
        }
    }

    enum Destination {
        case server(DNSServer, Site)
        case inbound(ResolverEndpoint, VPC)
        var label: String {
            switch self {
            case .server(let s, _): return "DNS server `\(s.name)`"
            case .inbound(let e, _): return "inbound endpoint `\(e.name)`"
            }
        }
    }

    func destination(_ ip: IPv4Address) -> Destination? {
        for site in t.sites { if let s = site.dnsServer(at: ip) { return .server(s, site) } }
        for e in t.dns.resolverEndpoints where e.direction == .inbound && e.ipAddresses.contains(where: { $0.ip == ip }) {
            if let v = t.vpc(e.vpc) { return .inbound(e, v) }
        }
        return nil
    }

    // MARK: the VPC's Resolver

    /// The VPC's Resolver: the most specific of its rules and private hosted zones; for the same
    /// domain a rule wins over a zone (Route 53 developer guide, "Considerations when working
    /// with a private hosted zone": Resolver rules and overlapping namespaces).
    mutating func resolver(_ vpc: VPC, source: IPv4Address) {
        guard visited.insert("vpc:\(vpc.name)").inserted else {
            return finish(.loop, "the query came back to the Route 53 Resolver of VPC `\(vpc.name)` (Route 53 developer guide, \"Avoid loop configurations with Resolver endpoints\")")
        }
        let rule = t.dns.rules(of: vpc.name).filter { name.isWithin($0.domainName) }.max { $0.domainName.labels.count < $1.domainName.labels.count }
        let zone = t.dns.privateZones(of: vpc.name).filter { name.isWithin($0.name) }.max { $0.name.labels.count < $1.name.labels.count }
        if let r = rule, r.ruleType == .forward, r.domainName.labels.count >= (zone?.name.labels.count ?? 0) {
            hop(.rule, r.name, "FORWARD \(r.domainName) → \(r.targetIPs.map { "\($0.ip):\($0.port)" }.joined(separator: ", "))")
            guard let ename = r.resolverEndpoint, let e = t.dns.endpoint(ename), e.direction == .outbound, let out = e.ipAddresses.first else {
                return finish(.unreachable, "rule `\(r.name)` has no outbound endpoint to send through")
            }
            hop(.outboundEndpoint, "\(e.name) \(out.ip)", "leaves VPC `\(e.vpc)`")
            return forward(from: out.ip, to: r.targetIPs.map { ($0.ip, $0.port) }, by: "rule `\(r.name)`")
        }
        if let z = zone {
            hop(.privateHostedZone, z.name.text, "associated with VPC `\(vpc.name)`")
            return answer(from: z.records, zone: z.name.text)
        }
        hop(.resolver, vpc.name, "no rule or private hosted zone for \(name)")
        if publicZone() { return }
        finish(.notModelled, "the Resolver of VPC `\(vpc.name)` answers \(name) from public DNS or its own names, which causeway does not model")
    }

    // MARK: answers

    /// A name in one of the topology's public hosted zones: public DNS (recursion through the
    /// internet, not traced) ends at Route 53, which answers from the zone. True when it did.
    mutating func publicZone() -> Bool {
        guard let z = t.dns.hostedZones.filter({ !$0.isPrivate && name.isWithin($0.name) }).max(by: { $0.name.labels.count < $1.name.labels.count }) else {
            return false
        }
        hop(.publicHostedZone, z.name.text, "public DNS ends at Route 53's public hosted zone (the internet path is not traced)")
        answer(from: z.records, zone: z.name.text)
        return true
    }

    mutating func answer(from records: [DNSRecord], zone: String) {
        var target = name
        for _ in 0..<8 {
            let same = records.filter { $0.name == target }
            let group = same.filter { $0.type == type && $0.failover != nil }
            if !group.isEmpty {
                // A failover pair: Route 53 answers with the record its health checks choose.
                let unhealthy = Set(sim.failures.compactMap { if case .healthCheck(let h) = $0 { return h } else { return nil } })
                if let c = FailoverAnswer.choose(group.compactMap(\.failover), unhealthy: unhealthy),
                   let rs = group.first(where: { $0.failover == c.routing }) {
                    hop(.answer, target.text, "failover \(c.routing.role.rawValue) `\(c.routing.setIdentifier)` (\(c.reason.rawValue))")
                    answers = rs.values
                    return finish(.answered, nil)
                }
            }
            if let rs = same.first(where: { $0.type == type }) {
                answers = rs.values
                return finish(.answered, nil)
            }
            if let c = same.first(where: { $0.type == .cname }), case .name(let next)? = c.values.first {
                hop(.answer, target.text, "CNAME \(next.text)")
                target = next
                continue
            }
            break
        }
        finish(.nxdomain, "zone \(zone) has no \(type.api) record for \(target)")
    }
}
