import CausewayLab
import Foundation
import Testing
import CausewayTestSupport
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
        // Two wires, each a bridge in its own namespace; each VM has a NIC on both.
        let ns = "cwvmt-\(tag)", ns2 = "cwvmt2-\(tag)", stateRoot = "/tmp/cwvmt-\(tag)"
        for n in [ns, ns2] {
            _ = try Self.sh(["ip", "netns", "del", n])
            try #require(try Self.sh(["ip", "netns", "add", n]).succeeded)
            _ = try Self.sh(["ip", "-n", n, "link", "add", "br0", "type", "bridge"])
            _ = try Self.sh(["ip", "-n", n, "link", "set", "br0", "up"])
        }
        defer {
            VMCleanup.sweep(stateRoot: stateRoot)
            for n in [ns, ns2] { _ = try? Self.sh(["ip", "netns", "del", n]) }
            try? FileManager.default.removeItem(atPath: stateRoot)
        }
        func spec(_ name: String, _ mac: String) -> VMSpec {
            VMSpec(name: "vmt-\(name)", flavour: .libreswan,
                   nics: [VMNIC(tap: "cwvmt\(tag)\(name)", namespace: ns, mac: mac + "0", bridge: "br0"),
                          VMNIC(tap: "cwvmt\(tag)\(name)2", namespace: ns2, mac: mac + "1", bridge: "br0")],
                   stateDir: "\(stateRoot)/\(name)")
        }

        let bootStart = Date()
        let specA = spec("a", "52:54:00:12:34:a"), specB = spec("b", "52:54:00:12:34:b")
        async let bootA = offThePool { try VirtualMachine.boot(specA, image: image, runner: ProcessRunner(), timeout: 300) }
        async let bootB = offThePool { try VirtualMachine.boot(specB, image: image, runner: ProcessRunner(), timeout: 300) }
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
        // Libreswan starts through its own unit (the image's drop-in loads the stack in one modprobe).
        let ipsecStart = Date()
        let ipsec = try await offThePool { try a.run("systemctl start ipsec && systemctl is-active ipsec && grep -cw ip_vti /proc/modules && ipsec status | grep -c 'using kernel interface: xfrm'", timeout: 60) }
        #expect(ipsec.succeeded, "\(ipsec.stdout)\(ipsec.stderr)")
        print(String(format: "VMTests: systemctl start ipsec %.1f s", Date().timeIntervalSince(ipsecStart)))
        let nics = try await offThePool { try a.run("cat /sys/class/net/eth0/address /sys/class/net/eth1/address", timeout: 10) }
        #expect(nics.stdout == "52:54:00:12:34:a0\n52:54:00:12:34:a1\n")

        // A file with bytes a shell would mangle, mode 0600, round-trips.
        let contents = "psk \u{0}\u{1}\u{1b}[1m 'single' \"double\" $HOME `cmd` \\back é\r\nCAUSEWAY_EOF\n" + String(repeating: "0123456789abcdef", count: 512)
        try await offThePool { try a.put(VMFile(path: "/etc/causeway-test/secret.bin", contents: contents, mode: 0o600)) }
        let back = try await offThePool { try a.run("cat /etc/causeway-test/secret.bin", timeout: 20) }
        #expect(back.stdout == contents)
        let mode = try await offThePool { try a.run("stat -c '%a %U' /etc/causeway-test/secret.bin", timeout: 10) }
        #expect(mode.stdout == "600 root\n")

        // Two guests on one bridge reach each other.
        // (eth1's tap was opened in the first namespace and moved to the second.)
        for (vm, host) in [(a, 1), (b, 2)] {
            let up = try await offThePool {
                try vm.run("ip addr add 192.168.77.\(host)/24 dev eth0 && ip link set eth0 up && ip addr add 192.168.78.\(host)/24 dev eth1 && ip link set eth1 up", timeout: 20)
            }
            #expect(up.succeeded, "\(up.stderr)")
        }
        let ping = try await offThePool { try a.run("ping -c 3 -i 0.3 -W 3 192.168.77.2 && ping -c 2 -i 0.3 -W 3 192.168.78.2", timeout: 40) }
        #expect(ping.succeeded, "\(ping.stdout)\(ping.stderr)")
        let second = try Self.sh(["ip", "-n", ns2, "-o", "link", "show", "master", "br0"]).stdout
        #expect(second.contains("cwvmt\(tag)a2") && second.contains("cwvmt\(tag)b2"), "\(second)")

        for vm in [a, b] {
            print("VMTests: \(vm.spec.name) QEMU resident \(vm.residentKiB.map { "\($0 / 1024) MiB" } ?? "?")")
        }

        // A reboot keeps what was written (the overlay's upper layer is the VM's disk).
        let bootID = try await offThePool { try a.run("echo kept > /root/before-reboot; sync; cat /proc/sys/kernel/random/boot_id", timeout: 20) }
        let rebootStart = Date()
        try await offThePool { try a.reboot(timeout: 300) }
        print(String(format: "VMTests: reboot to agent in %.1f s", Date().timeIntervalSince(rebootStart)))
        let after = try await offThePool { try a.run("cat /root/before-reboot /etc/causeway-test/secret.bin; cat /proc/sys/kernel/random/boot_id >&2", timeout: 20) }
        #expect(after.stdout == "kept\n" + contents)
        #expect(after.stderr != bootID.stdout && !after.stderr.isEmpty)
        #expect(a.pid > 0 && Processes.isRunning(a.pid), "QEMU restarts the guest in the same process")

        // stop() for one, a sweep of the state folders for the other (as `lab down` after a crash).
        // stop() while a command runs (Ctrl-C): QEMU goes at once and the command throws.
        let (pidA, pidB) = (a.pid, b.pid)
        async let running: Bool = offThePool { (try? a.run("sleep 60", timeout: 90)) == nil }
        try await Task.sleep(for: .seconds(2))
        let stopStart = Date()
        try await offThePool { a.stop() }
        #expect(Date().timeIntervalSince(stopStart) < 10)
        #expect(try await running, "a command in a stopped VM throws")
        #expect(!Processes.isRunning(pidA))
        let swept = try await offThePool { VMCleanup.sweep(stateRoot: stateRoot) }
        #expect(swept.killed == [pidB], "\(swept)")
        #expect(!Processes.isRunning(pidB))
        b.stop()
        for n in [ns, ns2] {
            let links = try Self.sh(["ip", "-n", n, "-o", "link", "show"]).stdout
            #expect(!links.contains("cwvmt\(tag)"), "taps left in \(n): \(links)")
        }
        let qemus = try Self.sh(["pgrep", "-f", "qemu-system-x86_64 .*\(stateRoot)/"]).stdout
        #expect(qemus.isEmpty, "QEMU left: \(qemus)")
        print(String(format: "VMTests: whole test %.1f s", Date().timeIntervalSince(started)))
    }

    /// The strongSwan image (also the LAN routers'): charon-systemd and the legacy starter are
    /// installed and disabled; the README's `systemctl` steps start them.
    @Test(.enabled(if: VMTests.enabled, "VMs need root (skipped; CAUSEWAY_SKIP_LAB=1 also skips)"))
    func strongswanGuest() async throws {
        if let why = VMHost.preflight() {
            Issue.record("the VM tests cannot run: \(why) (or set CAUSEWAY_SKIP_LAB=1)")
            return
        }
        let started = Date()
        let image = try await offThePool { try VMImageBuilder(progress: { print("VMTests: \($0)") }).image(.strongswan) }
        print(String(format: "VMTests: strongswan image ready in %.1f s (built in %.0f s, %.0f MB root)",
                     Date().timeIntervalSince(started), image.buildSeconds, Double(image.rootSizeBytes) / 1e6))
        let stateRoot = "/tmp/cwvmt-s\(getpid() % 100_000)"
        defer {
            VMCleanup.sweep(stateRoot: stateRoot)
            try? FileManager.default.removeItem(atPath: stateRoot)
        }
        let spec = VMSpec(name: "vmt-s", flavour: .strongswan, stateDir: stateRoot + "/s")
        let vm = try await offThePool { try VirtualMachine.boot(spec, image: image, runner: ProcessRunner(), timeout: 300) }
        defer { vm.stop() }
        print(String(format: "VMTests: strongswan VM booted in %.1f s", vm.bootSeconds))
        let r = try await offThePool {
            try vm.run("""
                systemctl is-enabled strongswan strongswan-starter frr || true
                systemctl start strongswan && swanctl --stats | head -1
                test -x /usr/sbin/ipsec && test -x /usr/lib/frr/bgpd && test -x /usr/lib/frr/ospfd && nft --version
                """, timeout: 60)
        }
        #expect(r.succeeded, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.hasPrefix("disabled\ndisabled\ndisabled\n"), "\(r.stdout)")
        #expect(r.stdout.contains("uptime"), "\(r.stdout)")
    }
}
