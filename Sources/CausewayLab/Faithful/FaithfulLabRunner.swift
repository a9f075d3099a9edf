import CausewayCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Brings a FaithfulLabPlan up: the AWS end and the sites' wires as the namespace lab does, then
/// the gateway VMs (booted in parallel) each running its README's install steps. `down` is the
/// namespace lab's: the VMs run inside the lab's namespaces and their folders inside the lab's.
public struct FaithfulLabRunner: Sendable {
    public let lab: LabRunner
    public let hypervisor: any GatewayHypervisor
    /// Seconds a VM may take to boot (software emulation on a loaded 2-core machine).
    public var bootTimeout: Double = 180

    /// Progress lines carry the seconds since this runner was made: the faithful lab's steps
    /// take seconds to minutes under software emulation, and a user (or a CI log) should see where.
    public let progress: @Sendable (String) -> Void

    public init(lab: LabRunner, hypervisor: any GatewayHypervisor) {
        self.lab = lab
        self.hypervisor = hypervisor
        let start = Date()
        let say = lab.progress
        self.progress = { say(String(format: "[%5.0f s] ", Date().timeIntervalSince(start)) + $0) }
    }

    /// A running faithful lab: its plan and its VMs by site.
    public final class Running: @unchecked Sendable {
        public let plan: FaithfulLabPlan
        public internal(set) var machines: [String: any GatewayMachine]
        public internal(set) var state: LabState
        init(plan: FaithfulLabPlan, machines: [String: any GatewayMachine], state: LabState) {
            self.plan = plan
            self.machines = machines
            self.state = state
        }
        public func machine(_ site: String) -> (any GatewayMachine)? { machines[site] }
    }

    public func up(_ plan: FaithfulLabPlan, topologyFile: String, interruption: Interruption = .shared) throws -> Running {
        if let existing = try LabState.load(root: lab.root, name: plan.name) {
            throw LabPlanError("lab `\(plan.name)` is already up (from \(existing.topologyFile)); run `causeway lab down --name \(plan.name)` first")
        }
        let stale = try lab.namespaces(withPrefix: plan.aws.namespacePrefix)
        if !stale.isEmpty {
            throw LabPlanError("namespaces \(stale.joined(separator: ", ")) exist without a lab state; run `causeway lab down --name \(plan.name)` first")
        }
        if let why = hypervisor.unavailable() { throw LabPlanError("the faithful lab cannot run here: \(why)") }
        try FileManager.default.createDirectory(atPath: lab.root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        try FileManager.default.createDirectory(atPath: plan.directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o711])
        chmod(plan.directory, 0o711)
        var state = LabState(plan: plan.aws, topologyFile: topologyFile)
        state.namespaces = plan.allNodes.map(\.namespace)
        state.nodes = plan.allNodes
        state.frr = plan.aws.frr + plan.frr
        state.endpoints = plan.endpoints
        state.vms = plan.gateways.map {
            LabState.VMRecord(name: $0.vm, site: $0.site, pid: nil, taps: $0.nics.map(\.tap), namespaces: $0.nics.map(\.namespace), stateDir: stateDir(plan, $0))
        }
        try state.save(root: lab.root)
        let running = Running(plan: plan, machines: [:], state: state)
        do {
            try bringUp(running, interruption)
            return running
        } catch {
            progress("cleaning up after: \(error)")
            stop(running)
            _ = try? lab.down(name: plan.name)
            throw error
        }
    }

    func stateDir(_ plan: FaithfulLabPlan, _ g: FaithfulGateway) -> String { "\(plan.directory)/vm/\(g.vm)" }

    /// Stops every VM of `running` (the namespace sweep in `down` would kill them too).
    public func stop(_ running: Running) {
        for m in running.machines.values { m.stop() }
    }

