import CausewayCore
import CausewaySim

extension Builder {
    /// One kernel table per VPC route table (100 + index), chosen by the source subnet; the
    /// routes are the simulator's converged ones. Targets the lab has no counterpart for (an
    /// internet or NAT gateway, an instance, a peering) become `unreachable`, as a private
    /// destination is there.
    mutating func vpcTables(_ v: VPC, _ n: String, k: Int, vgwLink: [String: IPv4Address], tgwLink: [String: [String: IPv4Address]]) {
        for (m, rt) in v.routeTables.enumerated() {
            let table = "\(100 + m)"
            guard let conv = sim.network.table(.vpcTable(vpc: v.name, table: rt.name)) else { continue }
            var seen = Set<IPv4Prefix>()
            for r in conv.selectedRoutes where seen.insert(r.destination).inserted {
                var args = ["route", "add"]
                if r.state != .active {
                    args += ["blackhole", "\(r.destination)"]
                } else {
                    switch r.nextHop {
                    case .local, .connected: continue
                    case .vpnGateway(let g):
                        if let via = vgwLink[g] { args += ["\(r.destination)", "via", "\(via)"] } else { args += ["blackhole", "\(r.destination)"] }
                    case .transitGateway(let g):
                        if let via = tgwLink[g]?[v.name] { args += ["\(r.destination)", "via", "\(via)"] } else { args += ["blackhole", "\(r.destination)"] }
                    default:
                        args += ["unreachable", "\(r.destination)"]
                    }
                }
                setup.append(["ip", "-n", n] + args + ["table", table])
            }
            for s in v.subnets where v.routeTable(for: s)?.name == rt.name {
                ip(n, "rule", "add", "from", "\(s.cidr)", "lookup", table, "pref", "1000")
            }
        }
        for c in v.cidrs { ip(n, "rule", "add", "from", "\(c)", "unreachable", "pref", "1001") }
    }

    /// One kernel table per TGW route table (100 + index); each attachment's link selects its
    /// associated table (`ip rule iif`), and nothing else: an attachment without a route in its
    /// table gets `unreachable`, never the main table.
    mutating func tgwTables(_ g: TransitGateway, _ n: String, tgwLink: [String: IPv4Address], vpcNS: [String: String]) {
        // The address of the far end of each attachment's link.
        var far: [String: IPv4Address] = [:]
        for (j, a) in g.attachments.enumerated() {
            let key: String
            switch a.resource {
            case .vpc(let v, _): key = v
            case .vpn(let c): key = "vpn:\(c)"
            // The lab does not stand in a transit gateway peering: no link, so its routes are unreachable.
            case .peering(let p): key = "peering:\(p)"
            case .directConnectGateway(let d): key = "dx:\(d)"
            }
            if let mine = tgwLink[key] { far[a.name] = mine.advanced(by: 1) }
            if let t = g.associatedTable(of: a.name), let m = g.routeTables.firstIndex(where: { $0.name == t.name }), tgwLink[key] != nil {
                ip(n, "rule", "add", "iif", "att\(j + 1)", "lookup", "\(100 + m)", "pref", "1000")
            }
            if tgwLink[key] != nil { ip(n, "rule", "add", "iif", "att\(j + 1)", "unreachable", "pref", "1001") }
        }
        // A VPN attachment's routes name the tunnel they were learned over; the lab's edge behind
        // the attachment picks the tunnel itself (BGP or static). A Direct Connect gateway's
        // routes name the virtual interface; its gateway's namespace is behind the attachment.
        let t = topology
        func hops(_ rs: [SimRoute]) -> [IPv4Address] {
            rs.compactMap { r -> IPv4Address? in
                guard r.state == .active else { return nil }
                switch r.nextHop {
                case .attachment(let a): return far[a]
                case .tunnel(let t): return g.attachment(forVPN: t.connection).flatMap { far[$0.name] }
                case .virtualInterface(let v): return t.virtualInterface(v).flatMap { g.attachment(forDXGateway: $0.dxGateway) }.flatMap { far[$0.name] }
                default: return nil
                }
            }.uniqued()
        }
        // With the virtual interfaces down, the simulator's routes: the fallback (`dxFallback`).
        let dxDown = g.attachments.contains { if case .directConnectGateway = $0.resource { return true } else { return false } }
            ? Simulation(topology: topology, failures: Set(topology.virtualInterfaces.map { Failure.virtualInterface($0.name) })) : nil
        for (m, rt) in g.routeTables.enumerated() {
            guard let conv = sim.network.table(.tgwTable(tgw: g.name, table: rt.name)) else { continue }
            for (dest, rs) in byDestination(conv.selectedRoutes) {
                let args = routeArgs(dest, hops(rs))
                setup.append(["ip", "-n", n, "route", "add"] + args + ["table", "\(100 + m)"])
            }
            if let dxDown, let down = dxDown.network.table(.tgwTable(tgw: g.name, table: rt.name)) {
                let fallback = byDestination(down.selectedRoutes).map { ($0.0, hops($0.1)) }
                dxFallback(n, table: 100 + m, selected: conv.selectedRoutes, fallback: fallback)
            }
        }
    }

    /// The routes grouped by destination, in order.
    func byDestination(_ routes: [SimRoute]) -> [(IPv4Prefix, [SimRoute])] {
        var out: [(IPv4Prefix, [SimRoute])] = []
        for r in routes {
            if let i = out.firstIndex(where: { $0.0 == r.destination }) { out[i].1.append(r) } else { out.append((r.destination, [r])) }
        }
        return out
    }

    /// `ip route` arguments for a destination over `hops` (none: a blackhole; several: ECMP).
    func routeArgs(_ dest: IPv4Prefix, _ hops: [IPv4Address]) -> [String] {
        if hops.isEmpty { return ["blackhole", "\(dest)"] }
        if hops.count == 1 { return ["\(dest)", "via", "\(hops[0])"] }
        return ["\(dest)"] + hops.flatMap { ["nexthop", "via", "\($0)"] }
    }
}
