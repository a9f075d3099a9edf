import CausewayCore

/// Libreswan's updown for the customer gateway (`leftupdown=`). pluto makes each tunnel's VTI
/// (vti-interface=) in its own `_updown.xfrm`, brings it up when it creates it and never takes
/// it down or deletes it again (delvti only removes vti-routing routes; deleting the interface is
/// a TODO there): a tunnel whose SA is gone would keep its routes and blackhole their flows. This
/// script runs Libreswan's own `ipsec _updown` first (its status is what pluto sees), then keeps
/// the VTI's state equal to the SA's: down when prepared without an SA, up with the MTU on
/// up-client, down on down-client, and all down (`down`) when the IPsec unit stops or pluto dies.
/// pluto calls prepare both before any SA exists (auto=start) and just before up-client; only a
/// kernel SA to the tunnel's AWS endpoint tells the two apart.
enum LibreswanUpdown {
    static func script(_ plan: GatewayPlan) -> String {
        var s = VTIUpdown.opening(plan, "Libreswan updown for the customer gateway of site `\(plan.site.name)`: each VTI is up only while its SA is.",
                                  install: "Install as \(InstallPaths.updown) (mode 0755). Called by pluto (leftupdown=, PLUTO_VERB) and by\nipsec.service (down, when pluto stops or dies).")
        s.add([
            "# An SA to the tunnel's AWS endpoint is in the kernel.",
            "sa_installed() {",
            "    [ -n \"$(ip \(plan.outerIPFamilyFlag) xfrm state list dst \"$REMOTE\" 2>/dev/null)\" ]",
            "}",
            "",
            "if [ -z \"${PLUTO_VERB:-}\" ]; then",
            "    case \"${1:-}\" in",
            "    down)",
            VTIUpdown.downAll(indent: "        "),
            "        ;;",
            "    esac",
            "    exit 0",
            "fi",
            "",
            "ipsec _updown \"$@\"",
            "rc=$?",
            "tunnel \"${PLUTO_CONNECTION:-}\" || exit \"$rc\"",
            "case \"$PLUTO_VERB\" in",
            "prepare-host|prepare-client)",
            "    vti_settings",
            "    if sa_installed; then ip link set dev \"$VTI\" up; else ip link set dev \"$VTI\" down; fi",
            "    ;;",
            "up-host|up-client)",
            "    vti_settings",
            "    ip link set dev \"$VTI\" up",
            "    ;;",
            "down-host|down-client)",
            "    ip link set dev \"$VTI\" down",
            "    ;;",
            "esac",
            "exit \"$rc\"",
        ])
        return s.text
    }
}
