import CausewayCore

/// Kernel settings for a Linux router with VTIs (AWS-RULES: customer gateway host; S0, S2, S4):
/// forwarding on, no redirects or source routing, loose reverse-path filtering on the tunnels
/// (traffic may return over the other tunnel), no IPsec policy check on the VTIs and no second
/// one on the uplink.
public struct Sysctl: SiteRenderer {
    public let target = "sysctl"
    public init() {}

    public func render(site: Site, in topology: Topology, context: RenderContext) throws -> [RenderedFile] {
        let plan = try GatewayPlan(site: site, in: topology, context: context)
        let paths = InstallPaths(os: plan.device.os, ipsec: plan.device.ipsec)
        var s = Lines()
        s.comment("#", banner("Kernel settings for the customer gateway of site `\(site.name)`.", topology: plan.topologyName,
                              install: "Install as \(paths.sysctl), then run `sysctl --system`. Per-interface keys apply when the\ninterface appears (systemd-udevd re-runs systemd-sysctl for new interfaces)."))
        s.add("# Route between the LAN and the tunnels.")
        s.add("net.ipv4.ip_forward = 1")
        s.add("# A router sends no ICMP redirects and accepts none, nor source-routed packets.")
        for k in ["send_redirects", "accept_redirects", "accept_source_route"] {
            s.add("net.ipv4.conf.all.\(k) = 0")
            s.add("net.ipv4.conf.default.\(k) = 0")
        }
        s.add("net.ipv4.icmp_ignore_bogus_error_responses = 1")
        s.add("# The kernel applies the larger of `all` and the interface's rp_filter: keep `all` at 0 and set")
        s.add("# loose mode (2) on the tunnels, where replies may come back over the other tunnel.")
        s.add("net.ipv4.conf.all.rp_filter = 0")
        s.add("net.ipv4.conf.default.rp_filter = 0")
        for i in plan.interfaces.uniqued() {
            s.add("# \(i): a VTI; its traffic is already IPsec, no policy check on it.")
            s.add(key(i, "rp_filter") + " = 2")
            s.add(key(i, "disable_policy") + " = 1")
        }
        s.add("# \(plan.device.uplink): the uplink carries the encrypted packets; no second IPsec lookup there.")
        s.add(key(plan.device.uplink, "disable_xfrm") + " = 1")
        s.add(key(plan.device.uplink, "disable_policy") + " = 1")
        return [RenderedFile(path: "sites/\(site.name)/sysctl/99-causeway.conf", contents: s.text)]
    }

    /// `net.ipv4.conf.IFACE.KEY`, or the slash form when the interface name has a dot (VLANs).
    func key(_ interface: String, _ k: String) -> String {
        interface.contains(".") ? "net/ipv4/conf/\(interface)/\(k)" : "net.ipv4.conf.\(interface).\(k)"
    }
}
