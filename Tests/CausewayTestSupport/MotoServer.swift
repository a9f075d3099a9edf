import Foundation
#if canImport(Glibc)
import Glibc
#endif
import CausewayAWS
import CausewayLab

/// The moto harness shared by the AWS and CLI test targets.
///
/// A `moto_server` on 127.0.0.1 at a free port, started detached with a known PID
/// (`setsid python3 -m moto.server … < /dev/null &`), stopped by that PID.
public final class MotoServer: @unchecked Sendable {
    public let port: Int
    public let pid: pid_t
    public let logPath: String
    private let stoppedLock = NSLock()
    private var stopped = false

    public var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

    private init(port: Int, pid: pid_t, logPath: String) {
        self.port = port
        self.pid = pid
        self.logPath = logPath
    }

    deinit { stop() }

    /// Starts moto and waits until it answers.
    public static func start(environment extra: [String: String] = [:]) async throws -> MotoServer {
        let port = try freeTCPPort()
        let log = NSTemporaryDirectory() + "causeway-moto-\(port).log"
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in extra { environment[key] = value }
        // The lab's runner: own session, clean signal mask, descriptors ≥ 3 closed (a pipe
        // another test holds open must not stay open in moto), output to the log.
        let pid = try ProcessRunner().spawn(["python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", "\(port)"],
                                            log: log, environment: environment)
        let server = MotoServer(port: port, pid: pid, logPath: log)
        let deadline = Date().addingTimeInterval(240)
        while Date() < deadline {
            if !server.isRunning {
                let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                throw MotoError("moto exited at start (install it: pip install 'moto[server]', see Support/REQUIREMENTS.txt):\n\(output)")
            }
            if (try? await server.request("GET", "/moto-api/")) != nil {
                // moto loads its EC2 backend on the first EC2 call (seconds; tens of seconds with
                // several servers starting on two cores): pay that here, with a long timeout,
                // not in a test's first call. Not in signature-checking mode, whose first calls
                // are counted.
                if extra["INITIAL_NO_AUTH_ACTION_COUNT"] == nil { try await server.warmUp(deadline: deadline) }
                return server
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        server.stop()
        throw MotoError("moto did not answer on port \(port) within 240 s")
    }

    func warmUp(deadline: Date) async throws {
        for region in ["us-east-1", "ap-northeast-2"] {
            let client = EC2Client(credentials: Credentials(accessKeyID: "AKIDWARMUP", secretAccessKey: "warmup"), region: region,
                                   endpoint: endpoint,
                                   transport: URLSessionTransport(requestTimeout: max(30, deadline.timeIntervalSinceNow), resourceTimeout: 300),
                                   retry: RetryPolicy(maxAttempts: 1))
            // Under a loaded 2-core machine (QEMU guests, lab daemons) moto has answered the
            // first EC2 call with a closed connection ("Empty reply from server") while it was
            // still loading the backend: try again until the deadline.
            while true {
                do {
                    _ = try await client.call("DescribeVpcs")
                    break
                } catch EC2Error.transport(_, _) where Date() < deadline && isRunning {
                    try await Task.sleep(for: .seconds(1))
                }
            }
        }
    }

    /// Clears all of moto's state.
    public func reset() async throws {
        let response = try await request("POST", "/moto-api/reset")
        guard response.status == 200 else { throw MotoError("reset answered HTTP \(response.status)") }
    }

    @discardableResult
    public func request(_ method: String, _ path: String) async throws -> HTTPResponse {
        try await URLSessionTransport(requestTimeout: 30, resourceTimeout: 60)
            .send(HTTPRequest(method: method, url: URL(string: "http://127.0.0.1:\(port)\(path)")!))
    }

    /// Alive and not a zombie.
    public var isRunning: Bool { Processes.isRunning(pid) }

    /// SIGTERM, then SIGKILL after 5 s; reaps it (moto is our own child) and removes its log.
    public func stop() {
        let first = stoppedLock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        Processes.stop([pid])
        try? FileManager.default.removeItem(atPath: logPath)
    }

    /// Runs `body` with a fresh server and stops it afterwards, also when `body` throws.
    public static func with<T>(environment: [String: String] = [:], _ body: (MotoServer) async throws -> T) async throws -> T {
        let server = try await start(environment: environment)
        defer { server.stop() }
        return try await body(server)
    }
}

public struct MotoError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// One moto per serialized suite, started on first use and stopped when the test process exits.
/// Suites run in parallel and `reset()` wipes moto's state, so two suites must never share one.
public actor SharedMoto {
    public static let shared = SharedMoto()
    public static let apply = SharedMoto()
    public static let cli = SharedMoto()
    public static let golden = SharedMoto()
    public static let route53 = SharedMoto()
    public static let clientVPN = SharedMoto()
    private var server: MotoServer?

    public func reset() async throws -> MotoServer {
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
    nonisolated(unsafe) static var started: [(pid: pid_t, log: String)] = []
    static let lock = NSLock()
    static func set(_ value: pid_t, log path: String) { lock.withLock { started.append((value, path)) } }
    static func killAtExit() {
        for (pid, log) in started {
            if pid > 1 { kill(pid, SIGTERM) }
            if !log.isEmpty { unlink(log) }
        }
        started.removeAll()
    }
}
