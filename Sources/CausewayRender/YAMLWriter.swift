/// A small YAML writer for CloudFormation templates: ordered mappings, sequences and scalars,
/// quoting every string that could read as something else.
///
/// Why not Yams' emitter (libyaml, already a dependency): libyaml writes a block sequence inside
/// a mapping without indenting it (`Tags:` then `- Key: …` at the key's column) and picks each
/// scalar's quoting itself, so every template would lose the layout of AWS's own examples that
/// this writer keeps (`Tags:` then `  - Key: …`). Intrinsic functions are written in their long
/// form (`Ref`, `Fn::GetAtt`, `Fn::Sub`), which needs no local tags at all.
indirect enum YAMLNode {
    case string(String)
    case int(Int)
    case bool(Bool)
    case map([(String, YAMLNode)])
    case list([YAMLNode])

    static func ref(_ name: String) -> YAMLNode { .map([("Ref", .string(name))]) }
    static func getAtt(_ name: String, _ attr: String) -> YAMLNode { .map([("Fn::GetAtt", .list([.string(name), .string(attr)]))]) }

    var text: String { lines(indent: 0).joined(separator: "\n") + "\n" }

    private var isScalar: Bool {
        switch self {
        case .map(let m): return m.isEmpty
        case .list(let l): return l.isEmpty
        default: return true
        }
    }

    private var scalar: String {
        switch self {
        case .string(let s): return YAMLNode.quote(s)
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .map: return "{}"
        case .list: return "[]"
        }
    }

    func lines(indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch self {
        case .map(let pairs) where !pairs.isEmpty:
            var out: [String] = []
            for (k, v) in pairs {
                let key = YAMLNode.quote(k)
                if v.isScalar { out.append("\(pad)\(key): \(v.scalar)") }
                else {
                    out.append("\(pad)\(key):")
                    out += v.lines(indent: indent + 2)
                }
            }
            return out
        case .list(let items) where !items.isEmpty:
            var out: [String] = []
            for item in items {
                if item.isScalar { out.append("\(pad)- \(item.scalar)"); continue }
                let inner = item.lines(indent: indent + 2)
                // The first line of the item goes after the dash.
                out.append("\(pad)- " + inner[0].dropFirst(indent + 2))
                out += inner.dropFirst()
            }
            return out
        default:
            return ["\(pad)\(scalar)"]
        }
    }

    /// Plain when unambiguous (an identifier-like word, not a YAML keyword or number), else double-quoted.
    static func quote(_ s: String) -> String {
        let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"]
        let plainOK = !s.isEmpty && s.first!.isLetter && !reserved.contains(s.lowercased())
            && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-./:".contains($0)) }
            && !s.hasSuffix(":")
        return plainOK ? s : doubleQuoted(s)
    }
}
