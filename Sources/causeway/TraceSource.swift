import ArgumentParser
import CausewayCore

/// What `trace --from` takes: an address, or a pod of an EKS managed node group
/// (`pod:CLUSTER/NODEGROUP`, or `pod:CLUSTER/NODEGROUP/SUBNET` for one of its subnets), traced
/// from the address the topology gives a pod there.
enum TraceSource: ExpressibleByArgument {
    case address(IPv4Address)
    case pod(cluster: String, nodeGroup: String, subnet: String?)

    init?(argument: String) {
        if let a = IPv4Address(argument) {
            self = .address(a)
            return
        }
        guard argument.hasPrefix("pod:") else { return nil }
        let parts = argument.dropFirst(4).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), !parts.contains(where: \.isEmpty) else { return nil }
        self = .pod(cluster: parts[0], nodeGroup: parts[1], subnet: parts.count == 3 ? parts[2] : nil)
    }

    struct Unknown: Error, CustomStringConvertible { let description: String }

    /// The source address in a topology; an unknown pod is named with what the topology has.
    func address(in t: Topology) throws -> IPv4Address {
        switch self {
        case .address(let a): return a
        case .pod(let c, let g, let s):
            if let a = t.podSource(cluster: c, nodeGroup: g, subnet: s) { return a }
            let known = t.eksClusters.flatMap { c in c.nodeGroups.map { "pod:\(c.name)/\($0.name) (subnets \($0.subnets.joined(separator: ", ")))" } }
            throw Unknown(description: "no pod source pod:\(c)/\(g)\(s.map { "/\($0)" } ?? ""); the topology's node groups: \(known.isEmpty ? "none" : known.joined(separator: "; "))")
        }
    }
}
