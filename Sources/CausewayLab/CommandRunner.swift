import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a finished command left.
public struct CommandResult: Sendable, Equatable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var succeeded: Bool { status == 0 }
}

/// How the lab touches the machine: every command and daemon goes through this, so the plan
/// stays pure and the runner can be driven by tests.
public protocol CommandRunner: Sendable {
    /// Runs a command to completion and captures its output.
    func run(_ argv: [String]) throws -> CommandResult
    /// Runs commands at the same time (at most `limit` at once), results in order.
    func runConcurrently(_ commands: [[String]], limit: Int) throws -> [CommandResult]
    /// Starts a long-running process in its own session, output to `log`; returns its PID.
    func spawn(_ argv: [String], log: String) throws -> Int32
}

/// Why a command could not be started or failed.
public struct CommandError: Error, Sendable, CustomStringConvertible {
    public var command: [String]
    public var message: String
    public init(_ command: [String], _ message: String) {
        self.command = command
        self.message = message
    }
    public var description: String { "`\(command.joined(separator: " "))`: \(message)" }
}

/// The real runner: posix_spawn, output through temporary files, and it waits on its own
/// children (a killed-by-PID child stays a zombie otherwise).
///
/// Not swift-subprocess: its `run` (1.0.2) is async only, and every caller of `CommandRunner`
/// (the lab's runner, VMs, the faithful lab, their tests) is synchronous. Blocking a thread on a
/// Task would park a cooperative-pool thread when the caller is itself a test on that pool (two
/// threads on a 2-core machine), so it can deadlock. `spawn` also needs a new session and a
/// closed descriptor table for daemons that outlive the command.
public struct ProcessRunner: CommandRunner {
    public init() {}

    public func run(_ argv: [String]) throws -> CommandResult {
        try runConcurrently([argv], limit: 1)[0]
    }

    public func runConcurrently(_ commands: [[String]], limit: Int) throws -> [CommandResult] {
        var results = [CommandResult?](repeating: nil, count: commands.count)
        var start = 0
        while start < commands.count {
            let batch = Array(start..<min(commands.count, start + max(1, limit)))
            var running: [(Int, pid_t, String, String)] = []
            defer { for r in running { unlink(r.2); unlink(r.3) } }
            for i in batch {
                let out = tempPath(), err = tempPath()
                let pid = try spawnProcess(commands[i], stdout: out, stderr: err, newSession: false)
                running.append((i, pid, out, err))
            }
            for (i, pid, out, err) in running {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                results[i] = CommandResult(status: code, stdout: read(out), stderr: read(err))
            }
            start += batch.count
        }
        return results.map { $0! }
    }

    public func spawn(_ argv: [String], log: String) throws -> Int32 {
        try spawnProcess(argv, stdout: log, stderr: nil, newSession: true)
    }

    /// `spawn` with the caller's environment instead of the lab's fixed PATH and locale (the
    /// test harness starts moto from a Python found on the caller's PATH).
    public func spawn(_ argv: [String], log: String, environment: [String: String]) throws -> Int32 {
        try spawnProcess(argv, stdout: log, stderr: nil, newSession: true, environment: environment)
    }

    func tempPath() -> String {
        var template = Array("/tmp/causeway-lab-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        if fd >= 0 { close(fd) }
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func read(_ path: String) -> String {
        (FileManager.default.contents(atPath: path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// glibc ≥ 2.34's `posix_spawn_file_actions_addclosefrom_np`, which Swift's Glibc module does
    /// not export: looked up at run time.
    static func closeFrom3(_ actions: inout posix_spawn_file_actions_t) {
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
    }

    func spawnProcess(_ argv: [String], stdout: String, stderr: String?, newSession: Bool,
                      environment: [String: String]? = nil) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if let e = stderr {
            posix_spawn_file_actions_addopen(&actions, 2, e, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        // Daemons outlive `lab up`: they must not keep its other descriptors (a caller's pipe
        // would never see EOF while charon or bgpd holds a copy).
        Self.closeFrom3(&actions)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // An empty mask and default handlers: the caller may block or ignore SIGINT/SIGTERM.
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGTERM, SIGINT, SIGPIPE, SIGHUP] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if newSession { flags |= 0x80 } // POSIX_SPAWN_SETSID (glibc, __USE_GNU)
        posix_spawnattr_setflags(&attr, Int16(flags))
        let env = environment.map { $0.map { "\($0.key)=\($0.value)" } }
            ?? ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C"]
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup($0) } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, argv[0], &actions, &attr, cArgs, cEnv)
        guard rc == 0 else { throw CommandError(argv, "cannot start: \(String(cString: strerror(rc)))") }
        return pid
    }
}

/// Process helpers for PIDs the lab recorded.
public enum Processes {
    /// Alive and not a zombie.
    public static func isRunning(_ pid: Int32) -> Bool {
        guard pid > 1, kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let close = stat.lastIndex(of: ")") else { return false }
        return !stat[close...].hasPrefix(") Z")
    }

    /// Reaps `pid` if it is our child (no-op otherwise).
    public static func reap(_ pid: Int32) {
        var status: Int32 = 0
        _ = waitpid(pid, &status, WNOHANG)
    }

    /// SIGTERM to each, then SIGKILL to those still running after `grace` seconds; reaps our own
    /// children. Returns the PIDs that were still running when signalled.
    @discardableResult
    public static func stop(_ pids: [Int32], grace: Double = 5) -> [Int32] {
        let live = pids.filter(isRunning)
        for p in live { kill(p, SIGTERM) }
        let deadline = Date().addingTimeInterval(grace)
        while Date() < deadline {
            live.forEach(reap)
            if !live.contains(where: isRunning) { break }
            usleep(50_000)
        }
        for p in live where isRunning(p) { kill(p, SIGKILL) }
        let hard = Date().addingTimeInterval(2)
        while Date() < hard {
            live.forEach(reap)
            if !live.contains(where: isRunning) { break }
            usleep(20_000)
        }
        return live
    }
}
