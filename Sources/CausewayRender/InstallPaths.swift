import CausewayCore

/// Where each rendered file goes on the gateway host, and the services that use them. dnf-based
/// distributions ship strongSwan under /etc/strongswan; Debian and Ubuntu under /etc.
struct InstallPaths {
    let os: OSFamily
    let ipsec: IPsecImplementation

    var dnf: Bool { os.usesFirewalld }
    var strongSwanEtc: String { dnf ? "/etc/strongswan" : "/etc" }

    static let updown = "/usr/local/sbin/causeway-updown"
    static let nftables = "/etc/causeway/causeway.nft"
    static let iptables = "/etc/causeway/iptables.rules"

    var libreswanConf: String { "/etc/ipsec.d/causeway.conf" }
    /// Libreswan's main file, which holds the `config setup` section pluto honours.
    var libreswanMain: String { "/etc/ipsec.conf" }
    var libreswanSecrets: String { "/etc/ipsec.d/causeway.secrets" }
    var ipsecConf: String { "\(strongSwanEtc)/ipsec.conf" }
    var ipsecSecrets: String { "\(strongSwanEtc)/ipsec.secrets" }
    var swanctlConf: String { dnf ? "/etc/strongswan/swanctl/conf.d/causeway.conf" : "/etc/swanctl/conf.d/causeway.conf" }
    var charonSnippet: String { dnf ? "/etc/strongswan/strongswan.d/charon-causeway.conf" : "/etc/strongswan.d/charon-causeway.conf" }
    var frrConf: String { "/etc/frr/frr.conf" }
    var sysctl: String { "/etc/sysctl.d/99-causeway.conf" }

    /// The systemd unit of the IPsec daemon.
    var ipsecUnit: String {
        switch ipsec {
        case .libreswan: return "ipsec.service"
        case .strongswanLegacy: return "strongswan-starter.service"
        case .strongswan: return "strongswan.service"
        }
    }

    /// The command that lists the IPsec SAs.
    var listSAs: String {
        switch ipsec {
        case .libreswan: return "ipsec trafficstatus"
        case .strongswanLegacy: return dnf ? "strongswan statusall" : "ipsec statusall"
        case .strongswan: return "swanctl --list-sas"
        }
    }
}

/// One rendered file of a site (relative to `sites/SITE/`) and where the install steps put it:
/// the README's file table and the Ansible playbook both read this list.
struct InstallEntry: Sendable {
    var file: String
    /// The absolute path on the gateway host; nil for a file that is run or is a fallback.
    var destination: String?
    /// Said after the destination, or instead of it.
    var note: String?
    var mode: UInt16
    var owner: String?

    /// The README's "install as" cell.
    var installAs: String { [destination, note].compactMap { $0 }.joined(separator: " ") }
    /// `0644`, or `0640, owner frr`.
    var modeText: String { "0" + String(mode, radix: 8) + (owner.map { ", owner \($0)" } ?? "") }
}

extension InstallPaths {
    /// The site's files in install order (sysctl, firewall, IPsec, systemd units, FRR).
    func entries(_ plan: GatewayPlan) -> [InstallEntry] {
        let nft = !os.usesFirewalld
        var e: [InstallEntry] = []
        func add(_ file: String, _ to: String?, _ mode: UInt16, note: String? = nil, owner: String? = nil) {
            e.append(InstallEntry(file: file, destination: to, note: note, mode: mode, owner: owner))
        }
        add("sysctl/99-causeway.conf", sysctl, 0o644)
        if nft { add("firewall/causeway.nft", Self.nftables, 0o644) } else { add("firewall/firewalld.sh", nil, 0o755, note: "run once") }
        add("firewall/iptables.rules", nil, 0o644, note: "fallback without nftables/firewalld: `iptables-restore --noflush`")
        switch ipsec {
        case .libreswan:
            add("libreswan/causeway.conf", libreswanConf, 0o644)
            add("libreswan/causeway.secrets", libreswanSecrets, 0o600)
            add("libreswan/causeway-updown", Self.updown, 0o755)
            if Libreswan.setupFile(plan, paths: self, dir: "libreswan") != nil {
                add("libreswan/ipsec.conf", libreswanMain, 0o644, note: "(replaces the distribution's: IKEv1 allowed)")
            }
        case .strongswanLegacy:
            add("strongswan-legacy/ipsec.conf", ipsecConf, 0o644)
            add("strongswan-legacy/ipsec.secrets", ipsecSecrets, 0o600)
            add("strongswan-legacy/causeway-updown", Self.updown, 0o755)
            add("strongswan-legacy/charon-causeway.conf", charonSnippet, 0o644)
        case .strongswan:
            add("strongswan/swanctl.conf", swanctlConf, 0o600)
            add("strongswan/causeway-updown", Self.updown, 0o755)
            add("strongswan/charon-causeway.conf", charonSnippet, 0o644)
        }
        for unit in systemdFiles {
            add("systemd/\(unit)", "/etc/systemd/system/\(unit)", 0o644)
        }
        add("frr/frr.conf", frrConf, 0o640, owner: "frr")
        return e
    }

    /// The systemd files the Systemd renderer writes, relative to `systemd/` (and to /etc/systemd/system).
    var systemdFiles: [String] {
        var f: [String] = []
        if !os.usesFirewalld { f.append("causeway-firewall.service") }
        if ipsec != .libreswan { f.append("causeway-tunnels.service") }
        f.append("\(ipsecUnit).d/causeway.conf")
        if ipsec != .libreswan { f.append("frr.service.d/causeway.conf") }
        return f
    }

    /// The units `systemctl enable` and restart after install, in order.
    var enabledUnits: [String] {
        var u: [String] = []
        if !os.usesFirewalld { u.append("causeway-firewall") }
        if ipsec != .libreswan { u.append("causeway-tunnels") }
        u.append(String(ipsecUnit.dropLast(".service".count)))
        return u
    }
}
