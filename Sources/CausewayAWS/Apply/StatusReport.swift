import CausewayCore

/// The state of every resource a topology asks for, and of every tunnel as AWS sees it
/// (VgwTelemetry). Built from `ObservedState` without further calls.
public struct StatusReport: Sendable, Encodable {
    public struct Resource: Sendable, Encodable {
        public var key: String
        public var kind: String
        public var id: String?
        /// AWS's state, or `missing` when it does not exist.
        public var state: String
        public var adopted: Bool
        public var detail: String
    }
    public struct TunnelRow: Sendable, Encodable {
        public var connection: String
        public var tunnel: Int
        public var outsideIP: String?
        /// `UP`/`DOWN`, or nil when the endpoint gives no telemetry.
        public var status: String?
        public var message: String?
        public var acceptedRoutes: Int?
        public var lastChange: String?
    }

    public var topology: String
    public var region: String
    public var resources: [Resource] = []
    public var tunnels: [TunnelRow] = []
    public var strays: [Stray] = []

    /// How many resources the topology asks for that do not exist.
    public var missing: Int { resources.filter { $0.state == "missing" }.count }

    public init(topology t: Topology, observed o: ObservedState) {
        self.init(resources: AWSResources(t), observed: o)
    }

    /// One row per tagged resource of the description, in its order, and the tunnels of every
    /// VPN connection as AWS reports them.
    public init(resources d: AWSResources, observed o: ObservedState) {
        topology = d.topology
        region = d.region
        strays = o.strays
        func row(_ key: String, _ kind: ResourceKind, _ id: String?, _ state: String?, _ detail: String = "") {
            resources.append(Resource(key: key, kind: kind.rawValue, id: id, state: id == nil ? "missing" : (state?.isEmpty == false ? state! : "present"),
                                      adopted: o.adopted.contains(key), detail: detail))
        }
        for r in d.tagged {
            let k = r.key
            switch r.kind {
            case .vpc:
                row(k, .vpc, o.vpcs[k]?.id, o.vpcs[k]?.state, o.vpcs[k]?.cidrBlock ?? "")
            case .internetGateway:
                let igw = o.internetGateways[k]
                row(k, .internetGateway, igw?.id, igw?.attachments.first?.state ?? "detached",
                    igw?.attachments.map { "attached to \($0.vpcId)" }.joined(separator: ", ") ?? "")
            case .subnet:
                let sn = o.subnets[k]
                row(k, .subnet, sn?.id, sn?.state, [sn?.cidrBlock, sn?.availabilityZone].compactMap { $0 }.joined(separator: " "))
            case .routeTable:
                let rt = o.routeTables[k]
                row(k, .routeTable, rt?.id, nil, rt.map { "\($0.routes.count) routes, \($0.associations.filter { !$0.main }.count) subnets, \($0.propagatingGateways.count) propagating" } ?? "")
            case .vpnGateway:
                let vg = o.vpnGateways[k]
                row(k, .vpnGateway, vg?.id, vg?.state, vg?.attachments.filter { $0.state != "detached" }.map { "\($0.state) to \($0.vpcId)" }.joined(separator: ", ") ?? "")
            case .prefixList:
                let pl = o.prefixLists[k]
                row(k, .prefixList, pl?.id, pl?.state, pl.map { "\($0.addressFamily ?? "IPv4"), max \($0.maxEntries.map(String.init) ?? "?") entries" } ?? "")
            case .customerGateway:
                let cg = o.customerGateways[k]
                row(k, .customerGateway, cg?.id, cg?.state, cg.map { "\($0.ipAddress ?? "?"), ASN \($0.bgpAsn.map(String.init) ?? "?")" } ?? "")
            case .transitGateway:
                let tg = o.transitGateways[k]
                row(k, .transitGateway, tg?.id, tg?.state, tg?.amazonSideAsn.map { "ASN \($0)" } ?? "")
            case .tgwRouteTable:
                let rt = o.tgwRouteTables[k]
                row(k, .transitGatewayRouteTable, rt?.id, rt?.state,
                    rt == nil ? "" : "\(o.tgwAssociations[k]?.count ?? 0) associated, \(o.tgwPropagations[k]?.count ?? 0) propagating, \(o.tgwRoutes[k]?.count ?? 0) static routes")
            case .tgwVPCAttachment, .tgwVPNAttachment:
                let at = o.tgwAttachments[k]
                row(k, .transitGatewayAttachment, at?.id, at?.state, at.map { "\($0.resourceType ?? "") \($0.resourceId ?? "")" } ?? "")
            case .vpnConnection:
                let vpn = o.vpnConnections[k]
                row(k, .vpnConnection, vpn?.id, vpn?.state, vpn.map { "\($0.routes.count) static routes" } ?? "")
                guard let vpn else { continue }
                let count = max(vpn.telemetry.count, vpn.tunnelOptions.count, 2)
                for i in 0..<count {
                    let tel = i < vpn.telemetry.count ? vpn.telemetry[i] : nil
                    let opt = i < vpn.tunnelOptions.count ? vpn.tunnelOptions[i] : nil
                    tunnels.append(TunnelRow(connection: r.name, tunnel: i + 1, outsideIP: tel?.outsideIpAddress ?? opt?.outsideIpAddress,
                                             status: tel?.status, message: tel?.statusMessage, acceptedRoutes: tel?.acceptedRouteCount,
                                             lastChange: tel?.lastStatusChange))
                }
            default:
                continue
            }
        }
        resources += Self.dnsRows(d, o)
        resources += Self.clientVPNRows(d, o)
    }
}
