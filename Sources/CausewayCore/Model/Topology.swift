/// A whole hybrid network: on-premises sites, VPCs, gateways and VPN connections, named in
/// AWS's own words. Produced by `Loader`, read by the checker, the simulator and the renderers.
/// Collections keep the file's order; names are unique within each collection.
public struct Topology: Sendable, Encodable {
    public var name: String
    public var region: String
    /// `account_id`: the AWS account the topology is applied in (checks that it shares nothing with itself).
    public var accountID: AWSAccountID?
    public var sites: [Site] = []
    public var vpcs: [VPC] = []
    public var vpnGateways: [VirtualPrivateGateway] = []
    public var transitGateways: [TransitGateway] = []
    public var customerGateways: [CustomerGateway] = []
    public var vpnConnections: [VPNConnection] = []
    @OmittedWhenEmpty public var prefixLists: [ManagedPrefixList] = []
    @OmittedWhenEmpty public var vpcPeerings: [VPCPeering] = []
    @OmittedWhenEmpty public var transitGatewayPeerings: [TransitGatewayPeering] = []
    /// Direct Connect gateways and the virtual interfaces to them (`dx_gateways`, `virtual_interfaces`).
    @OmittedWhenEmpty public var dxGateways: [DirectConnectGateway] = []
    @OmittedWhenEmpty public var virtualInterfaces: [VirtualInterface] = []
    /// Route 53 Resolver endpoints and rules, hosted zones (`dns:`).
    @OmittedWhenEmpty public var dns = HybridDNS()
    /// Route 53 health checks and Amazon EFS file systems (`health_checks`, `file_systems`).
    @OmittedWhenEmpty public var healthChecks: [HealthCheck] = []
    /// Route 53 health check sources in VPCs, for PRIVATE health checks (`health_check_sources`).
    @OmittedWhenEmpty public var healthCheckSources: [HealthCheckSource] = []
    @OmittedWhenEmpty public var fileSystems: [FileSystem] = []
    /// Amazon EKS clusters with their node groups and add-ons (`eks_clusters`).
    @OmittedWhenEmpty public var eksClusters: [EKSCluster] = []
    /// AWS Client VPN endpoints (`client_vpn_endpoints`).
    @OmittedWhenEmpty public var clientVPNEndpoints: [ClientVPNEndpoint] = []
    /// What the author expects of the network (`expect:`), run by `causeway test` and `lab test`.
    @OmittedWhenEmpty public var intents: [Intent] = []
    /// Sections reserved for later issues: kept, not modelled yet (none today).
    public var reserved: [String] = []
    /// Where every value came from.
    public var sourceMap: SourceMap

    enum CodingKeys: String, CodingKey {
        case name, region, sites, vpcs
        case accountID = "account_id"
        case vpnGateways = "vpn_gateways", transitGateways = "transit_gateways"
        case customerGateways = "customer_gateways", vpnConnections = "vpn_connections", reserved
        case prefixLists = "prefix_lists", vpcPeerings = "vpc_peerings", transitGatewayPeerings = "transit_gateway_peerings"
        case dxGateways = "dx_gateways", virtualInterfaces = "virtual_interfaces", dns
        case healthChecks = "health_checks", fileSystems = "file_systems"
        case healthCheckSources = "health_check_sources", clientVPNEndpoints = "client_vpn_endpoints"
        case eksClusters = "eks_clusters"
        case intents = "expect"
    }

    // MARK: lookups by name

    public func site(_ name: String) -> Site? { sites.first { $0.name == name } }
    public func vpc(_ name: String) -> VPC? { vpcs.first { $0.name == name } }
    public func vpnGateway(_ name: String) -> VirtualPrivateGateway? { vpnGateways.first { $0.name == name } }
    public func transitGateway(_ name: String) -> TransitGateway? { transitGateways.first { $0.name == name } }
    public func customerGateway(_ name: String) -> CustomerGateway? { customerGateways.first { $0.name == name } }
    public func vpnConnection(_ name: String) -> VPNConnection? { vpnConnections.first { $0.name == name } }
    public func dxGateway(_ name: String) -> DirectConnectGateway? { dxGateways.first { $0.name == name } }
    public func virtualInterface(_ name: String) -> VirtualInterface? { virtualInterfaces.first { $0.name == name } }
    public func healthCheck(_ name: String) -> HealthCheck? { healthChecks.first { $0.name == name } }
    public func fileSystem(_ name: String) -> FileSystem? { fileSystems.first { $0.name == name } }
    public func healthCheckSource(_ name: String) -> HealthCheckSource? { healthCheckSources.first { $0.name == name } }
    public func eksCluster(_ name: String) -> EKSCluster? { eksClusters.first { $0.name == name } }
    /// Virtual interfaces whose BGP runs on a site's router, in file order.
    public func virtualInterfaces(of site: Site) -> [VirtualInterface] { virtualInterfaces.filter { $0.site == site.name } }

    /// The location of a model path in the file.
    public func locate(_ path: String) -> SourceLocation { sourceMap.locate(path) }

    /// VPN connections that end on a site's customer gateway device, in file order.
    public func connections(of site: Site) -> [VPNConnection] {
        let cgws = Set(customerGateways.filter { $0.site == site.name }.map(\.name))
        return vpnConnections.filter { cgws.contains($0.customerGateway) }
    }

    /// Whether the site's gateway spreads traffic over equal BGP paths from AWS (FRR
    /// `maximum-paths`): a BGP device with active-active tunnels and a connection ending on a
    /// transit gateway with VPN ECMP support on, which spreads its own traffic over the tunnels
    /// the same way (Transit Gateway guide, "Equal Cost Multipath routing"). A virtual private
    /// gateway uses one tunnel at a time; an active-standby device keeps tunnel 2 idle.
    public func customerECMP(_ site: Site) -> Bool {
        guard let d = site.gateway, d.routing == .bgp, d.redundancy == .activeActive else { return false }
        return connections(of: site).contains { c in
            guard c.routing == .bgp, case .transitGateway(let g) = c.gateway else { return false }
            return transitGateway(g)?.vpnECMP ?? false
        }
    }

    /// Whether two sites are gateways of one on-premises network (both name the same
    /// `network`): their address spaces may overlap, and traffic reaching either device reaches
    /// the network.
    public func sameNetwork(_ a: Site, _ b: Site) -> Bool {
        a.name == b.name || (a.network != nil && a.network == b.network)
    }

    /// The other sites of a site's on-premises network, in file order.
    public func joinedSites(of site: Site) -> [Site] {
        guard let n = site.network else { return [] }
        return sites.filter { $0.network == n && $0.name != site.name }
    }

    /// The site whose device a VPN connection ends on, if the customer gateway names one.
    public func site(of connection: VPNConnection) -> Site? {
        customerGateway(connection.customerGateway).flatMap { $0.site }.flatMap { site($0) }
    }

    /// The VPC a virtual private gateway is attached to.
    public func attachedVPC(of vgw: VirtualPrivateGateway) -> VPC? { vgw.attachedTo.flatMap { vpc($0) } }
}
