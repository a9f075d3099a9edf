@testable import CausewayLab
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The image cache without building a real image: a runner that plays mmdebstrap, modprobe and
/// mksquashfs by writing the files they would, and counts the builds.
@Suite struct VMImageBuilderTests {
    final class FakeTools: CommandRunner, @unchecked Sendable {
        let lock = NSLock()
        var commands: [[String]] = []
        let delay: useconds_t

        init(delay: useconds_t = 0) { self.delay = delay }

        var builds: Int { lock.withLock { commands.filter { $0.contains("mmdebstrap") }.count } }

        func run(_ argv: [String]) throws -> CommandResult {
            lock.withLock { commands.append(argv) }
            let fm = FileManager.default
            switch argv.first(where: { $0 != "env" && !$0.contains("=") }) {
            case "mmdebstrap":
                usleep(delay)
                let root = argv[argv.firstIndex(of: "bookworm")! + 1]
                try fm.createDirectory(atPath: root + "/lib/modules/6.1.0-99-cloud-amd64/kernel", withIntermediateDirectories: true)
                try fm.createDirectory(atPath: root + "/boot", withIntermediateDirectories: true)
                fm.createFile(atPath: root + "/boot/vmlinuz-6.1.0-99-cloud-amd64", contents: Data("kernel".utf8))
            case "chroot":
                // chroot ROOT modprobe -S VERSION --show-depends MODULE
                let root = argv[1], module = argv.last!
                let path = "/lib/modules/6.1.0-99-cloud-amd64/kernel/\(module).ko"
                fm.createFile(atPath: root + path, contents: Data(module.utf8))
                return CommandResult(status: 0, stdout: "insmod \(path) \n", stderr: "")
            case "sh":
                fm.createFile(atPath: argv.last!, contents: Data("initramfs".utf8))
            case "mksquashfs":
                fm.createFile(atPath: argv[2], contents: Data(repeating: 7, count: 4096))
            default:
                break
            }
            return CommandResult(status: 0, stdout: "", stderr: "")
        }

        func runConcurrently(_ commands: [[String]], limit: Int) throws -> [CommandResult] { try commands.map(run) }
        func spawn(_ argv: [String], log: String) throws -> Int32 { throw VMError("not here") }
    }

    static func tempRoot() -> String {
        NSTemporaryDirectory() + "/causeway-images-\(UUID().uuidString)"
    }

