import CausewayCore

/// Collects hops, or ignores them (the matrix traces millions of pairs and needs only the verdict).
protocol HopSink {
    mutating func add(_ hop: @autoclosure () -> TraceHop)
}

struct HopList: HopSink {
    var hops: [TraceHop] = []
    mutating func add(_ hop: @autoclosure () -> TraceHop) { hops.append(hop()) }
}

struct NoHops: HopSink {
    @inline(__always) mutating func add(_ hop: @autoclosure () -> TraceHop) {}
}

/// Up to four crossings of a tunnel or a Direct Connect virtual interface, without allocating:
/// each as the connection's (or interface's) index times four, plus 2 for an interface, plus the
/// tunnel (0 or 1); only the first `count` slots are meaningful.
struct TunnelTrail: Sendable, Equatable, Hashable {
    var a: Int32 = 0, b: Int32 = 0, c: Int32 = 0, d: Int32 = 0
    var count: Int8 = 0
    mutating func append(conn: ConnIndex, tunnel: Int8) { append(conn.raw << 2 | Int32(tunnel - 1)) }
    mutating func append(vif: VIFIndex) { append(vif.raw << 2 | 2) }
    private mutating func append(_ v: Int32) {
        switch count {
        case 0: a = v
        case 1: b = v
        case 2: c = v
        case 3: d = v
        default: return
        }
        count += 1
    }
    private var slots: ArraySlice<Int32> { [a, b, c, d].prefix(Int(count)) }
    var crossings: [(conn: ConnIndex, tunnel: Int8)] {
        slots.filter { (v: Int32) -> Bool in v & 2 == 0 }.map { (v: Int32) -> (conn: ConnIndex, tunnel: Int8) in
            (ConnIndex(Int(v >> 2)), Int8(v & 1) + 1)
        }
    }
    var interfaces: [VIFIndex] {
        slots.filter { (v: Int32) -> Bool in v & 2 != 0 }.map { (v: Int32) -> VIFIndex in VIFIndex(Int(v >> 2)) }
    }
}

/// Where an address lives.
enum Endpoint: Sendable, Equatable {
    /// In a VPC subnet: an instance, or a test host (instance nil).
    case vpc(vpc: VPCIndex, subnet: SubnetIndex, instance: InstanceIndex?)
    /// On a site's LAN: the device, a router, a host, or a test host (nil).
    case site(site: SiteIndex, resident: SiteResident?)
}

struct Packet: Sendable {
    var src: IPv4Address
    var dst: IPv4Address
    var proto: IPProtocol
    var port: Int?
    /// A reply: security groups are stateful, so no rule is checked.
    var reply: Bool
}

struct WalkResult: Sendable {
    var delivered: Bool
    var reason: DropReason?
    var detail: String?
    var tunnels = TunnelTrail()
}

extension Fabric {
    func resolve(_ a: IPv4Address) -> Endpoint? {
        if let v = vpc(containing: a) {
            guard let s = vpcs[v].subnetTrie.lookup(a) else { return nil }
            return .vpc(vpc: v, subnet: s, instance: vpcs[v].instanceByAddress[a.value])
        }
        if let (s, resident) = siteEndpoint(a) { return .site(site: s, resident: resident) }
        return nil
    }

    func describe(_ a: IPv4Address, _ e: Endpoint) -> String {
        switch e {
        case .vpc(let v, let s, let i):
            let info = vpcs[v]
            if let i { return "\(info.label(i)) \(a) (subnet \(info.name)/\(info.subnets[s].name))" }
            return "test host \(a) (subnet \(info.name)/\(info.subnets[s].name))"
        case .site(let s, let r):
            let name = sites[s].name
            switch r {
            case .device: return "gateway device of site \(name) \(a)"
            case .router(let n): return "\(nodes[n].label) \(a)"
            case .host(let h, _): return "host \(h) \(a) (site \(name))"
            case nil: return "test host \(a) on site \(name)"
            }
        }
    }

