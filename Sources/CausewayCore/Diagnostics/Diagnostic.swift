/// How bad a finding is. Errors make `check` exit 1; warnings and notes do not.
public enum Severity: String, Sendable, Codable, Comparable {
    case note, warning, error
    public static func < (l: Self, r: Self) -> Bool {
        let order: [Severity] = [.note, .warning, .error]
        return order.firstIndex(of: l)! < order.firstIndex(of: r)!
    }
}

/// One finding: a stable rule id, a severity, a message saying what is wrong and how to fix it,
/// and where it is. Printing is the CLI's job.
public struct Diagnostic: Sendable, Equatable, Codable {
    public var rule: String
    public var severity: Severity
    public var message: String
    public var location: SourceLocation

    public init(rule: String, severity: Severity, message: String, location: SourceLocation) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.location = location
    }

    public init(_ rule: Rule, _ message: String, at location: SourceLocation, severity: Severity? = nil) {
        self.init(rule: rule.id, severity: severity ?? rule.severity, message: message, location: location)
    }

    enum CodingKeys: String, CodingKey { case rule, severity, message, file, line, column }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rule = try c.decode(String.self, forKey: .rule)
        severity = try c.decode(Severity.self, forKey: .severity)
        message = try c.decode(String.self, forKey: .message)
        location = SourceLocation(file: try c.decode(String.self, forKey: .file),
                                  line: try c.decode(Int.self, forKey: .line),
                                  column: try c.decode(Int.self, forKey: .column))
    }

    /// Flat JSON: `{"rule","severity","message","file","line","column"}`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rule, forKey: .rule)
        try c.encode(severity, forKey: .severity)
        try c.encode(message, forKey: .message)
        try c.encode(location.file, forKey: .file)
        try c.encode(location.line, forKey: .line)
        try c.encode(location.column, forKey: .column)
    }

    /// `file:line:col: error: message [rule-id]`, the form compilers use.
    public var formatted: String {
        "\(location.file):\(location.line):\(location.column): \(severity.rawValue): \(message) [\(rule)]"
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
    /// Stable order: by file position, then rule id.
    public func sortedByLocation() -> [Diagnostic] {
        sorted { ($0.location.line, $0.location.column, $0.rule) < ($1.location.line, $1.location.column, $1.rule) }
    }
}

/// A check the tool knows: id, default severity, a one-line summary and the AWS rule it encodes.
public struct Rule: Sendable, Hashable {
    public let id: String
    public let severity: Severity
    public let summary: String
    /// The rule's source: which AWS page or daemon fact it encodes.
    public let reference: String

    public init(_ id: String, _ severity: Severity, _ summary: String, reference: String) {
        self.id = id
        self.severity = severity
        self.summary = summary
        self.reference = reference
    }
}
