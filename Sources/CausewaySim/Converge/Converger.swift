import CausewayCore

/// A candidate route with what forwarding over it does and its rank in the node's preference
/// order (lower wins for the same prefix; `ineligible` never wins).
struct Candidate: Sendable {
    var route: SimRoute
    var target: ForwardTarget
    var rank: Int
    static let ineligible = 99
}

/// Computes the control plane: tunnels, BGP sessions, then every table in dependency order
/// (VGWs and TGW tables from what the customer gateways send, VPC tables from the VGWs, the
/// customer gateways from what AWS sends, LAN routers from the customer gateways).
struct Converger {
    let t: Topology
    let failures: Set<Failure>
    var f = Fabric()

    var vpcIndex: [String: Int32] = [:]
    var siteIndex: [String: Int32] = [:]
    var connIndex: [String: Int32] = [:]
    var vgwNode: [String: Int32] = [:]
    var tgwIndex: [String: Int32] = [:]
    /// TGW name → table name → node.
    var tgwTableNode: [String: [String: Int32]] = [:]
    /// VPC index → its tables' nodes by table name.
    var vpcTableNode: [[String: Int32]] = []
    var vpcMainTable: [Int32] = []
    /// VGW name → attached VPC index (after failures), -1 detached.
    var vgwAttached: [String: Int32] = [:]
    var sessionIndex: [TunnelRef: Int] = [:]
    var tunnelIndex: [TunnelRef: Int] = [:]
    /// `customerRoutes` per connection, computed once (a VPN attachment propagates into many tables).
    var customerRouteCache: [String: [SimRoute]] = [:]

    init(topology: Topology, failures: Set<Failure>) {
        t = topology
        self.failures = failures
    }

    mutating func run() -> Fabric {
        indexNodes()
        evaluateTunnels()
        for g in t.vpnGateways { buildVGW(g) }
        for g in t.transitGateways { buildTGW(g) }
        for (vi, v) in t.vpcs.enumerated() { buildVPC(Int32(vi), v) }
        resolveConnections()
        for (si, s) in t.sites.enumerated() where s.gateway != nil { buildCGW(Int32(si), s) }
        for (si, s) in t.sites.enumerated() { buildRouters(Int32(si), s) }
        fillSessionAdvertisements()
        return f
    }

    // MARK: - nodes

    mutating func addNode(_ table: RoutingTable, _ kind: FabricNode.Kind) -> Int32 {
        let i = Int32(f.nodes.count)
        f.nodes.append(FabricNode(table: table, kind: kind))
        f.nodeIndex[table.id] = i
        return i
    }

