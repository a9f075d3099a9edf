import CausewayCore
import CausewaySim

extension Builder {
    /// Security groups as nftables in the VPC namespace: stateful, allow-only, per instance (and
    /// Resolver endpoint interface) that has groups (an instance without groups, or a test address, allows everything, as the
    /// simulator treats it).
    mutating func securityGroups(_ v: VPC, _ n: String) {
        var input: [String] = [], output: [String] = []
        func peers(_ p: SecurityGroupPeer) -> [String] {
            switch p {
            case .cidr(let c): return [c == .any ? "" : "\(c)"]
            case .securityGroup(let g):
                // A Client VPN endpoint's interfaces carry its groups too (the simulator's stand-in addresses).
                let endpoints = topology.clientVPNEndpoints.filter { $0.vpc == v.name && $0.securityGroups.contains(g) }
                return v.instances.filter { $0.securityGroups.contains(g) }.map { "\($0.address)" }
                    + podInterfaces(v).filter { $0.groups.contains(g) }.map { "\($0.address)" }
                    + endpoints.flatMap { $0.targetNetworks.compactMap { v.subnet($0.subnet)?.clientVPNInterface.description } }
            }
        }
        func match(_ r: SecurityGroupRule) -> String {
            switch r.protocol {
            case .all: return ""
            case .icmp: return " meta l4proto icmp"
            case .tcp, .udp:
                let p = r.protocol.rawValue
                guard let ports = r.ports else { return " meta l4proto \(p)" }
                return ports.lowerBound == ports.upperBound ? " \(p) dport \(ports.lowerBound)" : " \(p) dport \(ports.lowerBound)-\(ports.upperBound)"
            }
        }
        // Instances, the Resolver endpoints' interfaces (`LabDNS`) and EKS pods (`LabEKS`).
        for (address, names) in v.instances.map({ ($0.address, $0.securityGroups) }) + dnsInterfaces(v) + podInterfaces(v) where !names.isEmpty {
            let groups = names.compactMap { v.securityGroup($0) }
            for g in groups {
                for r in g.ingress {
                    for p in peers(r.peer) { input.append("ip daddr \(address)\(p.isEmpty ? "" : " ip saddr \(p)")\(match(r)) accept") }
                }
                for r in g.egress {
                    for p in peers(r.peer) { output.append("ip saddr \(address)\(p.isEmpty ? "" : " ip daddr \(p)")\(match(r)) accept") }
                }
            }
            input.append("ip daddr \(address) drop")
            output.append("ip saddr \(address) drop")
        }
        guard !input.isEmpty else { return }
        let stateful = "ct state established,related accept"
        let text = NFTables.table("causeway_sg", [
            ("input", ["type filter hook input priority 0; policy accept;", stateful], input),
            ("output", ["type filter hook output priority 0; policy accept;", stateful], output),
        ])
        let path = "\(dir(String(n.dropFirst("cw-\(name)-".count))))/security-groups.nft"
        files.append(LabFile(path: path, contents: text, mode: 0o644))
        afterCharons.append(["ip", "netns", "exec", n, "nft", "-f", path])
    }
}

/// nftables text for the lab's files.
enum NFTables {
    /// A table of the `inet` family: each chain's header lines, then its rules.
    static func table(_ name: String, _ chains: [(name: String, header: [String], rules: [String])]) -> String {
        var l = ["table inet \(name) {"]
        for c in chains {
            l.append("    chain \(c.name) {")
            l += (c.header + c.rules).map { "        " + $0 }
            l.append("    }")
        }
        return (l + ["}", ""]).joined(separator: "\n")
    }
}
