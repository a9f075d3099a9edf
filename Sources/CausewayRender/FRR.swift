import CausewayCore

/// FRR (`frr.conf`) for the customer gateway. BGP sites: an eBGP session to AWS's inside address
/// of each tunnel (timers 10/30 as AWS runs them, graceful restart), a prefix list so only the
/// site's prefixes are advertised, and AS-path prepending on tunnels the model marks as standby.
/// Static sites: a route per AWS prefix and tunnel, the tunnel's metric as the distance, so the
/// lower one wins while its tunnel is up (S4's 100/200). OSPF toward the LAN when modelled.
///
/// The lab profile leaves out only the `interface` stanzas of the VTIs.
public struct FRR: SiteRenderer {
    public let target = "frr"
    public init() {}

    static let sitePrefixList = "causeway-site"

    public func render(site: Site, in topology: Topology, context: RenderContext) throws -> [RenderedFile] {
        let plan = try GatewayPlan(site: site, in: topology, context: context)
        let bgp = plan.routing == .bgp
        try plan.require(bgp ? [.insideCIDR] : [], target: target)
        let paths = InstallPaths(os: plan.device.os, ipsec: plan.device.ipsec)
        var daemons = ["zebra", "staticd"]
        if bgp { daemons.insert("bgpd", at: 1) }
        if plan.device.ospf != nil { daemons.append("ospfd") }

        var c = Lines()
        c.comment("!", banner("FRR for the customer gateway of site `\(site.name)`.", topology: plan.topologyName,
                              install: "Install as \(paths.frrConf); enable \(daemons.filter { $0 != "zebra" && $0 != "staticd" }.joined(separator: ", ").ifEmpty("staticd")) in /etc/frr/daemons."))
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
                                      missing: ["a metric of 1–255 for tunnel \(t.key) (`\(t.device.path).metric` is \(t.device.metric)): FRR uses it as the static route's distance"])
                }
                return t.device.metric
            }
            c.comment("!", "Routes to AWS over each tunnel; the lower distance wins while its tunnel is up.")
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
                    " neighbor \(n) timers 10 30",
                    " neighbor \(n) timers connect 10",
                ])
            }
            c.add(" !")
            c.add(" address-family ipv4 unicast")
            for p in plan.advertise { c.add("  network \(p)") }
            if plan.device.ospf != nil { c.add("  redistribute ospf") }
            for t in plan.tunnels {
                c.add("  neighbor \(t.peerInside) soft-reconfiguration inbound")
                c.add("  neighbor \(t.peerInside) route-map \(routeMap(t)) out")
            }
            c.add([" exit-address-family", "exit", "!"])
        }

        if let ospf = plan.device.ospf {
            c.add("router ospf")
            if let id = plan.device.lanAddress { c.add(" ospf router-id \(id)") }
            if ospf.redistributeBGP { c.add(bgp ? " redistribute bgp" : " redistribute static") }
            for n in (ospf.networks.isEmpty ? plan.site.cidrs : ospf.networks) {
                c.add(" network \(n) area \(ospf.area)")
            }
            c.add(["exit", "!"])
        }
        return [RenderedFile(path: "sites/\(site.name)/frr/frr.conf", contents: c.text)]
    }

    func routeMap(_ t: TunnelPlan) -> String { "causeway-to-\(t.name)" }
}

extension String {
    func ifEmpty(_ other: String) -> String { isEmpty ? other : self }
}
