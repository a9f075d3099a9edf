/// A small writer for the subset of HCL that Terraform configurations need: blocks, attributes
/// aligned the way `terraform fmt` aligns them, lists, maps and references.
indirect enum HCLExpr {
    /// A reference or expression written as is (`aws_vpc.main.id`, `var.x`).
    case ref(String)
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([HCLExpr])
    case map([(String, HCLExpr)])

    func render(indent: Int) -> String {
        switch self {
        case .ref(let r): return r
        case .string(let s): return HCLExpr.quote(s)
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .list(let items):
            if items.allSatisfy(\.isSimple) { return "[" + items.map { $0.render(indent: indent) }.joined(separator: ", ") + "]" }
            let pad = String(repeating: " ", count: indent + 2)
            return "[\n" + items.map { pad + $0.render(indent: indent + 2) + ",\n" }.joined() + String(repeating: " ", count: indent) + "]"
        case .map(let pairs):
            if pairs.isEmpty { return "{}" }
            let pad = String(repeating: " ", count: indent + 2)
            let keys = pairs.map { HCLExpr.isIdentifier($0.0) ? $0.0 : HCLExpr.quote($0.0) }
            let width = keys.map(\.count).max() ?? 0
            let body = zip(keys, pairs).map { k, p in
                pad + k + String(repeating: " ", count: width - k.count) + " = " + p.1.render(indent: indent + 2) + "\n"
            }.joined()
            return "{\n" + body + String(repeating: " ", count: indent) + "}"
        }
    }

    var isSimple: Bool {
        switch self {
        case .list, .map: return false
        default: return true
        }
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let f = s.first, f.isLetter || f == "_" else { return false }
        return s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    /// A double-quoted HCL string: backslash and quote escaped, `${` and `%{` kept literal.
    static func quote(_ s: String) -> String {
        var out = "\""
        let chars = Array(s)
        for (i, ch) in chars.enumerated() {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "$", "%":
                out.append(ch)
                if i + 1 < chars.count, chars[i + 1] == "{" { out.append(ch) }
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}

/// One item of a block body.
enum HCLItem {
    case attr(String, HCLExpr)
    case block(String, [String], [HCLItem])
    case comment(String)
    case blank
}

enum HCL {
    /// A top-level block, e.g. `resource "aws_vpc" "main" { … }`.
    static func block(_ type: String, _ labels: [String], _ body: [HCLItem], comment: String? = nil) -> String {
        var out = ""
        if let comment { for l in comment.split(separator: "\n") { out += "# \(l)\n" } }
        out += render(.block(type, labels, body), indent: 0)
        return out
    }

    static func render(_ item: HCLItem, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        switch item {
        case .blank: return "\n"
        case .comment(let c): return c.split(separator: "\n").map { "\(pad)# \($0)\n" }.joined()
        case .attr(let k, let v): return "\(pad)\(k) = \(v.render(indent: indent))\n"
        case .block(let type, let labels, let body):
            let head = ([type] + labels.map { HCLExpr.quote($0) }).joined(separator: " ")
            if body.isEmpty { return "\(pad)\(head) {}\n" }
            return "\(pad)\(head) {\n" + renderBody(body, indent: indent + 2) + "\(pad)}\n"
        }
    }

    /// Renders a body, aligning the `=` of runs of single-line attributes; a multi-line
    /// attribute (a map or a long list) stands alone after a blank line.
    static func renderBody(_ body: [HCLItem], indent: Int) -> String {
        var out = ""
        var i = 0
        let pad = String(repeating: " ", count: indent)
        func singleLine(_ item: HCLItem) -> (String, HCLExpr)? {
            if case .attr(let k, let v) = item, !v.render(indent: indent).contains("\n") { return (k, v) }
            return nil
        }
        while i < body.count {
            if singleLine(body[i]) != nil {
                var run: [(String, HCLExpr)] = []
                while i < body.count, let kv = singleLine(body[i]) {
                    run.append(kv)
                    i += 1
                }
                let width = run.map(\.0.count).max() ?? 0
                for (k, v) in run {
                    out += pad + k + String(repeating: " ", count: width - k.count) + " = " + v.render(indent: indent) + "\n"
                }
            } else {
                if case .attr = body[i], i > 0, !out.hasSuffix("\n\n") { out += "\n" }
                out += render(body[i], indent: indent)
                i += 1
            }
        }
        return out
    }
}