    mutating func indexNodes() {
        for g in t.vpnGateways {
            var attached: Int32 = -1
            if let v = g.attachedTo, !failures.contains(.vpnGatewayDetached(g.name)) {
                attached = Int32(t.vpcs.firstIndex { $0.name == v } ?? -1)
            }
            vgwAttached[g.name] = attached
        }
        for (vi, v) in t.vpcs.enumerated() {
            let vIdx = Int32(vi)
            vpcIndex[v.name] = vIdx
            var info = VPCInfo(name: v.name, model: v)
            for g in v.securityGroups { info.groups[g.name] = g }
            var tables: [String: Int32] = [:]
            for rt in v.routeTables {
                tables[rt.name] = addNode(RoutingTable(id: "\(v.name)/\(rt.name)", kind: .vpcRouteTable, name: rt.name, owner: v.name), .vpcTable(vpc: vIdx))
            }
            var main: Int32
            if let m = v.mainRouteTable {
                main = tables[m.name]!
            } else {
                let name = tables["main"] == nil ? "main" : "implicit-main"
                var rt = RoutingTable(id: "\(v.name)/\(name)", kind: .vpcRouteTable, name: name, owner: v.name)
                rt.notes.append("implicit main route table (no table is marked main): local routes only")
                main = addNode(rt, .vpcTable(vpc: vIdx))
                tables[name] = main
            }
            for s in v.subnets {
                let node = v.routeTables.first { $0.subnets.contains(s.name) }.flatMap { tables[$0.name] } ?? main
                info.subnetTrie.insert(s.cidr, Int32(info.subnets.count))
                info.subnets.append(SubnetInfo(name: s.name, cidr: s.cidr, tableNode: node))
            }
            for (ii, inst) in v.instances.enumerated() { info.instanceByAddress[inst.address.value] = Int32(ii) }
            for c in v.cidrs { f.vpcTrie.insert(c, vIdx) }
            f.vpcs.append(info)
            vpcTableNode.append(tables)
            vpcMainTable.append(main)
        }
        for g in t.vpnGateways {
            let attached = vgwAttached[g.name] ?? -1
            vgwNode[g.name] = addNode(RoutingTable(id: "vgw:\(g.name)", kind: .vpnGateway, name: g.name, owner: attached >= 0 ? t.vpcs[Int(attached)].name : ""),
                                      .vgw(name: g.name, attachedVPC: attached))
            if attached >= 0 { f.vpcs[Int(attached)].attachedVGWNode = vgwNode[g.name]! }
        }
        for (gi, g) in t.transitGateways.enumerated() {
            tgwIndex[g.name] = Int32(gi)
            var tables: [String: Int32] = [:]
            for rt in g.routeTables {
                tables[rt.name] = addNode(RoutingTable(id: "tgw:\(g.name)/\(rt.name)", kind: .transitGatewayRouteTable, name: rt.name, owner: g.name), .tgwTable(tgw: Int32(gi)))
            }
            tgwTableNode[g.name] = tables
        }
        for (si, s) in t.sites.enumerated() {
            let sIdx = Int32(si)
            siteIndex[s.name] = sIdx
            var info = SiteInfo(name: s.name, cidrs: s.cidrs)
            for c in s.cidrs { f.siteTrie.insert(c, sIdx) }
            if let d = s.gateway {
                info.cgwNode = addNode(RoutingTable(id: "cgw:\(s.name)", kind: .customerGateway, name: s.name, owner: s.name), .cgw(site: sIdx))
                for a in [d.lanAddress, d.privateIP].compactMap({ $0 }) {
                    info.nodeByAddress[a.value] = info.cgwNode
                    info.residents[a.value] = .device
                    info.deviceAddresses.insert(a.value)
                }
                info.deviceFailed = failures.contains(.site(s.name))
                info.sourceDestCheck = d.sourceDestCheck ?? false
            }
            for r in s.routers {
                let n = addNode(RoutingTable(id: "router:\(s.name)/\(r.name)", kind: .lanRouter, name: r.name, owner: s.name), .router(site: sIdx))
                info.routerNodes.append(n)
                info.nodeByAddress[r.address.value] = n
                info.residents[r.address.value] = .router(n)
            }
            for h in s.hosts where info.residents[h.address.value] == nil {
                info.residents[h.address.value] = .host(h.name, gateway: h.gateway)
            }
            info.defaultGateway = s.routers.first?.address ?? s.gateway?.lanAddress ?? s.gateway?.privateIP
            f.sites.append(info)
        }
        for (ci, c) in t.vpnConnections.enumerated() {
            connIndex[c.name] = Int32(ci)
            var info = ConnInfo(name: c.name)
            if let site = t.site(of: c), let si = siteIndex[site.name] {
                info.site = si
                info.cgwNode = f.sites[Int(si)].cgwNode
            }
            f.conns.append(info)
        }
    }

    // MARK: - tunnels and sessions

    func awsASN(_ c: VPNConnection) -> ASN? {
        switch c.gateway {
        case .vpnGateway(let n): return t.vpnGateway(n)?.asn
        case .transitGateway(let n): return t.transitGateway(n)?.asn
        }
    }

    func device(of c: VPNConnection) -> (Site, GatewayDevice)? {
        guard let s = t.site(of: c), let d = s.gateway else { return nil }
        return (s, d)
    }

