/// The resolve stage, after check: every effective value a later stage needs, decided once.
/// Which gateway and ASN the Amazon side of a connection has, which ASN a customer gateway
/// device speaks, what AWS sends a connection's traffic to, what a route's short-form target
/// (`vgw`, `tgw`, `nat`) means. The renderers, the simulator and the planner read these; none
/// of them decides them again.
public struct ResolvedNetwork: Sendable {
    public let topology: Topology
    public let connections: [String: ResolvedConnection]
    public let sites: [String: ResolvedSite]
    /// Every VPC route's target with its short form resolved, or why it does not resolve
    /// (check reported those), by the route's path.
    public let routeTargets: [String: RouteTargetResolution]
    /// Every virtual interface with its effective values, by name.
    public let virtualInterfaces: [String: ResolvedVirtualInterface]

    public init(_ t: Topology) {
        topology = t
        let index = TopologyIndex(t)
        var conns: [String: ResolvedConnection] = [:]
        for c in t.vpnConnections { conns[c.name] = ResolvedConnection(c, in: t, index) }
        connections = conns
        var sites: [String: ResolvedSite] = [:]
        for s in t.sites { sites[s.name] = ResolvedSite(s, in: t) }
        self.sites = sites
        var vifs: [String: ResolvedVirtualInterface] = [:]
        for v in t.virtualInterfaces { vifs[v.name] = ResolvedVirtualInterface(v, in: t, sites: sites) }
        virtualInterfaces = vifs
        var targets: [String: RouteTargetResolution] = [:]
        for v in t.vpcs {
            for rt in v.routeTables {
                for r in rt.routes { targets[r.path] = t.resolve(r.target, in: v) }
                for r in rt.prefixListRoutes { targets[r.path] = t.resolve(r.target, in: v) }
            }
        }
        routeTargets = targets
    }

    public func connection(_ name: String) -> ResolvedConnection? { connections[name] }
    public func site(_ name: String) -> ResolvedSite? { sites[name] }
    public func virtualInterface(_ name: String) -> ResolvedVirtualInterface? { virtualInterfaces[name] }
    /// The route's target with its short form resolved; nil when it does not resolve.
    public func target(of route: Route) -> RouteTarget? { routeTargets[route.path]?.target }
    /// A prefix-list route's target with its short form resolved; nil when it does not resolve.
    public func target(of route: PrefixListRoute) -> RouteTarget? { routeTargets[route.path]?.target }
    public func resolution(of route: PrefixListRoute) -> RouteTargetResolution {
        routeTargets[route.path] ?? .unresolved("route `\(route.path)` is not in a VPC route table of the topology")
    }
    /// The route's target resolved, or why it does not resolve.
    public func resolution(of route: Route) -> RouteTargetResolution {
        routeTargets[route.path] ?? .unresolved("route `\(route.path)` is not in a VPC route table of the topology")
    }
}

/// The Amazon side of a VPN connection.
public enum AmazonSide: Sendable, Hashable, CustomStringConvertible {
    case vpnGateway(String)
    /// The transit gateway, the connection's attachment on it and the route table that
    /// attachment is associated with (nil when the topology names none).
    case transitGateway(String, attachment: String?, associatedTable: String?)

    /// "virtual private gateway `vgw`" / "transit gateway `tgw`".
    public var description: String {
        switch self {
        case .vpnGateway(let n): return "virtual private gateway `\(n)`"
        case .transitGateway(let n, _, _): return "transit gateway `\(n)`"
        }
    }
}

/// One VPN connection with its effective values.
public struct ResolvedConnection: Sendable {
    public let name: String
    public let amazonSide: AmazonSide
    /// The Amazon side's ASN (the gateway's, AWS's default when it gives none).
    public let amazonASN: ASN
    /// The gateway the connection names exists in the topology (check reports it otherwise).
    public let amazonGatewayExists: Bool
    /// The ASN AWS expects from the customer gateway (its `bgp_asn`); nil when the topology
    /// names no such customer gateway (check reported it).
    public let customerGatewayASN: ASN?
    /// The site whose gateway device terminates the connection.
    public let site: String?
    /// The AWS-side prefixes the connection carries traffic to with every tunnel up, as the
    /// model states them: the traffic selector when narrowed, else the attached VPC's CIDRs
    /// (virtual private gateway), else the routes of the transit-gateway route table the VPN
    /// attachment is associated with (static routes to other attachments and what propagates
    /// into it). A static customer gateway routes these into its tunnels.
    public let awsPrefixes: [IPv4Prefix]
    /// An instance a ping across the connection can aim at: the first in a VPC it reaches.
    public let pingTarget: ResolvedInstance?

    init(_ c: VPNConnection, in t: Topology, _ index: TopologyIndex) {
        name = c.name
        switch c.gateway {
        case .vpnGateway(let n):
            amazonSide = .vpnGateway(n)
            amazonASN = t.vpnGateway(n)?.asn ?? .amazonDefault
            amazonGatewayExists = t.vpnGateway(n) != nil
        case .transitGateway(let n):
            let g = t.transitGateway(n)
            let att = g?.attachment(forVPN: c.name)
            amazonSide = .transitGateway(n, attachment: att?.name, associatedTable: att.flatMap { g?.associatedTable(of: $0.name)?.name })
            amazonASN = g?.asn ?? .amazonDefault
            amazonGatewayExists = g != nil
        }
        customerGatewayASN = t.customerGateway(c.customerGateway)?.asn
        site = t.site(of: c)?.name
        let reach = Self.awsPrefixes(c, in: t, index)
        awsPrefixes = reach
        // Membership by prefix length: one set probe per distinct length, not a scan of `reach`
        // per instance.
        var byLength: [Int: Set<UInt32>] = [:]
        for p in reach { byLength[p.length, default: []].insert(p.network.value) }
        var target: ResolvedInstance?
        search: for v in t.vpcs {
            for i in v.instances where byLength.contains(where: { $0.value.contains(i.address.value & IPv4Prefix.mask($0.key)) }) {
                target = ResolvedInstance(name: i.name, address: i.address)
                break search
            }
        }
        pingTarget = target
    }

