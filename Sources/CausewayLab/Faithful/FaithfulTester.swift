import CausewayCore
import CausewaySim
import Foundation

/// A tunnel failure measured with many flows at once: how long until every flow moved to the
/// surviving tunnel, and whether they all kept flowing.
public struct FailoverResult: Sendable, Codable {
    public var tunnel: String
    public var flows: Int
    /// Seconds from the cut until every flow answered again (nil: not within the limit).
    public var allFlowingAfter: Double?
    /// The limit: the tunnel's DPD timeout plus a margin.
    public var limit: Double
    /// Flows answering in the last round after the limit (all of them when failover works).
    public var flowingAtEnd: Int
    public var passed: Bool { allFlowingAfter != nil && flowingAtEnd == flows }
}

/// A gateway VM rebooted: whether its tunnels, VTIs, routes and firewall came back by themselves.
public struct RebootResult: Sendable, Codable {
    public var site: String
    /// Seconds from the reboot until every configured tunnel was up again at the AWS end.
    public var tunnelsBackAfter: Double?
    /// The device's VTIs that are up after the reboot, of those before it.
    public var interfacesBack: [String]
    public var interfacesMissing: [String]
    /// The firewall's ruleset after equals the one before the reboot.
    public var firewallBack: Bool
    /// The routes to AWS in the kernel after equal those before.
    public var routesBack: Bool
    public var matrix: LabTestCase?
    public var passed: Bool {
        tunnelsBackAfter != nil && interfacesMissing.isEmpty && firewallBack && routesBack && (matrix?.checks.allSatisfy(\.agree) ?? false)
    }
    /// One line: what came back and what did not (the matrix only by its disagreements).
    public var summary: String {
        let off = matrix?.checks.filter { !$0.agree }.map { "\($0.from) → \($0.to)" } ?? ["no matrix"]
        return "site \(site): tunnels back after \(tunnelsBackAfter.map { String(format: "%.1f s", $0) } ?? "never"), VTIs missing \(interfacesMissing), firewall \(firewallBack ? "as before" : "different"), routes \(routesBack ? "as before" : "different"), matrix disagreements \(off)"
    }
}

/// `lab test --faithful`: the namespace lab's matrix on the faithful lab, the Libreswan static
/// failover with many flows, and a gateway reboot.
public struct FaithfulTester: Sendable {
    public let runner: FaithfulLabRunner
    public let running: FaithfulLabRunner.Running
    public let interruption: Interruption

    public init(runner: FaithfulLabRunner, running: FaithfulLabRunner.Running, interruption: Interruption = .shared) {
        self.runner = runner
        self.running = running
        self.interruption = interruption
    }

    var plan: FaithfulLabPlan { running.plan }
    var tester: LabTester { LabTester(runner: runner.lab, plan: plan.testPlan, interruption: interruption) }

    /// The simulator's predictions as pings, as `lab test --no-failures` measures them.
    public func matrix() throws -> LabTestCase {
        try tester.run(failures: false).cases[0]
    }

    /// Extra time over the DPD timeout for a failover: the DPD interval before the first
    /// unanswered probe, the updown and zebra, and a loaded 2-core machine.
    public static let failoverMargin: Double = 25

    /// Cuts `ref`'s outside path in the internet namespace and pings from every flow source of
    /// the site's first host to the first VPC address it reaches, until all answer again; then
    /// checks they keep answering. Restores the path and waits for the tunnel to return.
    public func failover(_ ref: TunnelRef) throws -> FailoverResult {
        guard let t = plan.aws.tunnel(ref) else { throw LabPlanError("no tunnel \(ref) in the lab") }
        let topology = plan.aws.topology
        guard let conn = topology.vpnConnections.first(where: { $0.name == ref.connection }),
              let site = topology.site(of: conn),
              let host = plan.members.first(where: { m in !m.flowSources.isEmpty && site.hosts.contains { $0.address == m.address } }),
              let target = plan.aws.endpoints.first(where: { e in (try? plan.aws.simulation.trace(from: host.address, to: e.address).reachable) == true })
        else { throw LabPlanError("no host with flow sources and a reachable VPC address for \(ref)") }
        let dpd = Double(conn.tunnels.first { $0.index == ref.index }?.options.dpdTimeout ?? AWSNumbers.Tunnel.dpdTimeoutDefault)
        let limit = dpd + Self.failoverMargin
        let sources = host.flowSources
        func round() throws -> Int {
            let cmds = sources.map { ["ip", "netns", "exec", host.namespace, "ping", "-n", "-q", "-c", "1", "-W", "1", "-I", "\($0)", "\(target.address)"] }
            return try runner.lab.runner.runConcurrently(cmds, limit: 16).filter(\.succeeded).count
        }
        // Every flow works before the cut (the tunnels were up).
        let d = Date().addingTimeInterval(30)
        while try round() < sources.count, Date() < d { usleep(500_000) }
        runner.progress("\(ref): cutting its outside path; \(sources.count) flows \(host.name) → \(target.address)")
        for cmd in plan.aws.outage(t) { try runner.lab.runner.run(cmd).orThrow(cmd) }
        defer { for cmd in plan.aws.restore { _ = try? runner.lab.runner.run(cmd) } }
        let t0 = Date()
        var after: Double?
        // Past the DPD timeout every flow must have moved; give it until the limit, then watch.
        while Date().timeIntervalSince(t0) < limit {
            if interruption.requested { throw LabInterrupted() }
            if Date().timeIntervalSince(t0) > 3, try round() == sources.count { after = Date().timeIntervalSince(t0); break }
            usleep(500_000)
        }
        var atEnd = 0
        for _ in 0..<3 { atEnd = try round() }
        runner.progress("\(ref): \(atEnd) of \(sources.count) flows answer; all flowing after \(after.map { FaithfulLabRunner.seconds($0) } ?? "never (limit \(Int(limit)) s)")")
        for cmd in plan.aws.restore { try runner.lab.runner.run(cmd).orThrow(cmd) }
        try? runner.waitReady(plan, interruption, seconds: 120, only: [ref.description])
        return FailoverResult(tunnel: ref.description, flows: sources.count, allFlowingAfter: after, limit: limit, flowingAtEnd: atEnd)
    }

