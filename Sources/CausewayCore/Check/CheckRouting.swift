/// Routing between the VPCs and the sites: gateway attachments, VPC route tables that must send
/// on-premises traffic to the VGW or TGW, transit gateway tables on both directions, static vs
/// BGP consistency and AWS's prefix quotas.
public struct RoutingChecks: FindingsCheck {
    /// The rules this check reports, in the catalog's order.
    public struct Rules: RuleCatalogue {
        public let vgwNotAttached = Rule("vgw-not-attached", .error,
            "A route or propagation uses a virtual private gateway that is not attached to its VPC (no `vpc:`, or another VPC); a warning when only a VPN connection ends on an unattached one.",
            reference: "Amazon VPC user guide, Route priority / AWS Site-to-Site VPN user guide, Route tables and VPN route priority: routes to a detached gateway are blackholes, and propagation happens only while the VGW is attached")
        public let vgwOnePerVPC = Rule("vgw-one-per-vpc", .error,
            "Two virtual private gateways attached to one VPC.",
            reference: "AWS Site-to-Site VPN user guide, Site-to-Site VPN quotas: \"You can attach one virtual private gateway to a VPC at a time\"")
        public let tgwVPCNotAttached = Rule("tgw-vpc-not-attached", .error,
            "A VPC route to a transit gateway the VPC has no attachment on.",
            reference: "Transit Gateway guide, Transit gateway VPC attachments: a VPC routes to a transit gateway through its attachment")
        public let propagationMissing = Rule("propagation-missing", .warning,
            "A route table of subnets that should reach an on-premises site has neither a route for the site's CIDRs to the VGW/TGW nor VGW route propagation.",
            reference: "AWS Site-to-Site VPN user guide, Configure routing (\"Enable route propagation in your route table\" or add static routes to the virtual private gateway); Transit Gateway guide, Transit gateway VPC attachments (add a route to the transit gateway in the VPC route table)")
        public let tgwRouteMissing = Rule("tgw-route-missing", .warning,
            "A VPC sends on-premises traffic to a transit gateway whose route table (for that VPC's attachment, or back from the VPN attachment) has no route for it.",
            reference: "Transit Gateway guide, How transit gateways work: route tables, associations and propagations (traffic returns only if the destination attachment's table has a route back)")
        public let routingModeMismatch = Rule("routing-mode-mismatch", .error,
            "Static and BGP settings mixed: static routes on a BGP connection; a warning for BGP-only device settings on a static one, or a device whose routing differs from its connection's.",
            reference: "AWS Site-to-Site VPN user guide, Site-to-Site VPN routing options (static routing vs dynamic routing)")
        public let bgpPrefixLimit = Rule("bgp-prefix-limit", .error,
            "More prefixes than AWS accepts per VPN connection: \(AWSNumbers.Quotas.routesFromCustomerToVGW) advertised over BGP to a VGW, \(AWSNumbers.Quotas.routesFromCustomerToTGW) to a TGW, \(AWSNumbers.Quotas.staticRoutesPerConnection) static routes.",
            reference: "\(AWSNumbers.Quotas.page): Routes (dynamic routes from a customer gateway device per VPN connection, to a virtual private gateway and to a transit gateway; static routes per VPN connection)")
        public let staticRoutesIncomplete = Rule("static-routes-incomplete", .warning,
            "A static VPN connection on a VGW whose static routes leave part of its site's CIDRs, or all of them, unrouted.",
            reference: "AWS Site-to-Site VPN user guide, Static routing: AWS sends traffic to the customer gateway only for the connection's static routes")
        public let vpcRouteDuplicate = Rule("vpc-route-duplicate", .error,
            "Two routes with the same destination in one VPC route table.",
            reference: "EC2 API reference, CreateRoute (error RouteAlreadyExists: a route table holds one route per destination), https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html")
        public let tgwAZNotAttached = Rule("tgw-az-not-attached", .warning,
            "A subnet whose route table sends traffic to a transit gateway, in an Availability Zone where the VPC's attachment has no subnet: its resources cannot reach the transit gateway.",
            reference: "Transit Gateway guide, How transit gateways work, Availability Zones: \"only resources that reside in Availability Zones where there is a transit gateway attachment can reach the transit gateway\", https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html")
    }
    public static let rule = Rules()

    public init() {}

    func find(_ t: Topology, _ f: inout Findings) {
        attachments(t, &f)
        vgwPaths(t, &f)
        tgwPaths(t, &f)
        modes(t, &f)
        duplicates(t, &f)
        zones(t, &f)
    }

    // MARK: attachments

