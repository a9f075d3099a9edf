import CausewayRender
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A guest's software: Debian 12 with one IPsec stack. Libreswan and strongSwan's packages
/// conflict, so each is its own image; both carry FRR, nftables, iptables, firewalld and chrony,
/// so a LAN router runs on either.
public enum VMFlavour: String, Sendable, Codable, CaseIterable {
    case libreswan
    case strongswan

    /// A LAN router (FRR only) runs on the strongSwan image.
    public static let router = VMFlavour.strongswan

    /// What every image holds besides its IPsec stack. The kernel is Debian's cloud kernel
    /// (VTI, XFRM interfaces, kernel ESP, nftables as modules; virtio drivers for QEMU).
    static let basePackages = [
        "linux-image-cloud-amd64", "systemd", "systemd-sysv", "udev", "dbus", "kmod", "procps",
        "iproute2", "iputils-ping", "netcat-openbsd", "tcpdump",
        "frr", "nftables", "iptables", "firewalld", "chrony",
    ]

    /// The Debian packages of this flavour, sorted.
    public var packages: [String] {
        let ipsec: [String]
        switch self {
        case .libreswan:
            ipsec = ["libreswan"]
        case .strongswan:
            ipsec = ["strongswan-starter", "strongswan-charon", "strongswan-swanctl", "charon-systemd",
                     "libstrongswan-standard-plugins", "libcharon-extra-plugins"]
        }
        return (Self.basePackages + ipsec).sorted()
    }
}

/// A built root image, kernel and initramfs in the cache (read-only; shared by every VM).
public struct VMImage: Sendable, Codable, Equatable {
    public var flavour: VMFlavour
    /// The cache key: format version, packages, mirrors and causeway's guest files.
    public var key: String
    public var directory: String
    public var kernelVersion: String
    public var packages: [String]
    /// How long building it took (seconds), as measured when it was built.
    public var buildSeconds: Double
    public var rootSizeBytes: Int

    public var kernel: String { directory + "/vmlinuz" }
    public var initrd: String { directory + "/initrd.img" }
    public var root: String { directory + "/root.squashfs" }
}

/// A NIC of a VM: a tap the host creates in `namespace`; the guest sees it as eth0, eth1, … in
/// the spec's order. QEMU runs in the first NIC's namespace; a tap of another namespace is made
/// there and moved to its own once QEMU holds it (before `boot` returns).
public struct VMNIC: Sendable, Equatable {
    public var tap: String
    public var namespace: String
    public var mac: String
    /// A bridge in `namespace` the tap joins as it is created (nil: the caller wires it).
    public var bridge: String?
    public init(tap: String, namespace: String, mac: String, bridge: String? = nil) {
        self.tap = tap
        self.namespace = namespace
        self.mac = mac
        self.bridge = bridge
    }
}

/// A file to write in the guest, as root: a rendered file's path, contents and mode.
public typealias VMFile = RenderedFile

/// What to boot.
public struct VMSpec: Sendable {
    /// Unique among running VMs; the guest's hostname.
    public var name: String
    public var flavour: VMFlavour
    public var memoryMiB: Int
    public var nics: [VMNIC]
    /// Host folder for the VM's disk, sockets, logs and pid file.
    public var stateDir: String
    /// Size of the per-VM disk that holds everything the guest writes (sparse on the host).
    public var diskMiB: Int
    /// Keep an existing disk (what an earlier VM of this state folder installed) instead of
    /// starting from the image as built.
    public var reuseDisk: Bool

    public init(name: String, flavour: VMFlavour, memoryMiB: Int = 256, nics: [VMNIC] = [], stateDir: String,
                diskMiB: Int = 1024, reuseDisk: Bool = false) {
        self.name = name
        self.flavour = flavour
        self.memoryMiB = memoryMiB
        self.nics = nics
        self.stateDir = stateDir
        self.diskMiB = diskMiB
        self.reuseDisk = reuseDisk
    }
}

/// Why a VM could not be built, booted or driven.
public struct VMError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// How QEMU runs the guest.
public enum VMAcceleration: String, Sendable {
    case kvm
    case tcg

    /// KVM where the host offers one that boots a stock kernel, software emulation otherwise.
    /// A PVM host (`kvm_pvm` loaded; what these machines are) exposes /dev/kvm but stock Debian
    /// kernels never finish booting under it. CAUSEWAY_VM_ACCEL=kvm|tcg overrides.
    public static func detect() -> VMAcceleration {
        switch ProcessInfo.processInfo.environment["CAUSEWAY_VM_ACCEL"] {
        case "kvm": return .kvm
        case "tcg": return .tcg
        default: break
        }
        guard access("/dev/kvm", R_OK | W_OK) == 0 else { return .tcg }
        if FileManager.default.fileExists(atPath: "/sys/module/kvm_pvm") { return .tcg }
        return .kvm
    }

    /// QEMU's arguments for this accelerator. Under TCG the translated-code buffer is bounded:
    /// its default makes each QEMU ~1.4 GB; 64 MiB keeps one VM near 250 MiB.
    var qemuArguments: [String] {
        switch self {
        case .kvm: return ["-accel", "kvm", "-cpu", "host"]
        case .tcg: return ["-accel", "tcg,tb-size=64", "-cpu", "max"]
        }
    }
}

/// What the VM substrate needs on the host.
public enum VMHost {
    /// Programs by the Debian package that brings each.
    public static let requiredPrograms: [(path: String, package: String)] = [
        ("/usr/bin/qemu-system-x86_64", "qemu-system-x86"),
        ("/usr/bin/mmdebstrap", "mmdebstrap"),
        ("/usr/bin/mksquashfs", "squashfs-tools"),
        ("/bin/busybox", "busybox-static"),
        ("/usr/bin/cpio", "cpio"),
        ("/usr/bin/zstd", "zstd"),
        ("/usr/sbin/mkfs.ext4", "e2fsprogs"),
        ("/usr/bin/ip", "iproute2"),
        ("/usr/bin/systemctl", "systemd"),
    ]

    /// Why VMs cannot run here (not root, packages missing), or nil.
    public static func preflight() -> String? {
        if geteuid() != 0 {
            return "VMs need root (taps in network namespaces, image builds with mmdebstrap): run it with sudo"
        }
        let missing = requiredPrograms.filter { !FileManager.default.fileExists(atPath: $0.path) }
        if !missing.isEmpty {
            var pkgs: [String] = []
            for m in missing where !pkgs.contains(m.package) { pkgs.append(m.package) }
            return "missing \(missing.map(\.path).joined(separator: ", ")): install the Debian packages with `apt-get install \(pkgs.joined(separator: " "))`"
        }
        return nil
    }
}
