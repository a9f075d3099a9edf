import CausewayCore

/// systemd units that rebuild at boot what S4 made by hand and lost on reboot, in order:
/// firewall rules (after the distribution's nftables.service, which flushes the ruleset), the
/// VTIs (strongSwan: causeway-tunnels.service runs the updown's `start`; Libreswan's pluto makes
/// its own), then the IPsec daemon, then FRR, whose static routes and BGP sessions need the VTIs.
/// sysctl.d and firewalld's permanent settings persist by themselves.
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
            var u = Lines()
            u.comment("#", banner("causeway: nftables rules for the VPN tunnels of site `\(site.name)`.", topology: plan.topologyName,
                                  install: "Install as /etc/systemd/system/causeway-firewall.service; `systemctl enable causeway-firewall`."))
            u.add([
                "[Unit]",
                "Description=causeway firewall rules for the AWS VPN tunnels",
                "After=nftables.service",
                "Before=network-pre.target \(paths.ipsecUnit)",
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
            ours.append("causeway-tunnels.service")
            var u = Lines()
            u.comment("#", banner("causeway: the VTIs of site `\(site.name)`, made before \(paths.ipsecUnit) and FRR start.", topology: plan.topologyName,
                                  install: "Install as /etc/systemd/system/causeway-tunnels.service; `systemctl enable causeway-tunnels`."))
            u.add([
                "[Unit]",
                "Description=causeway VTIs for the AWS VPN tunnels (\(plan.interfaces.joined(separator: ", ")))",
                "After=network-online.target",
                "Wants=network-online.target",
                "Before=\(paths.ipsecUnit) frr.service",
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
        }

        if !ours.isEmpty {
            var d = Lines()
            d.comment("#", banner("Start \(paths.ipsecUnit) after causeway's units.", topology: plan.topologyName,
                                  install: "Install as /etc/systemd/system/\(paths.ipsecUnit).d/causeway.conf."))
            d.add(["[Unit]", "Wants=\(ours.joined(separator: " "))", "After=\(ours.joined(separator: " "))"])
            files.append(RenderedFile(path: "\(dir)/\(paths.ipsecUnit).d/causeway.conf", contents: d.text))
        }

        var f = Lines()
        f.comment("#", banner("Start FRR after the IPsec daemon\(ownsVTIs ? " and the VTIs" : ""): its routes and BGP sessions use the tunnels.", topology: plan.topologyName,
                              install: "Install as /etc/systemd/system/frr.service.d/causeway.conf."))
        let after = ([paths.ipsecUnit] + ours).joined(separator: " ")
        f.add(["[Unit]", "Wants=\(paths.ipsecUnit)", "After=\(after)"])
        files.append(RenderedFile(path: "\(dir)/frr.service.d/causeway.conf", contents: f.text))
        return files
    }
}
