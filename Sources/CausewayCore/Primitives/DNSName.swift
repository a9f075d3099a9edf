/// A fully qualified domain name, lower-case, without the trailing dot. Exists only when valid:
/// at most 253 characters, each label 1–63 characters of letters, digits, hyphens and
/// underscores (Route 53 developer guide, "DNS domain name format").
public struct DNSName: Hashable, Comparable, Sendable, CustomStringConvertible, Codable, CodableAsText {
    public static let textKind = "a domain name"
    public let text: String

    /// Why a text is not a domain name.
    public enum Problem: Error, Equatable, Sendable {
        case empty
        case tooLong(Int)
        case emptyLabel
        case labelTooLong(String)
        case badCharacter(Character)
    }

    public static func parse(_ raw: String) -> Result<DNSName, Problem> {
        var s = raw.lowercased()
        if s.hasSuffix(".") { s.removeLast() }
        guard !s.isEmpty else { return .failure(.empty) }
        guard s.count <= AWSNumbers.DomainNames.maxLength else { return .failure(.tooLong(s.count)) }
        for label in s.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty else { return .failure(.emptyLabel) }
            guard label.count <= AWSNumbers.DomainNames.maxLabelLength else { return .failure(.labelTooLong(String(label))) }
            if let bad = label.first(where: { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "*")) }) {
                return .failure(.badCharacter(bad))
            }
        }
        return .success(DNSName(trusted: s))
    }

    public init?(_ raw: String) {
        guard case .success(let n) = Self.parse(raw) else { return nil }
        self = n
    }

    private init(trusted: String) { text = trusted }

    public var description: String { text }
    /// With the trailing dot, as zone files and BIND write absolute names.
    public var absolute: String { text + "." }
    public var labels: [Substring] { text.split(separator: ".") }

    /// Whether this name is `zone` or below it.
    public func isWithin(_ zone: DNSName) -> Bool { text == zone.text || text.hasSuffix("." + zone.text) }

    /// The part of this name below `zone` (`web1` of web1.example.com in example.com), "@" for the apex.
    public func relative(to zone: DNSName) -> String {
        guard isWithin(zone) else { return absolute }
        return text == zone.text ? "@" : String(text.dropLast(zone.text.count + 1))
    }

    /// `label.self`.
    public func prepending(_ label: String) -> DNSName? { DNSName("\(label).\(text)") }

    public static func < (a: DNSName, b: DNSName) -> Bool { a.text < b.text }
}

extension DNSName.Problem: CustomStringConvertible {
    public var description: String {
        switch self {
        case .empty: return "a domain name cannot be empty"
        case .tooLong(let n): return "a domain name has at most \(AWSNumbers.DomainNames.maxLength) characters; this one has \(n)"
        case .emptyLabel: return "a domain name cannot have an empty label (two dots in a row, or a leading dot)"
        case .labelTooLong(let l): return "the label `\(l.prefix(20))…` has \(l.count) characters; a label has at most \(AWSNumbers.DomainNames.maxLabelLength)"
        case .badCharacter(let c): return "`\(c)` cannot appear in a domain name (letters, digits, hyphens and underscores)"
        }
    }
}
