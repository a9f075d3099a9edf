import CausewayCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Executes a LabPlan on this machine through a CommandRunner: `up`, `down`, and the probes
/// `status` and `test` use. Progress goes to `progress` (the CLI prints it).
public struct LabRunner: Sendable {
    public let runner: any CommandRunner
    public let root: String
    public let progress: @Sendable (String) -> Void

    public init(runner: any CommandRunner = ProcessRunner(), root: String = LabPlan.defaultRoot,
                progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.runner = runner
        self.root = root
        self.progress = progress
    }

    /// Packages the lab needs, by the program that shows each is installed.
    public static let requiredPrograms: [(path: String, package: String)] = [
        ("/usr/lib/ipsec/charon", "strongswan-charon"),
        ("/usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so", "libcharon-extra-plugins"),
        // AES-GCM (S0's phase 2, and among AWS's default proposals) in user space.
        ("/usr/lib/ipsec/plugins/libstrongswan-gcm.so", "libstrongswan-standard-plugins"),
        ("/usr/sbin/swanctl", "strongswan-swanctl"),
        ("/usr/lib/frr/zebra", "frr"),
        ("/usr/lib/frr/bgpd", "frr"),
        ("/usr/lib/frr/staticd", "frr"),
        ("/usr/bin/vtysh", "frr"),
        ("/usr/sbin/nft", "nftables"),
        ("/usr/bin/ping", "iputils-ping"),
        ("/usr/bin/ip", "iproute2"),
        ("/usr/sbin/iptables", "iptables"),
    ]

    /// What a lab with DNS needs beyond that: the sites' DNS servers, the Resolver and Route 53
    /// stand-ins (LabNamed), and `lab test`'s queries.
    public static let dnsPrograms: [(path: String, package: String)] = [
        ("/usr/sbin/named", "bind9"),
        ("/usr/bin/dig", "bind9-dnsutils"),
    ]

    /// Every program `plan` runs: the lab's own, and those of its DNS and failover stand-ins
    /// only when it has them.
    public static func requiredPrograms(for plan: LabPlan) -> [(path: String, package: String)] {
        requiredPrograms + (plan.dns.servers.isEmpty && plan.failover == nil ? [] : dnsPrograms)
            + (plan.failover == nil ? [] : LabFailover.requiredPrograms)
            + (plan.clientVPN.isEmpty ? [] : LabClientVPN.requiredPrograms)
    }

    /// Why the lab cannot run here (not root, packages missing — for `plan`, also what its DNS
    /// and failover stand-ins run), or nil.
    public static func preflight(_ plan: LabPlan? = nil) -> String? {
        if geteuid() != 0 {
            return "the lab needs root (it creates network namespaces and runs charon and FRR): run it with sudo"
        }
        let missing = (plan.map(requiredPrograms(for:)) ?? requiredPrograms).filter { !FileManager.default.fileExists(atPath: $0.path) }
        if !missing.isEmpty {
            let pkgs = missing.map(\.package).uniqued()
            return "missing \(missing.map(\.path).joined(separator: ", ")): install the Debian packages with `apt-get install \(pkgs.joined(separator: " "))`"
        }
        return nil
    }

    func check(_ i: Interruption) throws { if i.requested { throw LabInterrupted() } }

    func must(_ argv: [String]) throws {
        let r = try runner.run(argv)
        guard r.succeeded else { throw CommandError(argv, "exit \(r.status): \(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines))") }
    }

