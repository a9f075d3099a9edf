import ArgumentParser
import CausewayAWS
import CausewayCore
import CausewayDoctor

struct DoctorVerb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Compare a live customer-gateway host with what the topology expects for its site (run as root there).",
        discussion: """
        Reads the IPsec daemon's SAs (strongSwan: `swanctl --list-sas`; Libreswan:
        `ipsec trafficstatus`), FRR's `show bgp summary json` and `show ip route json`, the
        kernel's sysctls (`sysctl -a`), interfaces (`ip -j addr`), the nftables ruleset
        (`nft -j list ruleset`) and chrony (`chronyc -c tracking`), each command bounded by
        --probe-timeout, and compares them with the site's rendered configuration: tunnels,
        inside addresses, BGP neighbors and ASNs, AWS-side prefixes, sysctls, firewall
        openings. With --aws it also compares AWS's tunnel telemetry (as `status` reads it).
        Findings are diagnostics (docs/doctor.md explains each and its fix).

        Inside a network namespace (`ip netns exec NS causeway doctor …`) the probes see that
        namespace's kernel; pass the daemons' sockets when they are not the defaults.

        Exit status: 0 no error finding, 1 error findings, 2 bad input.

        Examples:
          sudo causeway doctor topology.yaml --site onprem
          sudo causeway doctor topology.yaml --site onprem --aws --format json
          sudo ip netns exec cw-td-s1 causeway doctor examples/s3-tgw-bgp-strongswan.yaml --site idc \\
              --vici-socket /run/causeway-lab/td/c1/run/charon.vici --vici-socket /run/causeway-lab/td/c2/run/charon.vici \\
              --frr-socket-dir /run/causeway-lab/td/s1/frr
        """)

    @Argument(help: "The topology file (YAML).") var file: String
    @Option(help: "The site whose gateway this host is (default: the only site with a gateway device).") var site: String?
    @Option(help: "charon's VICI socket (repeatable; default /var/run/charon.vici).") var viciSocket: [String] = []
    @Option(help: "FRR's vty socket folder (`vtysh --vty_socket`; default FRR's own).") var frrSocketDir: String?
    @Option(help: "Seconds one probe command may run.") var probeTimeout: Int = 10
    @Flag(help: "Also compare with AWS's tunnel telemetry (credentials and options as `status` takes them).") var aws = false
    @OptionGroup var awsOptions: AWSOptions
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() async throws {
        let (topology, expected) = try DoctorInput.expectation(file: file, site: site)
        let probe = GatewayProbe(settings: ProbeSettings(viciSockets: viciSocket, frrSocketDirectory: frrSocketDir, timeout: max(1, probeTimeout)))
        let doctor = Doctor(expected: expected, observed: probe.observe(expected))
        var findings = doctor.findings()
        if aws {
            let workflow = try awsOptions.workflow(for: topology)
            let resources = AWSResources(topology)
            findings += doctor.awsFindings(StatusReport(resources: resources, observed: try await readObserved(resources, workflow)).tunnels)
        }
        if format == .json {
            struct Report: Encodable { var site: String; var diagnostics: [Diagnostic]; var observation: GatewayObservation }
            print(try jsonString(Report(site: expected.site, diagnostics: findings, observation: doctor.observed)))
        } else {
            for d in findings { print(d.formatted) }
            let errors = findings.filter { $0.severity == .error }.count
            print("site \(expected.site): \(errors) error(s), \(findings.count - errors) other finding(s)")
        }
        if findings.hasErrors { throw Exit.findings }
    }
}

/// The site's expectation from FILE with its deployed facts: shared by `doctor` and `status --gateway`.
enum DoctorInput {
    static func expectation(file: String, site: String?) throws -> (Topology, GatewayExpectation) {
        let (topology, _) = try withDeployedFacts(try TopologyInput.loadOrExit(file), file: file, stateDir: nil, quiet: true)
        let candidates = topology.sites.filter { $0.gateway != nil }
        let chosen: Site?
        if let site { chosen = topology.site(site) } else { chosen = candidates.count == 1 ? candidates.first : nil }
        guard let s = chosen, s.gateway != nil else {
            printErr("causeway: give --site: one of \(candidates.map(\.name).joined(separator: ", ")) (sites with a gateway device)")
            throw Exit.unusable
        }
        do {
            return (topology, try GatewayExpectation(site: s, in: topology))
        } catch {
            printErr("causeway: \(error)")
            throw Exit.unusable
        }
    }
}

/// `status --gateway SITE`: doctor's probes on this host, then the three-way differences.
enum GatewayDrift {
    struct Report: Encodable { var status: StatusReport; var drift: [DriftItem] }

    static func items(file: String, site: String, tunnels: [StatusReport.TunnelRow]) throws -> [DriftItem] {
        let (_, expected) = try DoctorInput.expectation(file: file, site: site)
        return Drift.items(expected: expected, aws: tunnels, gateway: GatewayProbe().observe(expected))
    }

    static func lines(_ items: [DriftItem]) -> [String] {
        guard !items.isEmpty else { return ["", "drift: none (topology, AWS and the gateway agree on every tunnel)"] }
        return ["", "drift (topology / AWS / gateway)"] + items.map { d in
            "  \(d.subject) \(d.what): " + [d.topology.map { "topology \($0)" }, d.aws.map { "AWS \($0)" }, d.gateway.map { "gateway \($0)" }]
                .compactMap { $0 }.joined(separator: ", ") + " — \(d.disagreement)"
        }
    }
}
