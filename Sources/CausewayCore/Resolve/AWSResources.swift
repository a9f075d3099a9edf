/// The AWS resources a topology wants, built once from the checked topology: one list, grouped
/// by owner (each VPC with its gateways, subnets and route tables; virtual private gateways;
/// customer gateways; transit gateways with their attachments and tables; VPN connections), in
/// topology order. The planner diffs it, the templates print it and the observed-state reader
/// takes its keys from it; none of them walks the topology's resource lists again.
public struct AWSResources: Sendable {
    public var topology: String
    public var region: String
    /// Where each resource's topology node is written (diagnostics about a resource point there).
    public var sourceMap: SourceMap
    public private(set) var resources: [AWSResource] = []
    /// The Route 53, Resolver, health check and EFS resources (Route53Resources.swift), each
    /// with the properties the templates print and apply creates from.
    public private(set) var route53: [Route53Resource] = []
    /// The Client VPN resources (ClientVPNResources.swift): certificates, connect handlers,
    /// endpoints and their associations, authorization rules and routes.
    public private(set) var clientVPN: [ClientVPNResource] = []
    private var index: [String: Int] = [:]

    public init(_ topology: Topology) {
        self.init(ResolvedNetwork(topology))
    }

    /// The description of a resolved network: route targets as the resolve stage decided them.
    public init(_ resolved: ResolvedNetwork) {
        let topology = resolved.topology
        self.topology = topology.name
        region = topology.region
        sourceMap = topology.sourceMap
        var b = AWSResourceBuilder(resolved: resolved, t: topology)
        b.build()
        for r in b.out { add(r) }
        route53 = Route53Resource.all(topology)
        clientVPN = ClientVPNResource.all(topology)
    }

    mutating func add(_ r: AWSResource) {
        guard index[r.key] == nil else { return }
        index[r.key] = resources.count
        resources.append(r)
    }

    public subscript(key: String) -> AWSResource? { index[key].map { resources[$0] } }
    /// The source location of the topology node a resource comes from — an EC2 resource, a Route 53
    /// one, or a step under one (a zone's extra VPC) — the file's start when the key is none of them.
    public func locate(_ key: String) -> SourceLocation {
        let path = self[key]?.path ?? route53(key)?.path ?? clientVPN(key)?.path ?? route53.first { key.hasPrefix($0.key + "/") }?.path
        return sourceMap.locate(path ?? "")
    }
    public var keys: [String] { resources.map(\.key) }
    /// Every resource of a kind, in order.
    public func all(_ kind: AWSResourceKind) -> [AWSResource] { resources.filter { $0.kind == kind } }
    /// The resources of a kind that belong to `parent`, in order.
    public func children(of parent: String, _ kind: AWSResourceKind) -> [AWSResource] {
        resources.filter { $0.parent == parent && $0.kind == kind }
    }
    /// The position of a resource in the description (its creation order).
    public func position(of key: String) -> Int? { index[key] }
    /// The keys of the tagged resources, and the AWS ids the topology adopts, by key.
    public var tagged: [AWSResource] { resources.filter { $0.kind.tagged != nil } }
}

/// Walks the topology once and makes every decision the consumers share.
struct AWSResourceBuilder {
    let resolved: ResolvedNetwork
    let t: Topology
    var out: [AWSResource] = []
    typealias K = LogicalKey

    mutating func add(_ key: String, _ names: [String], _ path: String, parent: String? = nil, adopted: String? = nil,
                      after deps: [String?] = [], _ p: AWSResourceProperties) {
        out.append(AWSResource(key: key, names: names, path: path, parent: parent, adoptedID: adopted,
                               dependsOn: deps.compactMap { $0 }, properties: p))
    }

    mutating func build() {
        for l in t.prefixLists {
            add(K.prefixList(l.name), [l.name], l.path, adopted: l.id, .prefixList(maxEntries: l.maxEntries, entries: l.entries))
        }
        for v in t.vpcs { vpc(v) }
        for p in t.vpcPeerings { vpcPeering(p) }
        for g in t.vpnGateways {
            let gk = K.vpnGateway(g.name)
            add(gk, [g.name], g.path, adopted: g.id, .vpnGateway(asn: g.asn))
            if let vpc = g.attachedTo {
                add(K.attachment(of: gk), [g.name], g.path, parent: gk, adopted: g.id, after: [gk, K.vpc(vpc)],
                    .vpnGatewayAttachment(vpnGateway: gk, vpc: K.vpc(vpc)))
            }
        }
        for c in t.customerGateways {
            let ip = c.ipAddress ?? c.site.flatMap { t.site($0)?.gateway?.publicIP }
            add(K.customerGateway(c.name), [c.name], c.path, adopted: c.id, .customerGateway(ip: ip, asn: c.asn, deviceName: c.deviceName))
        }
        for d in t.dxGateways { add(K.dxGateway(d.name), [d.name], d.path, adopted: d.id, .dxGateway(amazonSideASN: d.amazonSideASN)) }
        for g in t.transitGateways { transitGateway(g) }
        for c in t.vpnConnections { vpnConnection(c) }
        directConnect()
        for c in t.eksClusters { eksCluster(c) }
    }

