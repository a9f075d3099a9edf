import CausewayCore

/// FRR (`frr.conf`) for the customer gateway. BGP sites: an eBGP session to AWS's inside address
/// of each tunnel (timers 10/30 as AWS runs them, graceful restart), a prefix list so only the
/// site's prefixes are advertised, AS-path prepending on tunnels the model marks as standby, and
/// inbound only the AWS-side prefixes the model knows, never one covering AWS's tunnel endpoints
/// (it would pull the tunnels' own packets into the tunnels), at most AWS's 1,000, with ECMP over
/// the tunnels when the transit gateway spreads its traffic the same way.
/// Static sites: a route per AWS prefix and tunnel, the tunnel's metric as the distance (100/200
/// by default, `DeviceTunnel.defaultMetric`); the updown sets a VTI down with its SA and zebra
/// keeps no route over a down interface, so the lower distance wins while its tunnel is up.
/// OSPF toward the LAN when modelled.
///
/// The lab profile leaves out only the `interface` stanzas of the VTIs.
public struct FRR: SiteRenderer {
    /// watchfrr starts zebra and staticd always (FRR user guide, "Daemons Configuration File":
    /// "The watchfrr, zebra and staticd daemons are always started"); the others are switched on
    /// in /etc/frr/daemons.
    static func installNote(_ path: String, daemons: [String]) -> String {
        let extra = daemons.filter { $0 != "zebra" && $0 != "staticd" }
        return extra.isEmpty ? "Install as \(path) (zebra and staticd always run)."
            : "Install as \(path); enable \(extra.joined(separator: ", ")) in /etc/frr/daemons."
    }

    public let target = "frr"
    public init() {}

    static let sitePrefixList = "causeway-site"
    /// AWS sends at most this many routes to a customer gateway over a VPN connection: more is a fault.
    static let awsRoutesToCustomerMax = AWSNumbers.Quotas.routesToCustomer

