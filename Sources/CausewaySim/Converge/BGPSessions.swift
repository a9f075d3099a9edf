import CausewayCore

extension Converger {
    /// The eBGP session over one tunnel of a BGP connection: down with its tunnel, or when the
    /// device's routing, AS or expected AWS AS disagrees with AWS's.
    func openSession(_ c: VPNConnection, over s: TunnelStatus,
                     dev: (Site, GatewayDevice)?, dt: DeviceTunnel?) -> BGPSession {
        let ref = s.tunnel
        let aws = awsASN(c) ?? .amazonDefault
        let cgwASN = sessionCustomerASN(c)
        var b = BGPSession(tunnel: ref, up: s.up, awsASN: aws, customerASN: cgwASN)
        b.awsAddress = s.awsInsideAddress
        b.customerAddress = s.customerInsideAddress
        if !s.up {
            b.reason = .tunnelDown
            b.detail = "tunnel \(ref) is down: \(s.detail ?? "")"
        } else if let (site, d) = dev {
            var problem: String?
            if d.routing != .bgp { problem = "the device is configured for static routing" }
            else if deviceASN(site) != cgwASN { problem = "the device speaks AS \(deviceASN(site)), AWS expects the customer gateway's AS \(cgwASN)" }
            else if let p = dt?.peerASN, p != aws { problem = "the device expects AWS at AS \(p), AWS uses AS \(aws)" }
            if let problem {
                b.up = false
                b.reason = .bgpDown
                b.detail = problem
            }
        }
        return b
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
                let asn = deviceASN(s)
                let dt = d.tunnel(c.name, n)
                let path = Array(repeating: asn, count: 1 + (dt?.asPathPrepend ?? 0))
                let from = TableID.cgw(site: s.name).description
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

    // MARK: - what AWS sends the customer gateway

    /// Where each connection's tunnels enter AWS (the VGW, or the TGW table associated with the
    /// VPN attachment), which tunnels AWS sends over, and each VPC's associated TGW tables.
    mutating func resolveConnections() {
        for g in t.transitGateways {
            for a in g.attachments {
                if case .vpc(let v, _) = a.resource, let vi = vpcIndex[v], let n = associatedNode(g, a.name) {
                    f.vpcs[vi].tgwTables.append(n)
                }
            }
        }
        for (i, c) in t.vpnConnections.enumerated() {
            let ci = ConnIndex(i)
            switch c.gateway {
            case .vpnGateway(let n):
                if let node = vgwNode[n] {
                    f.conns[ci].awsNode = node
                    f.conns[ci].awsLabel = TableID.vgw(n).description
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

    // MARK: - BGP advertisements per session

    /// What crosses each established session, both ways.
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