    // MARK: Direct Connect

    /// A Direct Connect gateway's association with a gateway: a TGW's comes with the TGW (before
    /// the attachment AWS makes with it), a VGW's after every gateway.
    mutating func dxAssociation(_ d: DirectConnectGateway, _ a: DirectConnectGatewayAssociation) {
        let dk = K.dxGateway(d.name)
        let gk: String, gname: String
        switch a.gateway {
        case .vpnGateway(let n): (gk, gname) = (K.vpnGateway(n), n)
        case .transitGateway(let n): (gk, gname) = (K.transitGateway(n), n)
        }
        add(K.dxAssociation(d.name, gk), [d.name, gname], a.path, parent: dk, after: [dk, gk, a.gateway.vpnGateway.map { K.attachment(of: K.vpnGateway($0)) }],
            .dxGatewayAssociation(dxGateway: dk, gateway: gk, allowedPrefixes: a.allowedPrefixes))
    }

    mutating func directConnect() {
        for d in t.dxGateways {
            for a in d.associations where a.gateway.vpnGateway != nil { dxAssociation(d, a) }
        }
        for v in t.virtualInterfaces {
            guard let rv = resolved.virtualInterface(v.name) else { continue }
            let dk = K.dxGateway(v.dxGateway)
            add(K.virtualInterface(v.name), [v.name], v.path, adopted: v.id, after: [dk],
                .virtualInterface(AWSVirtualInterface(type: v.type, dxGateway: dk, vlan: v.vlan, bgpASN: rv.customerASN,
                                                      amazonAddress: v.amazonAddress, customerAddress: v.customerAddress)))
        }
    }

    // MARK: VPCs

    mutating func vpc(_ v: VPC) {
        let vk = K.vpc(v.name)
        add(vk, [v.name], v.path, adopted: v.id, .vpc(cidrs: v.cidrs, tags: v.tags))
        let igw = K.internetGateway(v.name)
        if v.internetGateway {
            add(igw, [v.name], v.path, parent: vk, after: [vk], .internetGateway(vpc: vk))
            add(K.attachment(of: igw), [v.name], v.path, parent: vk, adopted: v.id, after: [igw, vk],
                .internetGatewayAttachment(internetGateway: igw, vpc: vk))
        }
        for s in v.subnets {
            add(K.subnet(v.name, s.name), [v.name, s.name], s.path, parent: vk, adopted: s.id, after: [vk],
                .subnet(vpc: vk, cidr: s.cidr, zone: s.availabilityZone, tags: s.tags))
        }
        for n in v.natGateways {
            let sk = K.subnet(v.name, n.subnet), ia = v.internetGateway ? K.attachment(of: igw) : nil
            add(K.natGateway(v.name, n.name), [v.name, n.name], n.path, parent: vk, after: [sk, ia],
                .natGateway(vpc: vk, subnet: sk, internetGateway: v.internetGateway ? igw : nil))
        }
        let onMain = v.subnetsOnMainTable.map(\.name)
        for r in v.routeTables {
            let rk = K.routeTable(v.name, r.name)
            add(rk, [v.name, r.name], r.path, parent: vk, adopted: r.id, after: [vk], .routeTable(vpc: vk, main: r.main))
            for s in r.subnets {
                add(K.association(rk, s), [v.name, r.name, s], r.path, parent: rk, after: [rk, K.subnet(v.name, s)],
                    .subnetAssociation(table: rk, subnet: K.subnet(v.name, s), implicit: false))
            }
            for s in r.main ? onMain : [] {
                add(K.association(rk, s), [v.name, r.name, s], r.path, parent: rk, after: [rk, K.subnet(v.name, s)],
                    .subnetAssociation(table: rk, subnet: K.subnet(v.name, s), implicit: true))
            }
            for route in r.routes { self.route(route, in: v, table: rk, names: [v.name, r.name]) }
            for route in r.prefixListRoutes { prefixListRoute(route, in: v, table: rk, names: [v.name, r.name]) }
            for g in r.propagations {
                let gk = K.vpnGateway(g)
                let attached = t.vpnGateway(g)?.attachedTo != nil ? K.attachment(of: gk) : nil
                add(K.propagation(rk, g), [v.name, r.name, g], r.path, parent: rk, after: [rk, gk, attached],
                    .vgwPropagation(table: rk, vpnGateway: gk))
            }
        }
    }

