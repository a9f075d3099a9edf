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
                if att.isPeering { r.learnedFrom = peeringNote(g, att) }
                let target = attachmentTarget(att, on: g)
                if att.isPeering, case .drop(let why) = target {
                    r.state = .blackhole
                    r.reason = why
                    r.note = peeringNote(g, att)
                }
                cands.append(Candidate(route: r, target: target, preference: .tgwStatic))
            }
            cands += prefixListReferences(rt, g)
            for name in rt.propagations {
                guard let att = g.attachment(name) else {
                    note(node, "propagation from unknown attachment `\(name)` ignored")
                    continue
                }
                switch att.resource {
                case .vpc(let vname, _):
                    guard let vi = vpcIndex[vname] else { continue }
                    let from = "attachment \(name) (vpc)", target = attachmentTarget(att, on: g)
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
                case .peering:
                    // AWS propagates nothing over a transit gateway peering: only static routes
                    // send traffic to it (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html).
                    note(node, "propagation from peering attachment \(name) brings nothing: a transit gateway peering carries only static routes")
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
    /// table), to the VPN connection, or across a peering to the peer transit gateway's table
    /// its side of the peering is associated with.
    func attachmentTarget(_ att: TransitGatewayAttachment, on g: TransitGateway) -> ForwardTarget {
        switch att.resource {
        case .vpc(let vname, let subnets):
            guard let vi = vpcIndex[vname] else { return .drop(.blackhole) }
            let info = f.vpcs[vi]
            let table = subnets.first.flatMap { s in info.subnets.first { $0.name == s }?.tableNode } ?? vpcMainTable[vi.int]
            return .enterVPC(vpc: vi, table: table)
        case .vpn(let cname):
            guard let ci = connIndex[cname] else { return .drop(.blackhole) }
            return .vpnAttachment(conn: ci)
        case .peering(let p):
            guard let pc = t.transitGatewayPeering(p), let peer = t.transitGateway(pc.other(than: g.name)),
                  let side = peer.attachment(forPeering: p), let table = associatedNode(peer, side.name) else { return .drop(.noRoute) }
            return .node(table)
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

extension Converger {
    /// One candidate per entry of each referenced prefix list, to its attachment or a blackhole;
    /// they rank after static routes and before propagated ones (Transit Gateway guide, "Prefix
    /// list references", https://docs.aws.amazon.com/vpc/latest/tgw/create-prefix-list-reference.html).
    func prefixListReferences(_ rt: TransitGatewayRouteTable, _ g: TransitGateway) -> [Candidate] {
        var out: [Candidate] = []
        for ref in rt.prefixListReferences {
            guard let list = t.prefixList(ref.prefixList) else { continue }
            for e in list.entries {
                var r = SimRoute(e.cidr, .prefixList, ref.attachment.map { .attachment($0) } ?? .blackhole)
                r.learnedFrom = "pl:\(list.name)"
                var target = ForwardTarget.drop(.blackhole)
                if let a = ref.attachment, let att = g.attachment(a) {
                    target = attachmentTarget(att, on: g)
                    if att.isPeering { r.learnedFrom = "pl:\(list.name), \(peeringNote(g, att))" }
                }
                if case .drop(let why) = target {
                    r.state = .blackhole
                    r.reason = why
                    r.note = ref.attachment == nil ? "prefix list reference is a blackhole"
                        : g.attachment(ref.attachment!).map { peeringNote(g, $0) } ?? "attachment `\(ref.attachment!)` does not exist"
                }
                out.append(Candidate(route: r, target: target, preference: .tgwPrefixList))
            }
        }
        return out
    }

    /// Where a peering attachment leads, for a route's reason.
    func peeringNote(_ g: TransitGateway, _ att: TransitGatewayAttachment) -> String {
        guard case .peering(let p) = att.resource, let pc = t.transitGatewayPeering(p) else { return "attachment \(att.name)" }
        let other = pc.other(than: g.name)
        guard let peer = t.transitGateway(other), let side = peer.attachment(forPeering: p) else { return "peering \(p) to tgw:\(other), which is not defined" }
        guard let table = peer.associatedTable(of: side.name) else {
            return "peering \(p) to tgw:\(other): its side of the peering is associated with no route table there, so traffic arriving over it is dropped"
        }
        let region = t.region(of: peer)
        return "peering \(p) to tgw:\(other)\(region != t.region(of: g) ? " (\(region))" : ""), routed there by tgw:\(other)/\(table.name)"
    }
}
