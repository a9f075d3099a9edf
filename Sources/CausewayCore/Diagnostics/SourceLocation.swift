/// A position in a topology file (1-based line and column).
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
    public var description: String { "\(file):\(line):\(column)" }
}

/// Where each model value came from, keyed by its model path
/// (`vpn_connections.vpn.tunnels.1.inside_cidr`). Lookup falls back to the nearest parent,
/// so a value filled in by a default points at the object that owns it.
public struct SourceMap: Sendable, Equatable {
    public let file: String
    private var entries: [String: SourceLocation] = [:]

    public init(file: String) { self.file = file }

    public mutating func record(_ path: String, _ location: SourceLocation) {
        if entries[path] == nil { entries[path] = location }
    }

    /// The location of `path`, or of its nearest recorded parent, or the top of the file.
    public func locate(_ path: String) -> SourceLocation {
        var p = Substring(path)
        while true {
            if let l = entries[String(p)] { return l }
            guard let dot = p.lastIndex(of: ".") else { break }
            p = p[..<dot]
        }
        return entries[""] ?? SourceLocation(file: file, line: 1, column: 1)
    }

    /// True when the path (exactly) was written in the file.
    public func isWritten(_ path: String) -> Bool { entries[path] != nil }

    /// Every recorded path whose node is at `location`, sorted (`explain` attributes a finding
    /// to the tunnels those paths belong to).
    public func paths(at location: SourceLocation) -> [String] { entries.filter { $0.value == location }.map(\.key).sorted() }
}

/// Builds dotted model paths.
public func path(_ parts: Any...) -> String {
    parts.map { "\($0)" }.filter { !$0.isEmpty }.joined(separator: ".")
}
