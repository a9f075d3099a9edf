import CausewayCore

/// systemd units that rebuild at boot what S4 made by hand and lost on reboot, ordered the way
/// the distributions order the daemons: the firewall rules right after nftables.service (which
/// flushes the ruleset) and before the network; the VTIs (strongSwan: causeway-tunnels.service
/// runs the updown's `start`) before the network and before FRR, which starts early
/// (Before=network.target) and finds them there; the IPsec daemon after the network is online,
/// the firewall and the VTIs. FRR is not ordered after the IPsec daemon: that would be a cycle
/// with its own Before=network.target, and zebra follows the VTIs going up and down anyway.
/// Libreswan's pluto makes its own VTIs (its updown keeps them down while their SA is). The IPsec
/// unit sets every VTI down after its daemon stops or dies, so FRR withdraws the routes over
/// them. sysctl.d and firewalld's permanent settings persist by themselves.
public struct Systemd: SiteRenderer {
    public let target = "systemd"
    public init() {}

    public func render(site: Site, in topology: Topology, context: RenderContext) throws -> [RenderedFile] {
        let plan = try GatewayPlan(site: site, in: topology, context: context)
        let paths = InstallPaths(os: plan.device.os, ipsec: plan.device.ipsec)
        let dir = "sites/\(site.name)/systemd"
        let ownsVTIs = plan.device.ipsec != .libreswan
        let nft = !plan.device.os.usesFirewalld
        var files: [RenderedFile] = []
        var ours: [String] = []

        if nft {
            ours.append("causeway-firewall.service")
            var u = Lines("#", banner: "causeway: nftables rules for the VPN tunnels of site `\(site.name)`.", topology: plan.topologyName,
                                       install: "Install as /etc/systemd/system/causeway-firewall.service; `systemctl enable causeway-firewall`.")
            u.add([
                "[Unit]",
                "Description=causeway firewall rules for the AWS VPN tunnels",
                "After=nftables.service",
                "Before=network-pre.target",
                "Wants=network-pre.target",
                "",
                "[Service]",
                "Type=oneshot",
                "RemainAfterExit=yes",
                "ExecStart=/usr/sbin/nft -f \(InstallPaths.nftables)",
                "ExecStop=/usr/sbin/nft delete table inet causeway",
                "",
                "[Install]",
                "WantedBy=multi-user.target",
            ])
            files.append(RenderedFile(path: "\(dir)/causeway-firewall.service", contents: u.text))
        }

        if ownsVTIs {
            var u = Lines("#", banner: "causeway: the VTIs of site `\(site.name)`, made before FRR and \(paths.ipsecUnit) start.", topology: plan.topologyName,
                                       install: "Install as /etc/systemd/system/causeway-tunnels.service; `systemctl enable causeway-tunnels`.")
            u.add([
                "[Unit]",
                "Description=causeway VTIs for the AWS VPN tunnels (\(plan.interfaces.joined(separator: ", ")))",
                "After=network-pre.target systemd-sysctl.service\(nft ? " causeway-firewall.service" : "")",
                "Before=network.target frr.service \(paths.ipsecUnit)",
                "Wants=network-pre.target",
                "",
                "[Service]",
                "Type=oneshot",
                "RemainAfterExit=yes",
                "ExecStart=\(InstallPaths.updown) start",
                "ExecStop=\(InstallPaths.updown) stop",
                "",
                "[Install]",
                "WantedBy=multi-user.target",
            ])
            files.append(RenderedFile(path: "\(dir)/causeway-tunnels.service", contents: u.text))
            ours.append("causeway-tunnels.service")

            var f = Lines("#", banner: "Start FRR once the VTIs exist: its static routes and BGP sessions use them.", topology: plan.topologyName,
                                       install: "Install as /etc/systemd/system/frr.service.d/causeway.conf.")
            f.add(["[Unit]", "Wants=causeway-tunnels.service", "After=causeway-tunnels.service"])
            files.append(RenderedFile(path: "\(dir)/frr.service.d/causeway.conf", contents: f.text))
        }

        var d = Lines("#", banner: "Start \(paths.ipsecUnit) once the network is online, after the firewall\(ownsVTIs ? " and the VTIs" : ""); set the VTIs\ndown when it stops.", topology: plan.topologyName,
                                   install: "Install as /etc/systemd/system/\(paths.ipsecUnit).d/causeway.conf.")
        let firewall = nft ? [] : ["firewalld.service"]
        d.add(["[Unit]", "Wants=\((["network-online.target"] + ours).joined(separator: " "))",
               "After=\((["network-online.target"] + firewall + ours).joined(separator: " "))"])
        // Runs when the daemon stops and when it dies: no SA is left, so no VTI may keep its routes.
        d.add(["", "[Service]", "ExecStopPost=-\(InstallPaths.updown) down"])
        files.append(RenderedFile(path: "\(dir)/\(paths.ipsecUnit).d/causeway.conf", contents: d.text))
        return files
    }
}
