import CausewayCore

extension Converger {
    /// A site's gateway device (Linux + FRR): its connected LAN, OSPF routes from LAN routers,
    /// and what AWS offers over each tunnel (static routes on the VTIs, or BGP).
    mutating func buildCGW(_ si: SiteIndex, _ s: Site) {
        guard let d = s.gateway, let node = f.sites[si].cgwNode else { return }
        var cands: [Candidate] = []
        let lan = d.lanAddress ?? d.privateIP
        let connected = lan.map { a in s.cidrs.filter { $0.contains(a) } } ?? s.cidrs
        for c in (connected.isEmpty ? s.cidrs : connected) {
            var r = SimRoute(c, .connected, .connected)
            r.learnedFrom = d.lanInterface.map { "interface \($0)" }
            cands.append(Candidate(route: r, target: .onLink, preference: .connected))
        }
        // Several gateways of one network: the joined sites' address space is on this LAN too.
        var own = Set(connected.isEmpty ? s.cidrs : connected)
        for j in t.joinedSites(of: s) {
            for c in j.cidrs where own.insert(c).inserted {
                var r = SimRoute(c, .connected, .connected)
                r.learnedFrom = "network \(s.network ?? "") (joined on premises with site \(j.name))"
                cands.append(Candidate(route: r, target: .onLink, preference: .connected))
            }
        }
        if d.ospf != nil {
            for r in s.routers where r.ospf {
                for net in routerNetworks(r, s) where !connected.contains(net) {
                    var o = SimRoute(net, .ospf, .gateway(r.address))
                    o.metric = 10
                    o.learnedFrom = TableID.router(site: s.name, name: r.name).description
                    cands.append(Candidate(route: o, target: .node(f.sites[si].nodeByAddress[r.address.value]!), preference: .ospf))
                }
            }
        }
        let deviceASN = self.deviceASN(s)
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
                        cands.append(Candidate(route: r, target: target, preference: .static))
                    } else {
                        if a.asPath?.contains(deviceASN) == true { continue }
                        r.asPath = a.asPath
                        r.learnedFrom = f.conns[ci].awsLabel
                        if let why = sessionProblem(ref, bgp: true) {
                            r = r.inactive(why, downNote(ref, why))
                        } else if a.state == .inactive {
                            r = r.inactive(a.reason ?? .noRoute, a.note)
                        }
                        cands.append(Candidate(route: r, target: target, preference: .eBGP))
                    }
                }
            }
        }
        cands += routesFromDirectConnect(s)
        if f.sites[si].deviceFailed { note(node, "the device is failed (--fail site:\(s.name))") }
        finish(node, cands, .cgw(ecmp: t.customerECMP(s)))
    }

    /// The networks a LAN router has an interface in: its own list, else the site CIDRs
    /// holding its address.
    func routerNetworks(_ r: LANRouter, _ s: Site) -> [IPv4Prefix] {
        r.networks.isEmpty ? s.cidrs.filter { $0.contains(r.address) } : r.networks
    }
}
