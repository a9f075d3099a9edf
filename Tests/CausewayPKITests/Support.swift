import CausewayCore
import CausewayPKI
import CausewayRender
import Foundation
import Testing

enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// S3's topology (the document's Client VPN endpoint `remote-access`).
    static func s3() throws -> Topology {
        let file = "examples/s3-tgw-bgp-strongswan.yaml"
        let r = Loader.load(text: try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8), file: file)
        return try #require(r.topology)
    }
}

/// A scratch folder, removed when the value goes away.
final class Folder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-pki-test-\(UUID().uuidString)")
    init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let u = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: u, atomically: false, encoding: .utf8)
        return u.path
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// Runs a real tool; its status and output together.
func run(_ tool: String, _ args: [String], in dir: URL? = nil, stdin: String? = nil) throws -> (status: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [tool] + args
    if let dir { p.currentDirectoryURL = dir }
    let out = Pipe()
    p.standardOutput = out
    p.standardError = out
    let input = Pipe()
    p.standardInput = input
    try p.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}
