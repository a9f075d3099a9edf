/// What a gateway host's operating-system release packages, and how causeway's daemons get onto
/// it. Decided once here; `check` warns from it and the site README prints its commands.
///
/// Sources (see docs/rendering.md, "Packages per operating system"):
/// - Debian / Ubuntu archives: libreswan, strongswan-starter, strongswan-swanctl, charon-systemd,
///   frr, chrony, nftables are all in main/universe (packages.debian.org, packages.ubuntu.com).
/// - RHEL 8/9/10 and rebuilds: libreswan and frr are in AppStream; strongSwan only in EPEL
///   (docs.fedoraproject.org/en-US/epel, "Getting started").
/// - Amazon Linux 2023: no EPEL; libreswan entered the AL2023 repository with 2023.3; strongSwan
///   is not packaged; FRR only from FRR's own RPM repository (rpm.frrouting.org)
///   (docs.aws.amazon.com/linux/al2023/release-notes/all-packages.html).
/// - Amazon Linux 2 reached end of support on 2026-06-30 (aws.amazon.com/amazon-linux-2/faqs);
///   CentOS Linux 8 on 2021-12-31 (its mirrors moved to vault.centos.org).
public struct HostPlatform: Sendable, Equatable {
    public let os: OSFamily
    /// The release: the topology's `os_version`, else the family's current release.
    public let version: String

    public init(os: OSFamily, version: String?) {
        self.os = os
        self.version = version ?? Self.defaultVersion(os)
    }

    /// The release causeway targets when the topology names none.
    public static func defaultVersion(_ os: OSFamily) -> String { releases(os).default }

    /// One table per OS family: the default release and how its releases are spelled.
    static func releases(_ os: OSFamily) -> (default: String, hint: String) {
        switch os {
        case .debian: return ("12", "a Debian release number such as \"12\"")
        case .ubuntu: return ("24.04", "an Ubuntu release such as \"24.04\"")
        case .rhel, .rocky, .almalinux, .centos: return ("9", "a major release such as \"9\"")
        case .fedora: return ("41", "a Fedora release such as \"41\"")
        case .amazonLinux: return ("2023", "\"2023\" (or a release such as \"2023.6\"), or \"2\"")
        }
    }

