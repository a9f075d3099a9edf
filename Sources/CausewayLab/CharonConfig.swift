import CausewayRender

/// strongswan.conf for one lab charon (docs/lab-machine.md): kernel-libipsec (this kernel has no
/// ESP transform), bypass-lan off (with libipsec it routes the LAN into ipsec0), no routes of
/// its own (the tunnel namespace routes into ipsec0 itself), vici and the pid file in the
/// charon's private /run.
enum CharonConfig {
    /// IKEv2 has no DPD timeout setting: a peer is dead when a DPD request's retransmissions run
    /// out. `retransmits` are the rendered gateway's (CausewayRender's `CharonRetransmits`, the
    /// same values `charon-causeway.conf` carries): the AWS end always has them for AWS's DPD
    /// timeout; the customer end has what its rendered gateway has (strongSwan with IKEv2
    /// tunnels; Libreswan's `retransmit-timeout` does the same); nil keeps charon's defaults.
    static func strongswanConf(aws: Bool, retransmits: CharonRetransmits?) -> String {
        var lines = ["# strongSwan for one causeway lab tunnel namespace (\(aws ? "AWS end" : "customer end")).",
                     "charon {", "  load_modular = yes", "  install_routes = no"]
        if let r = retransmits {
            lines += ["  retransmit_tries = \(CharonRetransmits.tries)", "  retransmit_base = \(CharonRetransmits.base)", "  retransmit_timeout = \(r.timeoutText)"]
        }
        lines += [
            "  plugins {", "    include /etc/strongswan.d/charon/*.conf",
            "    kernel-libipsec {", "      load = yes", "    }",
            "    bypass-lan {", "      load = no", "    }",
            "    vici {", "      socket = unix:///run/charon.vici", "    }",
            "  }",
            "  filelog {", "    lab {", "      path = /run/charon.log", "      time_format = %H:%M:%S", "      default = 1", "      ike = 2", "    }", "  }",
            "}",
            "swanctl {", "  socket = unix:///run/charon.vici", "}",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