    func tunnelRef(_ conn: ConnIndex, _ t: Int8) -> TunnelRef { TunnelRef(conns[conn].name, Int(t)) }
    func tunnelRefs(_ trail: TunnelTrail) -> [TunnelRef] { trail.crossings.map { tunnelRef($0.conn, $0.tunnel) } }
    /// The virtual interfaces a trail crossed, written `dx:NAME`.
    func interfaceNames(_ trail: TunnelTrail) -> [String] { trail.interfaces.map { "dx:\(vifs[$0].name)" } }

    // MARK: - security groups

    /// Whether the instance's groups allow the packet (ingress: from `peer`; egress: to it).
    /// Nil when the instance has no group modelled (no restriction).
    func groupsAllow(vpc v: VPCIndex, instance i: InstanceIndex, ingress: Bool, _ p: Packet) -> (allowed: Bool, groups: String)? {
        groupsAllow(vpc: v, groups: vpcs[v].model.instances[i].securityGroups, ingress: ingress, p)
    }

    /// Whether the named groups of VPC `v` allow the packet; nil when `names` is empty.
    func groupsAllow(vpc v: VPCIndex, groups names: [String], ingress: Bool, _ p: Packet) -> (allowed: Bool, groups: String)? {
        guard !names.isEmpty else { return nil }
        let peer = ingress ? p.src : p.dst
        let peerInstance = ingress ? vpcs[v].instanceByAddress[p.src.value].map { vpcs[v].model.instances[$0] } : nil
        for name in names {
            guard let g = vpcs[v].groups[name] else { continue }
            for rule in ingress ? g.ingress : g.egress {
                guard rule.protocol == .all || rule.protocol == p.proto else { continue }
                if let ports = rule.ports, let port = p.port, !ports.contains(port) { continue }
                switch rule.peer {
                case .cidr(let c): if c.contains(peer) { return (true, name) }
                case .securityGroup(let sg):
                    if peerInstance?.securityGroups.contains(sg) == true { return (true, name) }
                    if ingress, vpcs[v].clientVPNInterfaceGroups[peer.value]?.contains(sg) == true { return (true, name) }
                }
            }
        }
        return (false, names.joined(separator: ", "))
    }

    // MARK: - the walk

    static let maxHops = 64

