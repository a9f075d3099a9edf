import CausewayCore
import Foundation

/// How a remote client's packet gets into the VPC (AWS Client VPN administrator guide, "How AWS
/// Client VPN works", https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/how-it-works.html):
/// the connect handler admits the connection, the endpoint's route table picks an associated
/// subnet (longest prefix; AWS adds the VPC's CIDR per association), an authorization rule must
/// grant the destination, and the packet leaves the endpoint's interface in that subnet with its
/// source translated to the interface's address.
struct ClientVPNEntry: Sendable {
    var hops: [TraceHop] = []
    /// Where and why it stopped; nil when it left the endpoint.
    var drop: (reason: DropReason, detail: String)?
    /// The endpoint's interface the packet leaves from (its source after NAT).
    var interface: IPv4Address?
}

/// One route of an endpoint's route table, written or added by AWS.
public struct ClientVPNTableRoute: Sendable {
    public var destination: IPv4Prefix
    public var subnet: String
    public var addedByAWS: Bool
    var summary: String { "\(destination) → \(subnet)\(addedByAWS ? " (the VPC's route, added by AWS for the association)" : "")" }
}

extension ClientVPNEndpoint {
    /// The route table: the written routes, then the VPC's CIDRs through each association.
    public func routeTable(vpcCIDRs: [IPv4Prefix]) -> [ClientVPNTableRoute] {
        routes.map { ClientVPNTableRoute(destination: $0.destination, subnet: $0.targetSubnet, addedByAWS: false) }
            + targetNetworks.flatMap { tn in vpcCIDRs.map { ClientVPNTableRoute(destination: $0, subnet: tn.subnet, addedByAWS: true) } }
    }

    /// The routes of the longest prefix holding `a`, in table order (empty: no route).
    func bestRoutes(to a: IPv4Address, vpcCIDRs: [IPv4Prefix]) -> [ClientVPNTableRoute] {
        let matching = routeTable(vpcCIDRs: vpcCIDRs).filter { $0.destination.contains(a) }
        guard let longest = matching.map(\.destination.length).max() else { return [] }
        return matching.filter { $0.destination.length == longest }
    }

    /// Authorization: the rules of the longest prefix holding `a` decide; one of them must grant
    /// all users or one of `groups` (AWS Client VPN administrator guide, "Authorization rules":
    /// access is denied unless granted, and the longest prefix match takes precedence).
    func authorization(to a: IPv4Address, groups: [String]) -> (granted: Bool, detail: String) {
        let matching = authorizationRules.filter { $0.destination.contains(a) }
        guard let longest = matching.map(\.destination.length).max() else {
            return (false, "no authorization rule of cvpn:\(name) covers \(a) (rules: \(authorizationRules.map { $0.destination.description }.joined(separator: ", ")))")
        }
        let best = matching.filter { $0.destination.length == longest }
        if let r = best.first(where: { $0.allUsers || groups.contains($0.accessGroup ?? "") }) {
            return (true, "rule \(r.destination) grants \(r.accessGroup.map { "access group \($0)" } ?? "all users")")
        }
        let named = best.compactMap(\.accessGroup).joined(separator: ", ")
        return (false, "the most specific rule for \(a) (\(best[0].destination)) grants only access group \(named), and the client is in \(groups.isEmpty ? "no group" : groups.joined(separator: ", ")); the longest prefix match decides")
    }
}

extension Subnet {
    /// The stand-in address of a Client VPN endpoint's interface here: the last usable address
    /// (AWS chooses the real one).
    public var clientVPNInterface: IPv4Address { cidr.address(Int(cidr.size) - 2) }
}

extension Simulation {
    /// The remote client's packet from its device to the endpoint's interface in the VPC.
    func enter(_ c: RemoteClient, _ e: ClientVPNEndpoint, to dst: IPv4Address, _ proto: IPProtocol, _ port: Int?, at date: Date) -> ClientVPNEntry {
        var entry = ClientVPNEntry()
        let node = "cvpn:\(e.name)"
        func drop(_ hop: TraceHop, _ reason: DropReason, _ detail: String) -> ClientVPNEntry {
            entry.hops.append(hop)
            entry.drop = (reason, detail)
            return entry
        }
        if let u = c.user {
            entry.hops.append(TraceHop(node: "remote user \(u) \(c.address)", kind: .remoteUser, action: .send,
                                       detail: "connects from \(c.publicIP.map(\.description) ?? "?"); client address from \(e.clientCIDR): chosen by AWS, causeway uses \(c.address)"))
        } else {
            entry.hops.append(TraceHop(node: "client \(c.address) of \(node)", kind: .remoteUser, action: .send,
                                       detail: "an anonymous client: no public address, so no connect handler verdict"))
        }
        guard let vpc = topology.vpc(e.vpc), !e.targetNetworks.isEmpty else {
            return drop(TraceHop(node: node, kind: .clientVPNEndpoint, action: .drop, detail: "no associated subnet"), .noRoute,
                        "\(node) has no target network: no client can connect")
        }
        if let h = e.connectHandler, let ip = c.publicIP {
            let v = h.policy.verdict(sourceIP: ip, at: date)
            let hop = TraceHop(node: "handler \(h.functionName)", kind: .connectHandler, action: v.admitted ? .allow : .drop,
                               detail: "\(v.admitted ? "admitted" : "refused"): \(v.reason)")
            guard v.admitted else {
                return drop(hop, .connectionRefused, "the connect handler \(h.functionName) of \(node) refuses the connection: \(v.reason)\(h.policy.errorMessage.map { " (the client is told: \($0))" } ?? "")")
            }
            entry.hops.append(hop)
        }
        let best = e.bestRoutes(to: dst, vpcCIDRs: vpc.cidrs)
        guard let route = best.first else {
            let why = e.splitTunnel
                ? "split tunnel: \(node) pushes only its routes to the client, and none holds \(dst), so the client sends it to its own network, not through the VPN"
                : "\(node)'s route table has no route to \(dst)"
            return drop(TraceHop(node: "\(node) route table", kind: .clientVPNEndpoint, action: .drop, detail: why), .noRoute, why)
        }
        let others = best.dropFirst().map(\.subnet)
        entry.hops.append(TraceHop(node: "\(node) route table", kind: .clientVPNEndpoint, action: .forward, route: route.summary,
                                   detail: others.isEmpty ? nil : "also through \(others.joined(separator: ", ")): AWS uses the subnet of the client's connection; the trace follows the first"))
        let auth = e.authorization(to: dst, groups: c.groups)
        guard auth.granted else {
            return drop(TraceHop(node: "\(node) authorization", kind: .clientVPNEndpoint, action: .drop, detail: auth.detail), .notAuthorized,
                        "\(node) drops it, not authorized: \(auth.detail)")
        }
        entry.hops.append(TraceHop(node: "\(node) authorization", kind: .clientVPNEndpoint, action: .allow, detail: auth.detail))
        guard let subnet = vpc.subnet(route.subnet), let v = fabric.vpc(containing: subnet.clientVPNInterface) else {
            return drop(TraceHop(node: node, kind: .clientVPNEndpoint, action: .drop), .noRoute, "\(node) routes through subnet \(route.subnet), which VPC \(vpc.name) does not have")
        }
        let eni = subnet.clientVPNInterface
        entry.hops.append(TraceHop(node: "\(node) interface \(eni) (subnet \(vpc.name)/\(subnet.name))", kind: .clientVPNEndpoint, action: .forward,
                                   detail: "source NAT \(c.address) → \(eni): the interface's address is chosen by AWS; causeway uses \(eni)"))
        let p = Packet(src: eni, dst: dst, proto: proto, port: port, reply: false)
        if let (ok, groups) = fabric.groupsAllow(vpc: v, groups: e.securityGroups, ingress: false, p) {
            let hop = TraceHop(node: "sg \(groups)", kind: .securityGroup, action: ok ? .allow : .drop, detail: "egress of \(node)'s interfaces")
            guard ok else { return drop(hop, .sgDenied, "security group \(groups) of \(node) does not allow this traffic out") }
            entry.hops.append(hop)
        }
        entry.interface = eni
        return entry
    }

    /// Traces a packet from a remote client through its Client VPN endpoint at `date` (the
    /// connect handler's clock), and the reply back to the client.
    public func trace(from c: RemoteClient, to: IPv4Address, protocol proto: IPProtocol = .icmp, port: Int? = nil, at date: Date) throws(TraceError) -> TraceResult {
        guard let e = topology.clientVPNEndpoint(c.endpoint) else { throw TraceError("no Client VPN endpoint `\(c.endpoint)`") }
        guard fabric.resolve(to) != nil else { throw TraceError(unresolved(to)) }
        let entry = enter(c, e, to: to, proto, port, at: date)
        var notes = ["\(c.user.map { "remote user \($0)" } ?? "client \(c.address)") of cvpn:\(e.name) at \(ISO8601DateFormatter().string(from: date))"]
        guard let eni = entry.interface else {
            let drop = entry.drop ?? (.noRoute, "")
            return TraceResult(from: c.address, to: to, protocol: proto, port: port, reachable: false, delivered: false,
                               reason: drop.reason, detail: drop.detail, hops: entry.hops, returnHops: [], tunnels: [], returnTunnels: [],
                               asymmetric: false, notes: notes, failures: failures.sorted())
        }
        var r = try trace(from: eni, to: to, protocol: proto, port: port)
        r.from = c.address
        // The walk starts at the interface as a test host: its own send hop and note give way to the entry's.
        r.hops = entry.hops + r.hops.dropFirst()
        notes += r.notes.filter { !$0.hasPrefix("\(eni) ") }
        r.notes = notes
        if r.reachable, r.returnHops.last?.action == .deliver {
            r.returnHops.removeLast()
            r.returnHops.append(TraceHop(node: "cvpn:\(e.name) interface \(eni)", kind: .clientVPNEndpoint, action: .forward,
                                         detail: "reverse NAT \(eni) → \(c.address), over the VPN to the client"))
            r.returnHops.append(TraceHop(node: c.user.map { "remote user \($0) \(c.address)" } ?? "client \(c.address)", kind: .remoteUser, action: .deliver))
        }
        return r
    }

    /// The verdict for a remote client to `to` (the matrix's rows of remote users).
    func verdict(_ c: RemoteClient, to: IPv4Address, _ dst: Endpoint, at date: Date) -> Verdict {
        guard let e = topology.clientVPNEndpoint(c.endpoint) else {
            return Verdict(reachable: false, reason: .noRoute, detail: "no endpoint", tunnels: TunnelTrail(), returnTunnels: TunnelTrail())
        }
        let entry = enter(c, e, to: to, .icmp, nil, at: date)
        guard let eni = entry.interface, let src = fabric.resolve(eni) else {
            return Verdict(reachable: false, reason: entry.drop?.reason, detail: entry.drop?.detail, tunnels: TunnelTrail(), returnTunnels: TunnelTrail())
        }
        return verdict(eni, src, to, dst)
    }
}
