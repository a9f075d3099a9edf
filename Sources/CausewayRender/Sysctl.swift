import CausewayCore

/// Kernel settings for a Linux router with VTIs (S0, S2, S4; docs/rendering.md, "Routing and host"):
/// forwarding on, no redirects (on `all` and on each interface that exists at install: the kernel
/// ORs `all` with the interface's own send_redirects) or source routing, and no second IPsec
/// lookup on the uplink. Only keys of interfaces that exist at install: the loaders disagree on a
/// missing key (procps-ng 4.0.2's `sysctl -p FILE` exits 1 on one even with sysctl.conf(5)'s
/// leading `-`; systemd-sysctl only logs it), so the VTIs' keys (loose rp_filter, no policy
/// check) are set by the updown when each VTI appears (`VTIUpdown.settings`).
public struct Sysctl: SiteRenderer {
    public let target = "sysctl"
    public init() {}

    public func render(site: Site, in topology: Topology, context: RenderContext) throws -> [RenderedFile] {
        let plan = try GatewayPlan(site: site, in: topology, context: context)
        let paths = InstallPaths(os: plan.device.os, ipsec: plan.device.ipsec)
        var s = Lines("#", banner: "Kernel settings for the customer gateway of site `\(site.name)`.", topology: plan.topologyName,
                                   install: "Install as \(paths.sysctl), then run `sysctl --system`.")
        s.add("# Route between the LAN and the tunnels.")
        s.add("net.ipv4.ip_forward = 1")
        s.add("# A router sends no ICMP redirects and accepts none, nor source-routed packets.")
        for k in ["send_redirects", "accept_redirects", "accept_source_route"] {
            s.add("net.ipv4.conf.all.\(k) = 0")
            s.add("net.ipv4.conf.default.\(k) = 0")
        }
        let existing = ([plan.device.uplink] + (plan.device.lanInterface.map { [$0] } ?? [])).uniqued()
        s.add("# The kernel sends redirects if `all` or the interface says so: `all` = 0 does not stop an")
        s.add("# interface that exists already (`default` applies only to new ones).")
        for i in existing { s.add(key(i, "send_redirects") + " = 0") }
        s.add("net.ipv4.icmp_ignore_bogus_error_responses = 1")
        s.add("# The kernel applies the larger of `all` and the interface's rp_filter: keep `all` at 0; the")
        s.add("# updown sets loose mode (2) on each tunnel, where replies may come back over the other tunnel.")
        s.add("net.ipv4.conf.all.rp_filter = 0")
        s.add("net.ipv4.conf.default.rp_filter = 0")
        s.add("# The VTIs' own keys (\(plan.interfaces.uniqued().joined(separator: ", "))) are set by the updown when each VTI appears:")
        s.add("# a key of an interface that does not exist yet makes `sysctl -p` fail.")
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
