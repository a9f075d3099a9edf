import CausewayCore

/// A device connected to a Client VPN endpoint: a remote user of the topology, or an anonymous
/// client at an address of the client CIDR (no public address, no groups).
public struct RemoteClient: Sendable, Hashable, Encodable {
    public var endpoint: String
    /// The user's name; nil for an anonymous client.
    public var user: String?
    /// The client's address in the client CIDR (AWS assigns it; causeway picks a stand-in).
    public var address: IPv4Address
    /// Where the user connects from (what the connect handler sees).
    public var publicIP: IPv4Address?
    public var groups: [String] = []

    /// `user:NAME` for a user, `cvpn:ENDPOINT/ADDRESS` for an anonymous client.
    public var name: String { user.map { "user:\($0)" } ?? "cvpn:\(endpoint)/\(address)" }
}

extension ClientVPNEndpoint {
    /// The stand-in client address of the user at `index`: AWS hands out addresses of the client
    /// CIDR as it likes; causeway gives the n-th user the (n + 2)-th address, so traces repeat.
    func standInAddress(user index: Int) -> IPv4Address { clientCIDR.address(index + 2) }

    func client(_ u: RemoteUser) -> RemoteClient {
        RemoteClient(endpoint: name, user: u.name, address: standInAddress(user: users.firstIndex(of: u) ?? 0), publicIP: u.publicIP, groups: u.groups)
    }
}

extension Simulation {
    /// Every remote user of every endpoint, in file order.
    public var remoteClients: [RemoteClient] {
        topology.clientVPNEndpoints.flatMap { e in e.users.map(e.client) }
    }

    /// The remote user `user` (of `endpoint`, or of the one endpoint that has a user so named).
    public func remoteClient(user: String, endpoint: String? = nil) throws(TraceError) -> RemoteClient {
        do {
            let (e, u) = try topology.remoteUser(user, endpoint: endpoint)
            return e.client(u)
        } catch { throw TraceError(error.description) }
    }

    /// The client at `address` when it lies in an endpoint's client CIDR: a named user when it is
    /// that user's stand-in address, else an anonymous client.
    public func remoteClient(address: IPv4Address) -> RemoteClient? {
        guard let e = topology.clientVPNEndpoints.first(where: { $0.clientCIDR.contains(address) }) else { return nil }
        if let u = e.users.first(where: { e.client($0).address == address }) { return e.client(u) }
        return RemoteClient(endpoint: e.name, user: nil, address: address, publicIP: nil)
    }
}

extension Simulation {
    /// The address of a named host, router or instance of the topology (for `trace --to NAME`).
    public func address(named name: String) throws(TraceError) -> IPv4Address {
        do { return try topology.address(named: name) } catch { throw TraceError(error.description) }
    }
}