    func attachments(_ t: Topology, _ f: inout Findings) {
        for g in t.vpnGateways where g.attachedTo == nil {
            let conns = t.vpnConnections.filter { $0.gateway == .vpnGateway(g.name) }.map(\.name)
            if !conns.isEmpty {
                // AWS creates a VPN connection on a detached VGW (CreateVpnConnection needs only its id);
                // nothing reaches a VPC until it is attached: a warning the simulator shows as drops.
                f.add(Self.rule.vgwNotAttached, "virtual private gateway `\(g.name)` is not attached to any VPC, yet VPN connection\(conns.count == 1 ? "" : "s") \(conns.listed) end\(conns.count == 1 ? "s" : "") on it; nothing propagates and routes to it blackhole: add `vpc: NAME`", at: g.path, severity: .warning)
            }
        }
        var byVPC: [String: [VirtualPrivateGateway]] = [:]
        for g in t.vpnGateways { if let v = g.attachedTo { byVPC[v, default: []].append(g) } }
        for (v, gs) in byVPC where gs.count > 1 {
            for g in gs.dropFirst() {
                f.add(Self.rule.vgwOnePerVPC, "VPC `\(v)` already has virtual private gateway `\(gs[0].name)`; AWS attaches one per VPC: detach `\(g.name)` or use a transit gateway", at: "\(g.path).vpc")
            }
        }
        for vpc in t.vpcs {
            for rt in vpc.routeTables {
                for r in rt.routes {
                    switch t.resolve(r.target, in: vpc).target {
                    case .vpnGateway(let n)?:
                        guard let g = t.vpnGateway(n) else { break }
                        if g.attachedTo == nil {
                            f.add(Self.rule.vgwNotAttached, "route to \(r.destination) in `\(rt.name)` targets virtual private gateway `\(n)`, which is not attached (blackhole); add `vpc: \(vpc.name)` to it", at: "\(r.path).target")
                        } else if g.attachedTo != vpc.name {
                            f.add(Self.rule.vgwNotAttached, "route to \(r.destination) in `\(rt.name)` targets virtual private gateway `\(n)`, which is attached to VPC `\(g.attachedTo!)`, not `\(vpc.name)`; a route can only use its own VPC's gateway", at: "\(r.path).target")
                        }
                    case .transitGateway(let n)?:
                        if let g = t.transitGateway(n), g.attachment(forVPC: vpc.name) == nil {
                            f.add(Self.rule.tgwVPCNotAttached, "route to \(r.destination) in `\(rt.name)` targets transit gateway `\(n)`, but VPC `\(vpc.name)` has no attachment on it; add one under `transit_gateways.\(n).attachments` with `vpc: \(vpc.name)` and its subnets", at: "\(r.path).target")
                        }
                    default: break
                    }
                }
                for (i, n) in rt.propagations.enumerated() {
                    guard let g = t.vpnGateway(n), g.attachedTo != vpc.name else { continue }
                    f.add(Self.rule.vgwNotAttached, "route table `\(rt.name)` propagates from virtual private gateway `\(n)`, which is \(g.attachedTo.map { "attached to VPC `\($0)`" } ?? "not attached"); propagation needs the VGW attached to `\(vpc.name)`", at: "\(rt.path).propagations.\(i)")
                }
            }
        }
    }

    // MARK: VPC route tables toward the sites

    /// The most specific route of a table that covers all of `p`, with its target resolved.
    func bestRoute(_ rt: RouteTable, _ p: IPv4Prefix, in vpc: VPC, _ t: Topology) -> (Route, RouteTarget?)? {
        t.routesWithPrefixListEntries(rt).filter { $0.destination.contains(p) }.max { $0.destination.length < $1.destination.length }
            .map { ($0, t.resolve($0.target, in: vpc).target) }
    }

    /// A route that hands traffic to something other than the internet (a deliberate path).
    func isDeliberate(_ target: RouteTarget?) -> Bool {
        switch target {
        case .internetGateway?, .natGateway?, nil: return false
        default: return true
        }
    }

    /// Route tables that carry subnets' traffic.
    func usedTables(_ vpc: VPC, _ t: Topology) -> [RouteTable] {
        vpc.routeTables.filter { !t.subnetsUsing($0, in: vpc).isEmpty }
    }

    func sitePrefixes(_ c: VPNConnection, _ t: Topology) -> (String, [IPv4Prefix]) {
        if let s = t.site(of: c), !s.cidrs.isEmpty { return ("site `\(s.name)`", s.cidrs) }
        return ("VPN connection `\(c.name)`", t.onPremPrefixes(of: c))
    }

