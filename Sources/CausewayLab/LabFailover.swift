import CausewayCore
import CausewayRender
import CausewaySim
import Foundation

/// A health check's target as the lab stands it in: a node on the lab's internet holding the
/// checked address, with a small HTTP server (busybox httpd) on the checked port.
public struct LabWebEndpoint: Sendable, Codable, Equatable {
    public var healthCheck: String
    /// `web:NAME`.
    public var node: String
    public var namespace: String
    /// The address in the lab (the topology's, when it lies in the lab's internet ranges).
    public var address: IPv4Address
    public var original: IPv4Address
    public var port: Int
    public var process: LabProcess
}

/// One failover name of a public hosted zone and what Route 53 answers, in lab addresses.
public struct LabFailoverName: Sendable, Codable, Equatable {
    public var name: DNSName
    public var type: String
    /// The answer with every health check healthy, and with the primary's check failed.
    public var answer: [String]
    public var answerReason: String
    public var failedAnswer: [String]
    public var failedReason: String
    /// The primary's health check and its timers.
    public var primaryCheck: String
    public var requestInterval: Int
    public var failureThreshold: Int
    /// Route 53's time to call the primary unhealthy (and healthy again): interval × threshold.
    public var secondsToFailover: Int { requestInterval * failureThreshold }
}

/// Route 53 failover in the lab (S2's gslb): an authoritative `named` for the public hosted
/// zones with failover records, a web endpoint per health-checked address, and a health checker
/// (`causeway lab health-checker`) on the lab's internet that probes them with the rendered
/// type, port, path, interval and threshold and rewrites the zone as Route 53 would answer.
public struct LabFailover: Sendable {
    /// The node of the authoritative server and the health checker (`route53`).
    public var namespace: String
    public var server: IPv4Address
    public var named: LabNamed
    public var endpoints: [LabWebEndpoint]
    public var names: [LabFailoverName]
    public var checkerConfig: String
    public var checkerLog: String
    public var statusPath: String
    /// What the lab does not stand in (HTTPS checks, checks by name only).
    public var notes: [String]

    /// Seconds allowed beyond interval × threshold for the answer to move: the probe itself,
    /// rewriting the zone, named's reload, and `dig` polled every half second on a busy machine.
    public static let marginSeconds = 10

    /// What the failover stand-in runs beyond the lab's DNS programs (`LabRunner.dnsPrograms`:
    /// named, dig): the web endpoints' httpd, by the Debian package that has it.
    public static let requiredPrograms: [(path: String, package: String)] = [
        ("/bin/busybox", "busybox-static"),
    ]

    /// The health checker, run from `executable` (the causeway binary).
    public func checker(executable: String) -> LabProcess {
        LabProcess(name: "health-checker", namespace: namespace,
                   argv: ["ip", "netns", "exec", namespace, executable, "lab", "health-checker", "--config", checkerConfig], log: checkerLog)
    }

    /// `dig` for `name` at the authoritative server, from `namespace` (bounded: 1 s, 2 tries).
    public func dig(_ name: LabFailoverName, from namespace: String) -> [String] {
        ["ip", "netns", "exec", namespace, "dig", "+time=1", "+tries=2", "+short", "+norecurse", "@\(server)", name.name.text, name.type]
    }

    /// The addresses in `dig +short`'s output, sorted.
    public static func answers(_ digOutput: String) -> [String] {
        digOutput.split(separator: "\n").compactMap { IPv4Address(String($0).trimmingCharacters(in: .whitespaces))?.description }.sorted()
    }
}