    /// Forwards one packet from `src` until it is delivered or dropped.
    func walk<S: HopSink>(_ p: Packet, from src: Endpoint, sink: inout S) -> WalkResult {
        var result = WalkResult(delivered: false)
        func drop(_ reason: DropReason, _ detail: String) -> WalkResult {
            result.reason = reason
            result.detail = detail
            return result
        }
        var cur: NodeIndex
        // The Availability Zone the packet is in while inside a VPC (nil: not known, or it came
        // in through a transit gateway attachment, so it is in one of the attachment's zones).
        var zone: ZoneIndex?
        switch src {
        case .vpc(let v, let s, let i):
            zone = vpcs[v].subnets[s].zone
            sink.add(TraceHop(node: describe(p.src, src), kind: i != nil ? .instance : .host, action: .send,
                              detail: i != nil ? nil : "no instance at this address: a test host with no security group"))
            if !p.reply, let i, let (ok, groups) = groupsAllow(vpc: v, instance: i, ingress: false, p) {
                if !ok {
                    sink.add(TraceHop(node: "sg \(groups)", kind: .securityGroup, action: .drop, detail: "egress"))
                    return drop(.sgDenied, "security group \(groups) of instance \(vpcs[v].model.instances[i].name) does not allow this traffic out")
                }
                sink.add(TraceHop(node: "sg \(groups)", kind: .securityGroup, action: .allow, detail: "egress"))
            }
            cur = vpcs[v].subnets[s].tableNode
        case .site(let si, let resident):
            let site = sites[si]
            switch resident {
            case .device:
                if site.deviceFailed { return drop(.tunnelDown, "the gateway device of site \(site.name) is failed") }
                guard let cgw = site.cgwNode else { return drop(.noRoute, "site \(site.name) has no gateway device") }
                sink.add(TraceHop(node: describe(p.src, src), kind: .host, action: .send))
                cur = cgw
            case .router(let n):
                sink.add(TraceHop(node: describe(p.src, src), kind: .host, action: .send))
                cur = n
            case .host, nil:
                var gateway: IPv4Address? = site.defaultGateway
                if case .host(_, let g?) = resident { gateway = g }
                sink.add(TraceHop(node: describe(p.src, src), kind: .host, action: .send, detail: gateway.map { "default gateway \($0)" }))
                if onNetwork(p.dst, of: si) {
                    return deliverOnSite(p, si, &sink, &result)
                }
                guard let gateway, let n = lanNode(gateway, on: si) else {
                    return drop(.noRoute, "host on site \(site.name) has no gateway that is a modelled router or gateway device")
                }
                cur = n
            }
        }
        var steps = 0
        while true {
            steps += 1
            let id = nodes[cur].label
            if steps > Self.maxHops {
                return drop(.ttlExceeded, "forwarding loop through \(id): TTL exceeded")
            }
            let kind = nodes[cur].hopKind
            // Arriving at a customer gateway or router: failed device, its own address, EC2's check.
            switch nodes[cur].kind {
            case .cgw(let si):
                if sites[si].deviceFailed {
                    sink.add(TraceHop(node: id, kind: kind, action: .drop, detail: "device failed"))
                    return drop(.tunnelDown, "\(id) is failed (--fail site:\(sites[si].name))")
                }
                if sites[si].deviceAddresses.contains(p.dst.value) {
                    sink.add(TraceHop(node: id, kind: kind, action: .deliver, detail: "the gateway device's own address"))
                    result.delivered = true
                    return result
                }
                if sites[si].sourceDestCheck && !sites[si].deviceAddresses.contains(p.src.value) {
                    sink.add(TraceHop(node: id, kind: kind, action: .drop, detail: "source/destination check on"))
                    return drop(.sourceDestCheck, "\(id) is an EC2 instance with source/destination check on: it cannot forward")
                }
            case .router(let si):
                if case .router(cur)? = sites[si].residents[p.dst.value] {
                    sink.add(TraceHop(node: id, kind: kind, action: .deliver, detail: "the router's own address"))
                    result.delivered = true
                    return result
                }
            default: break
            }
            guard let g = nodes[cur].fib.lookup(p.dst) else {
                let (reason, detail) = diagnoseNoRoute(cur, p)
                sink.add(TraceHop(node: id, kind: kind, action: .drop, detail: detail))
                return drop(reason, detail)
            }
            let entry = nodes[cur].entries[g]
            let here = cur
            var route: SimRoute { nodes[here].table.routes[entry.route] }
            // A blackhole route drops here: the hop is a drop, not a forward.
            if case .drop(let reason) = entry.target {
                let detail = "\(nodes[here].label): route \(route.destination) → \(route.nextHop) is a blackhole\(route.note.map { " (\($0))" } ?? "")"
                sink.add(TraceHop(node: id, kind: kind, action: .drop, route: route.summary, detail: detail))
                return drop(reason, detail)
            }
            // Only resources in an Availability Zone of the attachment's subnets reach the TGW.
            if case .transitGateway(_, let zones?) = entry.target, let z = zone, !zones.contains(z), case .vpcTable(let v) = nodes[here].kind {
                let az = vpcs[v].zones[Int(z.raw)]
                let detail = "\(id): route \(route.destination) → \(route.nextHop) is not usable from Availability Zone \(az): the VPC's transit gateway attachment has no subnet there (add one in \(az) to the attachment)"
                sink.add(TraceHop(node: id, kind: kind, action: .drop, route: route.summary, detail: detail))
                return drop(.azNotAttached, detail)
            }
            sink.add(TraceHop(node: id, kind: kind, action: .forward, route: route.summary,
                              detail: entry.groupSize > 1 ? "ECMP over \(entry.groupSize) paths; the trace follows the first" : nil))
            switch entry.target {
            case .node(let n):
                cur = n
            case .transitGateway(let table, _):
                cur = table
            case .enterVPC(let v, let table):
                if vpc(containing: p.dst) == v { return deliverInVPC(p, v, &sink, &result) }
                guard let table else {
                    return drop(.noRoute, "\(nodes[here].label): route \(route.destination) leads into VPC \(vpcs[v].name), which does not hold the destination")
                }
                zone = nil
                cur = table
            case .tunnelToCustomer(let c, let t), .tunnelToAWS(let c, let t):
                let ref = tunnelRef(c, t)
                guard conns[c].tunnelUp[Int(t) - 1] else {
                    sink.add(TraceHop(node: ref.description, kind: .tunnel, action: .drop))
                    return drop(.tunnelDown, "tunnel \(ref) is down")
                }
                result.tunnels.append(conn: c, tunnel: t)
                let toCustomer: Bool
                if case .tunnelToCustomer = entry.target { toCustomer = true } else { toCustomer = false }
                sink.add(tunnelHop(c, t, toCustomer: toCustomer))
                guard let next = toCustomer ? conns[c].cgwNode : conns[c].awsNode else {
                    if toCustomer { return drop(.noRoute, "the customer side of VPN connection \(ref.connection) is not modelled") }
                    return drop(.noRoute, "\(conns[c].awsLabel.isEmpty ? "the AWS end of \(ref.connection)" : conns[c].awsLabel) has no route table for traffic from the tunnel")
                }
                cur = next
            case .vpnAttachment(let c):
                let conn = conns[c]
                guard let t = conn.awsEgress.first else {
                    sink.add(TraceHop(node: conn.name, kind: .tunnel, action: .drop, detail: "both tunnels down"))
                    return drop(.tunnelDown, "\(nodes[here].label): route \(route.destination) leads to VPN connection \(conn.name), whose tunnels are both down")
                }
                result.tunnels.append(conn: c, tunnel: t)
                sink.add(tunnelHop(c, t, toCustomer: true, note: conn.awsEgress.count > 1 ? "AWS may use either tunnel; the trace follows \(tunnelRef(c, t))" : nil))
                guard let cgw = conn.cgwNode else { return drop(.noRoute, "the customer side of VPN connection \(conn.name) is not modelled") }
                cur = cgw
            case .vifToCustomer(let v), .vifToAWS(let v, _):
                let vif = vifs[v]
                guard vif.up else {
                    sink.add(TraceHop(node: "dx:\(vif.name)", kind: .virtualInterface, action: .drop, detail: vif.detail))
                    return drop(.virtualInterfaceDown, "virtual interface dx:\(vif.name) is down: \(vif.detail ?? "")")
                }
                result.tunnels.append(vif: v)
                let awsNode: NodeIndex?
                if case .vifToAWS(_, let node) = entry.target { awsNode = node } else { awsNode = nil }
                sink.add(TraceHop(node: "dx:\(vif.name)", kind: .virtualInterface, action: .forward,
                                  detail: "Direct Connect, VLAN \(vif.vlan), \(awsNode == nil ? "AWS → site" : "site → AWS")"))
                guard let next = awsNode ?? vif.cgwNode else { return drop(.noRoute, "the site end of virtual interface dx:\(vif.name) has no modelled router") }
                cur = next
            case .internet(let nat):
                if let sh = nodes[here].shadow.longestMatch(p.dst), sh.prefix.length > route.destination.length {
                    let r = nodes[here].table.routes[sh.value]
                    let detail = "\(nodes[here].label): \(r.destination) is not usable (\(r.note ?? r.reason?.rawValue ?? "")), so the traffic takes \(route.destination) to the \(nat ? "NAT" : "internet") gateway"
                    sink.add(TraceHop(node: nat ? route.nextHop.description : "igw", kind: nat ? .natGateway : .internetGateway, action: .drop, detail: detail))
                    return drop(r.reason ?? .noRoute, detail)
                }
                let detail = "\(nodes[here].label): route \(route.destination) sends it to the \(nat ? "NAT" : "internet") gateway, where a private address is unreachable"
                sink.add(TraceHop(node: nat ? route.nextHop.description : "igw", kind: nat ? .natGateway : .internetGateway, action: .drop, detail: detail))
                return drop(.noRoute, detail)
            case .instance(let v, let i):
                let inst = vpcs[v].model.instances[i]
                if inst.sourceDestCheck {
                    sink.add(TraceHop(node: "instance \(inst.name)", kind: .instance, action: .drop, detail: "source/destination check on"))
                    return drop(.sourceDestCheck, "instance \(inst.name) is a route target but its source/destination check is on")
                }
                if inst.address == p.dst {
                    sink.add(TraceHop(node: "instance \(inst.name)", kind: .instance, action: .deliver))
                    result.delivered = true
                    return result
                }
                sink.add(TraceHop(node: "instance \(inst.name)", kind: .instance, action: .forward))
                guard let s = vpcs[v].subnetTrie.lookup(inst.address) else { return drop(.noRoute, "instance \(inst.name) is in no subnet") }
                zone = vpcs[v].subnets[s].zone
                cur = vpcs[v].subnets[s].tableNode
            case .peering(let v):
                // A peering delivers only into the peer VPC: traffic that crossed it is never
                // routed on to the peer's gateways (VGW, TGW, IGW, NAT) or its other peerings
                // (Amazon VPC peering guide, "VPC peering limitations").
                guard vpc(containing: p.dst) == v else {
                    let detail = "\(nodes[here].label): route \(route.destination) → \(route.nextHop) leads into VPC \(vpcs[v].name), which does not hold the destination; a VPC peering is not transitive (traffic that crossed it is not forwarded to the peer's gateways or other peerings)"
                    sink.add(TraceHop(node: "vpc:\(vpcs[v].name)", kind: .vpc, action: .drop, detail: detail))
                    return drop(.peeringNotTransitive, detail)
                }
                return deliverInVPC(p, v, &sink, &result)
            case .onLink:
                let si: SiteIndex
                switch nodes[here].kind {
                case .cgw(let s), .router(let s): si = s
                default: return drop(.noRoute, "\(nodes[here].label) has no LAN")
                }
                guard onNetwork(p.dst, of: si) else { return drop(.noRoute, "\(nodes[here].label): the destination is not on its LAN") }
                return deliverOnSite(p, si, &sink, &result)
            case .drop:
                preconditionFailure("handled before the forward hop")
            }
        }
    }

