import CausewayCore
import CausewayLab
import CausewayTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The repository and its examples.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func topology(_ example: String) throws -> Topology {
        let file = "examples/\(example).yaml"
        let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
        let r = Loader.load(text: text, file: file)
        return try #require(r.topology, "\(file) does not load")
    }

    /// Test keys for every tunnel (S0 and S2 reference environment variables).
    static func secrets(_ t: Topology) -> [String: PreSharedKey] {
        var g = SystemRandomNumberGenerator()
        var resolved: [String: PreSharedKey] = [:]
        for c in t.vpnConnections {
            for tn in c.tunnels { if case .literal(let k) = tn.psk { resolved["\(c.name)/\(tn.index)"] = k } }
        }
        return LabSecrets.complete(t, resolved: resolved, using: &g)
    }
}

/// The built `causeway` binary, run as a user would (as root here), through the lab's own runner.
enum CLI {
    static let binary: String? = builtCausewayBinary(repoRoot: Repo.root)

    static func run(_ args: [String]) async throws -> CommandResult {
        let exe = try #require(binary, "the causeway binary was not built")
        let argv = [exe] + args.map { $0.hasPrefix("examples/") ? Repo.root.appendingPathComponent($0).path : $0 }
        return try await offThePool { try ProcessRunner().run(argv) }
    }

    static func spawn(_ args: [String], log: String) throws -> Int32 {
        let exe = try #require(binary, "the causeway binary was not built")
        return try ProcessRunner().spawn([exe] + args.map { $0.hasPrefix("examples/") ? Repo.root.appendingPathComponent($0).path : $0 }, log: log)
    }
}

/// The lab tests need root and the daemons; CAUSEWAY_SKIP_LAB=1 skips them (anything else that
/// is missing fails them, so CI cannot pass by skipping).
enum LabMachine {
    static var ready: Bool {
        if ProcessInfo.processInfo.environment["CAUSEWAY_SKIP_LAB"] == "1" { return false }
        if let why = LabRunner.preflight() {
            Issue.record("the lab tests cannot run: \(why) (or set CAUSEWAY_SKIP_LAB=1)")
            return false
        }
        return true
    }

    static func namespaces(_ lab: String) -> [String] {
        (try? LabRunner().namespaces(withPrefix: "cw-\(lab)-")) ?? []
    }

    /// Runs `body`, then removes the lab whatever happened, and checks nothing of it is left:
    /// no namespace, no process it recorded.
    static func withCleanup(_ lab: String, _ body: () async throws -> Void) async throws {
        var pids: [Int32] = []
        var failure: (any Error)?
        do {
            try await body()
        } catch {
            failure = error
        }
        if let s = try? LabState.load(root: LabPlan.defaultRoot, name: lab) { pids += s.processes.map(\.pid) }
        _ = try? await offThePool { try LabRunner().down(name: lab) }
        #expect(namespaces(lab).isEmpty, "namespaces left: \(namespaces(lab))")
        let left = pids.filter(Processes.isRunning)
        #expect(left.isEmpty, "processes left: \(left)")
        Processes.stop(left)
        if let failure { throw failure }
    }
}

extension LabMachine {
    /// `lab up FILE --name LAB`, then `lab status` polled (30 s at most) until `sessions` BGP
    /// sessions are established, each with a prefix; expects those and `tunnels` tunnels up.
    static func upWithSessions(_ file: String, _ lab: String, sessions: Int, tunnels: Int) async throws {
        let up = try await CLI.run(["lab", "up", file, "--name", lab])
        try #require(up.status == 0, "lab up failed:\n\(up.stdout)\n\(up.stderr)")
        func established(_ r: LabStatusReport) -> Bool {
            r.bgpSessions.count == sessions && r.bgpSessions.allSatisfy { $0.state == "Established" && $0.prefixesReceived >= 1 }
        }
        var report: LabStatusReport
        let deadline = Date().addingTimeInterval(30)
        repeat {
            let status = try await CLI.run(["lab", "status", "--name", lab, "--format", "json"])
            #expect(status.status == 0, "\(status.stderr)")
            report = try JSONDecoder.snake.decode(LabStatusReport.self, from: Data(status.stdout.utf8))
            if established(report) { break }
            try await Task.sleep(for: .milliseconds(500))
        } while Date() < deadline
        #expect(established(report), "\(report.bgpSessions)")
        #expect(report.tunnels.count == tunnels && report.tunnels.allSatisfy(\.up), "\(report.tunnels)")
    }

    /// `lab test FILE --name LAB --format json`: expects exit 0, the `cases` in order and every
    /// measured pair as predicted; returns the report.
    static func test(_ file: String, _ lab: String, cases: [String]) async throws -> LabTestReport {
        let test = try await CLI.run(["lab", "test", file, "--name", lab, "--format", "json"])
        let result = try JSONDecoder.snake.decode(LabTestReport.self, from: Data(test.stdout.utf8))
        // The cases that disagree first: CI keeps only the head of a long message.
        let disagreeing = result.cases.filter { !$0.agrees }.map { c in
            let json = (try? JSONEncoder.snake.encode(c)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            return "\(c.name): notes \(c.notes)\n\(json)"
        }
        #expect(test.status == 0, "lab test disagrees in \(disagreeing.count) cases:\n\(disagreeing.joined(separator: "\n"))\nstderr:\n\(test.stderr.suffix(3000))")
        #expect(result.cases.map(\.name) == cases)
        for c in result.cases {
            let bad = c.checks.filter { !$0.agree }
            #expect(bad.isEmpty, "\(c.name): \(bad)")
            if let o = c.outage { #expect(o.agree, "\(c.name): measured outage outside failover's window: \(o)") }
        }
        return result
    }
}
