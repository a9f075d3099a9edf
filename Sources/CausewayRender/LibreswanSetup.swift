import CausewayCore

extension Libreswan {
    /// Libreswan's main file when a tunnel uses IKEv1, else nil.
    ///
    /// Libreswan 5.0 drops every IKEv1 packet and refuses to load IKEv1 connections unless
    /// `config setup` says `ikev1-policy=accept` (libreswan CHANGES, v5.0: "default ikev1-policy
    /// to drop"; the keyword exists since 4.2), and Debian's and Ubuntu's Libreswan 4 packages
    /// made drop their default from 4.5-2 on (NEWS.Debian). It is a `config setup` keyword, and
    /// Libreswan 4's parser keeps only the first `config setup` section it reads (checked with
    /// the 4.10 `addconn --configsetup`): the distributions' /etc/ipsec.conf opens with one and
    /// includes /etc/ipsec.d/*.conf at its end, so the setting cannot live in causeway.conf and
    /// goes into a rendered /etc/ipsec.conf. That file keeps the distribution's includes
    /// (dnf-based systems' system-wide crypto policy, then /etc/ipsec.d/*.conf). A Libreswan built
    /// without IKEv1 ignores the setting; such a gateway needs IKEv2.
    static func setupFile(_ plan: GatewayPlan, paths: InstallPaths, dir: String) -> RenderedFile? {
        let v1 = plan.tunnels.filter { $0.ikeVersion == .ikev1 }
        guard !v1.isEmpty else { return nil }
        var s = Lines("#", banner: "Libreswan's main file for the customer gateway of site `\(plan.site.name)`: IKEv1 allowed for tunnel\(v1.count > 1 ? "s" : "") \(v1.map(\.key).joined(separator: ", ")).",
                                   topology: plan.topologyName,
                                   install: "Install as \(paths.libreswanMain), replacing the distribution's (keep a copy of it). Libreswan ≥ 5 and Debian's\nLibreswan 4 drop IKEv1 unless `config setup` allows it, and pluto reads only the first `config setup`,\nthe one in this file: it cannot go into \(paths.libreswanConf).")
        s.add(["config setup", "    ikev1-policy=accept", ""])
        if paths.dnf { s.add("include /etc/crypto-policies/back-ends/libreswan.config") }
        s.add("include /etc/ipsec.d/*.conf")
        return RenderedFile(path: "\(dir)/ipsec.conf", contents: s.text)
    }

    /// The line causeway.conf carries when it needs the main file.
    static func setupNote(_ f: RenderedFile) -> String {
        "IKEv1 tunnels here: also install \(f.path.split(separator: "/").last ?? "ipsec.conf") from this folder as /etc/ipsec.conf (it sets `ikev1-policy=accept`)."
    }
}
