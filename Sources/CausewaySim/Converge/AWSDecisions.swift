import CausewayCore

/// What the converger asks of the resolve stage (`ResolvedNetwork`): the Amazon side's ASN, the
/// ASN AWS expects and the one the device speaks, and route targets with their short forms
/// resolved. Nothing here decides; it reads.
extension Converger {
    /// The ASN of the connection's VGW or TGW; nil when the topology does not define it.
    func awsASN(_ c: VPNConnection) -> ASN? {
        guard let rc = r.connection(c.name), rc.amazonGatewayExists else { return nil }
        return rc.amazonASN
    }

    /// The customer ASN AWS expects on a connection's BGP sessions: its customer gateway's.
    func sessionCustomerASN(_ c: VPNConnection) -> ASN {
        r.connection(c.name)?.customerGatewayASN ?? ResolvedSite.unconnectedASN
    }

    /// The one ASN a site's gateway device speaks: in its advertisements' AS_PATH, in eBGP loop
    /// prevention, and to AWS (the same number its rendered FRR configuration runs).
    func deviceASN(_ site: Site) -> ASN { r.site(site.name)?.deviceASN ?? ResolvedSite.unconnectedASN }

    /// The site and device at the customer end of a connection.
    func device(of c: VPNConnection) -> (Site, GatewayDevice)? {
        guard let s = t.site(of: c), let d = s.gateway else { return nil }
        return (s, d)
    }

    /// A VPC route's target as the resolve stage resolved it (`vgw`, `tgw`, `nat` named); the
    /// route as written when it does not resolve (check reported it).
    func target(of route: Route) -> RouteTarget { r.target(of: route) ?? route.target }

    /// VPCs whose route tables name this VGW (propagation or a route target).
    func vpcsReferencing(_ vgw: String) -> [VPCIndex] {
        var out: [VPCIndex] = []
        for (vi, v) in t.vpcs.enumerated() {
            let refers = v.routeTables.contains { rt in
                rt.propagations.contains(vgw) || rt.routes.contains { route in
                    if case .vpnGateway(let n) = target(of: route) { return n == vgw }
                    return false
                } || rt.prefixListRoutes.contains { route in
                    if case .vpnGateway(let n) = r.target(of: route) { return n == vgw }
                    return false
                }
            } || t.vpnGateway(vgw)?.attachedTo == v.name
            if refers { out.append(VPCIndex(vi)) }
        }
        return out
    }

    /// Prefixes the AWS side of a connection offers the customer gateway: for a VGW its VPC's
    /// CIDRs and, to a BGP connection, what it learned over BGP from its other connections (VPN
    /// CloudHub), for a TGW the selected routes of the table associated with the VPN attachment
    /// (except those leading back into this connection, and blackholes, which AWS does not
    /// advertise over BGP). Inactive = would be offered, but cannot (reason).
    func awsRoutes(_ c: VPNConnection) -> [SimRoute] {
        let ci = connIndex[c.name]!
        var out: [SimRoute] = []
        switch c.gateway {
        case .vpnGateway(let n):
            guard let g = t.vpnGateway(n) else { return [] }
            if let attached = vgwAttached[n] {
                for p in t.vpcs[attached.int].cidrs {
                    var r = SimRoute(p, .bgp, .vpnGateway(n))
                    r.asPath = [g.asn]
                    out.append(r)
                }
                // VPN CloudHub: what the VGW learned over BGP from its other connections goes out
                // to this BGP peer too, with the VGW's AS before the path it came with
                // (https://docs.aws.amazon.com/vpn/latest/s2svpn/VPN_CloudHub.html: "These routing
                // advertisements are received and re-advertised to each BGP peer").
                if c.routing == .bgp, let node = vgwNode[n] {
                    var last: IPv4Prefix?
                    for l in f.nodes[node].table.routes where l.selected && l.state == .active && l.origin == .bgp && l.destination != last {
                        last = l.destination
                        guard let from = l.tunnel?.connection, from != c.name else { continue }
                        var r = SimRoute(l.destination, .bgp, .vpnGateway(n))
                        r.asPath = [g.asn] + (l.asPath ?? [])
                        r.learnedFrom = "vgw:\(n) (VPN CloudHub, from \(from))"
                        out.append(r)
                    }
                }
            } else {
                for vi in vpcsReferencing(n) {
                    for p in t.vpcs[vi.int].cidrs {
                        var r = SimRoute(p, .bgp, .vpnGateway(n)).inactive(.vgwNotAttached, "vgw:\(n) is not attached to VPC \(t.vpcs[vi.int].name)")
                        r.asPath = [g.asn]
                        out.append(r)
                    }
                }
            }
        case .transitGateway(let n):
            guard let g = t.transitGateway(n), let node = f.conns[ci].awsNode else { return [] }
            let att = g.attachment(forVPN: c.name)?.name
            var last: IPv4Prefix?
            for r in f.nodes[node].table.routes where r.selected && r.state == .active && r.destination != last {
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
}
