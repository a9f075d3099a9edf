import CausewayCore
import Foundation

/// One remote user to one named network, through the user's Client VPN endpoint.
public struct RemoteUserMatrixEntry: Sendable, Encodable, Hashable {
    /// `user:NAME`.
    public var from: String
    public var endpoint: String
    public var to: String
    public var reachable: Bool
    public var reason: DropReason?
    public var detail: String?
}

extension Simulation {
    /// Every remote user to every named network (ICMP, request and reply) at `date`, the connect
    /// handler's clock: the matrix's rows for remote users.
    public func remoteUserMatrix(at date: Date, networks: [NamedNetwork]? = nil) -> [RemoteUserMatrixEntry] {
        let nets = networks ?? namedNetworks()
        let f = fabric
        return remoteClients.flatMap { c in
            nets.compactMap { n -> RemoteUserMatrixEntry? in
                guard let dst = f.resolve(n.representative) else { return nil }
                let v = verdict(c, to: n.representative, dst, at: date)
                return RemoteUserMatrixEntry(from: c.name, endpoint: c.endpoint, to: n.name, reachable: v.reachable, reason: v.reason, detail: v.detail)
            }
        }
    }
}