    mutating func evaluateTunnels() {
        for (ci, c) in t.vpnConnections.enumerated() {
            let cgw = t.customerGateway(c.customerGateway)
            let dev = device(of: c)
            for tunnel in c.tunnels.sorted(by: { $0.index < $1.index }) where (1...2).contains(tunnel.index) {
                let ref = TunnelRef(c.name, tunnel.index)
                let dt = dev?.1.tunnel(c.name, tunnel.index)
                var s = TunnelStatus(tunnel: ref, up: true)
                func down(_ p: TunnelProblem, _ d: String) {
                    if s.up {
                        s.up = false
                        s.problem = p
                        s.detail = d
                    }
                }
                if awsASN(c) == nil { down(.noAWSGateway, "\(c.gateway) is not in the topology") }
                if failures.fails(ref, site: dev?.0.name) {
                    let why = failures.contains(.tunnel(ref)) ? ref.description : failures.contains(.connection(c.name)) ? c.name : "site:\(dev?.0.name ?? "")"
                    down(.failed, "taken down with --fail \(why)")
                }
                if dt?.disabled == true { down(.disabled, "disabled on the customer gateway device") }
                let o = tunnel.options
                let devIKE = dt?.ikeVersion.map { [$0] } ?? o.ikeVersions
                let ike = o.ikeVersions.filter(devIKE.contains)
                if ike.isEmpty {
                    down(.ikeVersionMismatch, "AWS allows \(o.ikeVersions.map(\.rawValue).joined(separator: ", ")), the device uses \(devIKE.map(\.rawValue).joined(separator: ", "))")
                }
                s.ikeVersion = ike.contains(.ikev2) ? .ikev2 : ike.first
                s.phase1 = o.phase1.intersection(dt?.phase1 ?? o.phase1)
                if s.phase1 == nil { down(.phase1Mismatch, "no phase 1 proposal in common (AWS: \(describe(o.phase1)); device: \(describe(dt?.phase1 ?? o.phase1)))") }
                s.phase2 = o.phase2.intersection(dt?.phase2 ?? o.phase2)
                if s.phase2 == nil { down(.phase2Mismatch, "no phase 2 proposal in common (AWS: \(describe(o.phase2)); device: \(describe(dt?.phase2 ?? o.phase2)))") }
                if let d = dt?.psk, d != .generated, tunnel.psk != .generated, d != tunnel.psk {
                    down(.pskMismatch, "the device's pre-shared key reference (\(d)) differs from AWS's (\(tunnel.psk))")
                }
                if let a = tunnel.insideCIDR, let d = dt?.insideCIDR, a != d {
                    down(.insideCIDRMismatch, "AWS uses inside CIDR \(a), the device \(d)")
                }
                s.insideCIDR = tunnel.insideCIDR ?? dt?.insideCIDR
                if s.insideCIDR == nil { s.notes.append("inside CIDR not set: AWS picks one; both ends assumed to match") }
                s.awsInsideAddress = s.insideCIDR.map { $0.address(1) }
                s.customerInsideAddress = s.insideCIDR.map { $0.address(2) }
                if dev == nil { s.notes.append("customer gateway `\(cgw?.name ?? c.customerGateway)` has no modelled device: its side is assumed to match") }
                tunnelIndex[ref] = f.tunnels.count
                f.tunnels.append(s)
                f.conns[ci].tunnelUp[tunnel.index - 1] = s.up
                f.conns[ci].insideAWS[tunnel.index - 1] = s.awsInsideAddress
                f.conns[ci].insideCustomer[tunnel.index - 1] = s.customerInsideAddress

                guard c.routing == .bgp else { continue }
                let aws = awsASN(c) ?? .amazonDefault
                let cgwASN = cgw?.asn ?? ASN(65000)
                var b = BGPSession(tunnel: ref, up: s.up, awsASN: aws, customerASN: cgwASN)
                b.awsAddress = s.awsInsideAddress
                b.customerAddress = s.customerInsideAddress
                if !s.up {
                    b.reason = .tunnelDown
                    b.detail = "tunnel \(ref) is down: \(s.detail ?? "")"
                } else if let (_, d) = dev {
                    var problem: String?
                    if d.routing != .bgp { problem = "the device is configured for static routing" }
                    else if let a = d.asn, a != cgwASN { problem = "the device speaks AS \(a), AWS expects the customer gateway's AS \(cgwASN)" }
                    else if let p = dt?.peerASN, p != aws { problem = "the device expects AWS at AS \(p), AWS uses AS \(aws)" }
                    if let problem {
                        b.up = false
                        b.reason = .bgpDown
                        b.detail = problem
                    }
                }
                sessionIndex[ref] = f.sessions.count
                f.sessions.append(b)
            }
        }
    }

    func describe(_ p: Proposal) -> String {
        "\(p.encryption.map(\.name).joined(separator: "/"))-\(p.integrity.map(\.name).joined(separator: "/"))-DH\(p.dhGroups.map(String.init).joined(separator: "/"))"
    }

    func tunnelUp(_ ref: TunnelRef) -> Bool { tunnelIndex[ref].map { f.tunnels[$0].up } ?? false }

    /// Why routes over this tunnel are not usable (nil = usable).
    func sessionProblem(_ ref: TunnelRef, bgp: Bool) -> DropReason? {
        if !tunnelUp(ref) { return .tunnelDown }
        if bgp, let i = sessionIndex[ref], !f.sessions[i].up { return f.sessions[i].reason ?? .bgpDown }
        return nil
    }

    /// `tunnel vpn/1 is down (taken down with --fail vpn/1)`.
    func downNote(_ ref: TunnelRef, _ why: DropReason) -> String {
        if why == .tunnelDown {
            let d = tunnelIndex[ref].flatMap { f.tunnels[$0].detail }
            return "tunnel \(ref) is down" + (d.map { " (\($0))" } ?? "")
        }
        let d = sessionIndex[ref].flatMap { f.sessions[$0].detail }
        return "BGP session over \(ref) is down" + (d.map { " (\($0))" } ?? "")
    }

    // MARK: - what the customer gateway sends AWS

    /// Routes AWS learns from a connection, one per tunnel: VPN static routes, or the device's
    /// BGP advertisements (AS_PATH with the device's prepends).
    mutating func customerRoutes(_ c: VPNConnection) -> [SimRoute] {
        if let cached = customerRouteCache[c.name] { return cached }
        let out = computeCustomerRoutes(c)
        customerRouteCache[c.name] = out
        return out
    }

