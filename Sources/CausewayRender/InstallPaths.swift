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
