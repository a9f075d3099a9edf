import ArgumentParser
import CausewayCore
import Foundation

/// Output format shared by every verb.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Exit codes: 0 fine, 1 findings or a failed outcome, 2 the input could not be used.
enum Exit {
    static let findings = ExitCode(1)
    static let unusable = ExitCode(2)
}

/// The value of `body`; an error it throws (a name the topology does not hold, a file that
/// cannot be written) is printed as `causeway: …` and ends the command with `code`.
func exiting<T>(_ code: ExitCode, _ body: () throws -> T) throws -> T {
    do { return try body() } catch {
        printErr("causeway: \(error)")
        throw code
    }
}

/// Reads a topology file (the only place the CLI touches it) and runs load + check.
struct TopologyInput {
    static func read(_ path: String) -> LoadResult {
        let top = SourceLocation(file: path, line: 1, column: 1)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            return LoadResult(topology: nil, diagnostics: [Diagnostic(LoadRules.unreadable, "no such file; pass the path of a topology YAML file (see examples/)", at: top)])
        }
        if isDir.boolValue {
            return LoadResult(topology: nil, diagnostics: [Diagnostic(LoadRules.unreadable, "is a directory, not a topology file", at: top)])
        }
        if let attrs = try? FileManager.default.attributesOfItem(atPath: path),
           let size = attrs[.size] as? Int, size > Loader.maxFileBytes {
            return LoadResult(topology: nil, diagnostics: [Diagnostic(LoadRules.unreadable, "file is \(size / 1_048_576) MiB; a topology file may be at most \(Loader.maxFileBytes / 1_048_576) MiB", at: top)])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return LoadResult(topology: nil, diagnostics: [Diagnostic(LoadRules.unreadable, "cannot read the file (permissions?)", at: top)])
        }
        return loadAndCheck(data: [UInt8](data), file: path)
    }

    /// Loads and checks; on errors prints the diagnostics to stderr and exits (2 unusable, 1 errors).
    static func loadOrExit(_ path: String) throws -> Topology {
        let r = read(path)
        guard let t = r.topology, !r.diagnostics.hasErrors else {
            for d in r.diagnostics where d.severity == .error { printErr(d.formatted) }
            printErr("causeway: \(path) has errors; run `causeway check \(path)` for all findings")
            throw r.isFatal ? Exit.unusable : Exit.findings
        }
        // What AWS accepts but will not route as meant: said before the command goes on.
        for d in r.diagnostics where d.severity == .warning { printErr(d.formatted) }
        return t
    }
}

func printErr(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}

/// JSON with stable key order, for machines.
func jsonString<T: Encodable>(_ value: T) throws -> String {
    let enc = JSONEncoder()
    enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    enc.keyEncodingStrategy = .convertToSnakeCase
    return String(decoding: try enc.encode(value), as: UTF8.self)
}