    func computeCustomerRoutes(_ c: VPNConnection) -> [SimRoute] {
        var out: [SimRoute] = []
        for n in 1...2 {
            let ref = TunnelRef(c.name, n)
            switch c.routing {
            case .static:
                for p in c.staticRoutes {
                    var r = SimRoute(p, .vpnStatic, .tunnel(ref))
                    r.tunnel = ref
                    r.learnedFrom = "static route of VPN connection \(c.name)"
                    if let why = sessionProblem(ref, bgp: false) { r = r.inactive(why, downNote(ref, why)) }
                    out.append(r)
                }
            case .bgp:
                guard let (s, d) = device(of: c) else { continue }
                let asn = d.asn ?? t.customerGateway(c.customerGateway)?.asn ?? ASN(65000)
                let dt = d.tunnel(c.name, n)
                let path = Array(repeating: asn, count: 1 + (dt?.asPathPrepend ?? 0))
                let from = "cgw:\(s.name)"
                for p in d.advertise {
                    var r = SimRoute(p, .bgp, .tunnel(ref))
                    r.tunnel = ref
                    r.asPath = path
                    r.med = dt?.med
                    r.learnedFrom = from
                    if let why = sessionProblem(ref, bgp: true) { r = r.inactive(why, downNote(ref, why)) }
                    out.append(r)
                }
            }
        }
        return out
    }

    // MARK: - virtual private gateways

    /// VPCs whose route tables name this VGW (propagation or a route target).
    func vpcsReferencing(_ vgw: String) -> [Int32] {
        var out: [Int32] = []
        for (vi, v) in t.vpcs.enumerated() {
            let refers = v.routeTables.contains { rt in
                rt.propagations.contains(vgw) || rt.routes.contains { r in
                    if case .vpnGateway(let n) = r.target { return n == vgw || (n.isEmpty && t.vpnGateways.count == 1) }
                    return false
                }
            } || t.vpnGateway(vgw)?.attachedTo == v.name
            if refers { out.append(Int32(vi)) }
        }
        return out
    }

    mutating func buildVGW(_ g: VirtualPrivateGateway) {
        let node = vgwNode[g.name]!
        var cands: [Candidate] = []
        let attached = vgwAttached[g.name] ?? -1
        if attached >= 0 {
            let v = t.vpcs[Int(attached)]
            for c in v.cidrs {
                var r = SimRoute(c, .local, .vpc(v.name))
                r.learnedFrom = "attached VPC \(v.name)"
                cands.append(Candidate(route: r, target: .enterVPC(vpc: attached, table: -1), rank: 0))
            }
        } else {
            f.nodes[Int(node)].table.notes.append(failures.contains(.vpnGatewayDetached(g.name))
                ? "detached from its VPC (--fail vgw:\(g.name)): nothing propagates, routes to it blackhole"
                : "not attached to any VPC: nothing propagates, routes to it blackhole")
            for vi in vpcsReferencing(g.name) {
                let v = t.vpcs[Int(vi)]
                for c in v.cidrs {
                    var r = SimRoute(c, .local, .vpc(v.name)).inactive(.vgwNotAttached, "vgw:\(g.name) is not attached to VPC \(v.name)")
                    r.learnedFrom = "VPC \(v.name) (not attached)"
                    cands.append(Candidate(route: r, target: .drop(.vgwNotAttached), rank: 0))
                }
            }
        }
        for c in t.vpnConnections where c.gateway == .vpnGateway(g.name) {
            let ci = connIndex[c.name]!
            for r in customerRoutes(c) {
                cands.append(Candidate(route: r, target: .tunnelToCustomer(conn: ci, tunnel: Int8(r.tunnel!.index)), rank: r.origin == .vpnStatic ? 1 : 2))
            }
        }
        finish(node, cands, .vgw)
    }

    // MARK: - transit gateways

