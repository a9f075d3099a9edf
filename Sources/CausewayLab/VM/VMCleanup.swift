import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Removes what VMs left behind, from their state folders alone (for `lab down` after a crash
/// or Ctrl-C): QEMU processes by their recorded PID, and their taps.
public enum VMCleanup {
    /// What a sweep removed.
    public struct Swept: Sendable, Equatable {
        public var killed: [Int32] = []
        public var taps: [String] = []
    }

    /// Kills every QEMU whose pid file lies under `stateRoot` (at any depth) and removes the
    /// taps its VM recorded. A PID that now belongs to another program (not a QEMU started
    /// with that state folder) is left alone.
    @discardableResult
    public static func sweep(stateRoot: String, runner: any CommandRunner = ProcessRunner()) -> Swept {
        var swept = Swept()
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: stateRoot) else { return swept }
        var dirs: [String] = []
        while let rel = walker.nextObject() as? String {
            let name = (rel as NSString).lastPathComponent
            if name == VirtualMachine.pidFile || name == VirtualMachine.tapsFile {
                let dir = ((stateRoot as NSString).appendingPathComponent((rel as NSString).deletingLastPathComponent) as NSString).standardizingPath
                if !dirs.contains(dir) { dirs.append(dir) }
            }
        }
        for dir in dirs {
            let pidPath = dir + "/" + VirtualMachine.pidFile
            if let text = try? String(contentsOfFile: pidPath, encoding: .utf8),
               let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)),
               isQEMU(pid, stateDir: dir) {
                swept.killed += Processes.stop([pid], grace: 3)
            }
            try? fm.removeItem(atPath: pidPath)
            swept.taps += removeTaps(stateDir: dir, runner: runner)
            try? fm.removeItem(atPath: dir + "/agent.sock")
        }
        return swept
    }

    /// Deletes the taps listed in a state folder's `taps` file, then the file. Returns them.
    @discardableResult
    static func removeTaps(stateDir: String, runner: any CommandRunner) -> [String] {
        let path = stateDir + "/" + VirtualMachine.tapsFile
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        var removed: [String] = []
        for line in text.split(separator: "\n") {
            // NAMESPACE TAP [NAMESPACE-QEMU-OPENED-IT-IN]: the tap is in one of them.
            let parts = line.split(separator: " ").map(String.init)
            guard parts.count >= 2 else { continue }
            for ns in [parts[0]] + parts.dropFirst(2) {
                if let r = try? runner.run(["ip", "-n", ns, "link", "del", parts[1]]), r.succeeded {
                    removed.append(parts[1])
                    break
                }
            }
        }
        try? FileManager.default.removeItem(atPath: path)
        return removed
    }

    static func isQEMU(_ pid: Int32, stateDir: String) -> Bool {
        guard Processes.isRunning(pid),
              let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        let argv = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return (argv.first ?? "").hasSuffix("qemu-system-x86_64") && argv.contains { $0.contains(stateDir + "/agent.sock") }
    }

    /// A process's resident memory (KiB), from /proc.
    public static func residentKiB(_ pid: Int32) -> Int? {
        guard pid > 0, let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
        return line.split(separator: " ").compactMap { Int($0) }.first
    }
}
