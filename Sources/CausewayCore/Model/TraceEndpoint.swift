/// What `trace --from` names: an address, a host of the topology, a Client VPN remote user, or
/// an EKS pod. `trace`, `expect:` intents and the lab read it from the same text.
public enum TraceSource: Sendable, Hashable, CustomStringConvertible, EncodesAsDescription {
    case address(IPv4Address)
    /// `user:NAME`, or `cvpn:ENDPOINT/USER`.
    case user(String, endpoint: String?)
    /// A host, router or instance of the topology.
    case named(String)
    /// `pod:CLUSTER/NODEGROUP[/SUBNET]`: a pod of an EKS managed node group.
    case pod(cluster: String, nodeGroup: String, subnet: String?)

    public init?(_ argument: String) {
        if argument.hasPrefix("pod:") {
            let parts = argument.dropFirst(4).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard (2...3).contains(parts.count), !parts.contains(where: \.isEmpty) else { return nil }
            self = .pod(cluster: parts[0], nodeGroup: parts[1], subnet: parts.count == 3 ? parts[2] : nil)
        } else if argument.hasPrefix("user:") {
            let n = String(argument.dropFirst(5))
            guard !n.isEmpty else { return nil }
            self = .user(n, endpoint: nil)
        } else if argument.hasPrefix("cvpn:") {
            let rest = argument.dropFirst(5)
            guard let slash = rest.firstIndex(of: "/"), slash != rest.startIndex, rest.index(after: slash) != rest.endIndex else { return nil }
            self = .user(String(rest[rest.index(after: slash)...]), endpoint: String(rest[..<slash]))
        } else if let a = IPv4Address(argument) {
            self = .address(a)
        } else {
            guard !argument.isEmpty else { return nil }
            self = .named(argument)
        }
    }

    /// The text that names it (what `init` reads).
    public var description: String {
        switch self {
        case .address(let a): a.description
        case .user(let n, nil): "user:\(n)"
        case .user(let n, let e?): "cvpn:\(e)/\(n)"
        case .named(let n): n
        case .pod(let c, let g, let s): "pod:\(c)/\(g)\(s.map { "/\($0)" } ?? "")"
        }
    }
}

/// What `trace --to` names: an address, or a host, router or instance of the topology.
public enum TraceDestination: Sendable, Hashable, CustomStringConvertible, EncodesAsDescription {
    case address(IPv4Address)
    case named(String)

    public init?(_ argument: String) {
        if let a = IPv4Address(argument) { self = .address(a) } else if !argument.isEmpty { self = .named(argument) } else { return nil }
    }

    public var description: String {
        switch self {
        case .address(let a): a.description
        case .named(let n): n
        }
    }
}

/// A name that `trace` cannot start from or go to.
public struct EndpointError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension Topology {
    /// The address of a named host, router or instance of the topology (`trace --to NAME`).
    public func address(named name: String) throws(EndpointError) -> IPv4Address {
        var found: [IPv4Address] = []
        for s in sites {
            found += s.hosts.filter { $0.name == name }.map { $0.address }
            found += s.routers.filter { $0.name == name }.map { $0.address }
        }
        for v in vpcs { found += v.instances.filter { $0.name == name }.map { $0.address } }
        guard let a = found.first else { throw EndpointError("`\(name)` is neither an address nor a host, router or instance of the topology") }
        guard Set(found).count == 1 else {
            let all = found.map { $0.description }.joined(separator: ", ")
            throw EndpointError("`\(name)` names several hosts or instances (\(all)); write the address")
        }
        return a
    }

    /// A pod source's address (VPC CNI: an address of its node group's subnet); an unknown pod is
    /// named with the node groups the topology has.
    public func podAddress(cluster c: String, nodeGroup g: String, subnet s: String?) throws(EndpointError) -> IPv4Address {
        if let a = podSource(cluster: c, nodeGroup: g, subnet: s) { return a }
        let known = eksClusters.flatMap { c in c.nodeGroups.map { "pod:\(c.name)/\($0.name) (subnets \($0.subnets.joined(separator: ", ")))" } }
        throw EndpointError("no pod source pod:\(c)/\(g)\(s.map { "/\($0)" } ?? ""); the topology's node groups: \(known.isEmpty ? "none" : known.joined(separator: "; "))")
    }

    /// The endpoint and user a `user:`/`cvpn:` source names (the one endpoint with such a user
    /// when none is written).
    public func remoteUser(_ user: String, endpoint: String?) throws(EndpointError) -> (ClientVPNEndpoint, RemoteUser) {
        if let endpoint {
            guard let e = clientVPNEndpoint(endpoint) else {
                throw EndpointError("no Client VPN endpoint `\(endpoint)` (endpoints: \(clientVPNEndpoints.map(\.name).joined(separator: ", ")))")
            }
            guard let u = e.user(user) else {
                throw EndpointError("Client VPN endpoint `\(endpoint)` has no user `\(user)` (users: \(e.users.map(\.name).joined(separator: ", ")))")
            }
            return (e, u)
        }
        let found = clientVPNEndpoints.compactMap { e in e.user(user).map { (e, $0) } }
        guard found.count == 1 else {
            if found.isEmpty {
                throw EndpointError("no Client VPN endpoint has a user `\(user)` (users: \(clientVPNEndpoints.flatMap { $0.users.map(\.name) }.joined(separator: ", ")))")
            }
            throw EndpointError("user `\(user)` is a user of several endpoints (\(found.map(\.0.name).joined(separator: ", "))); write cvpn:ENDPOINT/\(user)")
        }
        return found[0]
    }
}