    mutating func buildTGW(_ g: TransitGateway) {
        let tables = tgwTableNode[g.name]!
        for rt in g.routeTables {
            let node = tables[rt.name]!
            var cands: [Candidate] = []
            for sr in rt.routes {
                guard let a = sr.attachment else {
                    var r = SimRoute(sr.destination, .static, .blackhole)
                    r.state = .blackhole
                    r.reason = .blackhole
                    r.note = "blackhole route"
                    cands.append(Candidate(route: r, target: .drop(.blackhole), rank: 0))
                    continue
                }
                var r = SimRoute(sr.destination, .static, .attachment(a))
                guard let att = g.attachment(a) else {
                    r.state = .blackhole
                    r.reason = .blackhole
                    r.note = "attachment `\(a)` does not exist"
                    cands.append(Candidate(route: r, target: .drop(.blackhole), rank: 0))
                    continue
                }
                cands.append(Candidate(route: r, target: attachmentTarget(att), rank: 0))
            }
            for name in rt.propagations {
                guard let att = g.attachment(name) else {
                    f.nodes[Int(node)].table.notes.append("propagation from unknown attachment `\(name)` ignored")
                    continue
                }
                switch att.resource {
                case .vpc(let vname, _):
                    guard let vi = vpcIndex[vname] else { continue }
                    let from = "attachment \(name) (vpc)", target = attachmentTarget(att)
                    for c in t.vpcs[Int(vi)].cidrs {
                        var r = SimRoute(c, .propagated, .attachment(name))
                        r.learnedFrom = from
                        cands.append(Candidate(route: r, target: target, rank: 1))
                    }
                case .vpn(let cname):
                    guard let c = t.vpnConnection(cname), let ci = connIndex[cname] else { continue }
                    let from = "attachment \(name) (vpn, \(c.routing.rawValue))"
                    for var r in customerRoutes(c) {
                        r.origin = .propagated
                        r.learnedFrom = from
                        cands.append(Candidate(route: r, target: .tunnelToCustomer(conn: ci, tunnel: Int8(r.tunnel!.index)), rank: 2))
                    }
                }
            }
            finish(node, cands, .tgw(ecmp: g.vpnECMP))
        }
    }

    func attachmentTarget(_ att: TransitGatewayAttachment) -> ForwardTarget {
        switch att.resource {
        case .vpc(let vname, let subnets):
            guard let vi = vpcIndex[vname] else { return .drop(.blackhole) }
            let info = f.vpcs[Int(vi)]
            let table = subnets.first.flatMap { s in info.subnets.first { $0.name == s }?.tableNode } ?? vpcMainTable[Int(vi)]
            return .enterVPC(vpc: vi, table: table)
        case .vpn(let cname):
            guard let ci = connIndex[cname] else { return .drop(.blackhole) }
            return .vpnAttachment(conn: ci)
        }
    }

    /// The TGW route table an attachment is associated with.
    func associatedNode(_ g: TransitGateway, _ attachment: String) -> Int32? {
        g.associatedTable(of: attachment).flatMap { tgwTableNode[g.name]?[$0.name] }
    }

    // MARK: - VPC route tables

    func resolveVGW(_ name: String, vpc: VPC) -> VirtualPrivateGateway? {
        if !name.isEmpty { return t.vpnGateway(name) }
        return t.vpnGateways.first { $0.attachedTo == vpc.name } ?? (t.vpnGateways.count == 1 ? t.vpnGateways[0] : nil)
    }

    func resolveTGW(_ name: String, vpc: VPC) -> TransitGateway? {
        if !name.isEmpty { return t.transitGateway(name) }
        return t.transitGateways.first { $0.attachment(forVPC: vpc.name) != nil } ?? (t.transitGateways.count == 1 ? t.transitGateways[0] : nil)
    }

    mutating func buildVPC(_ vi: Int32, _ v: VPC) {
        var models: [(RouteTable?, Int32)] = v.routeTables.map { ($0, vpcTableNode[Int(vi)][$0.name]!) }
        if v.mainRouteTable == nil { models.append((nil, vpcMainTable[Int(vi)])) }
        for (rt, node) in models {
            var cands: [Candidate] = []
            for c in v.cidrs {
                cands.append(Candidate(route: SimRoute(c, .local, .local), target: .enterVPC(vpc: vi, table: -1), rank: 0))
            }
            for sr in rt?.routes ?? [] {
                cands.append(staticVPCRoute(sr, vi, v))
            }
            var propagating = Set<String>()
            for name in rt?.propagations ?? [] {
                guard let g = t.vpnGateway(name), let gn = vgwNode[name] else {
                    f.nodes[Int(node)].table.notes.append("propagation from unknown VGW `\(name)` ignored")
                    continue
                }
                propagating.insert(name)
                let attachedHere = vgwAttached[name] == vi
                for r in learnedRoutes(gn) {
                    var p = SimRoute(r.destination, .propagated, .vpnGateway(g.name))
                    p.asPath = r.asPath
                    p.tunnel = r.tunnel
                    p.learnedFrom = "vgw:\(g.name)"
                    if !attachedHere {
                        p = p.inactive(.vgwNotAttached, "vgw:\(g.name) is not attached to VPC \(v.name): nothing propagates")
                    } else if r.state == .inactive {
                        p = p.inactive(r.reason ?? .noRoute, r.note)
                    }
                    cands.append(Candidate(route: p, target: .node(gn), rank: 2))
                }
            }
            // Routes the attached VGW holds but this table does not propagate: kept inactive,
            // so a drop can say that enabling propagation would fix it.
            for g in t.vpnGateways where vgwAttached[g.name] == vi && !propagating.contains(g.name) {
                let gn = vgwNode[g.name]!
                for r in learnedRoutes(gn) {
                    var p = SimRoute(r.destination, .propagated, .vpnGateway(g.name))
                    p.asPath = r.asPath
                    p.learnedFrom = "vgw:\(g.name)"
                    p = p.inactive(.propagationDisabled, "this route table does not propagate routes from vgw:\(g.name)")
                    cands.append(Candidate(route: p, target: .node(gn), rank: 2))
                }
            }
            // AWS: the local route wins over any propagated route inside the VPC CIDR.
            for i in cands.indices where cands[i].route.origin == .propagated && v.cidrs.contains(where: { $0.contains(cands[i].route.destination) }) {
                cands[i].rank = Candidate.ineligible
                cands[i].route.note = "inside the VPC CIDR: the local route wins over propagated routes (AWS route priority)"
            }
            finish(node, cands, .vpc)
        }
    }

