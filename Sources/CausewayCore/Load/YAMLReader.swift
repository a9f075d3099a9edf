import Yams

/// Collects diagnostics and source locations while the loader walks the YAML tree.
final class LoadContext {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    /// How many of `diagnostics` are errors (a reader compares it before and after its read).
    private(set) var errorCount = 0
    var sourceMap: SourceMap

    init(file: String) {
        self.file = file
        sourceMap = SourceMap(file: file)
    }

    func location(_ node: Node?) -> SourceLocation {
        guard let m = node?.mark else { return SourceLocation(file: file, line: 1, column: 1) }
        return SourceLocation(file: file, line: m.line, column: m.column)
    }

    func record(_ path: String, _ node: Node) { sourceMap.record(path, location(node)) }

    func report(_ rule: Rule, _ message: String, at node: Node?, severity: Severity? = nil) {
        add(Diagnostic(rule, message, at: location(node), severity: severity))
    }

    func report(_ rule: Rule, _ message: String, path: String, severity: Severity? = nil) {
        add(Diagnostic(rule, message, at: sourceMap.locate(path), severity: severity))
    }

    func add(_ d: Diagnostic) {
        diagnostics.append(d)
        if d.severity == .error { errorCount += 1 }
    }
}

/// A YAML mapping being read: remembers which keys were taken, so the rest can be reported as
/// unknown with a "did you mean" suggestion.
final class MappingReader {
    let ctx: LoadContext
    let path: String
    let node: Node
    private(set) var pairs: [(key: String, keyNode: Node, value: Node)] = []
    private var known: [String] = []
    /// The context's error count when the read began: more at `finish` means the read may have
    /// stopped before taking every key it knows.
    private let errorsBefore: Int

    /// Nil (with a diagnostic) when `node` is not a mapping.
    init?(_ node: Node, path: String, ctx: LoadContext, what: String) {
        self.ctx = ctx
        self.path = path
        self.node = node
        errorsBefore = ctx.errorCount
        ctx.record(path, node)
        guard let mapping = node.mapping else {
            ctx.report(LoadRules.invalidValue, "\(what) must be a mapping of keys to values, found \(node.kindName)", at: node)
            return nil
        }
        for (k, v) in mapping {
            guard let key = k.scalar?.string else {
                ctx.report(LoadRules.invalidValue, "keys in \(what) must be plain words", at: k)
                continue
            }
            pairs.append((key, k, v))
            ctx.record(path.isEmpty ? key : "\(path).\(key)", v.locatedAt(key: k))
        }
    }

    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value under `key`, marking the key as known.
    func take(_ key: String) -> Node? {
        known.append(key)
        return pairs.first { $0.key == key }?.value
    }

    func has(_ key: String) -> Bool { pairs.contains { $0.key == key } }

    /// The value under the first of several alternative spellings (`cidr` / `cidrs`).
    func take(anyOf keys: [String]) -> (String, Node)? {
        var found: (String, Node)?
        for k in keys {
            if let v = take(k), found == nil { found = (k, v) }
        }
        return found
    }

    func required(_ key: String, what: String) -> Node? {
        if let v = take(key) { return v }
        ctx.report(LoadRules.invalidValue, "\(what) needs `\(key)`", at: node)
        return nil
    }

    /// The value of a key that must be there, read by `read` (`ctx.string`, `ctx.prefix`, …) at
    /// the key's path.
    func required<T>(_ key: String, what: String, _ read: (Node, String) -> T?) -> T? {
        required(key, what: what).flatMap { read($0, child(key)) }
    }

    /// Reports every key that was never taken. A read that met an error may have stopped before
    /// taking keys it knows (a reader returns once a required value is bad): then only a key
    /// that looks like a misspelling of one it took is reported, not every key it never reached
    /// (the error says what to fix first; the next run reports the rest).
    func finish(what: String) {
        let stoppedEarly = ctx.errorCount > errorsBefore
        for (key, keyNode, _) in pairs where !known.contains(key) {
            var msg = "unknown key `\(key)` in \(what)"
            if let s = suggestion(for: key, among: known) { msg += "; did you mean `\(s)`?" }
            else if stoppedEarly { continue }
            else { msg += "; known keys: \(known.filter { !$0.hasPrefix("_") }.joined(separator: ", "))" }
            ctx.report(LoadRules.unknownKey, msg, at: keyNode)
        }
    }

