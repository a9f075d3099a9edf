import Foundation
import Testing

/// Runs the built `causeway` binary for the simulator's verbs.
enum SimCLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let binary: String? = {
        var dirs: [URL] = []
        if let a0 = CommandLine.arguments.first { dirs.append(URL(fileURLWithPath: a0).deletingLastPathComponent()) }
        dirs.append(Bundle.main.bundleURL.deletingLastPathComponent())
        dirs.append(Bundle.main.bundleURL)
        dirs.append(root.appendingPathComponent(".build/debug"))
        return dirs.map { $0.appendingPathComponent("causeway").path }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    struct Run { let status: Int32; let stdout: String; let stderr: String }

    static func run(_ args: [String]) throws -> Run {
        let exe = try #require(binary, "the causeway binary was not built (looked next to the test bundle and in .build/debug); run `swift build` first")
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-sim-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = tmp.appendingPathComponent("out"), err = tmp.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        p.currentDirectoryURL = root
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        try p.run()
        p.waitUntilExit()
        return Run(status: p.terminationStatus,
                   stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                   stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    static func json(_ r: Run) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "not a JSON object: \(r.stdout)")
    }
}

@Suite struct SimCommandTests {
    let s4 = "examples/s4-tgw-segmentation.yaml"
    let s0 = "examples/s0-eks-onprem-db.yaml"

    @Test func traceExitStatusFollowsReachability() throws {
        let ok = try SimCLI.run(["trace", s4, "--from", "10.10.141.106", "--to", "10.30.12.85"])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("reachable"))
        let blocked = try SimCLI.run(["trace", s4, "--from", "10.10.141.106", "--to", "10.20.130.20"])
        #expect(blocked.status == 1)
        #expect(blocked.stdout.contains("no-route") && blocked.stdout.contains("tgw-rt-a"))
    }

    @Test func traceJSON() throws {
        let r = try SimCLI.run(["trace", s4, "--from", "10.10.141.106", "--to", "10.20.130.20", "--format", "json"])
        #expect(r.status == 1)
        let obj = try SimCLI.json(r)
        #expect(obj["reachable"] as? Bool == false)
        #expect(obj["reason"] as? String == "no-route")
        #expect(obj["hops"] is [Any] && obj["return_hops"] is [Any])
    }

    @Test func s0FailureCases() throws {
        let base = ["trace", s0, "--from", "192.168.2.10", "--to", "172.20.12.10", "--format", "json"]
        #expect(try SimCLI.run(base).status == 0)
        #expect(try SimCLI.run(base + ["--fail", "vpn/1"]).status == 0)
        let both = try SimCLI.run(base + ["--fail", "vpn/1", "--fail", "vpn/2"])
        #expect(both.status == 1)
        #expect(try SimCLI.json(both)["reason"] as? String == "tunnel-down")
        let detached = try SimCLI.run(base + ["--fail", "vgw:vgw"])
        #expect(try SimCLI.json(detached)["reason"] as? String == "vgw-not-attached")
    }

    @Test func badInputsExitTwo() throws {
        let unknown = try SimCLI.run(["trace", s0, "--from", "192.168.2.10", "--to", "172.20.12.10", "--fail", "nope/1"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no VPN connection named `nope`"))
        let outside = try SimCLI.run(["trace", s0, "--from", "8.8.8.8", "--to", "172.20.12.10"])
        #expect(outside.status == 2 && outside.stderr.contains("not inside any modelled subnet or site"))
        let table = try SimCLI.run(["routes", s0, "--table", "nope"])
        #expect(table.status == 2)
    }

    @Test func routesMatrixFailover() throws {
        let routes = try SimCLI.run(["routes", s4, "--table", "tgw-rt-vpn", "--format", "json"])
        #expect(routes.status == 0)
        let tables = try #require(try SimCLI.json(routes)["tables"] as? [[String: Any]])
        #expect(tables.count == 1 && tables[0]["id"] as? String == "tgw:tgw/tgw-rt-vpn")
        let text = try SimCLI.run(["routes", s0])
        #expect(text.status == 0 && text.stdout.contains("cgw:onprem") && text.stdout.contains("bgp sessions"))

        let matrix = try SimCLI.run(["matrix", s4])
        #expect(matrix.status == 0 && matrix.stdout.contains("vpc:vpc-a → vpc:vpc-b"))
        let mj = try SimCLI.json(try SimCLI.run(["matrix", s4, "--format", "json"]))
        #expect((mj["entries"] as? [Any])?.isEmpty == false)

        let failover = try SimCLI.run(["failover", s4])
        #expect(failover.status == 0 && failover.stdout.contains("fail vpn/1") && failover.stdout.contains("fail site:onprem-c"))
        let fj = try SimCLI.json(try SimCLI.run(["failover", s0, "--format", "json"]))
        #expect((fj["cases"] as? [Any])?.count == 3)
    }
}