    @Test func keysDifferByFlavourAndAreStable() {
        #expect(VMImageBuilder.key(.libreswan) == VMImageBuilder.key(.libreswan))
        #expect(VMImageBuilder.key(.libreswan) != VMImageBuilder.key(.strongswan))
        #expect(VMImageBuilder.key(.libreswan).count == 16)
        // Libreswan and strongSwan conflict: never both in one image.
        #expect(!VMFlavour.libreswan.packages.contains { $0.hasPrefix("strongswan") })
        #expect(!VMFlavour.strongswan.packages.contains("libreswan"))
        for f in VMFlavour.allCases { #expect(f.packages.contains("frr") && f.packages.contains("nftables")) }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: VMImageBuilder.busybox), "needs busybox-static"))
    func racingBuildersBuildOnceAndReuseTheCache() async throws {
        let root = Self.tempRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let tools = FakeTools(delay: 300_000)
        let builder = VMImageBuilder(runner: tools, cacheRoot: root)
        // An older causeway's image of the same flavour, to be pruned; the other flavour's stays.
        try FileManager.default.createDirectory(atPath: root + "/libreswan-0000000000000000", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/strongswan-0000000000000000", withIntermediateDirectories: true)

        async let one = offThePool { try builder.image(.libreswan) }
        async let two = offThePool { try VMImageBuilder(runner: tools, cacheRoot: root).image(.libreswan) }
        let (a, b) = try await (one, two)
        #expect(tools.builds == 1)
        #expect(a == b)
        #expect(a.directory == builder.directory(.libreswan) && a.kernelVersion == "6.1.0-99-cloud-amd64")
        for f in [a.kernel, a.initrd, a.root] { #expect(FileManager.default.fileExists(atPath: f), "\(f)") }
        // The initramfs got the modules its init loads, in order, and the init itself.
        #expect(tools.commands.filter { $0.first == "chroot" }.map { $0.last! } == VMGuest.initModules)

        // Reused, not rebuilt; no temporary folder left; the old Libreswan image pruned.
        #expect(try builder.image(.libreswan) == a)
        #expect(tools.builds == 1)
        let left = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
        #expect(left == ["libreswan-\(VMImageBuilder.key(.libreswan))", "libreswan-\(VMImageBuilder.key(.libreswan)).lock",
                         "strongswan-0000000000000000"], "\(left)")
        // The agent is enabled and the daemons' units disabled in the root.
        let systemctl = tools.commands.filter { $0.first == "systemctl" }
        #expect(systemctl.contains { $0.contains("enable") && $0.contains(VMGuest.agentUnitName) })
        #expect(Set(systemctl.filter { $0.contains("disable") }.compactMap(\.last)) == Set(VMGuest.disabledUnits))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: VMImageBuilder.busybox), "needs busybox-static"))
    func aFailedBuildLeavesNoImage() throws {
        final class Failing: CommandRunner, @unchecked Sendable {
            func run(_ argv: [String]) throws -> CommandResult {
                argv.contains("mmdebstrap") ? CommandResult(status: 1, stdout: "", stderr: "E: cannot reach the mirror") : CommandResult(status: 0, stdout: "", stderr: "")
            }
            func runConcurrently(_ commands: [[String]], limit: Int) throws -> [CommandResult] { try commands.map(run) }
            func spawn(_ argv: [String], log: String) throws -> Int32 { 0 }
        }
        let root = Self.tempRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let builder = VMImageBuilder(runner: Failing(), cacheRoot: root)
        #expect(throws: VMError.self) { try builder.image(.strongswan) }
        #expect(builder.cached(.strongswan) == nil)
        let left = try FileManager.default.contentsOfDirectory(atPath: root)
        #expect(left.allSatisfy { $0.hasSuffix(".lock") }, "\(left)")
    }

    /// QEMU's command line: memory and translation cache bounded, nothing on the terminal, disks
    /// and NICs in the guest's naming order, the console and the agent on files/sockets.
    @Test func qemuCommandLine() {
        let image = VMImage(flavour: .libreswan, key: "k", directory: "/cache/libreswan-k", kernelVersion: "6.1",
                            packages: [], buildSeconds: 0, rootSizeBytes: 0)
        let spec = VMSpec(name: "gw1", flavour: .libreswan, memoryMiB: 192,
                          nics: [VMNIC(tap: "t0", namespace: "n", mac: "52:54:00:00:00:01"),
                                 VMNIC(tap: "t1", namespace: "n", mac: "52:54:00:00:00:02")],
                          stateDir: "/run/x//gw1/")
        let vm = VirtualMachine(spec: spec, image: image, runner: FakeTools(), acceleration: .tcg)
        let argv = vm.qemuArguments()
        let line = argv.joined(separator: " ")
        #expect(line.contains("-m 192") && line.contains("-accel tcg,tb-size=64") && line.contains("-smp 1"))
        #expect(line.contains("-nodefaults") && line.contains("-display none") && !line.contains("-nographic"))
        #expect(!line.contains("-no-reboot"), "the guest's own reboot must restart it")
        let order = ["file=/cache/libreswan-k/root.squashfs", "file=/run/x/gw1/disk.img", "ifname=t0", "ifname=t1"]
        let at = order.map { o in argv.firstIndex { $0.contains(o) } ?? -1 }
        #expect(!at.contains(-1) && at == at.sorted(), "\(argv)")
        #expect(argv.contains("virtio-net-pci,netdev=n0,mac=52:54:00:00:00:01"))
        #expect(line.contains("-serial file:/run/x/gw1/console.log -serial unix:/run/x/gw1/agent.sock,server=on,wait=off"))
        let append = argv[argv.firstIndex(of: "-append")! + 1]
        #expect(append.contains("net.ifnames=0") && append.contains("systemd.hostname=gw1") && append.contains("console=ttyS0"))
    }

    /// A PVM host exposes /dev/kvm, but stock kernels never boot under it: software emulation.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/sys/module/kvm_pvm")
                   && ProcessInfo.processInfo.environment["CAUSEWAY_VM_ACCEL"] == nil, "not a PVM host"))
    func pvmHostUsesTCG() {
        #expect(VMAcceleration.detect() == .tcg)
    }
}