    public func render(site: Site, in topology: Topology, context: RenderContext) throws -> [RenderedFile] {
        let plan = try GatewayPlan(site: site, in: topology, context: context)
        let bgp = plan.routing == .bgp
        try plan.require(bgp ? [.insideCIDR] : [], target: target)
        let paths = InstallPaths(os: plan.device.os, ipsec: plan.device.ipsec)
        var daemons = ["zebra", "staticd"]
        if bgp { daemons.insert("bgpd", at: 1) }
        if plan.device.ospf != nil { daemons.append("ospfd") }

        var c = Lines("!", banner: "FRR for the customer gateway of site `\(site.name)`.", topology: plan.topologyName,
                                   install: Self.installNote(paths.frrConf, daemons: daemons))
        c.add(["frr defaults traditional", "log syslog informational", "!"])

        if context.profile == .production {
            for t in plan.tunnels {
                c.add("interface \(t.device.interface)")
                c.add(" description \(t.connection) tunnel \(t.index) to \(t.outsideIP.map(\.description) ?? "AWS")")
                c.add(["exit", "!"])
            }
        }

        if bgp {
            for (i, p) in plan.advertise.enumerated() {
                c.add("ip prefix-list \(Self.sitePrefixList) seq \((i + 1) * 5) permit \(p)")
            }
            c.add("!")
            for (conn, accepted) in plan.acceptedFromAWS {
                let skipped = Set(plan.tunnels.filter { $0.connection == conn }.flatMap(\.awsPrefixes)).subtracting(accepted)
                for p in skipped.sorted() {
                    c.comment("!", "\(p) covers an AWS tunnel endpoint: not accepted from AWS (the tunnels' own packets would enter them).")
                }
                if accepted.isEmpty {
                    c.comment("!", "The model names no AWS-side prefix for `\(conn)`: nothing is accepted from AWS.")
                    c.add("ip prefix-list \(awsPrefixList(conn)) seq 5 deny any")
                }
                for (i, p) in accepted.enumerated() {
                    c.add("ip prefix-list \(awsPrefixList(conn)) seq \((i + 1) * 5) permit \(p)")
                }
                c.add("!")
            }
            for t in plan.tunnels {
                c.add("route-map \(inboundMap(t)) permit 10")
                c.add(" match ip address prefix-list \(awsPrefixList(t.connection))")
                c.add(["exit", "!"])
            }
            directConnectPolicy(plan, &c)
            for t in plan.tunnels {
                c.add("route-map \(routeMap(t)) permit 10")
                c.add(" match ip address prefix-list \(Self.sitePrefixList)")
                if t.device.asPathPrepend > 0 {
                    c.add(" set as-path prepend \(Array(repeating: plan.asn.description, count: t.device.asPathPrepend).joined(separator: " "))")
                }
                c.add(["exit", "!"])
            }
        } else {
            let distances = try plan.tunnels.map { t -> Int in
                guard (1...255).contains(t.device.metric) else {
                    throw RenderError(target: "\(target) for site `\(site.name)`",
                                      gaps: [RenderGap("a metric of 1–255 for tunnel \(t.key) (`\(t.device.path).metric` is \(t.device.metric)): FRR uses it as the static route's distance", at: "\(t.device.path).metric")])
                }
                return t.device.metric
            }
            c.comment("!", "Routes to AWS over each tunnel; the lower distance wins while its tunnel is up (the updown sets a\ntunnel's VTI down with its SA, and zebra installs no route over a down interface).")
            var any = false
            let prefixes = plan.tunnels.flatMap(\.awsPrefixes).uniqued()
            for p in prefixes {
                for (t, d) in zip(plan.tunnels, distances) where t.awsPrefixes.contains(p) {
                    c.add("ip route \(p) \(t.device.interface) \(d)")
                    any = true
                }
            }
            if !any { c.comment("!", "The model names no AWS-side prefix for these connections: no routes.") }
            c.add("!")
        }

        if bgp, let first = plan.tunnels.first {
            c.add("router bgp \(plan.asn)")
            c.add([
                " bgp router-id \(first.localInside)",
                " bgp log-neighbor-changes",
                " no bgp ebgp-requires-policy",
                " no bgp network import-check",
                " bgp graceful-restart",
            ])
            for t in plan.tunnels {
                let n = t.peerInside
                c.add([
                    " neighbor \(n) remote-as \(t.amazonASN)",
                    " neighbor \(n) description \(t.connection) tunnel \(t.index)",
                    " neighbor \(n) timers \(t.timers.keepalive) \(t.timers.holdTime)",
                    " neighbor \(n) timers connect 10",
                ])
                // Graceful restart keeps a lost peer's routes as stale after a hold-time expiry too
                // (RFC 8538), which would undo the fast profile's short hold time.
                if t.timers.gracefulRestart == false { c.add(" neighbor \(n) graceful-restart-disable") }
            }
            directConnectNeighbors(plan, &c)
            c.add(" !")
            c.add(" address-family ipv4 unicast")
            for p in (plan.advertise + plan.virtualInterfaces.flatMap(\.resolved.customerPrefixes)).uniqued() { c.add("  network \(p)") }
            if plan.device.ospf != nil { c.add("  redistribute ospf") }
            if topology.customerECMP(site) && plan.tunnels.count > 1 { c.add("  maximum-paths \(plan.tunnels.count)") }
            for t in plan.tunnels {
                c.add("  neighbor \(t.peerInside) soft-reconfiguration inbound")
                c.add("  neighbor \(t.peerInside) maximum-prefix \(Self.awsRoutesToCustomerMax)")
                c.add("  neighbor \(t.peerInside) route-map \(inboundMap(t)) in")
                c.add("  neighbor \(t.peerInside) route-map \(routeMap(t)) out")
            }
            directConnectAddressFamily(plan, &c)
            c.add([" exit-address-family", "exit", "!"])
        }

        if let ospf = plan.device.ospf {
            c.add("router ospf")
            if let id = plan.device.lanAddress { c.add(" ospf router-id \(id)") }
            if ospf.redistributeBGP { c.add(bgp ? " redistribute bgp" : " redistribute static") }
            for n in plan.ospfNetworks ?? [] {
                c.add(" network \(n) area \(ospf.area)")
            }
            c.add(["exit", "!"])
        }
        return [RenderedFile(path: "sites/\(site.name)/frr/frr.conf", contents: c.text)]
    }

    func routeMap(_ t: TunnelPlan) -> String { "causeway-to-\(t.name)" }
    func inboundMap(_ t: TunnelPlan) -> String { "causeway-from-\(t.name)" }
    func awsPrefixList(_ connection: String) -> String { "causeway-aws-\(connection)" }
}

extension GatewayPlan {
    /// The networks FRR runs OSPF on toward the LAN (the device's, else the site's CIDRs), or nil
    /// without OSPF. The firewall opens OSPF from the same networks.
    var ospfNetworks: [IPv4Prefix]? {
        guard let ospf = device.ospf else { return nil }
        return ospf.networks.isEmpty ? site.cidrs : ospf.networks
    }

    /// Per connection, in tunnel order: the AWS-side prefixes accepted from AWS over BGP, those
    /// the model knows minus any that contains an AWS tunnel endpoint. A route covering an
    /// endpoint (a TGW's 0.0.0.0/0 above all) would beat the host's own route to it and send the
    /// tunnels' ESP into the tunnels.
    var acceptedFromAWS: [(connection: String, prefixes: [IPv4Prefix])] {
        // IPv6 endpoints are never inside the IPv4 prefixes AWS advertises.
        let endpoints = awsEndpoints.compactMap(\.ipv4)
        var out: [(String, [IPv4Prefix])] = []
        for t in tunnels where !out.contains(where: { $0.0 == t.connection }) {
            out.append((t.connection, t.awsPrefixes.filter { p in !endpoints.contains { p.contains($0) } }.uniqued()))
        }
        return out
    }
}

