import Foundation
import Testing
import CausewayTestSupport

/// The command line against deep XML files, stalling endpoints and documents that do not fit
/// (issue #11, "Data safety and hostile peers"). Every run here is killed after 60 s, so a
/// regression fails instead of hanging the suite.
@Suite struct HostilePeerCommandTests {
    static let fixtures = CLI.root.appendingPathComponent("Tests/CausewayAWSTests/Fixtures")

    struct Timed { let run: CLI.Run; let seconds: Double; let killed: Bool }

    /// Runs causeway, killing it after `limit` seconds. Waits without blocking a thread of the
    /// cooperative pool, so timing tests running beside it are not starved.
    static func run(_ args: [String], limit: TimeInterval = 60, environment: [String: String]? = nil) async throws -> Timed {
        let exe = try #require(CLI.binary, "the causeway binary was not built")
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = tmp.appendingPathComponent("out"), err = tmp.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        p.currentDirectoryURL = CLI.root
        p.environment = environment ?? AWSCommandTests.environment
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        let start = Date()
        let killed = KillSwitch()
        // The end is taken where the exit is seen, not after this task resumes: the cooperative
        // pool may be busy with other suites' blocking tests for a while.
        let end = EndTime()
        await withCheckedContinuation { (exited: CheckedContinuation<Void, Never>) in
            p.terminationHandler = { _ in end.mark(); exited.resume() }
            do { try p.run() } catch { exited.resume(); return }
            let pid = p.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + limit) {
                if p.isRunning { killed.fire(); kill(pid, SIGKILL) }
            }
        }
        let seconds = end.date.timeIntervalSince(start)
        return Timed(run: CLI.Run(status: p.terminationStatus,
                                  stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                                  stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? ""),
                     seconds: seconds, killed: killed.fired)
    }

    static func nested(_ depth: Int) -> String {
        String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
    }

    // MARK: deep and oversize XML

    // Before the fix: killed by SIGSEGV (stack overflow freeing the recursive tree).
    @Test func aSixtyThousandDeepFileIsRefusedWithTheDepthLimit() async throws {
        let dir = try AWSCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let deep = dir.appendingPathComponent("deep.xml")
        try Self.nested(60_000).write(to: deep, atomically: true, encoding: .utf8)
        let t = try await Self.run(["import", "aws-vpn-config", deep.path, "--topology", "examples/s1-cloudformation-static.yaml",
                              "--state-dir", dir.path])
        #expect(!t.killed && !CLI.crashed(t.run), "\(t.run.stderr.prefix(500))")
        #expect(t.run.status == 2)
        #expect(t.run.stderr.contains("deeper than 256"), "\(t.run.stderr)")
    }

    @Test func anOversizeWellFormedFileSaysItIsTooLarge() async throws {
        let dir = try AWSCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = dir.appendingPathComponent("big.xml")
        try ("<vpn_connection id=\"vpn-1\">" + String(repeating: "x", count: 9 * 1_048_576) + "</vpn_connection>")
            .write(to: big, atomically: true, encoding: .utf8)
        let t = try await Self.run(["import", "aws-vpn-config", big.path, "--topology", "examples/s1-cloudformation-static.yaml",
                              "--state-dir", dir.path])
        #expect(t.run.status == 2)
        #expect(t.run.stderr.contains("larger than 8388608 bytes"), "\(t.run.stderr)")
        #expect(!t.run.stderr.contains("malformed"))
    }

    @Test func aDeepResponseFromTheEndpointIsAClearError() async throws {
        let peer = try HostilePeer(.respond(status: 200, body: Data(Self.nested(60_000).utf8)))
        defer { peer.stop() }
        let t = try await Self.run(["plan", "examples/s1-cloudformation-static.yaml", "--endpoint", peer.url.absoluteString, "--timeout", "30"])
        #expect(!t.killed && !CLI.crashed(t.run), "\(t.run.stderr.prefix(500))")
        #expect(t.run.status == 1)
        #expect(t.run.stderr.contains("deeper than 256"), "\(t.run.stderr)")
    }

    // MARK: stalling endpoints

    // URLSession on Linux (FoundationNetworking over libcurl) kept `plan` waiting forever on a
    // peer that trickles and 151 s on a silent one. With --timeout 3: two attempts of 3 s
    // (the third call finds the endpoint already timed out twice), plus backoff.
    @Test(arguments: [("trickle", HostilePeer.Behaviour.trickle(interval: 2)), ("silent", .silent)])
    func planGivesUpOnAStallingEndpoint(_ name: String, _ behaviour: HostilePeer.Behaviour) async throws {
        let peer = try HostilePeer(behaviour)
        defer { peer.stop() }
        let t = try await Self.run(["plan", "examples/s1-cloudformation-static.yaml", "--endpoint", peer.url.absoluteString, "--timeout", "3"])
        #expect(!t.killed, "\(name): plan still running after 60 s")
        #expect(t.run.status == 1)
        #expect(t.seconds < 3 * 2 + 6, "\(name): took \(t.seconds) s")
        #expect(t.run.stderr.contains("timed out"), "\(t.run.stderr)")
        #expect(t.run.stderr.contains("within 3 s"), "\(t.run.stderr)")
        #expect(t.run.stderr.contains("Describe"), "the message names the call: \(t.run.stderr)")
    }

    @Test func anEndpointThatClosesAtOnceIsAConnectionError() async throws {
        let peer = try HostilePeer(.closeAtOnce)
        defer { peer.stop() }
        let t = try await Self.run(["plan", "examples/s1-cloudformation-static.yaml", "--endpoint", peer.url.absoluteString, "--timeout", "3"])
        #expect(!t.killed)
        #expect(t.run.status == 1)
        #expect(!t.run.stderr.contains("timed out"), "\(t.run.stderr)")
        #expect(t.run.stderr.contains("cannot read what exists"), "\(t.run.stderr)")
    }

    @Test(arguments: ["plan", "apply", "status", "destroy"])
    func everyAWSVerbTakesATimeout(_ verb: String) async throws {
        let t = try await Self.run([verb, "--help"])
        #expect(t.run.stdout.contains("--timeout <seconds>"), "\(t.run.stdout)")
        #expect(t.run.stdout.contains("default: 30"))
    }

    @Test func aTimeoutThatIsNotPositiveIsRefused() async throws {
        let t = try await Self.run(["plan", "examples/s1-cloudformation-static.yaml", "--endpoint", "http://127.0.0.1:9", "--timeout", "0"])
        #expect(t.run.status == 2)
        #expect(t.run.stderr.contains("--timeout"))
    }

    // MARK: documents that do not fit

    // AWS's generic configuration of a BGP connection for customer gateway 198.51.100.10,
    // imported into S1 (static routing, customer gateway 13.125.10.20): before the fix it was
    // accepted and its facts replaced S1's.
    @Test func importRefusesADocumentOfAnotherConnection() async throws {
        let dir = try AWSCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bgp = Self.fixtures.appendingPathComponent("generic-bgp.xml").path
        let t = try await Self.run(["import", "aws-vpn-config", bgp, "--topology", "examples/s1-cloudformation-static.yaml",
                              "--state-dir", dir.path])
        #expect(t.run.status == 1)
        #expect(t.run.stderr.contains("routing: the document has BGP"), "\(t.run.stderr)")
        #expect(t.run.stderr.contains("tunnel 1 customer gateway outside address: the document has 198.51.100.10, the topology 13.125.10.20"))
        #expect(t.run.stderr.contains("tunnel 2 customer gateway outside address"))
        #expect(t.run.stderr.contains("nothing was imported"))
        for key in ["Tunnel1.Key_aB3dE5fG7hJ9", "Tunnel2_Key.zY8xW6vU4tS2", "cloudneta"] {
            #expect(!t.run.stdout.contains(key) && !t.run.stderr.contains(key), "a pre-shared key was printed")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("s1-cloudformation-static.facts.json").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("s1-cloudformation-static.secrets.json").path))
    }
}

/// Remembers that a run was killed.
final class KillSwitch: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func fire() { lock.withLock { value = true } }
    var fired: Bool { lock.withLock { value } }
}

/// When a child process was seen to exit (set once, from Process's termination handler).
final class EndTime: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date?
    func mark() { lock.withLock { if value == nil { value = Date() } } }
    var date: Date { lock.withLock { value ?? Date() } }
}
