import CausewayCore

/// Route preference per kind of node (docs/aws-behaviour.md, "Route priority"). AWS pages: Site-to-Site
/// VPN user guide "Route tables and AWS Site-to-Site VPN route priority" (vpn-route-priority:
/// the local route wins over more specific propagated routes; same prefix, static first; on the
/// VGW, VPN static before VPN BGP, then the shortest AS_PATH; tunnel health before any attribute),
/// VPC user guide "How route priority works" (route-tables-priority), Transit Gateway guide "How
/// transit gateways work" (static before propagated; VPC before VPN) and "Equal Cost Multipath".
enum SelectionPolicy: Sendable {
    /// VPC route table: longest prefix; same prefix: local, static, propagated.
    case vpc
    /// VGW: local (attached VPC), VPN static, BGP (shortest AS_PATH, lowest MED among paths
    /// with the same first AS); one path only, AWS's choice reported.
    case vgw
    /// TGW route table: static (and blackhole), propagated VPC, propagated VPN (BGP
    /// attributes), ECMP across VPN paths only when enabled.
    case tgw(ecmp: Bool)
    /// Customer gateway (Linux + FRR): connected, static (lowest metric), eBGP, OSPF; ECMP over
    /// equal eBGP paths from the same AS when the rendered FRR has `maximum-paths`.
    case cgw(ecmp: Bool)
    /// LAN router: connected, static, OSPF.
    case router

    /// The MED a VPN route received without one counts as, where AWS compares MEDs: 0 on a VGW
    /// (BGP's reading), `AWSNumbers.TransitGateway.defaultVPNMED` on a TGW; nil elsewhere.
    var missingMED: UInt32? {
        switch self {
        case .vgw: return 0
        case .tgw: return AWSNumbers.TransitGateway.defaultVPNMED
        case .vpc, .cgw, .router: return nil
        }
    }
}

extension Converger {
    /// Marks the selected route(s) of every destination and builds the node's forwarding trie
    /// and its trie of inactive routes.
    mutating func finish(_ node: NodeIndex, _ cands: [Candidate], _ policy: SelectionPolicy) {
        // Destination, then preference, then position, packed into one sortable key.
        let order = cands.indices.map { i -> (UInt64, Int) in
            let d = cands[i].route.destination
            return (UInt64(d.network.value) << 16 | UInt64(d.length) << 8 | UInt64(cands[i].preference.raw), i)
        }.sorted { $0 < $1 }.map(\.1)
        var n = f.nodes[node]
        var routes: [SimRoute] = []
        routes.reserveCapacity(cands.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            let dest = cands[order[start]].route.destination
            while end < order.count && cands[order[end]].route.destination == dest { end += 1 }
            let group = order[start..<end]
            let eligible = group.filter { cands[$0].preference != .ineligible && cands[$0].route.state != .inactive }
            let (chosen, note) = choose(eligible, cands, policy)
            if !chosen.isEmpty {
                let fibStart = n.entries.nextSlot
                for (k, ci) in chosen.enumerated() {
                    var r = cands[ci].route
                    r.selected = true
                    if k == 0, let note { r.note = r.note.map { "\($0); \(note)" } ?? note }
                    n.entries.append(FibEntry(route: routes.nextSlot, target: cands[ci].target, groupSize: Int32(chosen.count)))
                    routes.append(r)
                }
                n.fib.insert(dest, fibStart)
            }
            // The first inactive route explains a failed lookup; it carries every distinct
            // reason the destination's routes are down.
            let inactive = group.filter { cands[$0].route.state == .inactive && cands[$0].preference != .ineligible }
            var notes: [String] = []
            for ci in inactive { if let note = cands[ci].route.note, !notes.contains(note) { notes.append(note) } }
            for ci in group where !chosen.contains(ci) {
                var r = cands[ci].route
                if let w = chosen.first, r.state == .active, r.note == nil, let why = whyNot(cands[ci], cands[w], policy) { r.note = why }
                if ci == inactive.first {
                    n.shadow.insert(dest, routes.nextSlot)
                    if notes.count > 1 { r.note = notes.joined(separator: "; ") }
                }
                routes.append(r)
            }
            start = end
        }
        n.table.routes = routes
        f.nodes[node] = n
    }

