import CausewayLab
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The VM substrate of the faithful lab, on QEMU with Debian's kernel: the Libreswan image
/// builds (once; cached), two VMs boot in parallel on one bridge, the guest has what this host's
/// kernel lacks (VTI, kernel ESP), systemd runs, files round-trip, a reboot keeps the disk, and
/// stop/sweep leave no QEMU and no tap. Root only; without root it is skipped, but a root
/// machine without QEMU and the image tools fails it (CI must provision them).
@Suite(.serialized) struct VMTests {
    static var enabled: Bool {
        geteuid() == 0 && ProcessInfo.processInfo.environment["CAUSEWAY_SKIP_LAB"] != "1"
    }

    static func sh(_ argv: [String]) throws -> CommandResult { try ProcessRunner().run(argv) }

    @Test(.enabled(if: VMTests.enabled, "VMs need root (skipped; CAUSEWAY_SKIP_LAB=1 also skips)"))
    func libreswanGuests() async throws {
        if let why = VMHost.preflight() {
            Issue.record("the VM tests cannot run: \(why) (or set CAUSEWAY_SKIP_LAB=1)")
            return
        }
        let started = Date()
        let image = try await offThePool { try VMImageBuilder(progress: { print("VMTests: \($0)") }).image(.libreswan) }
        print(String(format: "VMTests: libreswan image ready in %.1f s (built in %.0f s, %.0f MB root, kernel %@)",
                     Date().timeIntervalSince(started), image.buildSeconds, Double(image.rootSizeBytes) / 1e6, image.kernelVersion))

        let tag = String(getpid() % 100_000)
        let ns = "cwvmt-\(tag)", stateRoot = "/tmp/cwvmt-\(tag)"
        _ = try Self.sh(["ip", "netns", "del", ns])
        try #require(try Self.sh(["ip", "netns", "add", ns]).succeeded)
        _ = try Self.sh(["ip", "-n", ns, "link", "add", "br0", "type", "bridge"])
        _ = try Self.sh(["ip", "-n", ns, "link", "set", "br0", "up"])
        defer {
            VMCleanup.sweep(stateRoot: stateRoot)
            _ = try? Self.sh(["ip", "netns", "del", ns])
            try? FileManager.default.removeItem(atPath: stateRoot)
        }
        func spec(_ name: String, _ mac: String) -> VMSpec {
            VMSpec(name: "vmt-\(name)", flavour: .libreswan,
                   nics: [VMNIC(tap: "cwvmt\(tag)\(name)", namespace: ns, mac: mac, bridge: "br0")],
                   stateDir: "\(stateRoot)/\(name)")
        }

        let bootStart = Date()
        let specA = spec("a", "52:54:00:12:34:0a"), specB = spec("b", "52:54:00:12:34:0b")
        async let bootA = offThePool { try VirtualMachine.boot(specA, image: image, runner: ProcessRunner(), timeout: 150) }
        async let bootB = offThePool { try VirtualMachine.boot(specB, image: image, runner: ProcessRunner(), timeout: 150) }
        let (a, b) = try await (bootA, bootB)
        print(String(format: "VMTests: two VMs booted in parallel in %.1f s (a %.1f s, b %.1f s, %@)",
                     Date().timeIntervalSince(bootStart), a.bootSeconds, b.bootSeconds, a.acceleration.rawValue))

        // systemd is PID 1 and finishes booting.
        let pid1 = try await offThePool { try a.run("cat /proc/1/comm", timeout: 10) }
        #expect(pid1.stdout == "systemd\n")
        let state = try await offThePool { try a.run("systemctl is-system-running --wait; systemctl --failed --no-legend --plain", timeout: 90) }
        #expect(["running", "degraded"].contains(state.stdout.split(separator: "\n").first ?? ""), "\(state.stdout)")
        print("VMTests: systemctl is-system-running: \(state.stdout.split(separator: "\n").joined(separator: "; "))")

        // What this host's kernel lacks: a VTI and kernel ESP.
        let vti = try await offThePool { try a.run("ip link add vti9 type vti key 9 local 10.0.0.1 remote 10.0.0.2 && ip -d link show vti9", timeout: 30) }
        #expect(vti.succeeded && vti.stdout.contains("vti"), "\(vti.stderr)")
        let esp = try await offThePool { try a.run("modprobe esp4 && modprobe xfrm_interface && grep -w esp4 /proc/modules", timeout: 30) }
        #expect(esp.succeeded, "\(esp.stderr)")
        let nics = try await offThePool { try a.run("cat /sys/class/net/eth0/address", timeout: 10) }
        #expect(nics.stdout == "52:54:00:12:34:0a\n")

        // A file with bytes a shell would mangle, mode 0600, round-trips.
        let contents = "psk \u{0}\u{1}\u{1b}[1m 'single' \"double\" $HOME `cmd` \\back é\r\nCAUSEWAY_EOF\n" + String(repeating: "0123456789abcdef", count: 512)
        try await offThePool { try a.put(VMFile(path: "/etc/causeway-test/secret.bin", contents: contents, mode: 0o600)) }
        let back = try await offThePool { try a.run("cat /etc/causeway-test/secret.bin", timeout: 20) }
        #expect(back.stdout == contents)
        let mode = try await offThePool { try a.run("stat -c '%a %U' /etc/causeway-test/secret.bin", timeout: 10) }
        #expect(mode.stdout == "600 root\n")

        // Two guests on one bridge reach each other.
        for (vm, addr) in [(a, "192.168.77.1"), (b, "192.168.77.2")] {
            let up = try await offThePool { try vm.run("ip addr add \(addr)/24 dev eth0 && ip link set eth0 up", timeout: 20) }
            #expect(up.succeeded, "\(up.stderr)")
        }
        let ping = try await offThePool { try a.run("ping -c 3 -i 0.3 -W 3 192.168.77.2", timeout: 40) }
        #expect(ping.succeeded, "\(ping.stdout)\(ping.stderr)")

        for vm in [a, b] {
            print("VMTests: \(vm.spec.name) QEMU resident \(vm.residentKiB.map { "\($0 / 1024) MiB" } ?? "?")")
        }

        // A reboot keeps what was written (the overlay's upper layer is the VM's disk).
        let bootID = try await offThePool { try a.run("echo kept > /root/before-reboot; sync; cat /proc/sys/kernel/random/boot_id", timeout: 20) }
        let rebootStart = Date()
        try await offThePool { try a.reboot(timeout: 120) }
        print(String(format: "VMTests: reboot to agent in %.1f s", Date().timeIntervalSince(rebootStart)))
        let after = try await offThePool { try a.run("cat /root/before-reboot /etc/causeway-test/secret.bin; cat /proc/sys/kernel/random/boot_id >&2", timeout: 20) }
        #expect(after.stdout == "kept\n" + contents)
        #expect(after.stderr != bootID.stdout && !after.stderr.isEmpty)
        #expect(a.pid > 0 && Processes.isRunning(a.pid), "QEMU restarts the guest in the same process")

        // stop() for one, a sweep of the state folders for the other (as `lab down` after a crash).
        let (pidA, pidB) = (a.pid, b.pid)
        try await offThePool { a.stop() }
        #expect(!Processes.isRunning(pidA))
        let swept = try await offThePool { VMCleanup.sweep(stateRoot: stateRoot) }
        #expect(swept.killed == [pidB], "\(swept)")
        #expect(!Processes.isRunning(pidB))
        b.stop()
        let links = try Self.sh(["ip", "-n", ns, "-o", "link", "show"]).stdout
        #expect(!links.contains("cwvmt\(tag)"), "taps left: \(links)")
        let qemus = try Self.sh(["pgrep", "-f", "qemu-system-x86_64 .*\(stateRoot)/"]).stdout
        #expect(qemus.isEmpty, "QEMU left: \(qemus)")
        print(String(format: "VMTests: whole test %.1f s", Date().timeIntervalSince(started)))
    }
}
