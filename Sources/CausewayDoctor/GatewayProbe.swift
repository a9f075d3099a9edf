import CausewayCore
import CausewayLab

/// Where the probes find the daemons: the control sockets (a lab node's charon and FRR keep
/// theirs under the lab's folder) and how long one command may take.
public struct ProbeSettings: Sendable {
    /// charon's VICI sockets; empty: strongSwan's default (`/var/run/charon.vici`).
    public var viciSockets: [String]
    /// FRR's vty socket folder (`vtysh --vty_socket`); nil: FRR's default.
    public var frrSocketDirectory: String?
    /// Seconds one command may run before it is killed.
    public var timeout: Int

    public init(viciSockets: [String] = [], frrSocketDirectory: String? = nil, timeout: Int = 10) {
        self.viciSockets = viciSockets
        self.frrSocketDirectory = frrSocketDirectory
        self.timeout = timeout
    }
}

/// The probes: the commands that read a gateway host's state, run through a `CommandRunner`
/// (the real one, or recorded outputs in tests), each bounded by `timeout(1)`. Run inside a
/// network namespace (`ip netns exec NS causeway doctor …`) they see that namespace's kernel.
public struct GatewayProbe: Sendable {
    public var runner: any CommandRunner
    public var settings: ProbeSettings

    public init(runner: any CommandRunner = ProcessRunner(), settings: ProbeSettings = ProbeSettings()) {
        self.runner = runner
        self.settings = settings
    }

    /// Every probe the expectation needs, at most two at once.
    public func observe(_ expected: GatewayExpectation) -> GatewayObservation {
        var o = GatewayObservation()
        let vty = settings.frrSocketDirectory.map { ["--vty_socket", $0] } ?? []
        let sockets: [String?] = settings.viciSockets.isEmpty ? [nil] : settings.viciSockets
        let ipsec: [[String]] = expected.ipsec == .libreswan && settings.viciSockets.isEmpty ? [["ipsec", "trafficstatus"]]
            : sockets.map { s in ["swanctl", "--list-sas"] + (s.map { ["--uri", "unix://\($0)"] } ?? []) }
        var commands: [(Probe, [String])] = ipsec.map { (.ipsec, $0) }
        if expected.routing == .bgp { commands.append((.bgp, ["vtysh"] + vty + ["-c", "show bgp summary json"])) }
        commands += [
            (.routes, ["vtysh"] + vty + ["-c", "show ip route json"]),
            (.sysctl, ["sysctl", "-a", "-r", #"^net\.ipv4\.(ip_forward|conf\.)"#]),
            (.links, ["ip", "-j", "addr"]),
            (.firewall, ["nft", "-j", "list", "ruleset"]),
            (.clock, ["chronyc", "-c", "tracking"]),
        ]
        let bounded = commands.map { ["timeout", "--kill-after=2", "\(settings.timeout)"] + $0.1 }
        let results: [CommandResult]
        do {
            results = try runner.runConcurrently(bounded, limit: 2)
        } catch {
            for p in Set(commands.map(\.0)) { o.unavailable[p] = "\(error)" }
            return o
        }
        var sas: [String: ObservedSA] = [:]
        for ((probe, argv), r) in zip(commands, results) {
            guard r.succeeded else {
                o.unavailable[probe] = Self.why(argv, r, timeout: settings.timeout)
                continue
            }
            switch probe {
            case .ipsec:
                sas.merge(argv.first == "ipsec" ? ObservationParsers.libreswanTraffic(r.stdout) : ObservationParsers.swanctlSAs(r.stdout)) { a, _ in a }
                o.securityAssociations = sas
            case .bgp: o.bgp = ObservationParsers.bgpSummary(r.stdout)
            case .routes: o.routes = ObservationParsers.ipRoutes(r.stdout)
            case .sysctl: o.sysctl = ObservationParsers.sysctl(r.stdout)
            case .links: o.links = ObservationParsers.links(r.stdout)
            case .firewall: o.firewall = ObservationParsers.nftInputChains(r.stdout)
            case .clock: o.clock = ObservationParsers.chronyTracking(r.stdout)
            }
        }
        return o
    }

    /// Why a probe's command failed, in words (timeout(1): 124 timed out, 126/127 cannot run).
    static func why(_ argv: [String], _ r: CommandResult, timeout: Int) -> String {
        let cmd = "`\(argv.joined(separator: " "))`"
        switch r.status {
        case 124, 137: return "\(cmd) took more than \(timeout) s"
        case 126, 127: return "\(cmd): \(argv[0]) is not installed or cannot run"
        default:
            let err = r.stderr.split(separator: "\n").last { !$0.hasPrefix("plugin ") }.map(String.init) ?? ""
            return "\(cmd) exited \(r.status)\(err.isEmpty ? "" : ": \(err)")"
        }
    }
}