    /// A route with its target as the resolve stage resolved it, and the attachment it waits
    /// for: a route to a gateway not yet attached to the VPC fails.
    mutating func route(_ route: Route, in v: VPC, table rk: String, names: [String]) {
        guard let to = target(resolved.resolution(of: route), written: route.target, from: v) else { return }
        let r = AWSRoute(vpc: K.vpc(v.name), table: rk, destination: route.destination, written: route.target, target: to.target,
                         targetKey: to.key, unresolved: to.unresolved)
        let dest = route.destination.description
        add(K.route(rk, dest), names + [dest], route.path, parent: rk, after: [rk, r.targetKey, to.via], .route(r))
    }

    /// A VPC route's target as the resolve stage resolved it (as written, with the reason, when it
    /// does not resolve), its logical key and the attachment the route waits for; nil for the
    /// local route, which is not created.
    func target(_ resolution: RouteTargetResolution, written: RouteTarget, from v: VPC)
        -> (target: RouteTarget, key: String?, unresolved: String?, via: String?)? {
        switch resolution {
        case .unresolved(let why): return (written, nil, why, nil)
        case .resolved(let target):
            guard let keys = Self.keys(of: target, from: v, t) else { return nil }
            return (target, keys.target, nil, keys.via)
        }
    }

    /// A resolved VPC route target's logical key and the attachment a route to it waits for
    /// (a route to a gateway not yet attached to the VPC fails); nil for the local route.
    static func keys(of target: RouteTarget, from v: VPC, _ t: Topology) -> (target: String?, via: String?)? {
        switch target {
        case .local: return nil
        case .internetGateway: return (K.internetGateway(v.name), K.attachment(of: K.internetGateway(v.name)))
        case .natGateway(let n): return (K.natGateway(v.name, n), nil)
        case .vpnGateway(let n): return (K.vpnGateway(n), t.vpnGateway(n)?.attachedTo != nil ? K.attachment(of: K.vpnGateway(n)) : nil)
        case .transitGateway(let n): return (K.transitGateway(n), t.transitGateway(n)?.attachment(forVPC: v.name).map { K.tgwAttachment(n, $0.name) })
        case .vpcPeering(let n): return (nil, K.vpcPeering(n))
        case .instance: return (nil, nil)
        }
    }

    // MARK: Transit gateways