    /// Whether `version` names a release of `os` (lenient: later releases are accepted).
    public static func isVersion(_ v: String, of os: OSFamily) -> Bool {
        let parts = v.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && Int($0) != nil }) else { return false }
        let major = Int(parts[0]) ?? 0
        switch os {
        case .debian: return parts.count <= 2 && major >= 10
        case .ubuntu: return parts.count == 2 && major >= 18
        case .rhel, .rocky, .almalinux, .centos: return parts.count <= 2 && major >= 7
        case .fedora: return parts.count == 1 && major >= 30
        case .amazonLinux: return major == 2 || major == 2023
        }
    }

    /// The accepted spellings, for an error message.
    public static func versionHint(_ os: OSFamily) -> String { releases(os).hint }

    var major: Int { Int(version.split(separator: ".").first ?? "") ?? 0 }
    var minor: Int? { version.split(separator: ".").dropFirst().first.flatMap { Int($0) } }
    public var usesDNF: Bool { os.usesFirewalld }

    /// Where a package comes from on this release.
    public enum Source: Sendable, Equatable {
        /// In the release's own repositories.
        case distribution([String])
        /// From a repository that must be enabled first (`setup` runs before the install).
        case repository(name: String, setup: [String], packages: [String])
        /// Not installable from packages on this release: why, and what to do instead.
        case unavailable(reason: String, remedy: String)
    }

    /// The release is past its vendor's end of support, or nil.
    public var endOfLife: String? {
        switch (os, major) {
        case (.amazonLinux, 2):
            return "Amazon Linux 2 reached end of support on 2026-06-30: no security updates; move the gateway to Amazon Linux 2023"
        case (.centos, 8), (.centos, 7):
            return "CentOS Linux \(major) is end of life (its mirrors moved to vault.centos.org, so dnf fails until the repositories point there); move the gateway to CentOS Stream 9, Rocky Linux or AlmaLinux"
        default:
            return nil
        }
    }

    /// The IPsec daemon's packages on this release.
    public func ipsec(_ impl: IPsecImplementation) -> Source {
        switch os {
        case .debian, .ubuntu:
            switch impl {
            case .libreswan: return .distribution(["libreswan"])
            case .strongswanLegacy: return .distribution(["strongswan-starter", "strongswan-charon", "libstrongswan-standard-plugins"])
            case .strongswan: return .distribution(["strongswan-swanctl", "charon-systemd", "libstrongswan-standard-plugins"])
            }
        case .fedora:
            return .distribution([impl == .libreswan ? "libreswan" : "strongswan"])
        case .rhel, .rocky, .almalinux, .centos:
            if impl == .libreswan { return .distribution(["libreswan"]) }
            return .repository(name: "EPEL \(major)", setup: epelSetup, packages: ["strongswan"])
        case .amazonLinux:
            if major == 2 {
                if impl == .libreswan { return .distribution(["libreswan"]) }
                return .repository(name: "EPEL 7 (amazon-linux-extras)", setup: ["amazon-linux-extras install -y epel"], packages: ["strongswan"])
            }
            if impl == .libreswan {
                if let m = minor, m < 3 {
                    return .repository(name: "Amazon Linux 2023.3 or later", setup: ["dnf upgrade -y --releasever=latest   # libreswan entered the AL2023 repository with 2023.3"], packages: ["libreswan"])
                }
                return .distribution(["libreswan"])
            }
            return .unavailable(reason: "strongSwan is not packaged for Amazon Linux 2023, and EPEL does not support it",
                                remedy: "use `ipsec: libreswan` (packaged since AL2023.3), a distribution that packages strongSwan (Debian, Ubuntu, Fedora, RHEL-family with EPEL), or build strongSwan from source (docs.strongswan.org, Installation)")
        }
    }

    /// FRR on this release.
    public var frr: Source {
        switch os {
        case .debian, .ubuntu, .fedora, .rhel, .rocky, .almalinux, .centos:
            return .distribution(["frr"])
        case .amazonLinux:
            if major == 2 {
                return .unavailable(reason: "FRR is not packaged for Amazon Linux 2 and FRR's repository no longer builds for EL7",
                                    remedy: "move the gateway to Amazon Linux 2023 (FRR from rpm.frrouting.org) or another distribution")
            }
            return .repository(name: "FRR's RPM repository (EL9 build; rpm.frrouting.org)",
                               setup: ["dnf install -y https://rpm.frrouting.org/repo/frr-stable-repo-1-0.el9.noarch.rpm"],
                               packages: ["frr", "frr-pythontools"])
        }
    }

    /// Host tools every gateway needs besides the daemons: time sync (IKE and certificates need a
    /// right clock; S0's author lost a day to skew) and the firewall.
    public var basePackages: [String] {
        usesDNF ? ["chrony", "firewalld"] : ["chrony", "nftables"]
    }

    /// The systemd unit of the time daemon.
    public var chronyUnit: String { usesDNF ? "chronyd" : "chrony" }

    var epelSetup: [String] {
        switch os {
        case .rhel:
            return ["subscription-manager repos --enable codeready-builder-for-rhel-\(major)-$(arch)-rpms",
                    "dnf install -y https://dl.fedoraproject.org/pub/epel/epel-release-latest-\(major).noarch.rpm"]
        case .centos where major >= 9, .rocky where major >= 9, .almalinux where major >= 9:
            return ["dnf config-manager --set-enabled crb", "dnf install -y epel-release"]
        default:
            return ["dnf config-manager --set-enabled powertools", "dnf install -y epel-release"]
        }
    }

    /// The package manager's install command.
    public var installCommand: String {
        if os == .amazonLinux && major == 2 { return "yum install -y" }
        return usesDNF ? "dnf install -y" : "apt-get install -y"
    }
}

extension GatewayDevice {
    /// The host's OS release as causeway targets it.
    public var platform: HostPlatform { HostPlatform(os: os, version: osVersion) }
}
