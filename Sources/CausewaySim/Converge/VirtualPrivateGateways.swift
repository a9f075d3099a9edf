import CausewayCore

extension Converger {
    /// A VGW's table: its attached VPC's CIDRs, and what its VPN connections send (static
    /// routes, BGP advertisements). Detached, it holds the referencing VPCs' CIDRs inactive.
    mutating func buildVGW(_ g: VirtualPrivateGateway) {
        let node = vgwNode[g.name]!
        var cands: [Candidate] = []
        if let attached = vgwAttached[g.name] {
            let v = t.vpcs[attached.int]
            for c in v.cidrs {
                var r = SimRoute(c, .local, .vpc(v.name))
                r.learnedFrom = "attached VPC \(v.name)"
                cands.append(Candidate(route: r, target: .enterVPC(vpc: attached, table: nil), preference: .vgwAttachedVPC))
            }
        } else {
            note(node, failures.contains(.vpnGatewayDetached(g.name))
                ? "detached from its VPC (--fail vgw:\(g.name)): nothing propagates, routes to it blackhole"
                : "not attached to any VPC: nothing propagates, routes to it blackhole")
            for vi in vpcsReferencing(g.name) {
                let v = t.vpcs[vi.int]
                for c in v.cidrs {
                    var r = SimRoute(c, .local, .vpc(v.name)).inactive(.vgwNotAttached, "vgw:\(g.name) is not attached to VPC \(v.name)")
                    r.learnedFrom = "VPC \(v.name) (not attached)"
                    cands.append(Candidate(route: r, target: .drop(.vgwNotAttached), preference: .vgwAttachedVPC))
                }
            }
        }
        // Direct Connect BGP routes rank before the VPN's static and BGP routes for the same
        // prefix (https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html#vpn-route-priority).
        for (route, vi) in directConnectRoutes(to: .vpnGateway(g.name)) {
            cands.append(Candidate(route: route, target: .vifToCustomer(vif: vi), preference: .vgwDirectConnect))
        }
        for c in t.vpnConnections where c.gateway == .vpnGateway(g.name) {
            let ci = connIndex[c.name]!
            for r in customerRoutes(c) {
                cands.append(Candidate(route: r, target: .tunnelToCustomer(conn: ci, tunnel: Int8(r.tunnel!.index)),
                                       preference: r.origin == .vpnStatic ? .vgwVPNStatic : .vgwBGP))
            }
        }
        finish(node, cands, .vgw)
    }

    /// One route per destination the VGW learned from VPN connections (the selected one, else
    /// the best inactive one), for propagation.
    func learnedRoutes(_ node: NodeIndex) -> [SimRoute] {
        var out: [SimRoute] = []
        var last: IPv4Prefix?
        for r in f.nodes[node].table.routes where r.origin != .local {
            if r.destination == last { continue }
            if r.selected || r.state == .inactive {
                out.append(r)
                last = r.destination
            }
        }
        return out
    }
}