extension Builder {
    /// The failover stand-in, when a public hosted zone has failover records (namespace lab only).
    mutating func failoverStandIn(inet: String) throws -> LabFailover? {
        let zones = topology.dns.hostedZones.filter { z in !z.isPrivate && z.records.contains { $0.failover != nil } }
        guard !zones.isEmpty else { return nil }
        var notes: [String] = []
        let taken = topology.vpnConnections.flatMap { $0.tunnels.compactMap { $0.outsideIP?.ipv4 } }
            + topology.sites.compactMap { $0.gateway?.publicIP?.ipv4 }
        var internet = LabInternet.Allocator(range: LabInternet.awsRange, reserved: taken + [LabInternet.awsRouter, LabInternet.customerRouter])
        let server = try internet.take(LabInternet.awsRange.address(53))
        let r53 = addNode("route53", "r53", .route53)
        internetHost(r53, inet: inet, link: "r53", address: server)

        // One web endpoint per health check a failover record follows.
        let checked = zones.flatMap { $0.records.compactMap { $0.failover?.healthCheck } }.uniqued()
        var labAddress: [IPv4Address: IPv4Address] = [:]
        var endpoints: [LabWebEndpoint] = []
        var checks: [HealthCheckerConfig.Check] = []
        for h in checked.compactMap({ topology.healthCheck($0) }) {
            guard let ip = h.ipAddress else {
                notes.append("health check \(h.name) names its endpoint by domain name only: not stood in (the lab has no public DNS)")
                continue
            }
            guard let probe = HealthCheckerConfig.Probe(h.type) else {
                notes.append("health check \(h.name) is \(h.type.rawValue): not stood in (the lab's web endpoints serve plain HTTP)")
                continue
            }
            let address = try labAddress[ip] ?? internet.take(ip)
            labAddress[ip] = address
            let k = endpoints.count + 1
            let ns = addNode("web:\(h.name)", "w\(k)", .webEndpoint)
            internetHost(ns, inet: inet, link: "w\(k)", address: address)
            let d = dir("w\(k)")
            let path = h.resourcePath ?? "/"
            let file = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
            let body = "causeway lab: web endpoint of health check \(h.name)\n" + (h.searchString.map { "\($0)\n" } ?? "")
            files.append(LabFile(path: "\(d)/www" + (file.hasSuffix("/") ? file + "index.html" : file), contents: body, mode: 0o644))
            let httpd = LabProcess(name: "httpd", namespace: ns,
                                   argv: ["ip", "netns", "exec", ns, "busybox", "httpd", "-f", "-vv", "-p", "\(address):\(h.port)", "-h", "\(d)/www"],
                                   log: "\(d)/httpd.out")
            endpoints.append(LabWebEndpoint(healthCheck: h.name, node: "web:\(h.name)", namespace: ns, address: address, original: ip, port: h.port, process: httpd))
            checks.append(.init(name: h.name, probe: probe, address: address, port: h.port, path: path, searchString: h.searchString,
                                requestInterval: h.requestInterval, failureThreshold: h.failureThreshold))
        }

        // The authoritative server: the zones as Route 53 answers with every check healthy.
        func lab(_ r: DNSRecord) -> DNSRecord {
            var m = r
            m.values = r.values.map { if case .ipv4(let a) = $0, let l = labAddress[a] { return .ipv4(l) } else { return $0 } }
            return m
        }
        var dns = DNSServer(name: "route53", path: "dns.hosted_zones", address: server)
        var configZones: [HealthCheckerConfig.Zone] = []
        for z in zones {
            var base = DNSServerZone(name: z.name, path: z.path)
            base.records = z.records.filter { $0.failover == nil }.map(lab)
            let baseText = zoneText(base, server)
            var groups: [[HealthCheckerConfig.Record]] = []
            for r in z.records where r.failover != nil && !groups.contains(where: { $0.first?.name == "\(r.name) \(r.type.api)" }) {
                let group = z.records.filter { $0.name == r.name && $0.type == r.type && $0.failover != nil }
                groups.append(group.compactMap { g in
                    guard let f = g.failover else { return nil }
                    var one = base
                    one.records.append(lab(g))
                    return .init(name: "\(g.name) \(g.type.api)", setIdentifier: f.setIdentifier, role: f.role.rawValue,
                                 healthCheck: f.healthCheck, lines: String(zoneText(one, server).dropFirst(baseText.count)))
                })
            }
            dns.zones.append(base)
            configZones.append(HealthCheckerConfig.Zone(path: "", base: baseText, groups: groups))
        }
        let d = dir("r53")
        let named = LabNamed(node: "route53", namespace: r53, directory: "\(d)/named", server: dns, listen: [server])
        for (i, z) in dns.zones.enumerated() { configZones[i].path = named.zonePath(z) }
        // named.conf as LabNamed writes it; the zone files as the checker writes them, every check healthy.
        files += named.files(in: topology).map { f in
            var f = f
            if let z = configZones.first(where: { $0.path == f.path }) { f.contents = z.contents(unhealthy: []) }
            return f
        }
        let config = HealthCheckerConfig(checks: checks, zones: configZones, namedPIDFile: "\(named.directory)/named.pid", statusPath: "\(d)/health-checker.json")
        files.append(LabFile(path: "\(d)/health-checker.conf.json", contents: try config.json(), mode: 0o644))

        let names = failoverNames(zones, labAddress, endpoints, &notes)
        return LabFailover(namespace: r53, server: server, named: named, endpoints: endpoints, names: names,
                           checkerConfig: "\(d)/health-checker.conf.json", checkerLog: "\(d)/health-checker.out", statusPath: config.statusPath, notes: notes)
    }