    func write(_ files: [LabFile]) throws {
        for f in files {
            let dir = (f.path as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            let fd = open(f.path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, mode_t(f.mode))
            guard fd >= 0 else { throw LabPlanError("cannot write \(f.path): \(String(cString: strerror(errno)))") }
            let bytes = Array(f.contents.utf8)
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            fchmod(fd, mode_t(f.mode))
            close(fd)
            guard written == bytes.count else { throw LabPlanError("short write to \(f.path)") }
        }
    }

    func bringUp(_ r: Running, _ interruption: Interruption) throws {
        let plan = r.plan, aws = plan.aws
        let t0 = Date()
        progress("namespaces: \(plan.allNodes.count) (AWS end \(aws.nodes.count), sites \(plan.nodes.count))")
        for n in plan.allNodes {
            try lab.check(interruption)
            try lab.must(["ip", "netns", "add", n.namespace])
        }
        progress("links, addresses, routes, rules, taps: \(aws.setup.count + plan.setup.count) commands")
        for c in aws.setup + plan.setup {
            try lab.check(interruption)
            try lab.must(c)
        }
        progress("configuration files: \(aws.files.count + plan.files.count)")
        try write(aws.files + plan.files)
        for c in plan.afterFiles { try lab.must(c) }
        for d in aws.frrDirectories + plan.frrDirectories { try lab.must(["chown", "-R", "frr:frr", d]) }

        // The VMs take longest: images and boots start first, in the background.
        let flavours = Array(Set(plan.gateways.map(\.flavour))).sorted { $0.rawValue < $1.rawValue }
        for f in flavours {
            try lab.check(interruption)
            let i0 = Date()
            let cached = try hypervisor.prepare(f)
            progress("image \(f.rawValue): \(cached ? "cached" : "built in \(Self.seconds(Date().timeIntervalSince(i0)))")")
        }
        let boots = BootGroup()
        for g in plan.gateways {
            try FileManager.default.createDirectory(atPath: stateDir(plan, g), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            progress("\(g.vm) (site \(g.site), \(g.flavour.rawValue)): booting\(g.standIn.map { "; \($0)" } ?? "")")
            boots.start(g.site) { [hypervisor, bootTimeout, dir = stateDir(plan, g)] in try hypervisor.boot(g, stateDir: dir, timeout: bootTimeout) }
        }

        progress("charon: \(aws.charons.count) (the AWS ends, kernel-libipsec)")
        try lab.start(aws.charons, &r.state)
        let vicis = aws.tunnels.map(\.awsVici)
        try lab.waitFor("charon vici sockets", seconds: 15, interruption) { vicis.allSatisfy { FileManager.default.fileExists(atPath: $0) } }
        for c in aws.afterCharons {
            try lab.check(interruption)
            try lab.must(c)
        }
        let routers = aws.routers + plan.routers
        progress("FRR: \(routers.count) daemons (AWS edges, LAN routers)")
        try lab.start(routers.filter { $0.name == "zebra" }, &r.state)
        let zserv = (aws.frr + plan.frr).map { "\($0.vtyDirectory)/zserv.api" }
        try lab.waitFor("zebra's sockets", seconds: 15, interruption) { zserv.allSatisfy { FileManager.default.fileExists(atPath: $0) } }
        try lab.start(routers.filter { $0.name != "zebra" }, &r.state)
        try lab.start(aws.watchers, &r.state)

        for g in plan.gateways {
            guard let m = try boots.wait(g.site, interruption) else { throw LabPlanError("\(g.vm): did not boot") }
            r.machines[g.site] = m
            if let i = r.state.vms?.firstIndex(where: { $0.name == g.vm }) { r.state.vms?[i].pid = m.pid }
            r.state.processes.append(LabState.Process(pid: m.pid, name: "vm:\(g.vm)", namespace: g.nics[0].namespace))
            try r.state.save(root: lab.root)
            progress("\(g.vm): booted")
        }
        // Each VM installs its site as the README says; VMs in parallel.
        let installs = BootGroup()
        for g in plan.gateways {
            guard let m = r.machines[g.site] else { continue }
            installs.start(g.site) { [self] in try self.install(g, on: m, interruption) }
        }
        for g in plan.gateways { _ = try installs.wait(g.site, interruption) }
        try waitReady(plan, interruption, seconds: 180)
        if let (from, to) = lab.firstPingPair(plan.testPlan) {
            try lab.waitFor("a first ping \(from.address) → \(to.address)", seconds: 60, interruption) { lab.ping(from, to) }
        }
        r.state.coldStartSeconds = Date().timeIntervalSince(t0)
        let rss = r.machines.values.compactMap { ($0 as? GatewayHypervisors.Machine)?.vm.residentKiB }
        progress("up in \(Self.seconds(r.state.coldStartSeconds ?? 0))" + (rss.isEmpty ? "" : "; gateway VMs resident \(rss.map { "\($0 / 1024) MiB" }.joined(separator: ", "))"))
        r.state.phase = .up
        try r.state.save(root: lab.root)
    }

    /// Files into the VM, the lab's network preparation, then every README step in order from
    /// the site folder. A step that fails fails the lab (the README must work as written).
    public func install(_ g: FaithfulGateway, on m: any GatewayMachine, _ interruption: Interruption) throws {
        for f in g.files { try m.put(f) }
        for s in g.preparation {
            let res = try m.run(s.command, timeout: 60)
            guard res.succeeded else { throw LabPlanError("\(g.vm): lab preparation `\(s.command)` failed (exit \(res.status)): \(Self.tail(res))") }
        }
        for (i, s) in g.steps.enumerated() {
            try lab.check(interruption)
            progress("\(g.vm): README step \(i + 1)/\(g.steps.count): \(s.line)\(s.substitution.map { "  [lab: \($0)]" } ?? "")")
            let res = try m.run("cd \(g.folder) && \(s.command)", timeout: 240)
            guard res.succeeded else {
                throw LabPlanError("\(g.vm): README step \(i + 1)/\(g.steps.count) `\(s.line)` failed (exit \(res.status)): \(Self.tail(res))")
            }
        }
    }

    static func tail(_ r: CommandResult) -> String {
        let text = (r.stdout + "\n" + r.stderr).split(separator: "\n").suffix(8).joined(separator: " | ")
        return text.isEmpty ? "(no output)" : text
    }

    static func seconds(_ s: Double) -> String { String(format: "%.1f s", s) }

    /// The AWS end of every tunnel the devices configure has its CHILD_SA installed, and for BGP
    /// the edges' sessions to the devices are established.
    public func waitReady(_ plan: FaithfulLabPlan, _ interruption: Interruption = .shared, seconds: Double, only: Set<String>? = nil) throws {
        let wanted = configuredTunnels(plan).filter { only == nil || only!.contains($0.ref) }
        progress("waiting for \(wanted.count) tunnels\(wanted.contains(where: \.bgp) ? " and their BGP sessions" : "") (AWS end)")
        try lab.waitFor("tunnels \(wanted.map(\.ref).joined(separator: ", ")) to be up", seconds: seconds, interruption) {
            try wanted.allSatisfy { try lab.tunnelState($0).aws.childInstalled }
        }
        guard wanted.contains(where: \.bgp) else { return }
        try lab.waitFor("BGP sessions to be established", seconds: seconds, interruption) {
            let sessions = try lab.bgpSessions(plan.aws.frr)
            return wanted.filter(\.bgp).allSatisfy { t in sessions.contains { $0.neighbor == t.customerInside && $0.state == "Established" } }
        }
    }

    /// Tunnels the customer devices configure (not disabled on the device).
    public func configuredTunnels(_ plan: FaithfulLabPlan) -> [LabTunnel] {
        plan.aws.tunnels.filter { t in
            guard let s = plan.aws.topology.sites.first(where: { $0.gateway != nil && plan.aws.topology.connections(of: $0).contains { $0.name == t.connection } }) else { return false }
            return s.gateway?.tunnel(t.connection, t.index)?.disabled != true
        }
    }
}

/// Work started on threads of its own, waited on by key.
final class BootGroup: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [String: Result<any GatewayMachine, any Error>] = [:]
    private var voids: [String: Result<Void, any Error>] = [:]

    func start(_ key: String, _ body: @escaping @Sendable () throws -> any GatewayMachine) {
        let t = Thread { [self] in
            let r = Result { try body() }
            lock.lock(); results[key] = r; lock.unlock()
        }
        t.stackSize = 8 << 20
        t.start()
    }

    func start(_ key: String, _ body: @escaping @Sendable () throws -> Void) {
        let t = Thread { [self] in
            let r = Result { try body() }
            lock.lock(); voids[key] = r; lock.unlock()
        }
        t.stackSize = 8 << 20
        t.start()
    }

    /// Waits for `key`'s work; an interruption stops the wait (the work itself runs on).
    @discardableResult
    func wait(_ key: String, _ interruption: Interruption) throws -> (any GatewayMachine)? {
        while true {
            lock.lock()
            let r = results.removeValue(forKey: key), v = voids.removeValue(forKey: key)
            lock.unlock()
            if let r { return try r.get() }
            if let v { try v.get(); return nil }
            if interruption.requested { throw LabInterrupted() }
            usleep(100_000)
        }
    }
}