    static func awsPrefixes(_ connection: VPNConnection, in t: Topology, _ index: TopologyIndex) -> [IPv4Prefix] {
        if connection.remoteNetworkCIDR != .any { return [connection.remoteNetworkCIDR] }
        switch connection.gateway {
        case .vpnGateway(let name):
            guard let vgw = t.vpnGateway(name), let vpc = t.attachedVPC(of: vgw) else { return [] }
            return vpc.cidrs
        case .transitGateway(let name):
            guard let tgw = t.transitGateway(name), let own = tgw.attachment(forVPN: connection.name),
                  let table = tgw.associatedTable(of: own.name) else { return [] }
            var out: [IPv4Prefix] = []
            for r in table.routes where !r.blackhole && r.attachment != own.name { out.append(r.destination) }
            for r in table.prefixListReferences where !r.blackhole && r.attachment != own.name {
                out += t.prefixList(r.prefixList)?.cidrs ?? []
            }
            for p in table.propagations where p != own.name {
                guard let a = tgw.attachment(p) else { continue }
                switch a.resource {
                case .vpc(let v, _):
                    if let vpc = index.vpc[v] { out += t.vpcs[vpc].cidrs }
                case .vpn(let other):
                    // Another site's VPN propagates what its gateway advertises (BGP) or the
                    // connection's static routes (Transit Gateway guide, "Route propagation":
                    // https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html).
                    guard let oc = index.connection[other].map({ t.vpnConnections[$0] }) else { continue }
                    if oc.routing == .static { out += oc.staticRoutes }
                    else if let s = t.site(of: oc), s.gateway != nil { out += ResolvedSite.advertised(s) }
                case .peering:
                    // A peering attachment propagates nothing (TGW guide, "Transit gateway peering attachments").
                    continue
                case .directConnectGateway(let d):
                    // What other sites send over transit virtual interfaces to the DX gateway
                    // (the connection's own site's prefixes come back only with its own AS in
                    // the path, which its router refuses).
                    let own = t.site(of: connection)?.name
                    for v in t.virtualInterfaces where v.dxGateway == d && v.type == .transit && v.site != own { out += t.advertised(over: v) }
                }
            }
            return out.uniqued().sorted()
        }
    }
}

/// Positions by name, so resolving a large topology does not scan its lists once per reference.
struct TopologyIndex {
    let vpc: [String: Int]
    let connection: [String: Int]
    init(_ t: Topology) {
        vpc = Dictionary(t.vpcs.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        connection = Dictionary(t.vpnConnections.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    }
}

/// An instance by name and address.
public struct ResolvedInstance: Sendable, Hashable {
    public let name: String
    public let address: IPv4Address
}

/// One site with its gateway device's effective values.
public struct ResolvedSite: Sendable {
    public let name: String
    /// The ASN the site's gateway device speaks: its own `asn`, else the ASN of the customer
    /// gateway of its first connection, else `unconnectedASN` (a device with no connection
    /// speaks to nobody; its files still need a number).
    public let deviceASN: ASN
    /// What the device advertises (BGP) or expects AWS to route to it (static): its
    /// `advertise:` list, else the site's CIDRs.
    public let advertise: [IPv4Prefix]
    /// The device's settings for every tunnel of the site's connections, in connection order
    /// then tunnel order: its own entry, else tunnel N's defaults (mark N·100, interface `vtiN`,
    /// the default metric, no prepending). The loader writes an entry for every tunnel, so the
    /// defaults serve topologies built in code.
    public let tunnels: [DeviceTunnel]

    /// The ASN of a gateway device that has neither its own nor a connection's.
    public static let unconnectedASN = ASN(65000)

    init(_ s: Site, in t: Topology) {
        name = s.name
        let conns = t.connections(of: s)
        let cgwASN = conns.first.flatMap { t.customerGateway($0.customerGateway)?.asn }
        deviceASN = s.gateway?.asn ?? cgwASN ?? Self.unconnectedASN
        advertise = Self.advertised(s)
        var tunnels: [DeviceTunnel] = []
        if let dev = s.gateway {
            for c in conns {
                for n in c.tunnels.map(\.index).sorted() {
                    tunnels.append(dev.tunnel(c.name, n)
                        ?? DeviceTunnel(path: "\(dev.path).tunnels", connection: c.name, index: n, mark: UInt32(n * 100), interface: "vti\(n)",
                                        metric: DeviceTunnel.defaultMetric(index: n, standby: false, staticRouting: c.routing == .static),
                                        asPathPrepend: 0))
                }
            }
        }
        self.tunnels = tunnels
    }

    /// The device's settings for tunnel `index` of `connection`.
    public func tunnel(_ connection: String, _ index: Int) -> DeviceTunnel? {
        tunnels.first { $0.connection == connection && $0.index == index }
    }

    static func advertised(_ s: Site) -> [IPv4Prefix] {
        guard let d = s.gateway, !d.advertise.isEmpty else { return s.cidrs }
        return d.advertise
    }
}