    /// The zone file the lab's named serves for `zone`.
    func zoneText(_ zone: DNSServerZone, _ server: IPv4Address) -> String {
        var s = DNSServer(name: "route53", path: "dns.hosted_zones", address: server)
        s.zones = [zone]
        let n = LabNamed(node: "route53", namespace: "", directory: "", server: s, listen: [server])
        return n.files(in: topology).first { $0.path == n.zonePath(zone) }?.contents ?? ""
    }

    /// What `resolve` predicts for each failover name whose primary's check is stood in: with
    /// every check healthy, and with the primary's failed (`--fail health:NAME`).
    func failoverNames(_ zones: [HostedZone], _ labAddress: [IPv4Address: IPv4Address], _ endpoints: [LabWebEndpoint], _ notes: inout [String]) -> [LabFailoverName] {
        let all = FailoverAnswer.answers(in: topology)
        var out: [LabFailoverName] = []
        for a in all where zones.contains(where: { $0.name == a.zone }) {
            let group = zones.first { $0.name == a.zone }?.records.filter { $0.name == a.name && $0.type == a.type }.compactMap(\.failover) ?? []
            guard let check = group.first(where: { $0.role == .primary })?.healthCheck, let h = topology.healthCheck(check),
                  endpoints.contains(where: { $0.healthCheck == check }) else {
                notes.append("\(a.name) \(a.type.api): its primary has no health check stood in by the lab; its failover is not tested")
                continue
            }
            guard let failed = FailoverAnswer.answers(in: topology, failures: [.healthCheck(check)]).first(where: { $0.zone == a.zone && $0.name == a.name && $0.type == a.type }) else { continue }
            func lab(_ vs: [DNSRecordValue]) -> [String] {
                vs.map { if case .ipv4(let x) = $0 { return (labAddress[x] ?? x).description } else { return $0.description } }.sorted()
            }
            out.append(LabFailoverName(name: a.name, type: a.type.api, answer: lab(a.values), answerReason: a.choice.reason.rawValue,
                                       failedAnswer: lab(failed.values), failedReason: failed.choice.reason.rawValue, primaryCheck: check,
                                       requestInterval: h.requestInterval, failureThreshold: h.failureThreshold))
        }
        return out
    }

    /// A node reached through the internet namespace at `address` (a /32 and proxy ARP, like
    /// the AWS tunnel endpoints).
    mutating func internetHost(_ n: String, inet: String, link l: String, address: IPv4Address) {
        link(inet, l, n, "out")
        ip(n, "addr", "add", "\(address)/32", "dev", "out")
        ip(n, "route", "add", "default", "dev", "out")
        ip(inet, "route", "add", "\(address)/32", "dev", l)
        proxyARP(inet, l)
    }
}

extension HealthCheckerConfig {
    func json() throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try e.encode(self), as: UTF8.self) + "\n"
    }
}

extension LabRunner {
    /// Starts the failover stand-in (named, the web endpoints, then the health checker) once
    /// the rest of the lab runs.
    func startFailover(_ plan: LabPlan, _ state: inout LabState, _ interruption: Interruption) throws {
        guard let f = plan.failover else { return }
        progress("Route 53 failover: named for \(f.named.server.zones.map(\.name.text).joined(separator: ", ")) at \(f.server), \(f.endpoints.count) web endpoints, a health checker")
        try start([f.named.process] + f.endpoints.map(\.process), &state)
        if let n = f.names.first {
            try waitFor("named to answer \(n.name)", seconds: 20, interruption) { (try? runner.run(f.dig(n, from: plan.internetNamespace)).succeeded) == true }
        }
        let exe = Self.executable
        try start([f.checker(executable: exe)], &state)
    }
}
