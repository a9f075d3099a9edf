import CausewayCore

/// FRR (`frr.conf`) for a router on a site's LAN that the topology names (S0's OSPF core, S2's
/// OpenStack router): its static routes, and OSPF in the gateway's area on its attached networks
/// when it speaks OSPF. The causeway user does not install this file (the router is theirs); the
/// faithful lab runs it so the LAN side of a gateway is a real router, not an assumption.
public struct LANRouterFRR: Sendable {
    public init() {}

    /// The networks `router` is attached to: its own, else the site's CIDRs holding its address.
    public static func networks(_ router: LANRouter, of site: Site) -> [IPv4Prefix] {
        router.networks.isEmpty ? site.cidrs.filter { $0.contains(router.address) } : router.networks
    }

    /// The daemons the configuration needs besides zebra.
    public static func daemons(_ router: LANRouter) -> [String] {
        ["staticd"] + (router.ospf ? ["ospfd"] : [])
    }

    public func render(router: LANRouter, of site: Site, in topology: Topology) -> RenderedFile {
        var c = Lines("!", banner: "FRR for LAN router `\(router.name)` of site `\(site.name)` (the lab runs it; not installed on the gateway).",
                                   topology: topology.name, install: nil)
        c.add(["frr defaults traditional", "log syslog informational", "!"])
        for r in router.routes { c.add("ip route \(r.destination) \(r.via)") }
        if !router.routes.isEmpty { c.add("!") }
        if router.ospf {
            // The gateway's area (its `ospf.area`), else the backbone.
            let area = site.gateway?.ospf?.area ?? "0.0.0.0"
            c.add("router ospf")
            c.add(" ospf router-id \(router.address)")
            for n in Self.networks(router, of: site) { c.add(" network \(n) area \(area)") }
            c.add(["exit", "!"])
        }
        return RenderedFile(path: "lan-routers/\(router.name)/frr.conf", contents: c.text)
    }
}
