import CausewayCore

/// Computes the control plane: tunnels, BGP sessions, then every table in dependency order
/// (VGWs and TGW tables from what the customer gateways send, VPC tables from the VGWs, the
/// customer gateways from what AWS sends, LAN routers from the customer gateways).
///
/// One file per step: `Indexing` (nodes and lookups), `Tunnels` (IKE negotiation),
/// `BGPSessions` (sessions and what crosses them), `AWSDecisions` (names, ASNs and
/// advertisements resolved from the topology), then one per node kind's table:
/// `VirtualPrivateGateways`, `TransitGatewayRouteTables`, `VPCRouteTables`,
/// `CustomerGateways`, `LANRouters`; `Selection` picks each table's routes.
struct Converger {
    /// The resolve stage's decisions (ASNs, route targets); `t` is its topology.
    let r: ResolvedNetwork
    let t: Topology
    let failures: Set<Failure>
    var f = Fabric()

    var vpcIndex: [String: VPCIndex] = [:]
    var siteIndex: [String: SiteIndex] = [:]
    var connIndex: [String: ConnIndex] = [:]
    var vgwNode: [String: NodeIndex] = [:]
    var tgwIndex: [String: TGWIndex] = [:]
    /// TGW name → table name → node.
    var tgwTableNode: [String: [String: NodeIndex]] = [:]
    /// VPC index → its tables' nodes by table name.
    var vpcTableNode: [[String: NodeIndex]] = []
    var vpcMainTable: [NodeIndex] = []
    /// VGW name → attached VPC (after failures); absent when detached.
    var vgwAttached: [String: VPCIndex] = [:]
    var sessionIndex: [TunnelRef: Int] = [:]
    var tunnelIndex: [TunnelRef: Int] = [:]
    var vifIndex: [String: VIFIndex] = [:]
    /// `customerRoutes` per connection, computed once (a VPN attachment propagates into many tables).
    var customerRouteCache: [String: [SimRoute]] = [:]

    init(resolved: ResolvedNetwork, failures: Set<Failure>) {
        r = resolved
        t = resolved.topology
        self.failures = failures
    }

    mutating func run() -> Fabric {
        indexNodes()
        evaluateTunnels()
        evaluateVirtualInterfaces()
        for g in t.vpnGateways { buildVGW(g) }
        for g in t.transitGateways { buildTGW(g) }
        for (vi, v) in t.vpcs.enumerated() { buildVPC(VPCIndex(vi), v) }
        resolveConnections()
        for (si, s) in t.sites.enumerated() where s.gateway != nil { buildCGW(SiteIndex(si), s) }
        for (si, s) in t.sites.enumerated() { buildRouters(SiteIndex(si), s) }
        fillSessionAdvertisements()
        return f
    }

    mutating func addNode(_ table: RoutingTable, _ kind: FabricNode.Kind) -> NodeIndex {
        let i = f.nodes.nextSlot
        f.nodes.append(FabricNode(table: table, kind: kind))
        f.nodeIndex[table.id] = i
        return i
    }

    /// A note on a node's table.
    mutating func note(_ node: NodeIndex, _ text: String) {
        f.nodes[node].table.notes.append(text)
    }
}