    func vgwPaths(_ t: Topology, _ f: inout Findings) {
        for c in t.vpnConnections {
            guard case .vpnGateway(let gn) = c.gateway, let g = t.vpnGateway(gn), let vpc = t.attachedVPC(of: g) else { continue }
            let (who, prefixes) = sitePrefixes(c, t)
            guard !prefixes.isEmpty else { continue }
            if vpc.routeTables.isEmpty && !vpc.subnets.isEmpty {
                f.add(Self.rule.propagationMissing, "VPC `\(vpc.name)` has only AWS's implicit main route table (local routes), so its subnets cannot reach \(who) over `\(c.name)`; add a route table with `main: true` and `propagations: [\(g.name)]`", at: vpc.path)
                continue
            }
            for rt in usedTables(vpc, t) where !rt.propagations.contains(g.name) {
                let missing = prefixes.filter { p in !isDeliberate(bestRoute(rt, p, in: vpc, t)?.1) }
                guard !missing.isEmpty else { continue }
                let subnets = t.subnetsUsing(rt, in: vpc).map(\.name)
                f.add(Self.rule.propagationMissing, "route table `\(rt.name)` (subnets \(subnets.listed)) has no route to \(who) \(missing.map(\.description).joined(separator: ", ")) over `\(c.name)`; add `propagations: [\(g.name)]` or routes `{destination: \(missing[0]), target: vgw}`", at: f.written("\(rt.path).propagations", rt.path))
            }
        }
    }

    // MARK: transit gateway paths

    /// Prefixes an attachment propagates: a VPC's CIDRs; a VPN's advertised prefixes (BGP) or static routes.
    static func propagated(_ a: TransitGatewayAttachment, _ t: Topology) -> [IPv4Prefix] {
        switch a.resource {
        case .vpc(let v, _): return t.vpc(v)?.cidrs ?? []
        case .vpn(let c):
            guard let conn = t.vpnConnection(c) else { return [] }
            // Only BGP-learned routes propagate from a VPN attachment: a static VPN's prefixes
            // need static routes in the TGW route table
            // (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpn-attachments.html).
            if conn.routing == .static { return [] }
            return t.onPremPrefixes(of: conn)
        case .peering: return []
        case .directConnectGateway(let d):
            // What the transit virtual interfaces to the Direct Connect gateway bring.
            return t.virtualInterfaces.filter { $0.dxGateway == d && $0.type == .transit }.flatMap { t.advertised(over: $0) }
        }
    }

    /// True when `table` sends `p` to attachment `to` (a static route or a propagation that covers it).
    static func covers(_ table: TransitGatewayRouteTable, _ p: IPv4Prefix, to: TransitGatewayAttachment, _ t: Topology) -> Bool {
        if table.routes.contains(where: { $0.attachment == to.name && $0.destination.contains(p) }) { return true }
        if table.prefixListReferences.contains(where: { r in r.attachment == to.name && (t.prefixList(r.prefixList)?.cidrs ?? []).contains { $0.contains(p) } }) { return true }
        return table.propagations.contains(to.name) && propagated(to, t).contains { $0.contains(p) }
    }

    /// The more specific routes `table` has inside `p` toward `to` (static or propagated): a
    /// prefix only partly carried, e.g. a site advertising /26s of its /20.
    static func parts(_ table: TransitGatewayRouteTable, _ p: IPv4Prefix, to: TransitGatewayAttachment, _ t: Topology) -> [IPv4Prefix] {
        let statics = table.routes.filter { $0.attachment == to.name }.map(\.destination)
        let learned = table.propagations.contains(to.name) ? propagated(to, t) : []
        return (statics + learned).filter { $0 != p && p.contains($0) }.uniqued().sorted()
    }

