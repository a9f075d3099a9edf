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
        topology = t.name
        region = t.region
        strays = o.strays
        func row(_ key: String, _ kind: String, _ id: String?, _ state: String?, _ detail: String = "") {
            resources.append(Resource(key: key, kind: kind, id: id, state: id == nil ? "missing" : (state?.isEmpty == false ? state! : "present"),
                                      adopted: o.adopted.contains(key), detail: detail))
        }
        for v in t.vpcs {
            let vk = LogicalKey.vpc(v.name)
            row(vk, "vpc", o.vpcs[vk]?.id, o.vpcs[vk]?.state, o.vpcs[vk]?.cidrBlock ?? "")
            if v.internetGateway {
                let k = LogicalKey.internetGateway(v.name), igw = o.internetGateways[k]
                row(k, "internet-gateway", igw?.id, igw?.attachments.first?.state ?? "detached",
                    igw?.attachments.map { "attached to \($0.vpcId)" }.joined(separator: ", ") ?? "")
            }
            for s in v.subnets {
                let k = LogicalKey.subnet(v.name, s.name), sn = o.subnets[k]
                row(k, "subnet", sn?.id, sn?.state, [sn?.cidrBlock, sn?.availabilityZone].compactMap { $0 }.joined(separator: " "))
            }
            for r in v.routeTables {
                let k = LogicalKey.routeTable(v.name, r.name), rt = o.routeTables[k]
                row(k, "route-table", rt?.id, nil, rt.map { "\($0.routes.count) routes, \($0.associations.filter { !$0.main }.count) subnets, \($0.propagatingGateways.count) propagating" } ?? "")
            }
        }
        for g in t.vpnGateways {
            let k = LogicalKey.vpnGateway(g.name), vg = o.vpnGateways[k]
            row(k, "vpn-gateway", vg?.id, vg?.state, vg?.attachments.filter { $0.state != "detached" }.map { "\($0.state) to \($0.vpcId)" }.joined(separator: ", ") ?? "")
        }
        for c in t.customerGateways {
            let k = LogicalKey.customerGateway(c.name), cg = o.customerGateways[k]
            row(k, "customer-gateway", cg?.id, cg?.state, cg.map { "\($0.ipAddress ?? "?"), ASN \($0.bgpAsn.map(String.init) ?? "?")" } ?? "")
        }
        for g in t.transitGateways {
            let k = LogicalKey.transitGateway(g.name), tg = o.transitGateways[k]
            row(k, "transit-gateway", tg?.id, tg?.state, tg?.amazonSideAsn.map { "ASN \($0)" } ?? "")
            for r in g.routeTables {
                let rk = LogicalKey.tgwRouteTable(g.name, r.name), rt = o.tgwRouteTables[rk]
                row(rk, "transit-gateway-route-table", rt?.id, rt?.state,
                    rt == nil ? "" : "\(o.tgwAssociations[rk]?.count ?? 0) associated, \(o.tgwPropagations[rk]?.count ?? 0) propagating, \(o.tgwRoutes[rk]?.count ?? 0) static routes")
            }
            for a in g.attachments {
                let ak = LogicalKey.tgwAttachment(g.name, a.name), at = o.tgwAttachments[ak]
                row(ak, "transit-gateway-attachment", at?.id, at?.state, at.map { "\($0.resourceType ?? "") \($0.resourceId ?? "")" } ?? "")
            }
        }
        for c in t.vpnConnections {
            let k = LogicalKey.vpnConnection(c.name), vpn = o.vpnConnections[k]
            row(k, "vpn-connection", vpn?.id, vpn?.state, vpn.map { "\($0.routes.count) static routes" } ?? "")
            guard let vpn else { continue }
            let count = max(vpn.telemetry.count, vpn.tunnelOptions.count, 2)
            for i in 0..<count {
                let tel = i < vpn.telemetry.count ? vpn.telemetry[i] : nil
                let opt = i < vpn.tunnelOptions.count ? vpn.tunnelOptions[i] : nil
                tunnels.append(TunnelRow(connection: c.name, tunnel: i + 1, outsideIP: tel?.outsideIpAddress ?? opt?.outsideIpAddress,
                                         status: tel?.status, message: tel?.statusMessage, acceptedRoutes: tel?.acceptedRouteCount,
                                         lastChange: tel?.lastStatusChange))
            }
        }
    }
}
