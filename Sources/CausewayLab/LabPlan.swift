import CausewayCore
import CausewayRender
import CausewaySim

/// Everything `lab up` does, computed without touching the machine: namespaces, veth links,
/// addresses, routes, rules, files and daemons, from the topology (outside addresses mapped into
/// the lab's ranges) and its converged simulation. The runner executes it step by step.
public struct LabPlan: Sendable {
    /// Where every lab keeps its files (and `state.json`).
    public static let defaultRoot = "/run/causeway-lab"

    public let name: String
    /// The lab's folder, `<root>/<name>`.
    public let directory: String
    /// The topology with outside addresses replaced by lab addresses (what the lab runs).
    public let topology: Topology
    public let mapping: [OutsideMapping]
    public let nodes: [LabNode]
    /// Commands (argv) run in order once the namespaces exist.
    public let setup: [[String]]
    public let files: [LabFile]
    public let charons: [LabProcess]
    /// Run once every charon answers on its vici socket: ipsec0 routes, `swanctl --load-all`.
    public let afterCharons: [[String]]
    public let routers: [LabProcess]
    public let watchers: [LabProcess]
    /// `named` for the sites' DNS servers and the VPCs' Resolvers, and what `lab test` resolves (`LabDNS`).
    public let dns: LabDNSPlan
    public let frr: [FRRInstance]
    public let tunnels: [LabTunnel]
    /// Direct Connect virtual interfaces, each a plain link with BGP (`LabDirectConnect`).
    public let virtualInterfaces: [LabVirtualInterface]
    public internal(set) var endpoints: [LabEndpoint]
    /// Owner changes the runner makes before starting FRR (FRR runs as user frr).
    public let frrDirectories: [String]
    public let internetNamespace: String
    /// The converged simulation of `topology`: the prediction the lab is measured against.
    public let simulation: Simulation
    /// Route 53 failover's stand-in (S2): authoritative named, web endpoints, health checker.
    public let failover: LabFailover?
    /// Client VPN endpoints' stand-ins (OpenVPN) and their remote users, and what was not stood in.
    public let clientVPN: [LabClientVPN]
    public let clientVPNNotes: [String]

    /// The namespace prefix of this lab: every namespace it creates starts with it.
    public var namespacePrefix: String { "cw-\(name)-" }
    public var statePath: String { "\(directory)/state.json" }

    public func node(named n: String) -> LabNode? { nodes.first { $0.name == n || $0.namespace == n } }
    public func endpoint(_ a: IPv4Address) -> LabEndpoint? { endpoints.first { $0.address == a } }
    public func tunnel(_ ref: TunnelRef) -> LabTunnel? { tunnels.first { $0.connection == ref.connection && $0.index == ref.index } }

    /// nftables commands that cut one tunnel's outside path in the internet namespace (both
    /// directions), as an outage between the customer gateway and AWS would.
    public func outage(_ t: LabTunnel) -> [[String]] {
        [["ip", "netns", "exec", internetNamespace, "nft", "add", "rule", "inet", "causeway", "forward", "ip", "saddr", "\(t.awsOutside)", "drop"],
         ["ip", "netns", "exec", internetNamespace, "nft", "add", "rule", "inet", "causeway", "forward", "ip", "daddr", "\(t.awsOutside)", "drop"]]
    }

    /// Ends every outage.
    public var restore: [[String]] {
        [["ip", "netns", "exec", internetNamespace, "nft", "flush", "chain", "inet", "causeway", "forward"]]
    }

    /// Starts one tunnel from the customer side (the lab initiates; the AWS end answers).
    public func initiate(_ t: LabTunnel) -> [String]? {
        guard let vici = t.customerVici, let child = t.customerName else { return nil }
        return ["swanctl", "--initiate", "--child", child, "--uri", "unix://\(vici)", "--timeout", "20"]
    }

    /// The lab name derived from a topology name: its first word (`s4` for `s4-tgw-segmentation`),
    /// letters and digits only, at most 8 characters.
    public static func defaultName(for topology: Topology) -> String {
        let word = topology.name.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).first.map(String.init) ?? "lab"
        let clean = String(word.unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }.prefix(8))
        return clean.isEmpty ? "lab" : clean
    }

    /// Whether `name` can name a lab (it becomes part of namespace names).
    public static func isValidName(_ name: String) -> Bool {
        (1...8).contains(name.count) && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }
}