    /// One route per destination the VGW learned from VPN connections (the selected one, else
    /// the best inactive one), for propagation.
    func learnedRoutes(_ node: Int32) -> [SimRoute] {
        var out: [SimRoute] = []
        var last: IPv4Prefix?
        for r in f.nodes[Int(node)].table.routes where r.origin != .local {
            if r.destination == last { continue }
            if r.selected || r.state == .inactive {
                out.append(r)
                last = r.destination
            }
        }
        return out
    }

    func staticVPCRoute(_ sr: Route, _ vi: Int32, _ v: VPC) -> Candidate {
        var r = SimRoute(sr.destination, .static, .local)
        func hole(_ reason: DropReason, _ note: String) -> Candidate {
            r.state = .blackhole
            r.reason = reason
            r.note = note
            return Candidate(route: r, target: .drop(reason), rank: 1)
        }
        switch sr.target {
        case .local:
            return Candidate(route: r, target: .enterVPC(vpc: vi, table: -1), rank: 1)
        case .internetGateway:
            r.nextHop = .internetGateway
            guard v.internetGateway else { return hole(.blackhole, "the VPC has no internet gateway") }
            return Candidate(route: r, target: .internet(nat: false), rank: 1)
        case .natGateway(let n):
            let nat = n.isEmpty ? (v.natGateways.count == 1 ? v.natGateways.first : nil) : v.natGateway(n)
            r.nextHop = .natGateway(nat?.name ?? n)
            guard nat != nil else { return hole(.blackhole, "NAT gateway `\(n)` does not exist") }
            return Candidate(route: r, target: .internet(nat: true), rank: 1)
        case .vpnGateway(let n):
            let g = resolveVGW(n, vpc: v)
            r.nextHop = .vpnGateway(g?.name ?? n)
            guard let g, let gn = vgwNode[g.name] else { return hole(.blackhole, "no virtual private gateway `\(n)`") }
            guard vgwAttached[g.name] == vi else { return hole(.vgwNotAttached, "vgw:\(g.name) is not attached to VPC \(v.name)") }
            return Candidate(route: r, target: .node(gn), rank: 1)
        case .transitGateway(let n):
            let g = resolveTGW(n, vpc: v)
            r.nextHop = .transitGateway(g?.name ?? n)
            guard let g else { return hole(.blackhole, "no transit gateway `\(n)`") }
            guard let att = g.attachment(forVPC: v.name) else { return hole(.blackhole, "VPC \(v.name) has no attachment on tgw:\(g.name)") }
            guard let table = associatedNode(g, att.name) else {
                return hole(.noRoute, "attachment \(att.name) is associated with no route table of tgw:\(g.name)")
            }
            r.learnedFrom = "attachment \(att.name)"
            return Candidate(route: r, target: .node(table), rank: 1)
        case .instance(let n):
            r.nextHop = .instance(n)
            guard let ii = v.instances.firstIndex(where: { $0.name == n }) else { return hole(.blackhole, "instance `\(n)` does not exist") }
            return Candidate(route: r, target: .instance(vpc: vi, instance: Int32(ii)), rank: 1)
        case .vpcPeering(let n):
            r.nextHop = .vpcPeering(n)
            guard let pi = vpcIndex[n] else { return hole(.blackhole, "no VPC `\(n)` to peer with") }
            return Candidate(route: r, target: .peering(vpc: pi), rank: 1)
        }
    }

    // MARK: - what AWS sends the customer gateway

