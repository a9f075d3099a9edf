import CausewayCore

/// The shell both updown scripts (strongSwan's and Libreswan's) share: which VTI, key, AWS
/// endpoint and inside address belong to an IPsec connection, the tunnel's kernel settings, and
/// the `down` verb the IPsec unit runs when its daemon stops or dies. A tunnel's VTI is up only
/// while its SA is: zebra keeps a static route over an interface only while the interface is
/// operative (FRR zebra, nexthop_active: an interface nexthop is active iff `if_is_operative`),
/// so a VTI set down withdraws the routes over it and the other tunnel's take over.
enum VTIUpdown {
    /// The opening both updown scripts share: the shebang, the banner, `header` and `settings`.
    static func opening(_ plan: GatewayPlan, _ title: String, install: String) -> Lines {
        var s = Lines("#", banner: title, topology: plan.topologyName, install: install, first: ["#!/bin/sh"])
        s.add(header(plan))
        s.add(settings)
        return s
    }

    /// `tunnel NAME` (sets VTI, MARK, REMOTE, INSIDE; fails for names not ours) and LOCAL, MTU,
    /// MSS, TUNNELS.
    static func header(_ plan: GatewayPlan) -> [String] {
        var s = [
            "set -u",
            "",
            "# Sets VTI, MARK, REMOTE, INSIDE for a connection name; fails for names not ours.",
            "tunnel() {",
            "    case \"$1\" in",
        ]
        for t in plan.tunnels {
            s.append("    \(t.name)) VTI=\(t.device.interface) MARK=\(t.device.mark) REMOTE=\(t.remote) INSIDE=\(t.localInside)/\(t.inside.length) ;;")
        }
        s += [
            "    *) return 1 ;;",
            "    esac",
            "}",
            "",
            "LOCAL=\(plan.localAddress.map(\.description) ?? "")",
            "MTU=\(plan.device.tunnelMTU)",
            "MSS=\(plan.device.tcpMSS)",
            "TUNNELS=\"\(plan.tunnels.map(\.name).joined(separator: " "))\"",
            "",
        ]
        return s
    }

    /// `vti_settings`: the VTI's kernel keys and MTU. They are set here, when the VTI exists, and
    /// not in sysctl.d, where a key of an interface that does not exist yet fails `sysctl -p`.
    static let settings = [
        "# A VTI's keys exist only once it does: no IPsec policy check on it (its traffic is already",
        "# IPsec), loose rp_filter (replies may come back over the other tunnel), the tunnel MTU.",
        "vti_settings() {",
        "    sysctl -qw \"net/ipv4/conf/$VTI/disable_policy=1\" \"net/ipv4/conf/$VTI/rp_filter=2\"",
        "    ip link set dev \"$VTI\" mtu \"$MTU\"",
        "}",
        "",
    ]

    /// The `down` verb: every tunnel's VTI down, for the IPsec unit's ExecStopPost (its daemon
    /// stopped or died, so no SA is left to carry traffic).
    static func downAll(indent: String = "    ") -> String {
        indent + "for c in $TUNNELS; do tunnel \"$c\" && ip link set dev \"$VTI\" down 2>/dev/null; done"
    }
}