    // MARK: typed values

    func string(_ key: String) -> String? { take(key).flatMap { ctx.string($0, child(key)) } }
    func int(_ key: String, in range: ClosedRange<Int>? = nil) -> Int? { take(key).flatMap { ctx.int($0, child(key), in: range) } }
    func bool(_ key: String) -> Bool? { take(key).flatMap { ctx.bool($0, child(key)) } }
    func address(_ key: String) -> IPv4Address? { take(key).flatMap { ctx.address($0, child(key)) } }
    func outerAddress(_ key: String) -> OuterAddress? { take(key).flatMap { ctx.outerAddress($0, child(key)) } }
    func prefix(_ key: String) -> IPv4Prefix? { take(key).flatMap { ctx.prefix($0, child(key)) } }
    func asn(_ key: String) -> ASN? { take(key).flatMap { ctx.asn($0, child(key)) } }
    func choice<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) -> E? where E.RawValue == String {
        take(key).flatMap { ctx.choice($0, child(key), type) }
    }
    func strings(_ key: String) -> [String]? { take(key).map { ctx.list($0, child(key)) { n, p in self.ctx.string(n, p) } } }
    func prefixes(_ key: String) -> [IPv4Prefix]? { take(key).map { ctx.list($0, child(key)) { n, p in self.ctx.prefix(n, p) } } }
    func stringMap(_ key: String) -> [String: String]? {
        guard let n = take(key) else { return nil }
        guard let m = n.mapping else {
            ctx.report(LoadRules.invalidValue, "`\(key)` must be a mapping of names to text", at: n)
            return nil
        }
        var out: [String: String] = [:]
        for (k, v) in m { if let ks = k.scalar?.string, let vs = v.scalar?.string { out[ks] = vs } }
        return out
    }
}

extension LoadContext {
    func string(_ node: Node, _ path: String) -> String? {
        record(path, node)
        guard let s = node.scalar, s.tag.description != Tag.Name.null.rawValue || !s.string.isEmpty else {
            report(LoadRules.invalidValue, "expected text, found \(node.kindName)", at: node)
            return nil
        }
        return s.string
    }

    func int(_ node: Node, _ path: String, in range: ClosedRange<Int>? = nil) -> Int? {
        record(path, node)
        guard let s = node.scalar, let v = Int(s.string.replacingOccurrences(of: "_", with: "")) else {
            report(LoadRules.invalidValue, "expected a whole number, found \(node.describe)", at: node)
            return nil
        }
        if let r = range, !r.contains(v) {
            report(LoadRules.invalidValue, "\(v) is out of range \(r.lowerBound)…\(r.upperBound)", at: node)
            return nil
        }
        return v
    }

