/// A secret string (pre-shared key, secret access key, session token) that never shows itself:
/// `description`, `debugDescription`, string interpolation, `dump()` and every Mirror-based
/// printer, and JSON encoding all give `‹redacted›`. The value is reachable only through
/// `revealed`, so every place that uses it is easy to find.
public struct Secret: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, Encodable {
    /// What every printed or encoded form of a secret shows.
    public static let redacted = "‹redacted›"
    /// The secret itself. Read it only to write a 0600 file or to send it on the wire.
    public let revealed: String
    public init(_ text: String) { revealed = text }
    public var description: String { Self.redacted }
    public var debugDescription: String { "Secret(\(Self.redacted))" }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(Self.redacted)
    }
}

extension Secret: CustomReflectable {
    // `dump()` and Mirror-based printers would otherwise walk into `revealed`.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

/// A tunnel's pre-shared key: a `Secret` under AWS's name for it.
public typealias PreSharedKey = Secret

extension PreSharedKey {
    /// AWS's rule for a tunnel pre-shared key: 8 to 64 characters, letters, digits, `.` and `_`,
    /// not starting with `0` (EC2 API reference, VpnTunnelOptionsSpecification, PreSharedKey).
    /// The one statement of it: `check`, the renderers and the templates' input checks read it.
    public static let allowedLengths = AWSNumbers.Tunnel.preSharedKeyLength
    /// A character AWS accepts anywhere in a key.
    public static func isAllowed(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "." || c == "_")
    }
    /// The character AWS refuses at the start.
    public static let forbiddenFirst: Character = "0"
    /// The key breaks none of AWS's rules.
    public var isAcceptedByAWS: Bool {
        Self.allowedLengths.contains(revealed.count) && !revealed.hasPrefix(String(Self.forbiddenFirst))
            && revealed.unicodeScalars.allSatisfy(Self.isAllowed)
    }
}

/// Where a secret comes from. The core library never reads it: resolving `env`/`file` is I/O,
/// done by the command line through a `SecretResolver`.
public enum SecretReference: Hashable, Sendable, CustomStringConvertible, Encodable, EncodesAsDescription {
    /// From an environment variable.
    case env(String)
    /// From a file (path as written, relative to the topology file's folder).
    case file(String)
    /// Written into the topology file itself (allowed, with a warning).
    case literal(PreSharedKey)
    /// Not given: AWS (or the lab) generates it.
    case generated

    public var description: String {
        switch self {
        case .env(let n): return "env:\(n)"
        case .file(let p): return "file:\(p)"
        case .literal: return "literal:‹redacted›"
        case .generated: return "generated"
        }
    }
}

/// Turns secret references into keys. The CLI implements it over the environment and files.
public protocol SecretResolver: Sendable {
    func resolve(_ ref: SecretReference) throws -> PreSharedKey?
}