    /// What the firewall, the device's tunnel interfaces and its routes look like in the VM.
    func snapshot(_ m: any GatewayMachine, interfaces: [String]) throws -> (up: [String], firewall: String, routes: String) {
        var up: [String] = []
        for i in interfaces {
            let r = try m.run("ip -br link show dev \(i)", timeout: 20)
            if r.succeeded, !r.stdout.contains(" DOWN "), r.stdout.contains("UP") || r.stdout.contains("UNKNOWN") { up.append(i) }
        }
        let fw = try m.run("nft list ruleset | grep -v -e handle -e '^$' | sort", timeout: 30).stdout
        // Next-hop object ids (`nhid N`) are zebra's per-boot numbering, not part of the route.
        let routes = try m.run("ip -4 route show | grep -v -e ' proto kernel ' | sed 's/ nhid [0-9]*//' | sort", timeout: 20).stdout
        return (up, fw, routes)
    }

    /// Reboots the site's VM; nothing is done by hand afterwards.
    public func reboot(site: String) throws -> RebootResult {
        guard let m = running.machine(site), let g = plan.gateways.first(where: { $0.site == site }),
              let dev = plan.aws.topology.site(site)?.gateway else { throw LabPlanError("no gateway VM for site \(site)") }
        let ifs = dev.tunnels.filter { !$0.disabled }.map(\.interface)
        let before = try snapshot(m, interfaces: ifs)
        runner.progress("\(g.vm): rebooting")
        let t0 = Date()
        try m.reboot(timeout: runner.bootTimeout)
        var result = RebootResult(site: site, tunnelsBackAfter: nil, interfacesBack: [], interfacesMissing: [], firewallBack: false, routesBack: false)
        do {
            try runner.waitReady(plan, interruption, seconds: 180)
            result.tunnelsBackAfter = Date().timeIntervalSince(t0)
        } catch let e as LabPlanError {
            runner.progress("\(g.vm): \(e)")
        }
        // Routes and VTIs follow the SAs: give them the time a converging FRR takes (BGP over
        // both tunnels, zebra installing, under software emulation on a loaded host).
        var after = try snapshot(m, interfaces: ifs)
        let d = Date().addingTimeInterval(90)
        while (after.up.count < before.up.count || after.routes != before.routes), Date() < d {
            usleep(1_000_000)
            after = try snapshot(m, interfaces: ifs)
        }
        result.interfacesBack = after.up
        result.interfacesMissing = before.up.filter { !after.up.contains($0) }
        result.firewallBack = !before.firewall.isEmpty && after.firewall == before.firewall
        result.routesBack = after.routes == before.routes
        result.matrix = try matrix()
        runner.progress("\(g.vm): after reboot tunnels \(result.tunnelsBackAfter.map { FaithfulLabRunner.seconds($0) } ?? "not back"), VTIs up \(after.up), firewall \(result.firewallBack ? "as before" : "DIFFERENT"), routes \(result.routesBack ? "as before" : "DIFFERENT")")
        if !result.routesBack {
            let b = Set(before.routes.split(separator: "\n")), a = Set(after.routes.split(separator: "\n"))
            runner.progress("\(g.vm): routes only before the reboot: \(b.subtracting(a).sorted()); only after: \(a.subtracting(b).sorted())")
        }
        return result
    }
}

/// What `lab test --faithful` found.
public struct FaithfulReport: Sendable, Codable {
    public var lab: String
    public var matrix: LabTestCase
    public var failovers: [FailoverResult]
    public var reboots: [RebootResult]
    public var passed: Bool {
        matrix.checks.allSatisfy(\.agree) && failovers.allSatisfy(\.passed) && reboots.allSatisfy(\.passed)
    }
}

extension FaithfulTester {
    /// Static sites with two tunnels whose device runs both: the tunnels whose failure is tested.
    public var failoverTunnels: [TunnelRef] {
        let t = plan.aws.topology
        return t.vpnConnections.compactMap { (c: VPNConnection) -> TunnelRef? in
            guard c.routing == .static, let s = t.site(of: c), let g = s.gateway, !s.hosts.isEmpty,
                  c.tunnels.count == 2, c.tunnels.allSatisfy({ g.tunnel(c.name, $0.index)?.disabled != true }) else { return nil }
            return TunnelRef(c.name, 1)
        }
    }

    /// The matrix; with `failures`, each static site's tunnel-1 cut and each gateway's reboot.
    public func run(failures: Bool) throws -> FaithfulReport {
        let m = try matrix()
        var report = FaithfulReport(lab: plan.name, matrix: m, failovers: [], reboots: [])
        guard failures else { return report }
        for ref in failoverTunnels { report.failovers.append(try failover(ref)) }
        for g in plan.gateways { report.reboots.append(try reboot(site: g.site)) }
        return report
    }
}