    /// Brings the lab up. On any failure or interruption everything created so far is removed
    /// before the error is rethrown. Returns the state (with the cold-start time).
    public func up(_ plan: LabPlan, topologyFile: String, interruption: Interruption = .shared, keepOnFailure: Bool = false) throws -> LabState {
        if let why = Self.preflight(plan) { throw LabPlanError(why) }
        if let existing = try LabState.load(root: root, name: plan.name) {
            throw LabPlanError("lab `\(plan.name)` is already up (from \(existing.topologyFile)); run `causeway lab down --name \(plan.name)` first")
        }
        let stale = try namespaces(withPrefix: plan.namespacePrefix)
        if !stale.isEmpty {
            throw LabPlanError("namespaces \(stale.joined(separator: ", ")) exist without a lab state; run `causeway lab down --name \(plan.name)` first")
        }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        // Traversable, not listable: FRR runs as user frr and needs its own folder below; key
        // files are 0600 in any case.
        try FileManager.default.createDirectory(atPath: plan.directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o711])
        chmod(root, 0o755)
        chmod(plan.directory, 0o711)
        var state = LabState(plan: plan, topologyFile: topologyFile)
        try state.save(root: root)
        do {
            try bringUp(plan, &state, interruption)
            return state
        } catch {
            if keepOnFailure && !(error is LabInterrupted) { throw error }
            progress("cleaning up after: \(error)")
            _ = try? down(name: plan.name)
            throw error
        }
    }

    func bringUp(_ plan: LabPlan, _ state: inout LabState, _ interruption: Interruption) throws {
        let t0 = Date()
        progress("namespaces: \(plan.nodes.count)")
        for n in plan.nodes {
            try check(interruption)
            try must(["ip", "netns", "add", n.namespace])
        }
        progress("links, addresses, routes, rules: \(plan.setup.count) commands")
        for c in plan.setup {
            try check(interruption)
            try must(c)
        }
        progress("configuration files: \(plan.files.count)")
        for f in plan.files {
            let dir = (f.path as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            // Created with its final mode: a key file is never readable by others, not even briefly.
            let fd = open(f.path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, mode_t(f.mode))
            guard fd >= 0 else { throw LabPlanError("cannot write \(f.path): \(String(cString: strerror(errno)))") }
            let bytes = Array(f.contents.utf8)
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            fchmod(fd, mode_t(f.mode))
            close(fd)
            guard written == bytes.count else { throw LabPlanError("short write to \(f.path)") }
        }
        for d in plan.frrDirectories { try must(["chown", "-R", "frr:frr", d]) }

        progress("charon: \(plan.charons.count) (kernel-libipsec, one per tunnel end)")
        try start(plan.charons, &state)
        let vicis = plan.tunnels.flatMap { [$0.awsVici] + ($0.customerVici.map { [$0] } ?? []) }
        try waitFor("charon vici sockets", seconds: 15, interruption) { vicis.allSatisfy { FileManager.default.fileExists(atPath: $0) } }
        for c in plan.afterCharons {
            try check(interruption)
            try must(c)
        }
        progress("FRR: \(plan.routers.count) daemons in \(plan.frr.count) routers")
        // zebra first: a daemon that finds no zserv socket retries only after a few seconds.
        try start(plan.routers.filter { $0.name == "zebra" }, &state)
        let zserv = plan.frr.map { "\($0.vtyDirectory)/zserv.api" }
        try waitFor("zebra's sockets", seconds: 15, interruption) { zserv.allSatisfy { FileManager.default.fileExists(atPath: $0) } }
        try start(plan.routers.filter { $0.name != "zebra" }, &state)
        try start(plan.watchers, &state)
        try start(plan.dns.servers.map(\.process), &state)
        let initiations = plan.tunnels.compactMap { plan.initiate($0) }
        progress("initiating \(initiations.count) tunnels from the customer side")
        for (c, r) in zip(initiations, try runner.runConcurrently(initiations, limit: 16)) where !r.succeeded {
            progress("warning: `\(c.joined(separator: " "))` exit \(r.status); charon keeps retrying (keyingtries 0)")
        }
        try startFailover(plan, &state, interruption)
        try startClientVPN(plan, &state, interruption)
        try waitReady(plan, interruption, seconds: 90)
        if let (from, to) = firstPingPair(plan) {
            try waitFor("a first ping \(from.address) → \(to.address)", seconds: 20, interruption) { ping(from, to) }
        }
        state.coldStartSeconds = Date().timeIntervalSince(t0)
        state.phase = .up
        try state.save(root: root)
    }

    func start(_ ps: [LabProcess], _ state: inout LabState) throws {
        for p in ps {
            let pid = try runner.spawn(p.argv, log: p.log)
            state.processes.append(LabState.Process(pid: pid, name: p.name, namespace: p.namespace))
            try state.save(root: root)
        }
    }

    /// Polls `ok` every 0.2 s until it holds; throws after `seconds`.
    func waitFor(_ what: String, seconds: Double, _ interruption: Interruption, _ ok: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            try check(interruption)
            if try ok() { return }
            if Date() > deadline { throw LabPlanError("timed out after \(Int(seconds)) s waiting for \(what)") }
            usleep(200_000)
        }
    }

    /// Every tunnel the customer device configures has its CHILD_SA installed on both ends and,
    /// for BGP, its sessions established on both routers. With `asBefore` (read before a cut), a
    /// restore is awaited until the lab is where it was: every session established then has
    /// received as many prefixes again, and every namespace's IPv4 routes are the same again.
    /// Established sessions alone were not enough: S5's transit gateway still returned traffic
    /// over the VPN a second after the Direct Connect session was up (its stand-in follows the
    /// session's routes every half second), and the next case's cut of a tunnel then cost a
    /// flow that `failover` rightly predicts never crosses it.
    public func waitReady(_ plan: LabPlan, _ interruption: Interruption = .shared, seconds: Double, only: Set<String>? = nil,
                          asBefore: LabBaseline? = nil) throws {
        let wanted = plan.tunnels.filter { $0.customerNamespace != nil && (only == nil || only!.contains($0.ref)) }
        // Direct Connect virtual interfaces: their BGP sessions, on both ends.
        let vifs = plan.virtualInterfaces.filter { only == nil || only!.contains($0.ref) }
        progress("waiting for \(wanted.count) tunnels\(wanted.contains(where: \.bgp) ? " and their BGP sessions" : "")"
                 + (vifs.isEmpty ? "" : ", \(vifs.count) virtual interfaces' BGP sessions"))
        try waitFor("tunnels \(wanted.map(\.ref).joined(separator: ", ")) to be up", seconds: seconds, interruption) {
            try wanted.allSatisfy { try tunnelState($0).up }
        }
        if wanted.contains(where: \.bgp) || !vifs.isEmpty {
            try waitFor("BGP sessions to be established", seconds: seconds, interruption) {
                let sessions = try bgpSessions(plan.frr)
                let ends = wanted.filter(\.bgp).flatMap { [$0.awsInside, $0.customerInside] } + vifs.flatMap { [$0.awsAddress, $0.customerAddress] }
                return ends.allSatisfy { a in sessions.contains { $0.neighbor == a && $0.state == "Established" } }
            }
        }
        guard let before = asBefore else { return }
        let established = before.sessions.filter { $0.state == "Established" }
        try waitFor("BGP sessions to receive their prefixes again", seconds: seconds, interruption) {
            let now = try bgpSessions(plan.frr)
            return established.allSatisfy { b in
                now.contains { $0.node == b.node && $0.neighbor == b.neighbor && $0.state == "Established" && $0.prefixesReceived >= b.prefixesReceived }
            }
        }
        var differs: [String] = []
        do {
            try waitFor("the lab's routes to be as before the cut", seconds: 30, interruption) {
                differs = try baseline(plan, sessions: false).routeDifferences(from: before)
                return differs.isEmpty
            }
        } catch let e as LabPlanError {
            throw LabPlanError("\(e.message): \(differs.prefix(4).joined(separator: "; "))")
        }
    }

    /// The lab's state before a cut, for `waitReady` to wait for after the restore.
    public func baseline(_ plan: LabPlan, sessions: Bool = true) throws -> LabBaseline {
        var routes: [String: [String]] = [:]
        for n in plan.nodes {
            let r = try runner.run(["ip", "-n", n.namespace, "-4", "route", "show", "table", "all"])
            routes[n.namespace] = LabBaseline.routeLines(r.stdout)
        }
        return LabBaseline(sessions: sessions ? try bgpSessions(plan.frr) : [], routes: routes)
    }

    /// A site address and a VPC address to ping between for the cold-start figure.
    func firstPingPair(_ plan: LabPlan) -> (LabEndpoint, LabEndpoint)? {
        let sites = plan.nodes.filter { $0.role == .lan || $0.role == .customerGateway }.map(\.namespace)
        let vpcs = plan.nodes.filter { $0.role == .vpc }.map(\.namespace)
        guard let f = plan.endpoints.first(where: { sites.contains($0.namespace) }) else { return nil }
        for e in plan.endpoints where vpcs.contains(e.namespace) {
            let sim = plan.simulation
            if (try? sim.trace(from: f.address, to: e.address).reachable) == true { return (f, e) }
        }
        return nil
    }

    /// One ICMP echo from `from` (its namespace, its address as source) to `to`.
    public func ping(_ from: LabEndpoint, _ to: LabEndpoint, wait: Int = 1) -> Bool {
        (try? runner.run(pingCommand(from, to, wait: wait)).succeeded) ?? false
    }

    public func pingCommand(_ from: LabEndpoint, _ to: LabEndpoint, wait: Int = 1) -> [String] {
        ["ip", "netns", "exec", from.namespace, "ping", "-n", "-q", "-c", "1", "-W", "\(wait)", "-I", "\(from.address)", "\(to.address)"]
    }

    // MARK: - down

    /// What `down` removed.
    public struct DownReport: Sendable {
        public var processes: Int
        public var namespaces: [String]
    }

    /// Stops every process the lab started (by PID: the recorded ones and any still inside its
    /// namespaces) and deletes its namespaces and folder. Works from the state file, and also
    /// without one (namespaces found by the lab's prefix).
    @discardableResult
    public func down(name: String) throws -> DownReport {
        let state = try LabState.load(root: root, name: name)
        let prefix = "cw-\(name)-"
        let existing = try namespaces(withPrefix: prefix)
        let all = ((state?.namespaces ?? []) + existing).uniqued().filter { $0.hasPrefix(prefix) }
        var pids: [Int32] = []
        for p in state?.processes ?? [] where Processes.isRunning(p.pid) {
            // Only a process still inside one of this lab's namespaces is ours.
            let r = try? runner.run(["ip", "netns", "identify", "\(p.pid)"])
            let ns = r?.stdout.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if ns.isEmpty || all.contains(ns) { pids.append(p.pid) }
        }
        for ns in existing {
            let r = try runner.run(["ip", "netns", "pids", ns])
            pids += r.stdout.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
        }
        let stopped = Processes.stop(pids.uniqued())
        for ns in existing {
            // Anything started inside after the first sweep.
            let r = try runner.run(["ip", "netns", "pids", ns])
            let late = r.stdout.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
            if !late.isEmpty { Processes.stop(late, grace: 2) }
            try must(["ip", "netns", "del", ns])
        }
        let dir = "\(root)/\(name)"
        if FileManager.default.fileExists(atPath: dir) { try FileManager.default.removeItem(atPath: dir) }
        return DownReport(processes: stopped.count, namespaces: existing)
    }

    /// Namespaces whose name starts with `prefix`.
    public func namespaces(withPrefix prefix: String) throws -> [String] {
        let r = try runner.run(["ip", "netns", "list"])
        return r.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }.filter { $0.hasPrefix(prefix) }
    }
}
