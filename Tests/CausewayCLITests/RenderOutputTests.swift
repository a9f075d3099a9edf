import Foundation
import Testing
import CausewayTestSupport

/// `render --out DIR` owns a folder only through the manifest of what it wrote; it never deletes
/// or overwrites anything else, and a killed render leaves no working folder and no half-written
/// DIR. Run with the built binary, as a user runs it.
///
/// What the writer relies on: rename(2) replaces a path atomically ("there will be no instant at
/// which newpath is missing", https://man7.org/linux/man-pages/man2/rename.2.html), and a
/// process-directed signal goes to any thread that does not block it
/// (https://man7.org/linux/man-pages/man7/signal.7.html), so the writer records SIGINT/SIGTERM/
/// SIGHUP in a handler and acts on them once the folder is consistent.
@Suite struct RenderOutputTests {
    static let s4 = CLI.root.appendingPathComponent("examples/s4-tgw-segmentation.yaml")
    /// S4's two keys, written literally in the example: no file but the 0600 secrets may hold them.
    static let s4Keys = ["VCwEJPl6ncxL_k.YBHd_ujpc8eMCpWFg", "eJY36Ndv2b3VDm2gTotcYkzobRVgifmY"]

    /// A scratch folder, removed when the test ends.
    final class Scratch {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-out-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func path(_ p: String) -> String { url.appendingPathComponent(p).path }
        @discardableResult
        func write(_ p: String, _ text: String) throws -> String {
            let u = url.appendingPathComponent(p)
            try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: u)
            return u.path
        }
        /// S4 with the customer gateway on another IPsec daemon: a full render of it no longer
        /// writes the strongswan-legacy files and writes swanctl ones instead.
        func s4(ipsec: String = "strongswan-legacy", name: String = "s4.yaml") throws -> String {
            let text = try String(contentsOf: RenderOutputTests.s4, encoding: .utf8)
                .replacingOccurrences(of: "ipsec: strongswan-legacy", with: "ipsec: \(ipsec)")
            return try write(name, text)
        }
    }

    static func run(_ args: [String], in cwd: URL? = nil) throws -> CLI.Run {
        guard let cwd else { return try CLI.run(args) }
        let exe = try #require(CLI.binary, "the causeway binary was not built")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        p.currentDirectoryURL = cwd
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLI.Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// Every entry under `dir` (hidden ones too) with its kind, mode and bytes: equal snapshots
    /// mean a byte-for-byte equal tree.
    static func snapshot(_ dir: String) -> [String: String] {
        var out: [String: String] = [:]
        func walk(_ rel: String) {
            let full = rel.isEmpty ? dir : dir + "/" + rel
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: full) else { return }
            for n in names {
                let r = rel.isEmpty ? n : rel + "/" + n, p = dir + "/" + r
                let a = (try? FileManager.default.attributesOfItem(atPath: p)) ?? [:]
                let mode = String((a[.posixPermissions] as? NSNumber)?.intValue ?? -1, radix: 8)
                switch a[.type] as? FileAttributeType {
                case .typeDirectory?: out[r] = "dir \(mode)"; walk(r)
                case .typeSymbolicLink?: out[r] = "link -> \((try? FileManager.default.destinationOfSymbolicLink(atPath: p)) ?? "?")"
                default:
                    // FNV-1a over the bytes: a short, stable fingerprint for equal-tree checks.
                    let bytes = FileManager.default.contents(atPath: p) ?? Data()
                    let h = bytes.reduce(UInt64(0xcbf29ce484222325)) { ($0 ^ UInt64($1)) &* 0x100000001b3 }
                    out[r] = "file \(mode) \(bytes.count) \(String(h, radix: 16))"
                }
            }
        }
        walk("")
        return out
    }

    static func exists(_ p: String) -> Bool { FileManager.default.fileExists(atPath: p) }

    struct Manifest: Decodable {
        struct Entry: Decodable { let path: String; let mode: String; let sha256: String? }
        let files: [Entry]
    }
    static func manifest(_ dir: String) throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/.causeway-render.json")))
    }

    /// The working folders causeway may make, by their names (the old `.NAME.causeway-new-*`/
    /// `-old-*` beside DIR, and any hidden `.…causeway…` entry inside DIR but the manifest).
    static func leftovers(_ parent: String, out: String = "out") -> [String] {
        var found = ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).filter { $0.contains("causeway") }
        found += snapshot(parent + "/" + out).keys.filter {
            let last = $0.split(separator: "/").last.map(String.init) ?? $0
            return last.hasPrefix(".") && last.contains("causeway") && $0 != ".causeway-render.json"
        }.map { "\(out)/\($0)" }
        return found.sorted()
    }

    @Test func aForeignFolderIsRefusedAndLeftByteForByte() throws {
        let dir = try Scratch()
        let out = dir.path("out")
        try dir.write("out/.git/HEAD", "ref: refs/heads/main\n")
        try dir.write("out/.git/config", "[core]\n\tbare = false\n")
        try dir.write("out/s4.yaml", String(contentsOf: Self.s4, encoding: .utf8))
        try dir.write("out/sites/onprem-c/README.md", "my own notes\n")
        let before = Self.snapshot(out)
        let r = try Self.run(["render", Self.s4.path, "--out", out])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains(".git") && r.stderr.contains("s4.yaml"), "names what is there: \(r.stderr)")
        #expect(r.stderr.contains("empty folder"), "says what to do: \(r.stderr)")
        #expect(Self.snapshot(out) == before)
        #expect(Self.leftovers(dir.url.path) == [])
    }

    @Test func outDotInAGitCheckoutKeepsGitAndTheTopology() throws {
        let dir = try Scratch()
        let repo = dir.url.appendingPathComponent("checkout")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        try Data(String(contentsOf: Self.s4, encoding: .utf8).utf8).write(to: repo.appendingPathComponent("s4.yaml"))
        for args in [["init", "-q"], ["add", "s4.yaml"], ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "topology"]] {
            let g = Process()
            g.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            g.arguments = args
            g.currentDirectoryURL = repo
            try g.run()
            g.waitUntilExit()
            try #require(g.terminationStatus == 0, "git \(args)")
        }
        let before = Self.snapshot(repo.path)
        let r = try Self.run(["render", "s4.yaml", "--out", "."], in: repo)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains(".git"), "\(r.stderr)")
        #expect(Self.exists(repo.appendingPathComponent(".git/HEAD").path))
        #expect(Self.exists(repo.appendingPathComponent("s4.yaml").path))
        #expect(Self.snapshot(repo.path) == before)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: dir.url.path)) ?? []) == ["checkout"])
    }

    @Test func anOwnedFolderKeepsTheUsersFilesAndDropsWhatIsNoLongerRendered() throws {
        let dir = try Scratch()
        let out = dir.path("out")
        let legacy = try dir.s4(), swanctl = try dir.s4(ipsec: "strongswan", name: "s4-swanctl.yaml")
        let first = try Self.run(["render", legacy, "--out", out])
        #expect(first.status == 0, "\(first.stderr)")
        let m1 = try Self.manifest(out)
        #expect(m1.files.map(\.path).contains("sites/onprem-c/strongswan-legacy/ipsec.conf"))
        #expect(m1.files.allSatisfy { Self.exists(out + "/" + $0.path) })
        // The manifest holds no key, not even a digest of a secret file.
        let manifestText = try String(contentsOfFile: out + "/.causeway-render.json", encoding: .utf8)
        for k in Self.s4Keys { #expect(!manifestText.contains(k)) }
        #expect(m1.files.filter { $0.mode == "0600" }.allSatisfy { $0.sha256 == nil })
        #expect(m1.files.filter { $0.mode != "0600" }.allSatisfy { $0.sha256?.count == 64 })

        try dir.write("out/notes.txt", "mine\n")
        try dir.write("out/sites/onprem-c/strongswan-legacy/local-override.conf", "also mine\n")
        let second = try Self.run(["render", swanctl, "--out", out])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try String(contentsOfFile: out + "/notes.txt", encoding: .utf8) == "mine\n")
        #expect(try String(contentsOfFile: out + "/sites/onprem-c/strongswan-legacy/local-override.conf", encoding: .utf8) == "also mine\n")
        #expect(!Self.exists(out + "/sites/onprem-c/strongswan-legacy/ipsec.conf"), "a file the render no longer produces stays")
        let m2 = try Self.manifest(out)
        #expect(!m2.files.map(\.path).contains { $0.contains("strongswan-legacy") })
        #expect(m2.files.map(\.path).contains("sites/onprem-c/strongswan/swanctl.conf"))
        #expect(m2.files.allSatisfy { Self.exists(out + "/" + $0.path) })
        #expect(!m2.files.map(\.path).contains("notes.txt"))
        #expect(Self.leftovers(dir.url.path) == [])
    }

    @Test func aNarrowedRenderKeepsTheOtherCausewayFilesAndTheManifestStaysWhole() throws {
        let dir = try Scratch()
        let out = dir.path("out")
        let file = try dir.s4()
        #expect(try Self.run(["render", file, "--out", out]).status == 0)
        let full = Set(try Self.manifest(out).files.map(\.path))
        let narrow = try Self.run(["render", file, "--out", out, "--only", "terraform"])
        #expect(narrow.status == 0, "\(narrow.stderr)")
        #expect(Set(try Self.manifest(out).files.map(\.path)) == full)
        for p in full { #expect(Self.exists(out + "/" + p), "\(p)") }
        // A narrowed render into an empty folder owns just what it wrote.
        let only = dir.path("only")
        #expect(try Self.run(["render", file, "--out", only, "--only", "frr"]).status == 0)
        #expect(try Self.manifest(only).files.map(\.path) == ["sites/onprem-c/frr/frr.conf"])
    }

    @Test func aUserFileWhereTheRenderWouldWriteIsRefused() throws {
        let dir = try Scratch()
        let out = dir.path("out")
        let file = try dir.s4()
        #expect(try Self.run(["render", file, "--out", out, "--only", "terraform"]).status == 0)
        try dir.write("out/sites/onprem-c/README.md", "my runbook\n")
        let before = Self.snapshot(out)
        let r = try Self.run(["render", file, "--out", out])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("sites/onprem-c/README.md"), "\(r.stderr)")
        #expect(Self.snapshot(out) == before)
    }

    @Test(arguments: [
        #"{"format": 1, "files": [{"path": "../victim", "mode": "0644"}]}"#,
        #"{"format": 1, "files": [{"path": "VICTIM", "mode": "0644"}]}"#,
        #"{"format": 1, "files": [{"path": "sites/../../victim", "mode": "0644"}]}"#,
        #"{"format": 1, "files": "#,
    ])
    func aManifestThatEscapesTheFolderOrCannotBeReadIsRefused(_ manifest: String) throws {
        let dir = try Scratch()
        let out = dir.path("out")
        let victim = try dir.write("victim", "not causeway's\n")
        try dir.write("out/.causeway-render.json", manifest.replacingOccurrences(of: "VICTIM", with: victim))
        try dir.write("out/sites/onprem-c/frr/frr.conf", "old\n")
        let before = Self.snapshot(out)
        let r = try Self.run(["render", try dir.s4(), "--out", out])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains(".causeway-render.json"), "\(r.stderr)")
        #expect(Self.exists(victim))
        #expect(Self.snapshot(out) == before)
    }

    /// `apply --render-out` checks the folder before it changes anything in AWS (the endpoint
    /// here is never reached).
    @Test func applyRefusesAForeignRenderOutFolderBeforeTouchingAWS() throws {
        let dir = try Scratch()
        try dir.write("out/mine.txt", "mine\n")
        let before = Self.snapshot(dir.path("out"))
        let r = try Self.run(["apply", Self.s4.path, "--endpoint", "http://127.0.0.1:9", "--region", "ap-northeast-2",
                              "--state-dir", dir.path("state"), "--render-out", dir.path("out")])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("--render-out") && r.stderr.contains("mine.txt"), "\(r.stderr)")
        #expect(!r.stderr.contains("applying"), "\(r.stderr)")
        #expect(Self.snapshot(dir.path("out")) == before)
    }

    @Test func aFileOrALinkAsTheOutputFolderIsAClearError() throws {
        let dir = try Scratch()
        let file = try dir.s4()
        let plain = try dir.write("plain", "a file\n")
        let r = try Self.run(["render", file, "--out", plain])
        #expect(r.status == 2 && r.stderr.contains("not a folder"), "\(r.stderr)")
        #expect(try String(contentsOfFile: plain, encoding: .utf8) == "a file\n")

        try dir.write("elsewhere/keep", "keep\n")
        try FileManager.default.createSymbolicLink(atPath: dir.path("link"), withDestinationPath: dir.path("elsewhere"))
        let l = try Self.run(["render", file, "--out", dir.path("link")])
        #expect(l.status == 2 && l.stderr.contains("symbolic link"), "\(l.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path("elsewhere")) == ["keep"])
    }

    /// ~40 renders killed by SIGINT or SIGTERM at random moments: a third across a whole
    /// measured run, the rest 0–10 ms after the write began (it is a small part of a run): none
    /// leaves a working folder, and DIR is absent, the old render or the new one, never a mix.
    @Test func killedRendersLeaveNothingHalfDone() async throws {
        let dir = try Scratch()
        let legacy = try dir.s4(), swanctl = try dir.s4(ipsec: "strongswan", name: "s4-swanctl.yaml")
        let oldRender = dir.path("old/out"), newRender = dir.path("new/out")
        #expect(try Self.run(["render", legacy, "--out", oldRender]).status == 0)
        let start = Date()
        #expect(try Self.run(["render", swanctl, "--out", newRender]).status == 0)
        let runTime = max(Date().timeIntervalSince(start), 0.03)
        let old = Self.snapshot(oldRender), new = Self.snapshot(newRender)
        try #require(old != new)
        let exe = try #require(CLI.binary)

        struct Outcome: Sendable { let run: Int; let leftovers: [String]; let state: String; let startsWithOld: Bool; let killed: Bool }
        let runDir = dir.url, runTimeCopy = runTime
        // Forty spawns, each watched with a tight poll: off the cooperative pool (offThePool),
        // which the other suites' async tests need; the expectations are checked here after.
        let results: [Outcome] = try await offThePool {
        var results: [Outcome] = []
        let dir = (url: runDir, unused: 0), runTime = runTimeCopy
        for i in 0..<40 {
            let run = dir.url.appendingPathComponent("run\(i)")
            try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
            let out = run.appendingPathComponent("out").path
            let startsWithOld = i % 2 == 0
            if startsWithOld {
                let cp = try Process.run(URL(fileURLWithPath: "/bin/cp"), arguments: ["-a", oldRender, out])
                cp.waitUntilExit()
            }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: exe)
            p.arguments = ["render", swanctl, "--out", out]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            if i % 3 == 0 {
                Thread.sleep(forTimeInterval: Double.random(in: 0.1...1.0) * runTime)
            } else {
                // Aim at the write itself: wait for its first trace (DIR created, or a working
                // folder beside or inside it), then 0–10 ms more.
                let startedWriting = {
                    let beside = ((try? FileManager.default.contentsOfDirectory(atPath: run.path)) ?? []).contains { $0 != "out" }
                    let inside = ((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).contains { $0.hasPrefix(".causeway-work") }
                    return beside || inside || (!startsWithOld && Self.exists(out))
                }
                while p.isRunning && !startedWriting() { usleep(100) }
                usleep(UInt32.random(in: 0...10_000))
            }
            if i % 4 < 2 { p.interrupt() } else { p.terminate() }
            p.waitUntilExit()

            let leftovers = Self.leftovers(run.path)
            let now = Self.snapshot(out)
            let state = !Self.exists(out) ? "absent" : now == new ? "new" : now == old ? "old" : "mixed"
            results.append(Outcome(run: i, leftovers: leftovers, state: state, startsWithOld: startsWithOld, killed: p.terminationReason == .uncaughtSignal))
            try? FileManager.default.removeItem(at: run)
        }
        return results
        }
        var outcomes: [String: Int] = [:]
        for r in results {
            let i = r.run, state = r.state, startsWithOld = r.startsWithOld
            #expect(r.leftovers == [], "run \(i)")
            outcomes[state + (r.killed ? " (killed)" : " (finished first)"), default: 0] += 1
            #expect(state != "mixed", "run \(i): DIR is neither the old render nor the new one")
            #expect(state != "absent" || !startsWithOld, "run \(i): the old render is gone")
            #expect(state != "old" || startsWithOld, "run \(i)")
        }
        print("killed renders: \(outcomes)")
    }
}
