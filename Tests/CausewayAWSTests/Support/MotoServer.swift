import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import CausewayAWS

/// A `moto_server` on 127.0.0.1 at a free port, started detached with a known PID
/// (`setsid python3 -m moto.server … < /dev/null &`), stopped by that PID.
final class MotoServer: @unchecked Sendable {
    let port: Int
    let pid: pid_t
    let logPath: String
    private let stopped = LockedBox(false)

    var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

    private init(port: Int, pid: pid_t, logPath: String) {
        self.port = port
        self.pid = pid
        self.logPath = logPath
    }

    deinit { stop() }

    /// Starts moto and waits until it answers.
    static func start(environment extra: [String: String] = [:]) async throws -> MotoServer {
        let port = try freeTCPPort()
        let log = NSTemporaryDirectory() + "causeway-moto-\(port).log"
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in extra { environment[key] = value }
        // sh writes the PID of the background job to a file (no pipes: moto would inherit them and
        // keep them open). setsid execs in place (a background job of a non-interactive shell is no
        // process-group leader), so that PID is moto's own. The launcher clears the signal mask
        // the test process's threads pass on, or moto would ignore SIGTERM.
        let pidFile = NSTemporaryDirectory() + "causeway-moto-\(port).pid"
        let launcher = "import runpy, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, set()); "
            + "sys.argv = ['moto_server', '-H', '127.0.0.1', '-p', '\(port)']; "
            + "runpy.run_module('moto.server', run_name='__main__')"
        let command = "setsid python3 -c \"\(launcher)\" < /dev/null > '\(log)' 2>&1 & echo $! > '\(pidFile)'"
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", command]
        shell.environment = environment
        shell.standardInput = FileHandle.nullDevice
        shell.standardOutput = FileHandle.nullDevice
        shell.standardError = FileHandle.nullDevice
        try shell.run()
        // Foundation's Process.waitUntilExit can miss the exit of a child started from an async
        // test on Linux (seen hanging with sh already a zombie), so wait for the PID file instead.
        var pid: pid_t?
        let pidDeadline = Date().addingTimeInterval(10)
        while pid == nil && Date() < pidDeadline {
            let text = (try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? ""
            if text.hasSuffix("\n") { pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if pid == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        try? FileManager.default.removeItem(atPath: pidFile)
        guard let pid else { throw MotoError("could not start moto: sh wrote no PID to \(pidFile)") }
        let server = MotoServer(port: port, pid: pid, logPath: log)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if !server.isRunning {
                let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                throw MotoError("moto exited at start (install it: pip install 'moto[server]', see Support/REQUIREMENTS.txt):\n\(output)")
            }
            if (try? await server.request("GET", "/moto-api/")) != nil { return server }
            try await Task.sleep(for: .milliseconds(200))
        }
        server.stop()
        throw MotoError("moto did not answer on port \(port) within 60 s")
    }

    /// Clears all of moto's state.
    func reset() async throws {
        let response = try await request("POST", "/moto-api/reset")
        guard response.status == 200 else { throw MotoError("reset answered HTTP \(response.status)") }
    }

    @discardableResult
    func request(_ method: String, _ path: String) async throws -> HTTPResponse {
        try await URLSessionTransport(requestTimeout: 5, resourceTimeout: 10)
            .send(HTTPRequest(method: method, url: URL(string: "http://127.0.0.1:\(port)\(path)")!))
    }

    /// Alive and not a zombie.
    var isRunning: Bool {
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let close = stat.lastIndex(of: ")") else { return false }
        return !stat[close...].hasPrefix(") Z")
    }

    /// SIGTERM, then SIGKILL after 5 s; waits until the process is gone (or a zombie awaiting init).
    func stop() {
        if stopped.value { return }
        stopped.set(true)
        guard pid > 1 else { return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        while isRunning && Date() < deadline { usleep(50_000) }
        if isRunning { kill(pid, SIGKILL) }
        try? FileManager.default.removeItem(atPath: logPath)
    }

    /// Runs `body` with a fresh server and stops it afterwards, also when `body` throws.
    static func with<T>(environment: [String: String] = [:], _ body: (MotoServer) async throws -> T) async throws -> T {
        let server = try await start(environment: environment)
        defer { server.stop() }
        return try await body(server)
    }
}

struct MotoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One moto for the integration suite, started on first use and stopped when the test process exits.
actor SharedMoto {
    static let shared = SharedMoto()
    private var server: MotoServer?

    func reset() async throws -> MotoServer {
        if server == nil {
            let started = try await MotoServer.start()
            server = started
            SharedMotoPID.set(started.pid, log: started.logPath)
            atexit { SharedMotoPID.killAtExit() }
        }
        try await server!.reset()
        return server!
    }
}

enum SharedMotoPID {
    nonisolated(unsafe) static var pid: pid_t = 0
    nonisolated(unsafe) static var log = ""
    static func set(_ value: pid_t, log path: String) { pid = value; log = path }
    static func killAtExit() {
        if pid > 1 { kill(pid, SIGTERM) }
        if !log.isEmpty { unlink(log) }
    }
}
