@testable import CausewayLab
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The agent's framing, and the guest's agent script itself driven over a pseudo-terminal on
/// this host (the same tty discipline as the VM's serial port, no VM needed).
@Suite struct VMAgentTests {
    @Test func bsdSumMatchesCoreutils() throws {
        for text in ["", "a", "hello world\n", String(repeating: "xyz\u{0}\u{ff}", count: 999)] {
            let bytes = Array(text.utf8)
            let file = NSTemporaryDirectory() + "/causeway-sum-\(UUID().uuidString)"
            FileManager.default.createFile(atPath: file, contents: Data(bytes))
            defer { try? FileManager.default.removeItem(atPath: file) }
            let r = try ProcessRunner().run(["sum", "-r", file])
            #expect(r.stdout.split(separator: " ").first.map(String.init) == VMAgentProtocol.bsdSum(bytes))
        }
    }

    static func frame(_ id: String, _ status: Int32, _ out: String, _ err: String) -> [UInt8] {
        let o = Data(out.utf8), e = Data(err.utf8)
        let text = "\n@@CW-RES \(id) \(status) \(o.count) \(e.count)\n\(o.base64EncodedString(options: .lineLength76Characters))\n"
            + "@@CW-SEP \(id)\n\(e.base64EncodedString())\n@@CW-END \(id)\n"
        return Array(text.utf8)
    }

    @Test func repliesAreFoundAmongGarbage() {
        let long = String(repeating: "0123456789", count: 40)
        var buffer = Array("kernel noise @@CW-RES zz\n@@CW-RES 0000000a 0 1 0\nYQ==\n".utf8)  // a cut-off frame
            + Self.frame("0000000b", 0, "stale", "") + Self.frame("0000000c", 3, long, "err\n") + Array("@@CW-R".utf8)
        let parsed = VMAgentProtocol.take(from: &buffer, ids: ["0000000c"])
        #expect(parsed == .reply(id: "0000000c", CommandResult(status: 3, stdout: long, stderr: "err\n")))
        #expect(buffer == Array("@@CW-R".utf8))
        // Incomplete: nothing yet, the start kept.
        var partial = Array(Self.frame("0000000d", 0, "x", "").dropLast(5))
        #expect(VMAgentProtocol.take(from: &partial, ids: ["0000000d"]) == nil)
        #expect(!partial.isEmpty)
        // A frame whose contents disagree with its lengths.
        var bad = Array("@@CW-RES 0000000e 0 9 0\nYQ==\n@@CW-SEP 0000000e\n\n@@CW-END 0000000e\n".utf8)
        #expect(VMAgentProtocol.take(from: &bad, ids: ["0000000e"]) == .damaged(id: "0000000e"))
    }

    /// The agent script on a pty whose session leader holds it as controlling terminal (as
    /// systemd's service does with /dev/ttyS1): requests amid garbage, stdout/stderr/status,
    /// a binary-ish file written with its mode, a damaged request, a command that times out.
    @Test func agentScriptOverAPty() throws {
        var master: Int32 = -1, slave: Int32 = -1
        try #require(openpty(&master, &slave, nil, nil, nil) == 0)
        defer { Glibc.close(master); Glibc.close(slave) }
        let tty = String(cString: ttyname(slave))
        let dir = NSTemporaryDirectory() + "/causeway-agent-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = dir + "/agent"
        FileManager.default.createFile(atPath: script, contents: Data(VMGuest.agentScript.utf8))
        let pid = try ProcessRunner().spawn(["sh", script, tty, dir + "/work"], log: dir + "/agent.log")
        defer { Processes.stop([pid], grace: 1) }
        let conn = VMAgentConnection(fd: master)
        defer { conn.detach() }

        func call(_ shell: String, seconds: Int = 10) throws -> CommandResult? {
            let id = VMAgentConnection.newID()
            try conn.send(Array("line noise \u{1}\u{7f} @@CW-REQ broken\n".utf8) + VMAgentProtocol.request(id: id, script: shell, seconds: seconds),
                          until: Date().addingTimeInterval(5))
            if case .reply(_, let r)? = try conn.receive(ids: [id], until: Date().addingTimeInterval(Double(seconds) + 10), alive: { true }) { return r }
            return nil
        }
        // The agent drops what was queued before it started: probe until it answers, as boot does.
        var ready = false
        var probes: Set<String> = []
        for _ in 0..<20 where !ready {
            let id = VMAgentConnection.newID()
            probes.insert(id)
            try conn.send(VMAgentProtocol.request(id: id, script: "true", seconds: 5), until: Date().addingTimeInterval(5))
            ready = try conn.receive(ids: probes, until: Date().addingTimeInterval(1), alive: { true }) != nil
        }
        try #require(ready, "the agent never answered")
        let r = try #require(try call("echo out; echo err >&2; exit 3"))
        #expect(r == CommandResult(status: 3, stdout: "out\n", stderr: "err\n"))

        let contents = "bytes: \u{0}\u{1}\u{1b}[0m 'q' \"d\" $HOME `x` \\ é\r\nCAUSEWAY_EOF\n\n" + String(repeating: "long ", count: 3000)
        let target = dir + "/sub dir/it's.conf"
        let put = try #require(try call(VMAgentProtocol.putScript(VMFile(path: target, contents: contents, mode: 0o600))))
        #expect(put.succeeded, "\(put.stderr)")
        #expect(FileManager.default.contents(atPath: target) == Data(contents.utf8))
        let mode = (try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int) ?? 0
        #expect(mode == 0o600)
        let back = try #require(try call("cat '\(dir)/sub dir/it'\\''s.conf'"))
        #expect(back.stdout == contents)

        // A request whose body does not match its checksum is refused, and the agent goes on.
        let id = VMAgentConnection.newID()
        var damaged = VMAgentProtocol.request(id: id, script: "echo never", seconds: 5)
        damaged[damaged.count - 3] ^= 0x01
        try conn.send(damaged, until: Date().addingTimeInterval(5))
        if case .reply(_, let d)? = try conn.receive(ids: [id], until: Date().addingTimeInterval(10), alive: { true }) {
            #expect(d.status == 254 && d.stdout.isEmpty)
        } else {
            Issue.record("no answer to a damaged request")
        }
        let slow = try #require(try call("sleep 30", seconds: 1))
        #expect(slow.status == 124)
        #expect(try call("echo still here")?.stdout == "still here\n")
    }
}