    mutating func resolveConnections() {
        for g in t.transitGateways {
            for a in g.attachments {
                if case .vpc(let v, _) = a.resource, let vi = vpcIndex[v], let n = associatedNode(g, a.name) {
                    f.vpcs[Int(vi)].tgwTables.append(n)
                }
            }
        }
        for (ci, c) in t.vpnConnections.enumerated() {
            switch c.gateway {
            case .vpnGateway(let n):
                if let node = vgwNode[n] {
                    f.conns[ci].awsNode = node
                    f.conns[ci].awsLabel = "vgw:\(n)"
                }
            case .transitGateway(let n):
                guard let g = t.transitGateway(n), let att = g.attachment(forVPN: c.name) else { continue }
                f.conns[ci].awsLabel = "tgw:\(n) attachment \(att.name)"
                if let node = associatedNode(g, att.name) { f.conns[ci].awsNode = node }
            }
            var egress: [Int8] = []
            for n in 1...2 where sessionProblem(TunnelRef(c.name, n), bgp: c.routing == .bgp) == nil { egress.append(Int8(n)) }
            for n in 1...2 where tunnelUp(TunnelRef(c.name, n)) && !egress.contains(Int8(n)) { egress.append(Int8(n)) }
            f.conns[ci].awsEgress = egress
        }
    }

    /// Prefixes the AWS side of a connection offers the customer gateway: for a VGW its VPC's
    /// CIDRs, for a TGW the selected routes of the table associated with the VPN attachment
    /// (except those leading back into this connection, and blackholes, which AWS does not
    /// advertise over BGP). Inactive = would be offered, but cannot (reason).
    func awsRoutes(_ c: VPNConnection) -> [SimRoute] {
        let ci = Int(connIndex[c.name]!)
        var out: [SimRoute] = []
        switch c.gateway {
        case .vpnGateway(let n):
            guard let g = t.vpnGateway(n) else { return [] }
            let attached = vgwAttached[n] ?? -1
            if attached >= 0 {
                for p in t.vpcs[Int(attached)].cidrs {
                    var r = SimRoute(p, .bgp, .vpnGateway(n))
                    r.asPath = [g.asn]
                    out.append(r)
                }
            } else {
                for vi in vpcsReferencing(n) {
                    for p in t.vpcs[Int(vi)].cidrs {
                        var r = SimRoute(p, .bgp, .vpnGateway(n)).inactive(.vgwNotAttached, "vgw:\(n) is not attached to VPC \(t.vpcs[Int(vi)].name)")
                        r.asPath = [g.asn]
                        out.append(r)
                    }
                }
            }
        case .transitGateway(let n):
            guard let g = t.transitGateway(n), f.conns[ci].awsNode >= 0 else { return [] }
            let att = g.attachment(forVPN: c.name)?.name
            var last: IPv4Prefix?
            for r in f.nodes[Int(f.conns[ci].awsNode)].table.routes where r.selected && r.state == .active && r.destination != last {
                last = r.destination
                if case .tunnel(let tr) = r.nextHop, tr.connection == c.name { continue }
                if case .attachment(let a) = r.nextHop, a == att { continue }
                var o = SimRoute(r.destination, .bgp, .transitGateway(n))
                o.asPath = [g.asn] + (r.asPath ?? [])
                out.append(o)
            }
        }
        return out
    }

    // MARK: - customer gateways

    mutating func buildCGW(_ si: Int32, _ s: Site) {
        guard let d = s.gateway else { return }
        let node = f.sites[Int(si)].cgwNode
        var cands: [Candidate] = []
        let lan = d.lanAddress ?? d.privateIP
        let connected = lan.map { a in s.cidrs.filter { $0.contains(a) } } ?? s.cidrs
        for c in (connected.isEmpty ? s.cidrs : connected) {
            var r = SimRoute(c, .connected, .connected)
            r.learnedFrom = d.lanInterface.map { "interface \($0)" }
            cands.append(Candidate(route: r, target: .onLink, rank: 0))
        }
        if d.ospf != nil {
            for r in s.routers where r.ospf {
                for net in routerNetworks(r, s) where !connected.contains(net) {
                    var o = SimRoute(net, .ospf, .gateway(r.address))
                    o.metric = 10
                    o.learnedFrom = "router:\(s.name)/\(r.name)"
                    cands.append(Candidate(route: o, target: .node(f.sites[Int(si)].nodeByAddress[r.address.value]!), rank: 3))
                }
            }
        }
        let deviceASN = d.asn ?? ASN(65000)
        for c in t.connections(of: s) {
            let ci = connIndex[c.name]!
            let offered = awsRoutes(c)
            for n in 1...2 {
                let ref = TunnelRef(c.name, n)
                let dt = d.tunnel(c.name, n)
                for a in offered {
                    var r = SimRoute(a.destination, c.routing == .static ? .static : .bgp, .tunnel(ref))
                    r.tunnel = ref
                    let target = ForwardTarget.tunnelToAWS(conn: ci, tunnel: Int8(n))
                    if c.routing == .static {
                        r.metric = dt?.metric
                        r.learnedFrom = "static route on \(dt?.interface ?? "tunnel \(n)")"
                        if let why = sessionProblem(ref, bgp: false) { r = r.inactive(why, downNote(ref, why)) }
                        cands.append(Candidate(route: r, target: target, rank: 1))
                    } else {
                        if a.asPath?.contains(deviceASN) == true { continue }
                        r.asPath = a.asPath
                        r.learnedFrom = f.conns[Int(ci)].awsLabel
                        if let why = sessionProblem(ref, bgp: true) {
                            r = r.inactive(why, downNote(ref, why))
                        } else if a.state == .inactive {
                            r = r.inactive(a.reason ?? .noRoute, a.note)
                        }
                        cands.append(Candidate(route: r, target: target, rank: 2))
                    }
                }
            }
        }
        if f.sites[Int(si)].deviceFailed { f.nodes[Int(node)].table.notes.append("the device is failed (--fail site:\(s.name))") }
        finish(node, cands, .cgw(ecmp: t.customerECMP(s)))
    }

