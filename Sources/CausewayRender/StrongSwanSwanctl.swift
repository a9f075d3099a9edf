import CausewayCore

/// strongSwan with `swanctl.conf` (vici): a connection and a child per tunnel, the keys in the
/// same file (hence mode 0600), and the updown shared with the legacy renderer.
///
/// The lab profile (see `labConnection`) writes one file per tunnel, each with one connection,
/// and leaves out exactly the VTI parts: `mark_in`, `mark_out` and `updown` go, and
/// `start_action` becomes `none` (the lab initiates each tunnel itself). Addresses, identities,
/// proposals, lifetimes, DPD and keys are the production ones.
public struct StrongSwanSwanctl: SiteRenderer {
    public let target = "strongswan"
    public init() {}

    public func render(site: Site, in topology: Topology, context: RenderContext) throws -> [RenderedFile] {
        let start = try IPsecStart(site: site, in: topology, context: context, target: target, ipsec: .strongswan)
        let (plan, paths, dir) = (start.plan, start.paths, start.dir)
        if context.profile == .lab {
            return try plan.tunnels.map { t in
                RenderedFile(path: "\(dir)/swanctl-\(t.name).conf", contents: try Self.document(plan, [t], lab: true, paths: paths), mode: 0o600)
            }
        }
        return [
            RenderedFile(path: "\(dir)/swanctl.conf", contents: try Self.document(plan, plan.tunnels, lab: false, paths: paths), mode: 0o600),
            RenderedFile(path: "\(dir)/causeway-updown", contents: StrongSwanUpdown.script(plan), mode: 0o755),
            RenderedFile(path: "\(dir)/charon-causeway.conf", contents: StrongSwanUpdown.charonSnippet(plan, paths: paths)),
        ]
    }

    /// One tunnel's swanctl.conf for the lab: a single connection (named `<connection>-tunnel<N>`,
    /// its child likewise) and its secret, without the VTI parts (no marks, no updown) and with
    /// `start_action = none`. Throws RenderError when a value is missing (outside address,
    /// inside CIDR, key, the device's public IP).
    public static func labConnection(_ topology: Topology, site: String, connection: String, tunnel: Int,
                                     context: RenderContext) throws -> String {
        guard let s = topology.site(site) else {
            throw RenderError(target: "strongswan (lab)", missing: ["site `\(site)` in the topology"])
        }
        let plan = try GatewayPlan(site: s, in: topology, context: context)
        try plan.require([.outsideAddress, .insideCIDR, .preSharedKey, .publicIP], target: "strongswan (lab)")
        guard let t = plan.tunnels.first(where: { $0.connection == connection && $0.index == tunnel }) else {
            throw RenderError(target: "strongswan (lab) for site `\(site)`",
                              missing: ["an enabled tunnel \(connection)/\(tunnel) on this site's device"])
        }
        return try document(plan, [t], lab: true, paths: InstallPaths(os: s.gateway?.os ?? .debian, ipsec: .strongswan))
    }

    static func document(_ plan: GatewayPlan, _ tunnels: [TunnelPlan], lab: Bool, paths: InstallPaths) throws -> String {
        let target = "strongswan for site `\(plan.site.name)`"
        let localID = IPsecConn.leftID(plan)
        let local = plan.localAddress.map(\.description) ?? "%any"
        var c = Lines()
        let what = lab ? "strongSwan (swanctl) for the lab: tunnel \(tunnels.first?.key ?? "") of site `\(plan.site.name)`, without VTI parts."
                       : "strongSwan (swanctl) for the customer gateway of site `\(plan.site.name)`. Holds the pre-shared keys: mode 0600."
        c.comment("#", banner(what, topology: plan.topologyName,
                              install: lab ? nil : "Install as \(paths.swanctlConf); updown in \(InstallPaths.updown); load with `swanctl --load-all`."))
        if !lab {
            for t in plan.disabledTunnels {
                c.comment("#", "Tunnel \(t.key) is disabled on this device (\(t.device.path)): not configured.")
            }
        }
        c.add("connections {")
        for (n, t) in tunnels.enumerated() {
            let (ike, esp) = try t.algorithms(.strongSwan, target: target)
            if n > 0 { c.add() }
            c.add("    \(t.name) {")
            c.add("        # VPN connection `\(t.connection)`, tunnel \(t.index), to the \(t.amazonSide) (ASN \(t.amazonASN))")
            if let w = t.mismatchNote { c.add("        # \(w)") }
            c.add([
                "        version = \(t.ikeVersion == .ikev2 ? 2 : 1)",
                "        local_addrs = \(local)",
                "        remote_addrs = \(t.remote)",
                "        proposals = \(ike.strongSwan)",
                // IKEv1 proposes rekey_time + over_time as the IKE SA's lifetime: keep it AWS's.
                "        rekey_time = \(t.ikeRekey.rekey)s",
                "        over_time = \(t.ikeRekey.margin)s",
                "        rand_time = \(t.ikeRekey.rand)s",
                "        dpd_delay = \(t.timers.dpdDelay)s",
            ])
            if t.ikeVersion == .ikev1 { c.add("        dpd_timeout = \(t.timers.dpdTimeout)s") }
            c.add([
                "        keyingtries = 0",
                "        mobike = no",
                "        local {",
                "            auth = psk",
                "            id = \(localID)",
                "        }",
                "        remote {",
                "            auth = psk",
                "            id = \(t.remote)",
                "        }",
                "        children {",
                "            \(t.name) {",
                "                local_ts = \(t.localTrafficSelector)",
                "                remote_ts = \(t.remoteTrafficSelector)",
                "                esp_proposals = \(esp.strongSwan)",
                "                rekey_time = \(t.childRekey.rekey)s",
                "                life_time = \(t.childRekey.life)s",
                "                rand_time = \(t.childRekey.rand)s",
                "                replay_window = \(t.options.replayWindow)",
                "                dpd_action = restart",
                "                close_action = start",
                "                start_action = \(lab ? "none" : "start")",
            ])
            if !lab {
                c.add([
                    "                mark_in = \(t.device.mark)",
                    "                mark_out = \(t.device.mark)",
                    "                updown = \(InstallPaths.updown)",
                ])
            }
            c.add(["            }", "        }", "    }"])
        }
        c.add("}")
        c.add()
        c.add("secrets {")
        for t in tunnels {
            c.add([
                "    ike-\(t.name) {",
                "        id-local = \(localID)",
                "        id-remote = \(t.remote)",
                "        secret = \"\(t.secret)\"",
                "    }",
            ])
        }
        c.add("}")
        return c.text
    }
}
