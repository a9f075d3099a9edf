import Foundation
import Testing

/// The result of running a real tool.
struct ToolResult: CustomStringConvertible, Sendable {
    let status: Int32
    let stdout: String
    let stderr: String
    var output: String { stdout + stderr }
    var description: String { "rc=\(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

/// Runs the real tools the rendered files are meant for. A missing tool fails the test with what
/// to install, unless CAUSEWAY_SKIP_<TOOL>=1 says to skip it.
enum Tools {
    static func run(_ executable: String, _ args: [String], stdin: String? = nil, environment: [String: String]? = nil) throws -> ToolResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        if let environment { p.environment = environment }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let outH = try FileHandle(forWritingTo: out), errH = try FileHandle(forWritingTo: err)
        p.standardOutput = outH
        p.standardError = errH
        if let stdin {
            let inFile = dir.appendingPathComponent("in")
            try stdin.write(to: inFile, atomically: false, encoding: .utf8)
            p.standardInput = try FileHandle(forReadingFrom: inFile)
        } else {
            p.standardInput = FileHandle.nullDevice
        }
        try p.run()
        p.waitUntilExit()
        try outH.close()
        try errH.close()
        return ToolResult(status: p.terminationStatus,
                          stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                          stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// The path of `name` on PATH (and the sbin folders), or nil.
    static func which(_ name: String) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/sbin:/sbin:/usr/local/sbin:/usr/lib/ipsec"
        for dir in path.split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    static func skipped(_ tool: String) -> Bool {
        ProcessInfo.processInfo.environment["CAUSEWAY_SKIP_\(tool)"] == "1"
    }

    /// The tool's path; records a failure naming the package when it is missing (nil then), or
    /// nil quietly when CAUSEWAY_SKIP_<skipName>=1.
    static func require(_ name: String, skipName: String, install: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String? {
        if skipped(skipName) { return nil }
        if let p = which(name) { return p }
        Issue.record("`\(name)` is missing: install \(install) (or set CAUSEWAY_SKIP_\(skipName)=1 to skip these checks)", sourceLocation: sourceLocation)
        return nil
    }

    /// Namespaces need root: record a failure otherwise (unless the tool's checks are skipped).
    static func requireRoot(_ skipName: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool {
        if skipped(skipName) { return false }
        if geteuid() == 0 { return true }
        Issue.record("these checks run the daemons in throw-away namespaces and need root (or set CAUSEWAY_SKIP_\(skipName)=1)", sourceLocation: sourceLocation)
        return false
    }

    /// A script from Tests/CausewayRenderTests/Tools.
    static func script(_ name: String, _ args: [String]) throws -> ToolResult {
        try run("/bin/bash", [Repo.tool(name)] + args)
    }

    static let python: String? = which("python3")

    /// Libreswan unpacked (not installed) under .build/libreswan, fetched once on first use.
    static func libreswanRoot(sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String? {
        if skipped("LIBRESWAN") { return nil }
        switch libreswanSetup {
        case .success(let root): return root
        case .failure(let e):
            Issue.record("\(e.description) (or set CAUSEWAY_SKIP_LIBRESWAN=1)", sourceLocation: sourceLocation)
            return nil
        }
    }

    private static let libreswanSetup: Result<String, FixtureError> = {
        let env = ProcessInfo.processInfo.environment["CAUSEWAY_LIBRESWAN_ROOT"]
        let root = env ?? Repo.root.appendingPathComponent(".build/libreswan").path
        let addconn = "\(root)/usr/libexec/ipsec/addconn"
        if FileManager.default.isExecutableFile(atPath: addconn) { return .success(root) }
        let r = try? script("fetch-libreswan.sh", [root])
        if FileManager.default.isExecutableFile(atPath: addconn) { return .success(root) }
        return .failure(FixtureError("Libreswan's parser is missing and could not be unpacked into \(root) (Tools/fetch-libreswan.sh: `apt-get download libreswan && dpkg-deb -x`): \(r?.description ?? "")"))
    }()
}
