import ArgumentParser
import CausewayLab

struct LabTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Ping every pair the simulator predicts (and each single-tunnel failure) in the running lab; compare.",
        discussion: """
        For the matrix of named networks, each pair is pinged from its representative
        address in the lab. Then, per tunnel, its outside path is cut in the internet
        namespace (nftables drop), the time until traffic flows again is measured, the
        matrix predicted for that failure is checked, and the path is restored. The
        time until traffic flows again must fall within `failover`'s predicted outage
        window (docs/failover.md). Exit 1 on any disagreement. With AWS's timers a
        failure case takes 30–60 s; with `failover_profile: fast` under 12 s.

        Where the topology has hybrid DNS (S3), names are resolved with `dig` from an
        on-premises host and from a VPC instance through the lab's `named` servers and
        compared with `causeway resolve`; a last case cuts every tunnel of the VPN
        connections those queries cross, and the names must fail as predicted.

        Where a public hosted zone has failover records (S2), `dig` at the lab's
        authoritative server must answer as `resolve` does; then the primary's web
        endpoint is stopped and the answer must move to the secondary within the
        health check's interval × threshold (90 s with Route 53's defaults), and back
        after it is started again.

        Where the topology has Client VPN endpoints with remote users (S3), each user
        connects with the real openvpn client and its rendered profile at a Monday and a
        Saturday 10:00 in Seoul (the rendered connect handler runs on that instant);
        the verdict must be the policy's, and an admitted user's pings must go as
        `trace --from user:NAME --at …` predicts.

        When the lab is not up, it is brought up for the test and taken down afterwards
        (also on failure or Ctrl-C); a lab that is already up is tested as it is and
        left running.

        Examples:
          sudo causeway lab test examples/s4-tgw-segmentation.yaml
          sudo causeway lab test examples/s0-eks-onprem-db.yaml --no-failures --format json
          sudo causeway lab test examples/s2-openstack.yaml --faithful

        With --faithful the lab is brought up with gateway VMs (see `lab up --faithful`)
        for the test and always removed afterwards: the matrix, then on a static site
        with two tunnels a cut of tunnel 1 measured with many flows (all must move to
        tunnel 2 within the DPD timeout plus a margin), then a reboot of each gateway VM
        (tunnels, VTIs, routes and firewall must come back with no hand step, and the
        matrix hold again).
        """)

    @Argument(help: "The topology file (the one the lab was started from, when it is up).") var file: String
    @OptionGroup var lab: LabOptions
    @Flag(help: "Only the matrix, no tunnel failures.") var noFailures = false
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @Flag(help: "Test the faithful lab (gateway VMs running the production files).") var faithful = false
    @Option(help: ArgumentHelp("Put an old fault back into the rendered files first (to see the test catch it).", visibility: .hidden))
    var reintroduce: ReintroducedFault?

    func run() throws {
        try lab.requireMachine()
        if faithful { return try runFaithful() }
        let plan = try lab.plan(file: file)
        SignalTrap.install()
        let runner = lab.runner
        let ownLab = try LabState.load(root: lab.root, name: plan.name) == nil
        if ownLab {
            printErr("causeway: lab \(plan.name) is not up: bringing it up for this test, and down afterwards")
            _ = try bringingUp("lab up") { try runner.up(plan, topologyFile: file) }
        }
        defer {
            if ownLab, let r = try? runner.down(name: plan.name) {
                printErr(r.downAgain(plan.name))
            }
        }
        let report = try interruptible { try LabTester(runner: runner, plan: plan).run(failures: !noFailures) }
        if format == .json {
            print(try jsonString(report))
        } else {
            var out: [String] = []
            for c in report.cases {
                out.append("")
                var title = c.checks.isEmpty && c.remoteUsers != nil ? "\(c.name): remote users through the Client VPN stand-in (real openvpn client)"
                    : c.checks.isEmpty && c.failover != nil ? "\(c.name): Route 53 failover (dig at the lab's authoritative server)"
                    : c.checks.isEmpty && c.dns != nil ? c.name
                    : c.checks.isEmpty && c.intents != nil ? "\(c.name): expect:, predicted and measured"
                    : "\(c.name): \(c.checks.filter(\.agree).count) of \(c.checks.count) pairs as predicted"
                if let d = c.disruptionSeconds { title += "; traffic \(c.probe ?? "") flowed again after \(formatSeconds(d))" }
                if let o = c.outage { title += " (predicted \(formatSeconds(o.predicted)), \(formatSeconds(o.earliest))–\(formatSeconds(o.latest)): \(o.agree ? "ok" : "OUTSIDE")" + ")" }
                if let r = c.recoverySeconds { title += "; \(c.name.hasPrefix("dx:") ? "virtual interface" : "tunnel") back \(formatSeconds(r)) after the path returned" }
                out.append(title)
                if !c.checks.isEmpty || (c.dns == nil && c.failover == nil && c.remoteUsers == nil && c.intents == nil) { out.append(matrixTable(c.checks)) }
                if let d = c.dns { out.append("DNS: \(d.filter(\.agree).count) of \(d.count) names as predicted\n" + dnsTable(d)) }
                if let f = c.failover { out.append(failoverTable(f)) }
                if let v = c.remoteUsers { out.append(clientVPNTable(v)) }
                if let i = c.intents { out.append(intentTable(i)) }
                for n in c.notes { out.append("  note: \(n)") }
            }
            out.append("")
            out.append(report.disagreements == 0 ? "lab agrees with the simulator (\(report.checks) checks)"
                                                 : "\(report.disagreements) of \(report.checks) checks disagree with the simulator")
            print(out.joined(separator: "\n"))
        }
        if report.disagreements > 0 { throw Exit.findings }
    }

    func runFaithful() throws {
        let plan = try lab.faithfulPlan(file: file, fault: reintroduce)
        if try LabState.load(root: lab.root, name: plan.name) != nil {
            printErr("causeway: lab \(plan.name) is up; the faithful test brings its own lab up: run `causeway lab down --name \(plan.name)` first")
            throw Exit.unusable
        }
        printErr(describeFaithful(plan))
        let (runner, running) = try lab.bringFaithfulUp(plan, file: file)
        defer {
            runner.stop(running)
            if let r = try? runner.lab.down(name: plan.name) {
                printErr(r.downAgain(plan.name))
            }
        }
        let report = try interruptible { try FaithfulTester(runner: runner, running: running).run(failures: !noFailures) }
        if format == .json {
            print(try jsonString(report))
        } else {
            var out = ["", "baseline: \(report.matrix.checks.filter(\.agree).count) of \(report.matrix.checks.count) pairs as predicted"]
            out.append(matrixTable(report.matrix.checks))
            for f in report.failovers {
                out.append("\(f.tunnel) cut: \(f.flowingAtEnd) of \(f.flows) flows flowing; all after \(f.allFlowingAfter.map(formatSeconds) ?? "never") (limit \(formatSeconds(f.limit))): \(f.passed ? "ok" : "FAILED")")
            }
            for r in report.reboots {
                out.append("reboot of \(r.site)'s gateway: tunnels back after \(r.tunnelsBackAfter.map(formatSeconds) ?? "never"), VTIs \(r.interfacesMissing.isEmpty ? "up" : "missing \(r.interfacesMissing)"), firewall \(r.firewallBack ? "as before" : "DIFFERENT"), routes \(r.routesBack ? "as before" : "DIFFERENT"), matrix \(r.matrix.map { "\($0.checks.filter(\.agree).count) of \($0.checks.count)" } ?? "not run"): \(r.passed ? "ok" : "FAILED")")
            }
            out.append(report.passed ? "faithful lab agrees with the simulator and survived its failures" : "faithful lab: FAILED")
            print(out.joined(separator: "\n"))
        }
        if !report.passed { throw Exit.findings }
    }
}

extension ReintroducedFault: ExpressibleByArgument {}

extension LabRunner.DownReport {
    /// What `lab test` says after taking down the lab it brought up.
    func downAgain(_ name: String) -> String {
        "causeway: lab \(name) is down again (\(processes) processes stopped, \(namespaces.count) namespaces deleted)"
    }
}
