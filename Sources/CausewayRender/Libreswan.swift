import CausewayCore

/// Libreswan: one route-based conn per tunnel (S0's style: authby=secret, a mark and a VTI per
/// tunnel, vti-routing=no so FRR decides the routes) and the matching secrets file.
public struct Libreswan: SiteRenderer {
    public let target = "libreswan"
    public init() {}

    public func render(site: Site, in topology: Topology, context: RenderContext) throws -> [RenderedFile] {
        let start = try IPsecStart(site: site, in: topology, context: context, target: target, ipsec: .libreswan)
        let (plan, paths, dir) = (start.plan, start.paths, start.dir)
        let leftID = IPsecConn.leftID(plan)
        let left = plan.ipsecLeft

        var conf = Lines("#", banner: "Libreswan connections for the customer gateway of site `\(site.name)`.", topology: plan.topologyName,
                                      install: "Install as \(paths.libreswanConf) (included by /etc/ipsec.conf); keys in \(paths.libreswanSecrets).")
        let setup = Self.setupFile(plan, paths: paths, dir: dir)
        if let setup { conf.comment("#", Self.setupNote(setup)) }
        for t in plan.disabledTunnels {
            conf.comment("#", "Tunnel \(t.key) is disabled on this device (\(t.device.path)): not configured.")
        }
        for t in plan.tunnels {
            let (ike, esp) = try t.algorithms(.libreswan, target: "\(target) for site `\(site.name)`")
            IPsecConn.header(t, &conf)
            conf.add([
                "    authby=secret",
                "    auto=start",
                "    type=tunnel",
            ] + IPsecConn.ends(t, left: left, leftID: leftID) + [
                "    ikev2=\(t.ikeVersion == .ikev2 ? "insist" : "no")",
                "    ike=\(ike.libreswan)",
                "    phase2=esp",
                "    phase2alg=\(esp.libreswan)",
                "    pfs=yes",
                "    ikelifetime=\(t.options.phase1Lifetime)s",
                "    salifetime=\(t.options.phase2Lifetime)s",
                "    replay-window=\(t.options.replayWindow)",
                "    dpddelay=\(t.timers.dpdDelay)",
                // IKEv2 liveness gives up after retransmit-timeout; dpdtimeout is IKEv1's (pluto warns).
                // pluto checks that timeout only as a retransmission falls due, and each wait doubles
                // from retransmit-interval: with the 500 ms default a 40 s timeout is noticed at
                // 63.5 s. An interval of timeout/63 (six doublings) makes the sixth one land on it.
                t.ikeVersion == .ikev2
                    ? "    retransmit-interval=\(LibreswanLiveness.intervalMilliseconds(t.timers.dpdTimeout))\n    retransmit-timeout=\(t.timers.dpdTimeout)s"
                    : "    dpdtimeout=\(t.timers.dpdTimeout)",
                "    dpdaction=restart",
                "    keyingtries=0",
                "    mark=\(t.device.mark)/0xffffffff",
                "    vti-interface=\(t.device.interface)",
                "    vti-routing=no",
                "    leftvti=\(t.localInside)/\(t.inside.length)",
                // Libreswan's _updown never downs a VTI whose SA died; this one does (and sets its MTU).
                "    leftupdown=\(InstallPaths.updown)",
            ])
        }

        let secrets = IPsecSecrets.text(plan, daemon: "Libreswan", leftID: leftID, installPath: paths.libreswanSecrets)
        return [
            RenderedFile(path: "\(dir)/causeway.conf", contents: conf.text),
            RenderedFile(path: "\(dir)/causeway.secrets", contents: secrets, mode: 0o600),
            RenderedFile(path: "\(dir)/causeway-updown", contents: LibreswanUpdown.script(plan), mode: 0o755),
        ] + [setup].compactMap { $0 }
    }
}

/// How pluto (IKEv2) declares a peer dead: retransmissions after retransmit-interval, each wait
/// twice the one before, and the give-up test against retransmit-timeout made only when one falls
/// due (https://libreswan.org/man/ipsec.conf.5.html `retransmit-interval=`, `retransmit-timeout=`).
public enum LibreswanLiveness {
    /// Six doublings: the sixth retransmission falls due at 63 intervals.
    static let intervals = 63

    /// The retransmit-interval (ms) whose sixth retransmission falls due at `timeout` seconds
    /// (rounded up, never before it).
    public static func intervalMilliseconds(_ timeout: Int) -> Int {
        (timeout * 1000 + intervals - 1) / intervals
    }

    /// Seconds until pluto gives up: the first moment a retransmission falls due at or past
    /// `timeout` seconds, with waits of interval, 2×interval, 4×interval, ….
    public static func deadAfter(intervalMilliseconds i: Int, timeout: Int) -> Double {
        var elapsed = 0, wait = i
        while elapsed < timeout * 1000 {
            elapsed += wait
            wait *= 2
        }
        return Double(elapsed) / 1000
    }
}

/// The `ipsec.secrets` format Libreswan and strongSwan's stroke both read: one PSK line per
/// tunnel, `LEFTID REMOTE : PSK "key"`.
enum IPsecSecrets {
    static func text(_ plan: GatewayPlan, daemon: String, leftID: String, installPath: String) -> String {
        var secrets = Lines("#", banner: "\(daemon) pre-shared keys for site `\(plan.site.name)`: keep this file mode 0600.", topology: plan.topologyName,
                                         install: "Install as \(installPath).")
        for t in plan.tunnels {
            secrets.add("\(leftID) \(t.remote) : PSK \"\(t.secret)\"")
        }
        return secrets.text
    }
}