    func tunnelHop(_ c: ConnIndex, _ t: Int8, toCustomer: Bool, note: String? = nil) -> TraceHop {
        let conn = conns[c]
        let aws = conn.insideAWS[Int(t) - 1].map(\.description) ?? "AWS"
        let cgw = conn.insideCustomer[Int(t) - 1].map(\.description) ?? "customer gateway"
        var d = toCustomer ? "\(aws) → \(cgw)" : "\(cgw) → \(aws)"
        if let note { d += "; \(note)" }
        return TraceHop(node: tunnelRef(c, t).description, kind: .tunnel, action: .forward, detail: d)
    }

    func deliverInVPC<S: HopSink>(_ p: Packet, _ v: VPCIndex, _ sink: inout S, _ result: inout WalkResult) -> WalkResult {
        let info = vpcs[v]
        guard let s = info.subnetTrie.lookup(p.dst) else {
            result.reason = .noRoute
            result.detail = "no subnet of VPC \(info.name) holds the destination"
            sink.add(TraceHop(node: "vpc:\(info.name)", kind: .vpc, action: .drop, detail: result.detail))
            return result
        }
        if let which = info.subnets[s].reserved(p.dst) {
            result.reason = .reservedAddress
            result.detail = "\(p.dst) is \(which) of subnet \(info.name)/\(info.subnets[s].name) (\(info.subnets[s].cidr)), reserved by AWS: no instance can hold it (\(AWSNumbers.SubnetReserved.page))"
            sink.add(TraceHop(node: "subnet \(info.name)/\(info.subnets[s].name)", kind: .vpc, action: .drop, detail: result.detail))
            return result
        }
        let i = info.instanceByAddress[p.dst.value]
        let ep = Endpoint.vpc(vpc: v, subnet: s, instance: i)
        if !p.reply, let i, let (ok, groups) = groupsAllow(vpc: v, instance: i, ingress: true, p) {
            if !ok {
                sink.add(TraceHop(node: "sg \(groups)", kind: .securityGroup, action: .drop, detail: "ingress"))
                result.reason = .sgDenied
                result.detail = "security group \(groups) of \(info.label(i)) does not allow \(p.proto.rawValue)\(p.port.map { "/\($0)" } ?? "") from the source"
                return result
            }
            sink.add(TraceHop(node: "sg \(groups)", kind: .securityGroup, action: .allow, detail: "ingress"))
        }
        sink.add(TraceHop(node: describe(p.dst, ep), kind: i != nil ? .instance : .host, action: .deliver,
                          detail: i != nil ? nil : (p.reply ? nil : "no instance at this address: a test host with no security group")))
        result.delivered = true
        return result
    }

