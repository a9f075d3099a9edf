import CausewayCore

/// strongSwan with `ipsec.conf` / `ipsec.secrets` (starter and stroke), as S3 and S4 wrote it:
/// one conn per tunnel with its mark, the shared updown building the VTIs, and charon kept
/// from routing into table 220.
public struct StrongSwanLegacy: SiteRenderer {
    public let target = "strongswan-legacy"
    public init() {}

    public func render(site: Site, in topology: Topology, context: RenderContext) throws -> [RenderedFile] {
        let start = try IPsecStart(site: site, in: topology, context: context, target: target, ipsec: .strongswanLegacy)
        let (plan, paths, dir) = (start.plan, start.paths, start.dir)
        let leftID = IPsecConn.leftID(plan)
        let left = plan.ipsecLeft

        var conf = Lines("#", banner: "strongSwan (ipsec.conf) for the customer gateway of site `\(site.name)`.", topology: plan.topologyName,
                                      install: "Install as \(paths.ipsecConf); keys in \(paths.ipsecSecrets), updown in \(InstallPaths.updown).")
        conf.add(["config setup", "    uniqueids=no"])
        for t in plan.disabledTunnels {
            conf.add()
            conf.comment("#", "Tunnel \(t.key) is disabled on this device (\(t.device.path)): not configured.")
        }
        for t in plan.tunnels {
            let (ike, esp) = try t.algorithms(.strongSwan, target: "\(target) for site `\(site.name)`")
            IPsecConn.header(t, &conf)
            conf.add([
                "    auto=start",
                "    type=tunnel",
                "    keyexchange=\(t.ikeVersion.rawValue)",
                "    leftauth=psk",
                "    rightauth=psk",
            ] + IPsecConn.ends(t, left: left, leftID: leftID) + [
                "    ike=\(ike.strongSwan)!",
                "    esp=\(esp.strongSwan)!",
                // Hard lifetimes (what IKEv1 proposes); rekeying starts margintime before them.
                "    ikelifetime=\(t.ikeRekey.life)s",
                "    lifetime=\(t.childRekey.life)s",
                "    margintime=\(t.childRekey.margin)s",
                "    replay_window=\(t.options.replayWindow)",
                "    rekey=yes",
                "    reauth=no",
                "    dpddelay=\(t.timers.dpdDelay)s",
            ])
            // IKEv1 only: with IKEv2 charon's retransmits decide (charon-causeway.conf).
            if t.ikeVersion == .ikev1 { conf.add("    dpdtimeout=\(t.timers.dpdTimeout)s") }
            conf.add([
                "    dpdaction=restart",
                "    closeaction=restart",
                "    keyingtries=%forever",
                "    mobike=no",
                "    installpolicy=yes",
                "    mark=\(t.device.mark)",
                "    leftupdown=\(InstallPaths.updown)",
            ])
        }

        let secrets = IPsecSecrets.text(plan, daemon: "strongSwan", leftID: leftID, installPath: paths.ipsecSecrets)
        return [
            RenderedFile(path: "\(dir)/ipsec.conf", contents: conf.text),
            RenderedFile(path: "\(dir)/ipsec.secrets", contents: secrets, mode: 0o600),
            RenderedFile(path: "\(dir)/causeway-updown", contents: StrongSwanUpdown.script(plan), mode: 0o755),
            RenderedFile(path: "\(dir)/charon-causeway.conf", contents: StrongSwanUpdown.charonSnippet(plan, paths: paths)),
        ]
    }
}
