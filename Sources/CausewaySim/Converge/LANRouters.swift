import CausewayCore

extension Converger {
    /// Each LAN router of a site (Linux + FRR): connected networks, static routes to modelled
    /// next hops, and over OSPF the gateway device's LAN (and, redistributed, its BGP and
    /// static routes) and the other routers' networks.
    mutating func buildRouters(_ si: SiteIndex, _ s: Site) {
        let info = f.sites[si]
        for (ri, r) in s.routers.enumerated() {
            let node = info.routerNodes[ri]
            var cands: [Candidate] = []
            let own = routerNetworks(r, s)
            for c in own { cands.append(Candidate(route: SimRoute(c, .connected, .connected), target: .onLink, preference: .connected)) }
            for sr in r.routes {
                var o = SimRoute(sr.destination, .static, .gateway(sr.via))
                if let n = info.nodeByAddress[sr.via.value] {
                    cands.append(Candidate(route: o, target: .node(n), preference: .static))
                } else {
                    o.state = .blackhole
                    o.reason = .noRoute
                    o.note = "next hop \(sr.via) is not a modelled router or gateway"
                    cands.append(Candidate(route: o, target: .drop(.noRoute), preference: .static))
                }
            }
            if r.ospf, let d = s.gateway, let ospf = d.ospf, let lan = d.lanAddress ?? d.privateIP, let cgwNode = info.cgwNode {
                let cgw = f.nodes[cgwNode].table
                let from = TableID.cgw(site: s.name).description
                let lanNets = Set(ospf.networks.isEmpty ? s.cidrs : ospf.networks)
                for net in lanNets.sorted() where !own.contains(net) {
                    var o = SimRoute(net, .ospf, .gateway(lan))
                    o.metric = 10
                    o.learnedFrom = from
                    cands.append(Candidate(route: o, target: .node(cgwNode), preference: .ospf))
                }
                if ospf.redistributeBGP {
                    var last: IPv4Prefix?
                    for cr in cgw.routes where cr.destination != last && (cr.origin == .bgp || cr.origin == .static) && (cr.selected || cr.state == .inactive) {
                        last = cr.destination
                        var o = SimRoute(cr.destination, .ospf, .gateway(lan))
                        o.metric = 20
                        o.learnedFrom = "\(from) (redistributed \(cr.origin))"
                        if cr.state == .inactive { o = o.inactive(cr.reason ?? .noRoute, cr.note) }
                        cands.append(Candidate(route: o, target: .node(cgwNode), preference: .ospf))
                    }
                }
                for other in s.routers where other.ospf && other.name != r.name {
                    for net in routerNetworks(other, s) where !own.contains(net) {
                        var o = SimRoute(net, .ospf, .gateway(other.address))
                        o.metric = 10
                        o.learnedFrom = TableID.router(site: s.name, name: other.name).description
                        cands.append(Candidate(route: o, target: .node(info.nodeByAddress[other.address.value]!), preference: .ospf))
                    }
                }
            }
            finish(node, cands, .router)
        }
    }
}