    /// The selected candidates among the usable ones for one destination (several = ECMP), and a
    /// note when a tie had to be broken.
    func choose(_ eligible: [Int], _ cands: [Candidate], _ policy: SelectionPolicy) -> ([Int], String?) {
        guard let best = eligible.map({ cands[$0].preference }).min() else { return ([], nil) }
        var tier = eligible.filter { cands[$0].preference == best }
        let origin = cands[tier[0]].route.origin
        let viaTunnel: Bool = { if case .tunnel = cands[tier[0]].route.nextHop { return true } else { return false } }()
        if origin == .prefixList, tier.count > 1 { return prefixListTie(tier, cands) }
        switch policy {
        case .vpc, .router:
            return ([tier[0]], nil)
        case .vgw:
            if origin == .bgp { tier = bestBGP(tier, cands, defaultMED: policy.missingMED ?? 0) }
            return pickOne(tier, cands, "AWS picks one of the equal paths")
        case .tgw(let ecmp):
            guard viaTunnel else { return ([tier[0]], nil) }
            tier = bestBGP(tier, cands, defaultMED: policy.missingMED ?? 0)
            if tier.count > 1 && ecmp {
                // "BGP Multipath AS-Path Relax is not supported, so you can't use ECMP over
                // different ASNs" (Transit Gateway guide, Equal Cost Multipath routing,
                // https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html):
                // the group is the paths whose AS_PATH is the first's.
                let first = cands[tier[0]].route.asPath?.first
                let same = tier.filter { cands[$0].route.asPath?.first == first }
                if same.count < tier.count {
                    let ases = tier.compactMap { cands[$0].route.asPath?.first?.description }.uniqued()
                    let why = "equal paths from AS \(ases.joined(separator: ", ")): no ECMP across ASNs (BGP Multipath AS-Path Relax is not supported); modelled as AS \(first?.description ?? "-")"
                    if same.count > 1 { return (same, "ECMP over \(same.count) VPN paths from AS \(first?.description ?? "-"); \(why)") }
                    return ([tier[0]], why)
                }
                return (tier, "ECMP over \(tier.count) VPN paths (VPN ECMP support on)")
            }
            return pickOne(tier, cands, "VPN ECMP support is off: the TGW picks one path")
        case .cgw(let ecmp):
            if origin == .static {
                let m = tier.map { cands[$0].route.metric ?? 0 }.min() ?? 0
                tier = tier.filter { (cands[$0].route.metric ?? 0) == m }
                return pickOne(tier, cands, "equal metrics: the kernel uses the first route")
            }
            if origin == .bgp {
                tier = bestBGP(tier, cands)
                if ecmp {
                    // eBGP multipath needs the same neighbouring AS (no as-path multipath-relax).
                    let first = cands[tier[0]].route.asPath?.first
                    tier = tier.filter { cands[$0].route.asPath?.first == first }
                    if tier.count > 1 { return (tier, "ECMP over \(tier.count) tunnels (maximum-paths)") }
                }
                return pickOne(tier, cands, "equal BGP paths: bgpd keeps the oldest")
            }
            return ([tier[0]], nil)
        }
    }

    /// Why AWS did not choose an active path it had for the same prefix (VGW and TGW only):
    /// static before BGP, then the AS_PATH length, then MED between paths from the same first AS.
    func whyNot(_ loser: Candidate, _ winner: Candidate, _ policy: SelectionPolicy) -> String? {
        guard let defaultMED = policy.missingMED else { return nil }
        let l = loser.route, w = winner.route
        // BGP routes: learned on a VGW, propagated from a VPN attachment into a TGW table.
        guard l.origin == .bgp || (l.origin == .propagated && l.asPath != nil) else { return nil }
        if w.origin == .vpnStatic || (w.origin == .static && winner.preference < loser.preference) {
            return "not chosen: a static route for the same prefix wins over BGP"
        }
        guard w.origin == l.origin, let lp = l.asPath, let wp = w.asPath else { return nil }
        if lp.count > wp.count { return "not chosen: AS_PATH of \(lp.count) is longer than \(wp.count)" }
        if lp.count == wp.count, lp.first == wp.first, (l.med ?? defaultMED) > (w.med ?? defaultMED) {
            return "not chosen: MED \(l.med ?? defaultMED) is higher than \(w.med ?? defaultMED) (same first AS \(lp.first?.description ?? "-"))"
        }
        return nil
    }

    /// Two prefix lists hold one CIDR: AWS picks one route at random and keeps it ("How route
    /// priority works", prefix lists); causeway keeps the first written, and says so.
    func prefixListTie(_ tier: [Int], _ cands: [Candidate]) -> ([Int], String?) {
        let hops = tier.map { cands[$0].route.nextHop }.uniqued()
        guard hops.count > 1 else { return ([tier[0]], nil) }
        let lists = tier.compactMap { cands[$0].route.learnedFrom?.split(separator: ",").first.map(String.init) }
        return ([tier[0]], "prefix lists \(lists.joined(separator: ", ")) hold this CIDR toward different targets: AWS picks one at random and keeps it; modelled as \(lists.first ?? "the first")")
    }

    func pickOne(_ tier: [Int], _ cands: [Candidate], _ why: String) -> ([Int], String?) {
        guard tier.count > 1 else { return (tier, nil) }
        let names = tier.compactMap { cands[$0].route.tunnel?.description }
        let chosen = cands[tier[0]].route.tunnel?.description ?? "the first"
        return ([tier[0]], "\(why) (\(names.joined(separator: ", "))); modelled as \(chosen)")
    }

    /// BGP best path as AWS applies it: shortest AS_PATH, then the lowest MED, compared only
    /// between paths whose first AS is the same. A route received without MED counts as
    /// `defaultMED` (0 on a VGW and on FRR; 100 on a TGW for VPN routes).
    func bestBGP(_ tier: [Int], _ cands: [Candidate], defaultMED: UInt32 = 0) -> [Int] {
        guard tier.count > 1 else { return tier }
        let len = tier.map { cands[$0].route.asPath?.count ?? 0 }.min()!
        let shortest = tier.filter { (cands[$0].route.asPath?.count ?? 0) == len }
        // The lowest MED per first AS: a path stays unless one from the same AS has a lower MED
        // (tiers are a handful of paths, so pairs beat a dictionary).
        func first(_ i: Int) -> UInt32 { cands[i].route.asPath?.first?.value ?? 0 }
        return shortest.filter { i in
            let med = cands[i].route.med ?? defaultMED, from = first(i)
            return !shortest.contains { j in first(j) == from && (cands[j].route.med ?? defaultMED) < med }
        }
    }
}
