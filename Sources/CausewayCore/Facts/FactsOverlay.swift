/// Puts deployed facts onto a loaded topology: what AWS chose (outside addresses, inside CIDRs)
/// replaces what the file says or leaves open, so renderers configure the customer gateway for
/// the tunnels that really exist. Pure: the command line reads the files.
public enum FactsOverlay {
    /// A value the overlay changed, for the user to see (the file said something else).
    public struct Change: Sendable, Equatable, CustomStringConvertible {
        /// `connection/tunnel`.
        public var tunnel: String
        public var field: String
        /// nil when the topology left the value to AWS.
        public var topology: String?
        public var deployed: String
        public var description: String {
            "\(tunnel) \(field): \(deployed) from AWS" + (topology.map { " (the topology says \($0))" } ?? "")
        }
    }

    /// The topology with the facts applied, and the values that changed. Connections and tunnels
    /// the facts do not mention stay as they are; unparsable addresses in the facts are skipped.
    public static func apply(_ facts: DeployedFacts, to topology: Topology) -> (topology: Topology, changes: [Change]) {
        var t = topology
        var changes: [Change] = []
        for ci in t.vpnConnections.indices {
            guard let cf = facts.connection(t.vpnConnections[ci].name) else { continue }
            let name = t.vpnConnections[ci].name
            for ti in t.vpnConnections[ci].tunnels.indices {
                var tunnel = t.vpnConnections[ci].tunnels[ti]
                guard let tf = cf.tunnel(tunnel.index) else { continue }
                if let ip = OuterAddress(tf.awsOutsideIP), tunnel.outsideIP != ip {
                    changes.append(Change(tunnel: "\(name)/\(tunnel.index)", field: "outside address",
                                          topology: tunnel.outsideIP?.description, deployed: ip.description))
                    tunnel.outsideIP = ip
                }
                if let cidr = IPv4Prefix(tf.insideCIDR), tunnel.insideCIDR != cidr {
                    changes.append(Change(tunnel: "\(name)/\(tunnel.index)", field: "inside CIDR",
                                          topology: tunnel.insideCIDR?.description, deployed: cidr.description))
                    tunnel.insideCIDR = cidr
                }
                t.vpnConnections[ci].tunnels[ti] = tunnel
            }
        }
        return (t, changes)
    }
}
