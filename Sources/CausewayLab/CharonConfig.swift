/// strongswan.conf for one lab charon (TEST-MACHINE.md): kernel-libipsec (this kernel has no
/// ESP transform), bypass-lan off (with libipsec it routes the LAN into ipsec0), no routes of
/// its own (the tunnel namespace routes into ipsec0 itself), vici and the pid file in the
/// charon's private /run.
enum CharonConfig {
    /// IKEv2 has no DPD timeout setting: a peer is dead when a DPD request's retransmissions run
    /// out. With `liveness`, charon retransmits so that a silent peer is dead about `dpdTimeout`
    /// seconds after it went quiet: the first DPD after 10 s, then 5 tries with base 1.5 whose
    /// waits sum to 13.19 × the first. The AWS end always has it (AWS's DPD timeout); the
    /// customer end when it stands in for Libreswan, whose rendered `retransmit-timeout` does the
    /// same. Otherwise strongSwan's defaults (165 s) stay, as on a real strongSwan gateway.
    static func strongswanConf(aws: Bool, liveness: Bool, dpdTimeout: Int) -> String {
        let sum = (0...4).reduce(0.0) { s, i in s + pow15(i) }
        var lines = ["# strongSwan for one causeway lab tunnel namespace (\(aws ? "AWS end" : "customer end")).",
                     "charon {", "  load_modular = yes", "  install_routes = no"]
        if liveness {
            let first = max(1.0, Double(dpdTimeout - 10) / sum)
            lines += ["  retransmit_tries = 4", "  retransmit_base = 1.5", "  retransmit_timeout = \(format3(first))"]
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

    static func pow15(_ i: Int) -> Double { (0..<i).reduce(1.0) { p, _ in p * 1.5 } }
    static func format3(_ d: Double) -> String {
        let ms = Int((d * 1000).rounded())
        return "\(ms / 1000).\(String(ms % 1000).leftPadded(3))"
    }
}

extension String {
    func leftPadded(_ n: Int, with c: Character = "0") -> String {
        count >= n ? self : String(repeating: c, count: n - count) + self
    }
}
