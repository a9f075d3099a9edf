import CausewayCore
import CausewayRender

/// What a site's customer-gateway host should run, read from the render's own view of the
/// device (`GatewayPlan`): the same tunnels, interfaces, addresses, ASNs and prefixes the
/// rendered files configure, so doctor never decides them a second time.
public struct GatewayExpectation: Sendable {
    public struct Tunnel: Sendable {
        /// `vpn/1`.
        public var key: String
        /// The IPsec connection name the renderers give it (`vpn-tunnel1`).
        public var name: String
        public var connection: String
        public var index: Int
        public var interface: String
        /// AWS's outside address as the topology (or its deployed facts) has it.
        public var outsideIP: String?
        public var customerInside: InterfaceAddress?
        public var awsInside: IPv4Address?
        public var amazonASN: ASN
        public var location: SourceLocation
    }

    public var site: String
    public var ipsec: IPsecImplementation
    public var routing: RoutingMode
    public var localASN: ASN
    public var uplink: String
    public var lanInterface: String?
    public var tunnelMTU: Int
    public var tunnels: [Tunnel]
    /// AWS-side prefixes the tunnels should bring (the connections' own).
    public var awsPrefixes: [IPv4Prefix]
    /// What the device advertises over BGP.
    public var advertise: [IPv4Prefix]
    /// The device's node in the topology file.
    public var location: SourceLocation

    public init(site: Site, in topology: Topology, resolved: ResolvedNetwork? = nil) throws {
        let plan = try GatewayPlan(site: site, in: topology, context: RenderContext(resolved: resolved ?? ResolvedNetwork(topology)))
        self.site = site.name
        ipsec = plan.device.ipsec
        routing = plan.routing
        localASN = plan.asn
        uplink = plan.device.uplink
        lanInterface = plan.device.lanInterface
        tunnelMTU = plan.device.tunnelMTU
        tunnels = plan.tunnels.map { t in
            Tunnel(key: t.key, name: t.name, connection: t.connection, index: t.index, interface: t.device.interface,
                   outsideIP: t.outsideIP?.description,
                   customerInside: zip(t.customerInsideAddress, t.insideCIDR).map { InterfaceAddress(address: $0, length: $1.length) },
                   awsInside: t.awsInsideAddress, amazonASN: t.amazonASN, location: topology.locate(t.path))
        }
        awsPrefixes = Array(Set(plan.tunnels.flatMap(\.awsPrefixes))).sorted()
        advertise = plan.advertise
        location = topology.locate(plan.device.path)
    }

    /// The interfaces whose reverse-path filter and redirects matter: the tunnels and the uplink.
    var routedInterfaces: [String] { tunnels.map(\.interface) + [uplink] }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