    func tgwPaths(_ t: Topology, _ f: inout Findings) {
        var reported = Set<String>()
        for c in t.vpnConnections {
            guard case .transitGateway(let gn) = c.gateway, let g = t.transitGateway(gn), let vpnAtt = g.attachment(forVPN: c.name) else { continue }
            let (who, prefixes) = sitePrefixes(c, t)
            guard !prefixes.isEmpty else { continue }
            for vpc in t.vpcs {
                guard let att = g.attachment(forVPC: vpc.name), let fwd = g.associatedTable(of: att.name) else { continue }
                let tgwCarries = prefixes.filter { Self.covers(fwd, $0, to: vpnAtt, t) }
                if vpc.routeTables.isEmpty && !vpc.subnets.isEmpty && !tgwCarries.isEmpty {
                    f.add(Self.rule.propagationMissing, "VPC `\(vpc.name)` has only AWS's implicit main route table (local routes), so its subnets cannot reach \(who) over transit gateway `\(g.name)`; add a route table with `main: true` and `{destination: \(tgwCarries[0]), target: tgw}`", at: vpc.path)
                }
                var sendsToTGW: [IPv4Prefix] = []
                for rt in usedTables(vpc, t) {
                    var missing: [IPv4Prefix] = []
                    for p in prefixes {
                        let target = bestRoute(rt, p, in: vpc, t)?.1
                        if target == .transitGateway(g.name) { sendsToTGW.append(p) }
                        else if tgwCarries.contains(p) && !isDeliberate(target) { missing.append(p) }
                    }
                    if !missing.isEmpty {
                        let subnets = t.subnetsUsing(rt, in: vpc).map(\.name)
                        f.add(Self.rule.propagationMissing, "route table `\(rt.name)` (subnets \(subnets.listed)) has no route to \(who) \(missing.map(\.description).joined(separator: ", ")), which transit gateway `\(g.name)` carries over `\(c.name)`; add `{destination: \(missing[0]), target: tgw}`", at: f.written("\(rt.path).routes", rt.path))
                    }
                }
                let notCarried = Array(Set(sendsToTGW)).sorted().filter { !Self.covers(fwd, $0, to: vpnAtt, t) }
                if !notCarried.isEmpty, reported.insert("\(g.name)|\(fwd.name)|\(c.name)").inserted {
                    let parts = notCarried.flatMap { Self.parts(fwd, $0, to: vpnAtt, t) }
                    let head = "VPC `\(vpc.name)` sends \(notCarried.map(\.description).joined(separator: ", ")) to transit gateway `\(g.name)`, but its attachment's route table `\(fwd.name)`"
                    let add = "`{destination: \(notCarried[0]), attachment: \(vpnAtt.name)}`"
                    if parts.isEmpty {
                        f.add(Self.rule.tgwRouteMissing, "\(head) has no route for it to VPN attachment `\(vpnAtt.name)`; add \(add)\(c.routing == .bgp ? " or propagate `\(vpnAtt.name)` into it" : " (a static VPN propagates nothing)")", at: fwd.path)
                    } else {
                        f.add(Self.rule.tgwRouteMissing, "\(head) routes only part of it to VPN attachment `\(vpnAtt.name)` (\(parts.prefix(3).map(\.description).joined(separator: ", "))\(parts.count > 3 ? ", …" : "")): traffic to the rest is dropped; \(c.routing == .bgp ? "advertise all of \(notCarried[0]) from \(who), or " : "")add \(add)", at: fwd.path)
                    }
                }
                // The way back: the VPN attachment's table must reach the VPC.
                if !sendsToTGW.isEmpty, let back = g.associatedTable(of: vpnAtt.name) {
                    let unreached = vpc.cidrs.filter { !Self.covers(back, $0, to: att, t) }
                    if !unreached.isEmpty, reported.insert("\(g.name)|\(back.name)|\(vpc.name)").inserted {
                        f.add(Self.rule.tgwRouteMissing, "replies from \(who) to VPC `\(vpc.name)` \(unreached.map(\.description).joined(separator: ", ")) enter transit gateway `\(g.name)` through `\(vpnAtt.name)`, whose route table `\(back.name)` has no route to attachment `\(att.name)`; add `{destination: \(unreached[0]), attachment: \(att.name)}` or propagate `\(att.name)` into it", at: back.path)
                    }
                }
            }
        }
    }

    // MARK: static vs BGP

