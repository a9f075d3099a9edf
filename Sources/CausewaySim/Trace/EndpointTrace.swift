import CausewayCore
import Foundation

extension Simulation {
    /// The address a destination names.
    public func address(of destination: TraceDestination) throws(TraceError) -> IPv4Address {
        switch destination {
        case .address(let a): a
        case .named(let n): try address(named: n)
        }
    }

    /// The address a source sends from: a Client VPN user's stand-in address, a pod's address in
    /// its node group's subnet, a host's address.
    public func address(of source: TraceSource) throws(TraceError) -> IPv4Address {
        switch source {
        case .address(let a): return a
        case .named(let n): return try address(named: n)
        case .user(let name, let endpoint): return try remoteClient(user: name, endpoint: endpoint).address
        case .pod(let c, let g, let s):
            do { return try topology.podAddress(cluster: c, nodeGroup: g, subnet: s) } catch { throw TraceError(error.description) }
        }
    }

    /// Traces from a source as `trace --from` names it to a destination as `--to` names it: a
    /// Client VPN user (or an address in a client CIDR) connects at `at` first.
    public func trace(from source: TraceSource, to destination: TraceDestination, protocol proto: IPProtocol = .icmp, port: Int? = nil,
                      at: Date) throws(TraceError) -> TraceResult {
        let to = try address(of: destination)
        switch source {
        case .user(let name, let endpoint):
            return try trace(from: try remoteClient(user: name, endpoint: endpoint), to: to, protocol: proto, port: port, at: at)
        case .address(let a):
            if let c = remoteClient(address: a) { return try trace(from: c, to: to, protocol: proto, port: port, at: at) }
            return try trace(from: a, to: to, protocol: proto, port: port)
        case .named, .pod:
            return try trace(from: try address(of: source), to: to, protocol: proto, port: port)
        }
    }
}
