import Foundation

/// The built `causeway` binary: next to the test bundle (SwiftPM builds it because the test
/// target depends on it), else in `REPO/.build/debug`.
public func builtCausewayBinary(repoRoot: URL) -> String? {
    var dirs: [URL] = []
    if let a0 = CommandLine.arguments.first { dirs.append(URL(fileURLWithPath: a0).deletingLastPathComponent()) }
    dirs.append(Bundle.main.bundleURL.deletingLastPathComponent())
    dirs.append(Bundle.main.bundleURL)
    dirs.append(repoRoot.appendingPathComponent(".build/debug"))
    return dirs.map { $0.appendingPathComponent("causeway").path }.first { FileManager.default.isExecutableFile(atPath: $0) }
}
