import Foundation

/// Files next to the tests, found from this source file's path (no bundle resources needed).
enum TestPaths {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let support = testsDirectory.appendingPathComponent("Support")
    static let fixtures = testsDirectory.appendingPathComponent("Fixtures")

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }
}

/// Runs a program to completion, feeding stdin, collecting stdout and stderr.
struct ProcessResult { let status: Int32; let stdout: Data; let stderr: String }

func runProcess(_ arguments: [String], stdin: Data = Data(), environment: [String: String]? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let environment { process.environment = environment }
    let input = Pipe(), output = Pipe(), error = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = error
    try process.run()
    input.fileHandleForWriting.write(stdin)
    try input.fileHandleForWriting.close()
    // Read both pipes before waiting so a large output cannot block the child.
    let errorData = LockedBox(Data())
    let errorReader = Thread { errorData.set(error.fileHandleForReading.readDataToEndOfFile()) }
    errorReader.start()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errorData.isSet { Thread.sleep(forTimeInterval: 0.01) }
    return ProcessResult(status: process.terminationStatus, stdout: outData,
                         stderr: String(decoding: errorData.value, as: UTF8.self))
}

final class LockedBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    private var wasSet = false
    init(_ value: T) { stored = value }
    func set(_ value: T) { lock.lock(); stored = value; wasSet = true; lock.unlock() }
    var value: T { lock.lock(); defer { lock.unlock() }; return stored }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return wasSet }
}