    mutating func transitGateway(_ g: TransitGateway) {
        let gk = K.transitGateway(g.name)
        add(gk, [g.name], g.path, adopted: g.id, .transitGateway(AWSTransitGatewayOptions(
            asn: g.asn, defaultRouteTableAssociation: g.defaultRouteTableAssociation,
            defaultRouteTablePropagation: g.defaultRouteTablePropagation, vpnECMP: g.vpnECMP)))
        let defaultTable = g.defaultRouteTable
        for d in t.dxGateways {
            if let a = d.association(transitGateway: g.name) { dxAssociation(d, a) }
        }
        for a in g.attachments {
            let ak = K.tgwAttachment(g.name, a.name)
            switch a.resource {
            case .vpc(let vn, let subnets):
                // What AWS does by itself with a new attachment, and whether the topology wants it.
                let assoc = g.defaultRouteTableAssociation && (g.associatedTable(of: a.name)?.isDefault ?? false)
                let prop = g.defaultRouteTablePropagation && (defaultTable?.propagations.contains(a.name) ?? false)
                add(ak, [g.name, a.name], a.path, parent: gk, adopted: a.id, after: [gk, K.vpc(vn)] + subnets.map { K.subnet(vn, $0) },
                    .tgwVPCAttachment(transitGateway: gk, vpc: K.vpc(vn), subnets: subnets.map { K.subnet(vn, $0) },
                                      defaultAssociation: assoc, defaultPropagation: prop))
            case .vpn(let c):
                add(ak, [g.name, a.name], a.path, parent: gk, adopted: a.id, after: [gk, K.vpnConnection(c)],
                    .tgwVPNAttachment(transitGateway: gk, vpnConnection: K.vpnConnection(c)))
            case .peering(let p):
                peeringAttachment(p, on: g, a)
            case .directConnectGateway(let d):
                let dk = K.dxGateway(d)
                add(ak, [g.name, a.name], a.path, parent: gk, adopted: a.id, after: [gk, K.dxAssociation(d, gk)],
                    .tgwDXAttachment(transitGateway: gk, dxGateway: dk))
            }
        }
        let listed = Set(g.routeTables.flatMap(\.associations))
        for rt in g.routeTables {
            let rk = K.tgwRouteTable(g.name, rt.name), names = [g.name, rt.name]
            let createdByAWS = rt.isDefault && (g.defaultRouteTableAssociation || g.defaultRouteTablePropagation)
            add(rk, names, rt.path, parent: gk, adopted: rt.id, after: [gk],
                .tgwRouteTable(transitGateway: gk, isDefault: rt.isDefault, createdByAWS: createdByAWS))
            // Associations: each attachment with the first table naming it, else (default
            // association on) the default table, where AWS puts every new attachment by itself.
            let autoAssoc = rt.isDefault && g.defaultRouteTableAssociation
            var associated = rt.associations.filter { g.associatedTable(of: $0)?.name == rt.name }
            if autoAssoc { associated += g.attachments.map(\.name).filter { !listed.contains($0) } }
            for a in associated {
                let vpn: Bool = if case .vpn = g.attachment(a)?.resource { true } else { false }
                add(K.association(rk, a), names + [a], rt.path, parent: rk, after: [rk, K.tgwAttachment(g.name, a)],
                    .tgwAssociation(table: rk, attachment: K.tgwAttachment(g.name, a), automatic: autoAssoc,
                                    replacesDefault: vpn && g.defaultRouteTableAssociation))
            }
            // Propagations: the default table with default propagation on gets every attachment.
            let autoProp = rt.isDefault && g.defaultRouteTablePropagation
            var propagating = rt.propagations
            if autoProp { propagating += g.attachments.filter { !$0.isPeering }.map(\.name).filter { !propagating.contains($0) } }
            for a in propagating {
                add(K.propagation(rk, a), names + [a], rt.path, parent: rk, after: [rk, K.tgwAttachment(g.name, a)],
                    .tgwPropagation(table: rk, attachment: K.tgwAttachment(g.name, a), automatic: autoProp))
            }
            for r in rt.routes {
                let dest = r.destination.description, ak = r.attachment.map { K.tgwAttachment(g.name, $0) }
                add(K.route(rk, dest), names + [dest], r.path, parent: rk, after: [rk, ak],
                    .tgwRoute(table: rk, destination: r.destination, attachment: ak))
            }
            for r in rt.prefixListReferences {
                let ak = r.attachment.map { K.tgwAttachment(g.name, $0) }, pk = K.prefixList(r.prefixList)
                add(K.prefixListRoute(rk, r.prefixList), names + ["pl:\(r.prefixList)"], r.path, parent: rk, after: [rk, pk, ak],
                    .tgwPrefixListReference(table: rk, prefixList: pk, attachment: ak))
            }
        }
    }

    // MARK: VPN connections

    mutating func vpnConnection(_ c: VPNConnection) {
        let ck = K.vpnConnection(c.name), cgw = K.customerGateway(c.customerGateway)
        let gatewayKey: String, attachment: String?
        switch c.gateway {
        case .vpnGateway(let n):
            gatewayKey = K.vpnGateway(n)
            attachment = nil
        case .transitGateway(let n):
            gatewayKey = K.transitGateway(n)
            attachment = t.transitGateway(n)?.attachment(forVPN: c.name).map { K.tgwAttachment(n, $0.name) }
        }
        let tunnels = c.tunnels.sorted { $0.index < $1.index }.map { tn in
            AWSTunnel(index: tn.index, insideCIDR: tn.insideCIDR, psk: tn.psk, options: tn.options,
                      disabledOnDevice: t.sites.contains { $0.gateway?.tunnel(c.name, tn.index)?.disabled == true })
        }
        add(ck, [c.name], c.path, adopted: c.id, after: [cgw, gatewayKey], .vpnConnection(AWSVPNConnection(
            customerGateway: cgw, gatewayKey: gatewayKey, gateway: c.gateway, attachment: attachment, routing: c.routing,
            staticRoutes: c.staticRoutes, localNetworkCIDR: c.localNetworkCIDR, remoteNetworkCIDR: c.remoteNetworkCIDR, tunnels: tunnels, options: c.options)))
        // CreateVpnConnectionRoute serves VGW connections only; a TGW sends traffic to a static VPN
        // through TGW route table routes to its attachment (TGW guide, "Transit gateway route tables").
        guard c.routing == .static, case .vpnGateway = c.gateway else { return }
        for p in c.staticRoutes {
            add(K.route(ck, p.description), [c.name, p.description], c.path, parent: ck, after: [ck],
                .vpnConnectionRoute(vpnConnection: ck, destination: p))
        }
    }
}

extension VPC {
    /// The subnets no route table names: AWS associates them implicitly with the VPC's main
    /// route table (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-route-tables.html#main-route-table).
    public var subnetsOnMainTable: [Subnet] {
        subnets.filter { s in !routeTables.contains { $0.subnets.contains(s.name) } }
    }
}