    func bool(_ node: Node, _ path: String) -> Bool? {
        record(path, node)
        switch node.scalar?.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            report(LoadRules.invalidValue, "expected true or false, found \(node.describe)", at: node)
            return nil
        }
    }

    /// A scalar that `parse` accepts; else `invalid-value` naming what was `expected`.
    func scalar<T>(_ node: Node, _ path: String, expected: String, _ parse: (String) -> T?) -> T? {
        record(path, node)
        guard let s = node.scalar?.string, let v = parse(s) else {
            report(LoadRules.invalidValue, "expected \(expected), found \(node.describe)", at: node)
            return nil
        }
        return v
    }

    func address(_ node: Node, _ path: String) -> IPv4Address? {
        scalar(node, path, expected: "an IPv4 address like 192.168.2.10") { IPv4Address($0) }
    }

    func outerAddress(_ node: Node, _ path: String) -> OuterAddress? {
        scalar(node, path, expected: "an IPv4 address like 192.168.2.10 or an IPv6 address like 2600:1f18::10") { OuterAddress($0) }
    }

    func prefix(_ node: Node, _ path: String) -> IPv4Prefix? {
        record(path, node)
        guard let s = node.scalar?.string else {
            report(LoadRules.invalidValue, "expected a CIDR like 10.0.0.0/16, found \(node.kindName)", at: node)
            return nil
        }
        switch IPv4Prefix.parse(s) {
        case .success(let p): return p
        case .failure(.hostBitsSet(let n)):
            report(LoadRules.invalidValue, "`\(s)` has host bits set; AWS expects the network address: write \(n)", at: node)
            return nil
        case .failure(.syntax):
            let hint = IPv4Address(s) != nil ? "; add a prefix length, e.g. \(s)/32" : ""
            report(LoadRules.invalidValue, "`\(s)` is not a CIDR (expected a.b.c.d/n)\(hint)", at: node)
            return nil
        }
    }

    func asn(_ node: Node, _ path: String) -> ASN? {
        scalar(node, path, expected: "an AS number (1…4294967295)") { UInt32($0).map { ASN($0) } }
    }

    func choice<E: RawRepresentable & CaseIterable>(_ node: Node, _ path: String, _ type: E.Type) -> E? where E.RawValue == String {
        record(path, node)
        let options = E.allCases.map(\.rawValue)
        guard let s = node.scalar?.string else {
            report(LoadRules.invalidValue, "expected one of \(options.joined(separator: ", ")), found \(node.kindName)", at: node)
            return nil
        }
        if let v = E(rawValue: s.lowercased()) { return v }
        var msg = "`\(s)` is not one of \(options.joined(separator: ", "))"
        if let sug = suggestion(for: s.lowercased(), among: options) { msg += "; did you mean `\(sug)`?" }
        report(LoadRules.invalidValue, msg, at: node)
        return nil
    }

    /// A list, where a single scalar also counts as a one-element list (short form).
    func list<T>(_ node: Node, _ path: String, _ element: (Node, String) -> T?) -> [T] {
        record(path, node)
        if let seq = node.sequence {
            return seq.enumerated().compactMap { i, n in element(n, "\(path).\(i)") }
        }
        if node.scalar != nil { return element(node, "\(path).0").map { [$0] } ?? [] }
        report(LoadRules.invalidValue, "expected a list, found \(node.kindName)", at: node)
        return []
    }

    /// A mapping of names to entries, read in file order.
    func named<T>(_ node: Node?, _ path: String, what: String, _ entry: (String, Node, String) -> T?) -> [T] {
        guard let node else { return [] }
        record(path, node)
        if node.scalar?.tag.description == Tag.Name.null.rawValue { return [] }
        guard let m = node.mapping else {
            report(LoadRules.invalidValue, "`\(path.split(separator: ".").last ?? "")` must map \(what) names to their settings, found \(node.kindName)", at: node)
            return []
        }
        var out: [T] = []
        for (k, v) in m {
            guard let name = k.scalar?.string, !name.isEmpty else {
                report(LoadRules.invalidValue, "a \(what) name must be plain text", at: k)
                continue
            }
            let p = "\(path).\(name)"
            record(p, v.locatedAt(key: k))
            if let e = entry(name, v, p) { out.append(e) }
        }
        return out
    }
}

extension Node {
    /// The node a model path should point at: a block mapping or list starts on the line after
    /// its key, so findings about the whole entry point at the key instead.
    func locatedAt(key: Node) -> Node {
        switch self {
        case .mapping(let m) where m.style != .flow: return key
        case .sequence(let s) where s.style != .flow: return key
        default: return self
        }
    }

    var kindName: String {
        switch self {
        case .scalar(let s): return s.string.isEmpty ? "nothing" : "`\(s.string)`"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
    var describe: String { kindName }
}

/// The closest known word within a small edit distance, for "did you mean".
func suggestion(for word: String, among candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    return best.1 <= max(2, word.count / 3) ? best.0 : nil
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}