    func modes(_ t: Topology, _ f: inout Findings) {
        for c in t.vpnConnections {
            let onVGW: Bool
            if case .vpnGateway = c.gateway { onVGW = true } else { onVGW = false }
            if c.routing == .bgp && !c.staticRoutes.isEmpty {
                f.add(Self.rule.routingModeMismatch, "VPN connection `\(c.name)` uses BGP, so AWS ignores `static_routes` (it learns routes from the device); remove them or set `routing: static`", at: "\(c.path).static_routes")
            }
            if c.routing == .static && onVGW {
                if c.staticRoutes.count > AWSNumbers.Quotas.staticRoutesPerConnection {
                    f.add(Self.rule.bgpPrefixLimit, "VPN connection `\(c.name)` has \(c.staticRoutes.count) static routes; AWS allows \(AWSNumbers.Quotas.staticRoutesPerConnection) per connection: summarise them", at: "\(c.path).static_routes")
                }
                if let site = t.site(of: c) {
                    if c.staticRoutes.isEmpty {
                        f.add(Self.rule.staticRoutesIncomplete, "static VPN connection `\(c.name)` has no `static_routes`, so AWS sends nothing to site `\(site.name)`; add `static_routes: [\(site.cidrs.map(\.description).joined(separator: ", "))]`", at: f.written("\(c.path).routing", c.path))
                    } else {
                        let uncovered = site.cidrs.filter { s in !c.staticRoutes.contains { $0.contains(s) } }
                        if !uncovered.isEmpty {
                            f.add(Self.rule.staticRoutesIncomplete, "static VPN connection `\(c.name)` routes \(c.staticRoutes.map(\.description).joined(separator: ", ")) but site `\(site.name)` also has \(uncovered.map(\.description).joined(separator: ", ")); add them to `static_routes` or they are unreachable from AWS", at: "\(c.path).static_routes")
                        }
                    }
                }
            }
            guard let (site, dev) = t.device(of: c) else { continue }
            if dev.routing != c.routing {
                f.add(Self.rule.routingModeMismatch, "site `\(site.name)`'s gateway is set to `routing: \(dev.routing.rawValue)`, but VPN connection `\(c.name)` is `\(c.routing.rawValue)`; make both the same", at: f.written("\(dev.path).routing", "\(c.path).routing", dev.path), severity: .warning)
            }
            if c.routing == .static {
                for tun in c.tunnels {
                    guard let d = dev.tunnel(c.name, tun.index) else { continue }
                    for key in ["as_path_prepend", "peer_asn"] where f.isWritten("\(d.path).\(key)") {
                        f.add(Self.rule.routingModeMismatch, "`\(key)` on the device's settings for tunnel \(tun.index) of `\(c.name)` is a BGP setting, but the connection uses static routing; remove it or switch to `routing: bgp`", at: "\(d.path).\(key)", severity: .warning)
                    }
                }
            }
            if c.routing == .bgp {
                let limit = onVGW ? AWSNumbers.Quotas.routesFromCustomerToVGW : AWSNumbers.Quotas.routesFromCustomerToTGW
                if dev.advertise.count > limit {
                    f.add(Self.rule.bgpPrefixLimit, "site `\(site.name)`'s gateway advertises \(dev.advertise.count) prefixes over BGP to \(t.gatewayName(c)); AWS accepts at most \(limit) per connection (more drops the session): summarise them", at: f.written("\(dev.path).advertise", "\(site.path).cidrs", site.path))
                }
            }
        }
    }

    // MARK: one route per destination

    /// AWS keeps one route per destination in a VPC route table: CreateRoute fails with
    /// RouteAlreadyExists for the second.
    func duplicates(_ t: Topology, _ f: inout Findings) {
        for vpc in t.vpcs {
            for rt in vpc.routeTables {
                var first: [IPv4Prefix: Route] = [:]
                for r in rt.routes {
                    guard let earlier = first[r.destination] else { first[r.destination] = r; continue }
                    f.add(Self.rule.vpcRouteDuplicate, "route table `\(rt.name)` already has a route to \(r.destination) (target `\(earlier.target)`); AWS rejects a second one (RouteAlreadyExists): keep one route per destination", at: r.path)
                }
            }
        }
    }

    // MARK: Availability Zones of TGW attachments

    /// Subnets routed to a transit gateway from an Availability Zone the VPC's attachment has no
    /// subnet in (the simulator drops their traffic with `az-not-attached`). Unknown zones are
    /// not judged.
    func zones(_ t: Topology, _ f: inout Findings) {
        for vpc in t.vpcs {
            for rt in vpc.routeTables {
                var tgws: [String] = []
                for r in rt.routes {
                    if case .transitGateway(let n)? = t.resolve(r.target, in: vpc).target, !tgws.contains(n) { tgws.append(n) }
                }
                for n in tgws {
                    guard let att = t.transitGateway(n)?.attachment(forVPC: vpc.name), case .vpc(_, let names) = att.resource else { continue }
                    let zones = names.map { vpc.subnet($0)?.availabilityZone }
                    guard zones.allSatisfy({ $0 != nil }) else { continue }
                    for s in t.subnetsUsing(rt, in: vpc) {
                        guard let az = s.availabilityZone, !zones.contains(az) else { continue }
                        f.add(Self.rule.tgwAZNotAttached, "subnet `\(s.name)` (\(az)) uses route table `\(rt.name)`, which routes to transit gateway `\(n)`, but attachment `\(att.name)` has no subnet in \(az); its resources cannot reach the transit gateway: add a subnet in \(az) to `\(att.name)`'s `subnets`", at: s.path)
                    }
                }
            }
        }
    }
}
