/// A secret string (secret access key, session token, pre-shared key) that never prints itself.
///
/// `description`, `debugDescription` and string interpolation show `‹redacted›`; the value is
/// reachable only through `revealed`, so every place that uses it is easy to find.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret itself. Use only where the value must go on the wire or into a file.
    public let revealed: String

    public init(_ revealed: String) { self.revealed = revealed }

    public var description: String { "‹redacted›" }
    public var debugDescription: String { "Secret(‹redacted›)" }
}

extension Secret: CustomReflectable {
    // `dump()` and Mirror-based printers would otherwise walk into `revealed`.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
