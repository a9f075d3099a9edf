import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A running QEMU guest booted from a `VMImage`, driven through its command agent. Its state
/// folder holds the disk (`disk.img`), the agent socket, the console log (`console.log`),
/// QEMU's own output (`qemu.log`), its PID (`qemu.pid`) and its taps (`taps`), which is all
/// `VMCleanup.sweep` needs after a crash.
public final class VirtualMachine: @unchecked Sendable {
    public let spec: VMSpec
    public let image: VMImage
    public let acceleration: VMAcceleration
    /// Seconds from QEMU's start to the agent's first answer.
    public private(set) var bootSeconds: Double = 0
    let runner: any CommandRunner
    let agent: VMAgentConnection
    /// One command at a time on the agent port.
    let lock = NSLock()
    private var qemuPID: Int32 = 0
    private var bootID = ""
    private var stopped = false
    private var interruption = Interruption.shared

    /// QEMU's PID.
    public var pid: Int32 { qemuPID }

    public var diskPath: String { spec.stateDir + "/disk.img" }
    public var socketPath: String { spec.stateDir + "/agent.sock" }
    public var consolePath: String { spec.stateDir + "/console.log" }
    public var qemuLogPath: String { spec.stateDir + "/qemu.log" }
    static let pidFile = "qemu.pid"
    static let tapsFile = "taps"

    init(spec: VMSpec, image: VMImage, runner: any CommandRunner, acceleration: VMAcceleration) {
        var spec = spec
        spec.stateDir = (spec.stateDir as NSString).standardizingPath
        self.spec = spec
        self.image = image
        self.runner = runner
        self.acceleration = acceleration
        self.agent = VMAgentConnection(path: spec.stateDir + "/agent.sock")
    }