    /// Delivers on the LAN of `si`'s network: the destination may live behind a joined site.
    func deliverOnSite<S: HopSink>(_ p: Packet, _ via: SiteIndex, _ sink: inout S, _ result: inout WalkResult) -> WalkResult {
        let (si, resident) = sites[via].joined.isEmpty ? (via, sites[via].residents[p.dst.value]) : (siteEndpoint(p.dst) ?? (via, nil))
        let site = sites[si]
        if resident == .device && site.deviceFailed {
            result.reason = .tunnelDown
            result.detail = "the gateway device of site \(site.name) is failed"
            return result
        }
        sink.add(TraceHop(node: describe(p.dst, .site(site: si, resident: resident)), kind: .host, action: .deliver))
        result.delivered = true
        return result
    }

    /// Why a node has no route: an inactive route says (tunnel down, propagation off, …);
    /// otherwise, for a VPC attached to a transit gateway, whether the TGW would have one.
    func diagnoseNoRoute(_ cur: NodeIndex, _ p: Packet) -> (DropReason, String) {
        let node = nodes[cur]
        if let sh = node.shadow.longestMatch(p.dst) {
            let r = node.table.routes[sh.value]
            return (r.reason ?? .noRoute, "\(node.label): route \(r.destination) → \(r.nextHop) is not usable: \(r.note ?? r.reason?.rawValue ?? "inactive")")
        }
        if case .vpcTable(let v) = node.kind {
            var hints: [String] = []
            for n in tgwTables(of: v) {
                let t = nodes[n]
                if t.fib.lookup(p.dst) != nil {
                    hints.append("\(t.label) has a route: add one to the transit gateway in this table")
                } else {
                    hints.append("nor does TGW route table \(t.label), associated with VPC \(vpcs[v].name)'s attachment")
                }
            }
            return (.noRoute, "\(node.label) has no route to the destination" + (hints.isEmpty ? "" : "; " + hints.joined(separator: "; ")))
        }
        return (.noRoute, "\(node.label) has no route to the destination")
    }

    /// TGW route tables associated with the VPC's attachments.
    func tgwTables(of v: VPCIndex) -> [NodeIndex] { vpcs[v].tgwTables }
}

extension FabricNode {
    var hopKind: HopKind {
        switch kind {
        case .vpcTable: return .routeTable
        case .vgw: return .vpnGateway
        case .tgwTable: return .transitGateway
        case .cgw: return .customerGateway
        case .router: return .lanRouter
        }
    }
}
