import CausewayCore

extension Converger {
    /// Every route table of a VPC (and its implicit main table): local routes, the table's own
    /// routes, and what its VGW propagations bring.
    mutating func buildVPC(_ vi: VPCIndex, _ v: VPC) {
        var models: [(RouteTable?, NodeIndex)] = v.routeTables.map { ($0, vpcTableNode[vi.int][$0.name]!) }
        if v.mainRouteTable == nil { models.append((nil, vpcMainTable[vi.int])) }
        for (rt, node) in models {
            var cands: [Candidate] = []
            for c in v.cidrs {
                cands.append(Candidate(route: SimRoute(c, .local, .local), target: .enterVPC(vpc: vi, table: nil), preference: .vpcLocal))
            }
            for sr in rt?.routes ?? [] {
                cands.append(staticVPCRoute(sr, vi, v))
            }
            cands += prefixListRoutes(rt, vi, v)
            var propagating = Set<String>()
            for name in rt?.propagations ?? [] {
                guard let g = t.vpnGateway(name), let gn = vgwNode[name] else {
                    note(node, "propagation from unknown VGW `\(name)` ignored")
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
                    cands.append(Candidate(route: p, target: .node(gn), preference: .vpcPropagated))
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
                    cands.append(Candidate(route: p, target: .node(gn), preference: .vpcPropagated))
                }
            }
            // AWS: the local route wins over any propagated route inside the VPC CIDR.
            for i in cands.indices where cands[i].route.origin == .propagated && v.cidrs.contains(where: { $0.contains(cands[i].route.destination) }) {
                cands[i].preference = .ineligible
                cands[i].route.note = "inside the VPC CIDR: the local route wins over propagated routes (AWS route priority)"
            }
            finish(node, cands, .vpc)
        }
    }

    /// A route written in a VPC route table, with its target resolved (or a blackhole saying
    /// why it cannot be).
    func staticVPCRoute(_ sr: Route, _ vi: VPCIndex, _ v: VPC) -> Candidate {
        staticVPCRoute(sr.destination, target(of: sr), vi, v)
    }

    /// A route to `destination` toward an already resolved target.
    func staticVPCRoute(_ destination: IPv4Prefix, _ resolvedTarget: RouteTarget, _ vi: VPCIndex, _ v: VPC) -> Candidate {
        var r = SimRoute(destination, .static, .local)
        func hole(_ reason: DropReason, _ note: String) -> Candidate {
            r.state = .blackhole
            r.reason = reason
            r.note = note
            return Candidate(route: r, target: .drop(reason), preference: .vpcStatic)
        }
        func to(_ target: ForwardTarget) -> Candidate { Candidate(route: r, target: target, preference: .vpcStatic) }
        switch resolvedTarget {
        case .local:
            return to(.enterVPC(vpc: vi, table: nil))
        case .internetGateway:
            r.nextHop = .internetGateway
            guard v.internetGateway else { return hole(.blackhole, "the VPC has no internet gateway") }
            return to(.internet(nat: false))
        case .natGateway(let n):
            let nat = v.natGateway(n)
            r.nextHop = .natGateway(nat?.name ?? n)
            guard nat != nil else { return hole(.blackhole, "NAT gateway `\(n)` does not exist") }
            return to(.internet(nat: true))
        case .vpnGateway(let n):
            let g = t.vpnGateway(n)
            r.nextHop = .vpnGateway(g?.name ?? n)
            guard let g, let gn = vgwNode[g.name] else { return hole(.blackhole, "no virtual private gateway `\(n)`") }
            guard vgwAttached[g.name] == vi else { return hole(.vgwNotAttached, "vgw:\(g.name) is not attached to VPC \(v.name)") }
            return to(.node(gn))
        case .transitGateway(let n):
            let g = t.transitGateway(n)
            r.nextHop = .transitGateway(g?.name ?? n)
            guard let g else { return hole(.blackhole, "no transit gateway `\(n)`") }
            guard let att = g.attachment(forVPC: v.name) else { return hole(.blackhole, "VPC \(v.name) has no attachment on tgw:\(g.name)") }
            guard let table = associatedNode(g, att.name) else {
                return hole(.noRoute, "attachment \(att.name) is associated with no route table of tgw:\(g.name)")
            }
            r.learnedFrom = "attachment \(att.name)"
            return to(.transitGateway(table: table, zones: attachmentZones(att, vi)))
        case .instance(let n):
            r.nextHop = .instance(n)
            guard let ii = v.instances.firstIndex(where: { $0.name == n }) else { return hole(.blackhole, "instance `\(n)` does not exist") }
            return to(.instance(vpc: vi, instance: InstanceIndex(ii)))
        case .vpcPeering(let n):
            r.nextHop = .vpcPeering(n)
            guard let p = t.vpcPeering(n), p.joins(v.name), let pi = vpcIndex[p.other(than: v.name)] else {
                return hole(.blackhole, "no VPC peering `\(n)` of VPC \(v.name)")
            }
            r.learnedFrom = "peering \(p.name) with VPC \(t.vpcs[pi.int].name)"
            return to(.peering(vpc: pi))
        }
    }

    /// The Availability Zones of a VPC attachment's subnets: only resources in them reach the
    /// transit gateway (https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html,
    /// "Availability Zones"). Nil when a subnet's zone is not given: then any zone does.
    func attachmentZones(_ att: TransitGatewayAttachment, _ vi: VPCIndex) -> ZoneSet? {
        guard case .vpc(_, let names) = att.resource else { return nil }
        let info = f.vpcs[vi]
        var set = ZoneSet()
        for n in names {
            guard let z = info.subnets.first(where: { $0.name == n })?.zone else { return nil }
            set.insert(z)
        }
        return set
    }
}

extension Converger {
    /// One candidate per entry of each prefix list the table routes, to the route's target.
    /// They rank after the table's static routes and before propagated ones; two lists holding
    /// one CIDR toward different targets tie, and the first written wins (AWS picks one and keeps
    /// it: "How route priority works", prefix lists,
    /// https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html).
    func prefixListRoutes(_ rt: RouteTable?, _ vi: VPCIndex, _ v: VPC) -> [Candidate] {
        var out: [Candidate] = []
        for plr in rt?.prefixListRoutes ?? [] {
            guard let list = t.prefixList(plr.prefixList) else { continue }
            for e in list.entries {
                var c = staticVPCRoute(e.cidr, r.target(of: plr) ?? plr.target, vi, v)
                c.route.origin = .prefixList
                c.route.learnedFrom = "pl:\(list.name)" + (c.route.learnedFrom.map { ", \($0)" } ?? "")
                c.preference = .vpcPrefixList
                out.append(c)
            }
        }
        return out
    }
}
