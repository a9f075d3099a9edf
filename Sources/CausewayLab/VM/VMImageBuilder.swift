import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Makes and caches a VM image per flavour: a Debian 12 root from Debian's packages
/// (mmdebstrap) as a squashfs, the cloud kernel it installed, and a busybox initramfs that
/// mounts it. One build per key: concurrent builders (threads or processes) wait on a lock
/// file, and a build lands by renaming its temporary folder, so no one sees half an image.
public struct VMImageBuilder: Sendable {
    /// Bumped whenever the way an image is made changes.
    public static let formatVersion = 1

    /// The static busybox the initramfs runs (Debian's busybox-static).
    static let busybox = "/bin/busybox"

    public let runner: any CommandRunner
    public let cacheRoot: String
    public let progress: @Sendable (String) -> Void

    /// `$CAUSEWAY_LAB_CACHE/images`, or /var/cache/causeway-lab/images.
    public static var defaultCacheRoot: String {
        let base = ProcessInfo.processInfo.environment["CAUSEWAY_LAB_CACHE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "/var/cache/causeway-lab"
        return base + "/images"
    }

    /// Debian's archive, as `deb` lines; CAUSEWAY_VM_MIRROR (a URL) replaces the main archive.
    public static var sources: [String] {
        let main = ProcessInfo.processInfo.environment["CAUSEWAY_VM_MIRROR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "http://deb.debian.org/debian"
        return ["deb \(main) bookworm main", "deb \(main) bookworm-updates main",
                "deb http://deb.debian.org/debian-security bookworm-security main"]
    }

    public init(runner: any CommandRunner = ProcessRunner(), cacheRoot: String = VMImageBuilder.defaultCacheRoot,
                progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.runner = runner
        self.cacheRoot = cacheRoot
        self.progress = progress
    }

    /// The cache key of a flavour: everything that goes into its image.
    public static func key(_ flavour: VMFlavour) -> String {
        let parts = ["format \(formatVersion)", flavour.rawValue] + flavour.packages + sources
            + [VMGuest.initScript, VMGuest.agentScript, VMGuest.agentUnit]
            + VMGuest.extraFiles(flavour).flatMap { [$0.path, $0.text, String($0.mode)] }
            + VMGuest.initModules + VMGuest.disabledUnits
        // FNV-1a, 64 bits: a cache key, not a security boundary.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in parts.joined(separator: "\u{0}").utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    public func directory(_ flavour: VMFlavour) -> String {
        "\(cacheRoot)/\(flavour.rawValue)-\(Self.key(flavour))"
    }

    /// The cached image of `flavour`, if one was built with today's key.
    public func cached(_ flavour: VMFlavour) -> VMImage? {
        let dir = directory(flavour)
        guard let data = FileManager.default.contents(atPath: dir + "/image.json"),
              var image = try? JSONDecoder().decode(VMImage.self, from: data),
              image.key == Self.key(flavour) else { return nil }
        image.directory = dir
        for f in [image.kernel, image.initrd, image.root] where !FileManager.default.fileExists(atPath: f) { return nil }
        return image
    }

    /// The image of `flavour`: the cached one, or a new build (a minute or two, once).
    public func image(_ flavour: VMFlavour) throws -> VMImage {
        if let image = cached(flavour) { return image }
        try FileManager.default.createDirectory(atPath: cacheRoot, withIntermediateDirectories: true)
        let lockPath = directory(flavour) + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw VMError("cannot open \(lockPath): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            progress("waiting for another build of the \(flavour.rawValue) image")
            while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        }
        defer { flock(fd, LOCK_UN) }
        if let image = cached(flavour) { return image }
        return try build(flavour)
    }

    func build(_ flavour: VMFlavour) throws -> VMImage {
        let started = Date()
        let final = directory(flavour)
        let tmp = "\(cacheRoot)/.build-\(flavour.rawValue)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let root = tmp + "/root", initramfs = tmp + "/initramfs"
        let fm = FileManager.default
        defer { try? fm.removeItem(atPath: tmp) }
        try fm.createDirectory(atPath: tmp, withIntermediateDirectories: true)

        progress("building the \(flavour.rawValue) VM image from Debian 12's packages (once; cached in \(cacheRoot))")
        // INITRD=No: the kernel package's hook skips its initramfs (the image brings its own);
        // force-unsafe-io: no fsync per unpacked file (a crashed build is thrown away anyway).
        try must(["env", "INITRD=No", "mmdebstrap", "--variant=essential", "--include=" + flavour.packages.joined(separator: ","),
                  "--dpkgopt=force-unsafe-io", "--dpkgopt=path-exclude=/usr/share/man/*", "--dpkgopt=path-exclude=/usr/share/doc/*",
                  "--dpkgopt=path-exclude=/usr/share/locale/*", "--dpkgopt=path-exclude=/usr/share/info/*",
                  "bookworm", root] + Self.sources)

        progress("\(flavour.rawValue) image: adding the command agent")
        try write(root + VMGuest.agentPath, VMGuest.agentScript, mode: 0o755)
        try write(root + "/etc/systemd/system/" + VMGuest.agentUnitName, VMGuest.agentUnit, mode: 0o644)
        for f in VMGuest.extraFiles(flavour) { try write(root + f.path, f.text, mode: f.mode) }
        try must(["systemctl", "--root=" + root, "enable", VMGuest.agentUnitName])
        for unit in VMGuest.disabledUnits {
            // Units a flavour does not have fail here; that is fine.
            _ = try runner.run(["systemctl", "--root=" + root, "disable", unit])
        }

        let versions = ((try? fm.contentsOfDirectory(atPath: root + "/lib/modules")) ?? []).sorted()
        guard let kernelVersion = versions.last else { throw VMError("the \(flavour.rawValue) image has no kernel in /lib/modules") }
        try fm.copyItem(atPath: "\(root)/boot/vmlinuz-\(kernelVersion)", toPath: tmp + "/vmlinuz")

        progress("\(flavour.rawValue) image: initramfs for kernel \(kernelVersion)")
        try buildInitramfs(root: root, kernelVersion: kernelVersion, dir: initramfs, output: tmp + "/initrd.img")

        progress("\(flavour.rawValue) image: squashing the root")
        // zstd level 3: ~1 s instead of ~45 s at the default level 15, for a root ~15 % larger.
        try must(["mksquashfs", root, tmp + "/root.squashfs", "-comp", "zstd", "-Xcompression-level", "3", "-noappend", "-quiet", "-no-progress",
                  "-e", "boot", "-e", "var/cache/apt", "-e", "var/lib/apt/lists"])
        try fm.removeItem(atPath: root)
        try fm.removeItem(atPath: initramfs)

        let size = (try? fm.attributesOfItem(atPath: tmp + "/root.squashfs")[.size] as? Int) ?? 0
        let image = VMImage(flavour: flavour, key: Self.key(flavour), directory: final, kernelVersion: kernelVersion,
                            packages: flavour.packages, buildSeconds: Date().timeIntervalSince(started), rootSizeBytes: size)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try write(tmp + "/image.json", String(decoding: try encoder.encode(image), as: UTF8.self), mode: 0o644)
        if rename(tmp, final) != 0 {
            // Another builder got there first (a stale folder of the same key is replaced).
            if let other = cached(flavour) { return other }
            try? fm.removeItem(atPath: final)
            guard rename(tmp, final) == 0 else {
                throw VMError("cannot move the image to \(final): \(String(cString: strerror(errno)))")
            }
        }
        prune(flavour)
        progress(String(format: "%@ image built in %.0f s (%.0f MB)", flavour.rawValue, image.buildSeconds, Double(size) / 1e6))
        return image
    }

    /// Removes images of `flavour` made with another key (an older causeway's), unless a build
    /// of theirs holds its lock. A QEMU still running from one keeps its open files.
    func prune(_ flavour: VMFlavour) {
        let fm = FileManager.default
        let keep = (directory(flavour) as NSString).lastPathComponent
        for name in (try? fm.contentsOfDirectory(atPath: cacheRoot)) ?? []
        where name.hasPrefix(flavour.rawValue + "-") && !name.hasSuffix(".lock") && name != keep {
            let lock = "\(cacheRoot)/\(name).lock"
            let fd = open(lock, O_RDWR | O_CLOEXEC)
            if fd >= 0 {
                defer { close(fd) }
                guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }
                try? fm.removeItem(atPath: "\(cacheRoot)/\(name)")
                try? fm.removeItem(atPath: lock)
                flock(fd, LOCK_UN)
            } else {
                try? fm.removeItem(atPath: "\(cacheRoot)/\(name)")
            }
        }
    }

    /// busybox, init and the modules it loads, resolved with the image's own modprobe.
    func buildInitramfs(root: String, kernelVersion: String, dir: String, output: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir + "/bin", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: dir + "/modules", withIntermediateDirectories: true)
        try fm.copyItem(atPath: Self.busybox, toPath: dir + "/bin/busybox")
        try write(dir + "/init", VMGuest.initScript, mode: 0o755)
        var order: [String] = []
        for module in VMGuest.initModules {
            let r = try runner.run(["chroot", root, "modprobe", "-S", kernelVersion, "--show-depends", module])
            guard r.succeeded else { throw VMError("modprobe --show-depends \(module) in the image: \(r.stderr)") }
            for line in r.stdout.split(separator: "\n") {
                let words = line.split(separator: " ")
                guard words.first == "insmod", words.count >= 2 else { continue }
                let path = String(words[1])
                let name = (path as NSString).lastPathComponent
                if order.contains(name) { continue }
                try fm.copyItem(atPath: root + path, toPath: dir + "/modules/" + name)
                order.append(name)
            }
        }
        try write(dir + "/modules.load", order.joined(separator: "\n") + "\n", mode: 0o644)
        try must(["sh", "-c", "cd \"$1\" && find . | cpio -o -H newc --quiet | gzip -1 > \"$2\"", "sh", dir, output])
    }

    func must(_ argv: [String]) throws {
        let r = try runner.run(argv)
        guard r.succeeded else {
            let tail = (r.stderr + r.stdout).split(separator: "\n").suffix(15).joined(separator: "\n")
            throw VMError("`\(argv.prefix(3).joined(separator: " ")) …` failed (exit \(r.status)):\n\(tail)")
        }
    }

    func write(_ path: String, _ text: String, mode: Int) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode]) else {
            throw VMError("cannot write \(path)")
        }
    }
}
