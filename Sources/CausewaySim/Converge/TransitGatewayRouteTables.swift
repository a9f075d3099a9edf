import CausewayCore

extension Converger {
    /// Every route table of a TGW: its static and blackhole routes, then what its
    /// propagating attachments bring (VPC CIDRs, a VPN connection's routes).
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
                    cands.append(Candidate(route: r, target: .drop(.blackhole), preference: .tgwStatic))
                    continue
                }
                var r = SimRoute(sr.destination, .static, .attachment(a))
                guard let att = g.attachment(a) else {
                    r.state = .blackhole
                    r.reason = .blackhole
                    r.note = "attachment `\(a)` does not exist"
                    cands.append(Candidate(route: r, target: .drop(.blackhole), preference: .tgwStatic))
                    continue
                }
                cands.append(Candidate(route: r, target: attachmentTarget(att), preference: .tgwStatic))
            }
            for name in rt.propagations {
                guard let att = g.attachment(name) else {
                    note(node, "propagation from unknown attachment `\(name)` ignored")
                    continue
                }
                switch att.resource {
                case .vpc(let vname, _):
                    guard let vi = vpcIndex[vname] else { continue }
                    let from = "attachment \(name) (vpc)", target = attachmentTarget(att)
                    for c in t.vpcs[vi.int].cidrs {
                        var r = SimRoute(c, .propagated, .attachment(name))
                        r.learnedFrom = from
                        cands.append(Candidate(route: r, target: target, preference: .tgwPropagatedVPC))
                    }
                case .vpn(let cname):
                    guard let c = t.vpnConnection(cname), let ci = connIndex[cname] else { continue }
                    // Only BGP-learned routes propagate from a VPN attachment; a static VPN's
                    // prefixes are static routes written in the TGW route table
                    // (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpn-attachments.html: "For
                    // static VPNs, you'll also need to first add the static routes to the transit
                    // gateway route table"; how-transit-gateways-work.html, Route propagation).
                    guard c.routing == .bgp else {
                        note(node, "propagation from \(name) brings nothing: VPN connection \(cname) uses static routing, whose prefixes need static routes in this table")
                        continue
                    }
                    let from = "attachment \(name) (vpn, \(c.routing.rawValue))"
                    for var r in customerRoutes(c) {
                        r.origin = .propagated
                        r.learnedFrom = from
                        cands.append(Candidate(route: r, target: .tunnelToCustomer(conn: ci, tunnel: Int8(r.tunnel!.index)), preference: .tgwPropagatedVPN))
                    }
                case .directConnectGateway(let d):
                    // Routes from the site over transit VIFs, after VPC and before VPN routes
                    // (https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html#tgw-route-evaluation-overview).
                    for (route, vi) in directConnectRoutes(to: .transitGateway(g.name), through: d) {
                        var r = route
                        r.origin = .propagated
                        r.learnedFrom = "attachment \(name) (dx gateway, VIF dx:\(f.vifs[vi].name))"
                        cands.append(Candidate(route: r, target: .vifToCustomer(vif: vi), preference: .tgwPropagatedDX))
                    }
                }
            }
            finish(node, cands, .tgw(ecmp: g.vpnECMP))
        }
    }

    /// Where a route to an attachment leads: into the VPC (routed by the attachment subnet's
    /// table), or to the VPN connection.
    func attachmentTarget(_ att: TransitGatewayAttachment) -> ForwardTarget {
        switch att.resource {
        case .vpc(let vname, let subnets):
            guard let vi = vpcIndex[vname] else { return .drop(.blackhole) }
            let info = f.vpcs[vi]
            let table = subnets.first.flatMap { s in info.subnets.first { $0.name == s }?.tableNode } ?? vpcMainTable[vi.int]
            return .enterVPC(vpc: vi, table: table)
        case .vpn(let cname):
            guard let ci = connIndex[cname] else { return .drop(.blackhole) }
            return .vpnAttachment(conn: ci)
        case .directConnectGateway(let d):
            // A static route to the attachment: the Direct Connect gateway sends over its first
            // transit interface that is up.
            let vifs = t.virtualInterfaces.filter { $0.dxGateway == d && $0.type == .transit }.compactMap { vifIndex[$0.name] }
            guard let vi = vifs.first(where: { f.vifs[$0].up }) ?? vifs.first else { return .drop(.virtualInterfaceDown) }
            return .vifToCustomer(vif: vi)
        }
    }

    /// The TGW route table an attachment is associated with.
    func associatedNode(_ g: TransitGateway, _ attachment: String) -> NodeIndex? {
        g.associatedTable(of: attachment).flatMap { tgwTableNode[g.name]?[$0.name] }
    }
}