    func routerNetworks(_ r: LANRouter, _ s: Site) -> [IPv4Prefix] {
        r.networks.isEmpty ? s.cidrs.filter { $0.contains(r.address) } : r.networks
    }

    // MARK: - LAN routers

    mutating func buildRouters(_ si: Int32, _ s: Site) {
        let info = f.sites[Int(si)]
        for (ri, r) in s.routers.enumerated() {
            let node = info.routerNodes[ri]
            var cands: [Candidate] = []
            let own = routerNetworks(r, s)
            for c in own { cands.append(Candidate(route: SimRoute(c, .connected, .connected), target: .onLink, rank: 0)) }
            for sr in r.routes {
                var o = SimRoute(sr.destination, .static, .gateway(sr.via))
                if let n = info.nodeByAddress[sr.via.value] {
                    cands.append(Candidate(route: o, target: .node(n), rank: 1))
                } else {
                    o.state = .blackhole
                    o.reason = .noRoute
                    o.note = "next hop \(sr.via) is not a modelled router or gateway"
                    cands.append(Candidate(route: o, target: .drop(.noRoute), rank: 1))
                }
            }
            if r.ospf, let d = s.gateway, let ospf = d.ospf, let lan = d.lanAddress ?? d.privateIP, info.cgwNode >= 0 {
                let cgw = f.nodes[Int(info.cgwNode)].table
                let lanNets = Set(ospf.networks.isEmpty ? s.cidrs : ospf.networks)
                for net in lanNets.sorted() where !own.contains(net) {
                    var o = SimRoute(net, .ospf, .gateway(lan))
                    o.metric = 10
                    o.learnedFrom = "cgw:\(s.name)"
                    cands.append(Candidate(route: o, target: .node(info.cgwNode), rank: 2))
                }
                if ospf.redistributeBGP {
                    var last: IPv4Prefix?
                    for cr in cgw.routes where cr.destination != last && (cr.origin == .bgp || cr.origin == .static) && (cr.selected || cr.state == .inactive) {
                        last = cr.destination
                        var o = SimRoute(cr.destination, .ospf, .gateway(lan))
                        o.metric = 20
                        o.learnedFrom = "cgw:\(s.name) (redistributed \(cr.origin))"
                        if cr.state == .inactive { o = o.inactive(cr.reason ?? .noRoute, cr.note) }
                        cands.append(Candidate(route: o, target: .node(info.cgwNode), rank: 2))
                    }
                }
                for other in s.routers where other.ospf && other.name != r.name {
                    for net in routerNetworks(other, s) where !own.contains(net) {
                        var o = SimRoute(net, .ospf, .gateway(other.address))
                        o.metric = 10
                        o.learnedFrom = "router:\(s.name)/\(other.name)"
                        cands.append(Candidate(route: o, target: .node(info.nodeByAddress[other.address.value]!), rank: 2))
                    }
                }
            }
            finish(node, cands, .router)
        }
    }

    // MARK: - BGP advertisements per session

    mutating func fillSessionAdvertisements() {
        for (i, s) in f.sessions.enumerated() where s.up {
            guard let c = t.vpnConnection(s.tunnel.connection) else { continue }
            f.sessions[i].advertisedByCustomer = customerRoutes(c)
                .filter { $0.tunnel == s.tunnel && $0.state == .active }
                .map { BGPSession.Advertisement(prefix: $0.destination, asPath: $0.asPath ?? []) }
            f.sessions[i].advertisedByAWS = awsRoutes(c)
                .filter { $0.state == .active }
                .map { BGPSession.Advertisement(prefix: $0.destination, asPath: $0.asPath ?? []) }
        }
    }
}