    /// Creates the disk and taps, starts QEMU and returns once the guest's agent answers.
    /// On any failure everything it made is removed before the error (with the console's last
    /// lines) is thrown; a requested `interruption` (Ctrl-C) throws `LabInterrupted`.
    public static func boot(_ spec: VMSpec, image: VMImage, runner: any CommandRunner, timeout: Double,
                            interruption: Interruption = .shared) throws -> VirtualMachine {
        guard image.flavour == spec.flavour else {
            throw VMError("VM \(spec.name) wants the \(spec.flavour.rawValue) image, not \(image.flavour.rawValue)")
        }
        guard !spec.name.isEmpty, spec.name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw VMError("VM name `\(spec.name)`: letters, digits and - only")
        }
        let vm = VirtualMachine(spec: spec, image: image, runner: runner, acceleration: .detect())
        vm.interruption = interruption
        do {
            try vm.start(timeout: timeout)
        } catch let error as LabInterrupted {
            vm.stop()
            throw error
        } catch {
            let detail = vm.consoleTail()
            vm.stop()
            throw VMError("VM \(spec.name) did not boot: \(error)" + (detail.isEmpty ? "" : "\nconsole:\n" + detail))
        }
        return vm
    }

    func start(timeout: Double) throws {
        let started = Date()
        let deadline = started.addingTimeInterval(timeout)
        let fm = FileManager.default
        try fm.createDirectory(atPath: spec.stateDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // A QEMU left running from this folder (a crashed caller) holds the disk's lock.
        VMCleanup.sweep(stateRoot: spec.stateDir, runner: runner)
        for f in [socketPath, consolePath, spec.stateDir + "/" + Self.pidFile] { try? fm.removeItem(atPath: f) }
        if !(spec.reuseDisk && fm.fileExists(atPath: diskPath)) {
            try? fm.removeItem(atPath: diskPath)
            try must(["truncate", "-s", "\(spec.diskMiB)M", diskPath])
            try must(["mkfs.ext4", "-F", "-q", "-L", "causeway-state", diskPath])
        }
        // QEMU opens every tap in its own namespace (the first NIC's): a NIC of another namespace
        // is made there and moved once QEMU holds it (a tap keeps working across namespaces).
        // Recorded before they exist, with both namespaces, so a sweep after a crash finds every tap.
        let home = spec.nics.first?.namespace ?? ""
        try write(spec.stateDir + "/" + Self.tapsFile, spec.nics.map { "\($0.namespace) \($0.tap) \(home)\n" }.joined())
        for nic in spec.nics {
            for ns in Set([nic.namespace, home]) { _ = try runner.run(["ip", "-n", ns, "link", "del", nic.tap]) }
            try must(["ip", "-n", home, "tuntap", "add", "dev", nic.tap, "mode", "tap"])
            guard nic.namespace == home else { continue }
            if let bridge = nic.bridge { try must(["ip", "-n", home, "link", "set", nic.tap, "master", bridge]) }
            try must(["ip", "-n", home, "link", "set", nic.tap, "up"])
        }
        let prefix = spec.nics.isEmpty ? [] : ["ip", "netns", "exec", home]
        qemuPID = try runner.spawn(prefix + qemuArguments(), log: qemuLogPath)
        try write(spec.stateDir + "/" + Self.pidFile, "\(qemuPID)\n")
        try agent.connect(until: deadline) { Processes.isRunning(qemuPID) }
        bootID = try waitForAgent(until: deadline) { _ in true }
        for nic in spec.nics where nic.namespace != home {
            try must(["ip", "-n", home, "link", "set", nic.tap, "netns", nic.namespace])
            if let bridge = nic.bridge { try must(["ip", "-n", nic.namespace, "link", "set", nic.tap, "master", bridge]) }
            try must(["ip", "-n", nic.namespace, "link", "set", nic.tap, "up"])
        }
        bootSeconds = Date().timeIntervalSince(started)
    }

    func qemuArguments() -> [String] {
        func q(_ path: String) -> String { path.replacingOccurrences(of: ",", with: ",,") }
        var argv = ["qemu-system-x86_64", "-name", spec.name, "-nodefaults", "-no-user-config", "-display", "none",
                    "-M", "q35", "-smp", "1", "-m", "\(spec.memoryMiB)"] + acceleration.qemuArguments
        argv += ["-kernel", image.kernel, "-initrd", image.initrd,
                 "-append", VMGuest.kernelCommandLine(hostname: spec.name)]
        // Order is the guest's naming: vda the image, vdb the VM's disk; eth0, eth1, … the NICs.
        argv += ["-drive", "file=\(q(image.root)),if=none,id=root,format=raw,readonly=on",
                 "-device", "virtio-blk-pci,drive=root",
                 "-drive", "file=\(q(diskPath)),if=none,id=disk,format=raw",
                 "-device", "virtio-blk-pci,drive=disk"]
        for (i, nic) in spec.nics.enumerated() {
            argv += ["-netdev", "tap,id=n\(i),ifname=\(nic.tap),script=no,downscript=no",
                     "-device", "virtio-net-pci,netdev=n\(i),mac=\(nic.mac)"]
        }
        argv += ["-serial", "file:\(q(consolePath))", "-serial", "unix:\(q(socketPath)),server=on,wait=off"]
        return argv
    }

    /// Probes the agent every second until one answer satisfies `accept` (which sees the
    /// guest's boot id); returns that boot id.
    func waitForAgent(until deadline: Date, accept: (String) -> Bool) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        var ids: Set<String> = []
        while Date() < deadline {
            if interruption.requested { throw LabInterrupted() }
            guard Processes.isRunning(qemuPID) else { throw VMError("QEMU exited") }
            let id = VMAgentConnection.newID()
            ids.insert(id)
            try agent.send(VMAgentProtocol.request(id: id, script: "cat /proc/sys/kernel/random/boot_id", seconds: 10),
                           until: deadline)
            let probeEnd = min(deadline, Date().addingTimeInterval(1))
            while let parsed = try agent.receive(ids: ids, until: probeEnd, alive: { Processes.isRunning(qemuPID) }) {
                if case .reply(_, let r) = parsed, r.succeeded {
                    let boot = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                    if !boot.isEmpty && accept(boot) { return boot }
                }
            }
        }
        throw VMError("no answer from the guest's agent in time")
    }

    /// Seconds the agent may take beyond a command's own timeout before the guest counts as hung.
    static let agentGrace: Double = 90

    /// Runs `shell` with /bin/sh -c in the guest, as root, stdin /dev/null. A command still
    /// running after `timeout` seconds is killed and its status is 124 (as with `timeout`).
    /// Throws when the agent does not answer.
    public func run(_ shell: String, timeout: Double) throws -> CommandResult {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { throw VMError("VM \(spec.name) is stopped") }
        let id = VMAgentConnection.newID()
        let seconds = max(1, Int(timeout.rounded(.up)))
        // The agent's own time on top of the command's: a software-emulated guest on a loaded
        // 2-core host has taken over 40 s to answer a `cat` right after boot.
        let deadline = Date().addingTimeInterval(Double(seconds) + Self.agentGrace)
        try agent.send(VMAgentProtocol.request(id: id, script: shell, seconds: seconds), until: deadline)
        switch try agent.receive(ids: [id], until: deadline, alive: { Processes.isRunning(qemuPID) }) {
        case .reply(_, let result)?:
            if result.status == 254 && result.stderr.hasPrefix("causeway-agent: request") {
                throw VMError("VM \(spec.name): \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
            }
            return result
        case .damaged?:
            throw VMError("VM \(spec.name): the agent's reply arrived damaged")
        case nil:
            throw VMError("VM \(spec.name): no answer from the agent within \(seconds + Int(Self.agentGrace)) s"
                          + (Processes.isRunning(qemuPID) ? "" : " (QEMU exited)"))
        }
    }

    /// Writes a file in the guest (parent folders made as needed), atomically, with its mode.
    public func put(_ file: VMFile) throws {
        guard file.path.hasPrefix("/") else { throw VMError("VM \(spec.name): `\(file.path)` is not an absolute path") }
        let r = try run(VMAgentProtocol.putScript(file), timeout: 60)
        guard r.succeeded else {
            throw VMError("VM \(spec.name): cannot write \(file.path): \(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }

    /// `systemctl reboot` in the guest (QEMU resets the machine, same process, same disk);
    /// returns once the agent of the new boot answers.
    public func reboot(timeout: Double) throws {
        let deadline = Date().addingTimeInterval(timeout)
        let before = bootID
        // A timer, so the agent answers before systemd stops it.
        let r = try run("systemd-run --quiet --on-active=1 --timer-property=AccuracySec=100ms systemctl reboot", timeout: 20)
        guard r.succeeded else { throw VMError("VM \(spec.name): reboot: \(r.stderr)") }
        bootID = try waitForAgent(until: deadline) { $0 != before }
    }

    /// Kills QEMU by its PID, waits for it, removes its taps and the pid file. Idempotent; safe
    /// from another thread while a command runs (that command then throws).
    public func stop() {
        // QEMU first: a `run` waiting on the agent sees it gone and lets go of the port.
        if qemuPID > 0 { Processes.stop([qemuPID], grace: 3) }
        lock.lock()
        defer { lock.unlock() }
        stopped = true
        agent.close()
        VMCleanup.removeTaps(stateDir: spec.stateDir, runner: runner)
        for f in [Self.pidFile, Self.tapsFile, "agent.sock"] { try? FileManager.default.removeItem(atPath: spec.stateDir + "/" + f) }
    }

    /// QEMU's resident memory (KiB), from /proc.
    public var residentKiB: Int? { VMCleanup.residentKiB(qemuPID) }

    /// The console's last lines (boot messages, a failed init's reason).
    public func consoleTail(_ lines: Int = 25) -> String {
        [consolePath, qemuLogPath].compactMap { p -> String? in
            guard let d = FileManager.default.contents(atPath: p), !d.isEmpty else { return nil }
            return String(decoding: d, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .suffix(lines).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    func must(_ argv: [String]) throws {
        let r = try runner.run(argv)
        guard r.succeeded else { throw CommandError(argv, "exit \(r.status): \(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines))") }
    }

    func write(_ path: String, _ text: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw VMError("cannot write \(path)")
        }
    }
}
