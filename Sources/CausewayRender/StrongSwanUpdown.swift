import CausewayCore

/// The updown script both strongSwan renderers install (S3/S4's ipsec-vti.sh, made
/// idempotent): it builds each tunnel's VTI with its key (the tunnel's mark), turns off the
/// IPsec policy check on it, sets loose rp_filter, the inside address and MTU, clamps the TCP
/// MSS and marks the tunnel's inbound ESP. charon calls it with PLUTO_VERB when a tunnel goes up
/// or down; causeway-tunnels.service calls it with `start`/`stop` at boot and shutdown so the
/// VTIs (and FRR's routes over them) exist from boot on, and the IPsec unit with `down` when
/// charon stops or dies. A VTI is set down with its SA, which withdraws the routes over it:
/// traffic moves to the other tunnel (see `VTIUpdown`).
enum StrongSwanUpdown {
    static func script(_ plan: GatewayPlan) -> String {
        var s = VTIUpdown.opening(plan, "strongSwan updown for the customer gateway of site `\(plan.site.name)`: one VTI per tunnel.",
                                  install: "Install as \(InstallPaths.updown) (mode 0755). Called by charon (PLUTO_VERB up-client/down-client)\nand by causeway-tunnels.service (start/stop) and the IPsec unit (down, when charon stops).")
        s.add([
            "ensure_vti() {",
            "    ip link show dev \"$VTI\" >/dev/null 2>&1 ||",
            "        ip link add \"$VTI\" type \(plan.outerIPv6 ? "vti6" : "vti") local \"$LOCAL\" remote \"$REMOTE\" ikey \"$MARK\" okey \"$MARK\"",
            "    vti_settings",
            "    ip address replace \"$INSIDE\" dev \"$VTI\"",
            "}",
            "",
            "# iptables rules, added once (-C checks) and removed with the tunnel. The MSS clamp only",
            "# lowers: segments already at or below MSS keep theirs.",
            "rule() {",
            "    command -v iptables >/dev/null 2>&1 || return 0",
            "    if [ \"$1\" = add ]; then shift; iptables -C \"$@\" 2>/dev/null || iptables -A \"$@\"",
            "    else shift; iptables -D \"$@\" 2>/dev/null || true; fi",
            "}",
        ] + (plan.outerIPv6 ? [
            "rule6() {",
            "    command -v ip6tables >/dev/null 2>&1 || return 0",
            "    if [ \"$1\" = add ]; then shift; ip6tables -C \"$@\" 2>/dev/null || ip6tables -A \"$@\"",
            "    else shift; ip6tables -D \"$@\" 2>/dev/null || true; fi",
            "}",
        ] : []) + [
            "rules() {",
            "    rule \"$1\" FORWARD -t mangle -o \"$VTI\" -p tcp --tcp-flags SYN,RST SYN -m tcpmss --mss \"$((MSS + 1)):65535\" -j TCPMSS --set-mss \"$MSS\"",
            "    rule \"$1\" FORWARD -t mangle -i \"$VTI\" -p tcp --tcp-flags SYN,RST SYN -m tcpmss --mss \"$((MSS + 1)):65535\" -j TCPMSS --set-mss \"$MSS\"",
            // The outer ESP packets are IPv6 on IPv6 outer addresses: ip6tables marks them.
            plan.outerIPv6
                ? "    rule6 \"$1\" INPUT -t mangle -p esp -s \"$REMOTE\" -d \"$LOCAL\" -j MARK --set-xmark \"$MARK/0xffffffff\""
                : "    rule \"$1\" INPUT -t mangle -p esp -s \"$REMOTE\" -d \"$LOCAL\" -j MARK --set-xmark \"$MARK/0xffffffff\"",
            "}",
            "",
            "case \"${PLUTO_VERB:-${1:-}}\" in",
            "up-client)",
            "    tunnel \"${PLUTO_CONNECTION:-}\" || exit 0",
            "    ensure_vti",
            "    ip link set dev \"$VTI\" up",
            "    rules add",
            "    ;;",
            "down-client)",
            "    tunnel \"${PLUTO_CONNECTION:-}\" || exit 0",
            "    ip link set dev \"$VTI\" down",
            "    rules del",
            "    ;;",
            "start)",
            "    for c in $TUNNELS; do tunnel \"$c\" && ensure_vti; done",
            "    ;;",
            "down)",
            VTIUpdown.downAll(),
            "    ;;",
            "stop)",
            "    for c in $TUNNELS; do tunnel \"$c\" && { rules del; ip link del dev \"$VTI\" 2>/dev/null || true; }; done",
            "    ;;",
            "esac",
            "exit 0",
        ])
        return s.text
    }

    /// charon must not route 0.0.0.0/0 into its table 220: the VTIs and FRR do the routing
    /// (S3's updown flushed table 220 for the same reason). With IKEv2 tunnels, charon's
    /// retransmissions are tuned so a dead AWS endpoint is noticed near AWS's DPD timeout
    /// (`CharonRetransmits`).
    static func charonSnippet(_ plan: GatewayPlan, paths: InstallPaths) -> String {
        var s = Lines("#", banner: "charon settings for the customer gateway of site `\(plan.site.name)`.", topology: plan.topologyName,
                                   install: "Install as \(paths.charonSnippet).")
        s.add(["charon {", "    install_routes = no"])
        if let r = CharonRetransmits(plan.tunnels) {
            s.add([
                "    # IKEv2 declares a peer dead when a DPD request's retransmissions run out: \(r.dpdDelay) s of silence until the",
                "    # request, then \(r.timeoutText) s × (1 + 1.5 + … + 1.5^\(CharonRetransmits.tries)) ≈ \(r.dpdTimeout - r.dpdDelay) s of retransmits: dead after about \(r.dpdTimeout) s,",
                "    # \(r.dpdDelay == IKETimers.dpdDelay ? "AWS's DPD timeout" : "the fast failover profile's DPD timeout") (the shortest of this gateway's IKEv2 tunnels: these settings are global to charon).",
                "    retransmit_tries = \(CharonRetransmits.tries)",
                "    retransmit_timeout = \(r.timeoutText)",
                "    retransmit_base = \(CharonRetransmits.base)",
            ])
        }
        s.add("}")
        return s.text
    }
}
