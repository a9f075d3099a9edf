import Yams

/// What loading a topology produced: the model (nil when the file is unusable as a whole) and
/// every diagnostic found on the way, all at once.
public struct LoadResult: Sendable {
    public var topology: Topology?
    public var diagnostics: [Diagnostic]
    /// True when the file could not be read or parsed at all (`check` exits 2).
    public var isFatal: Bool { topology == nil }

    public init(topology: Topology?, diagnostics: [Diagnostic]) {
        self.topology = topology
        self.diagnostics = diagnostics
    }
}

/// Reads a topology from text already in memory (the core does no I/O).
public enum Loader {
    /// Larger files are refused before parsing: a topology is hand-written, and libyaml's time
    /// and memory grow with aliases and nesting.
    public static let maxFileBytes = 4 * 1_048_576
    static let maxDepth = 64

    /// Loads from raw bytes: checks size and UTF-8 first.
    public static func load(data: [UInt8], file: String) -> LoadResult {
        let top = SourceLocation(file: file, line: 1, column: 1)
        if data.count > maxFileBytes {
            return fatal(LoadRules.unreadable, "file is \(data.count / 1_048_576) MiB; a topology file may be at most \(maxFileBytes / 1_048_576) MiB", top)
        }
        if data.contains(0) {
            return fatal(LoadRules.unreadable, "file contains NUL bytes: this looks like a binary file, not a YAML topology", top)
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return fatal(LoadRules.unreadable, "file is not UTF-8 text", top)
        }
        return load(text: text, file: file)
    }

    /// Loads from text.
    public static func load(text: String, file: String) -> LoadResult {
        let top = SourceLocation(file: file, line: 1, column: 1)
        if text.utf8.count > maxFileBytes {
            return fatal(LoadRules.unreadable, "file is larger than \(maxFileBytes / 1_048_576) MiB", top)
        }
        if text.allSatisfy({ $0.isWhitespace }) {
            return fatal(LoadRules.unreadable, "file is empty: a topology needs at least `sites`, `vpcs` or `vpn_connections`", top)
        }
        let root: Node
        do {
            guard let r = try Yams.compose(yaml: text) else {
                return fatal(LoadRules.unreadable, "file holds no YAML document (only comments or blank lines); a topology needs at least `sites`, `vpcs` or `vpn_connections`", top)
            }
            root = r
        } catch let e as YamlError {
            return fatal(LoadRules.yamlSyntax, describe(e), location(of: e, file: file) ?? top)
        } catch {
            return fatal(LoadRules.yamlSyntax, "cannot parse YAML: \(error)", top)
        }
        var budget = maxNodes
        switch shape(root, level: 0, budget: &budget) {
        case .tooDeep: return fatal(LoadRules.yamlSyntax, "the YAML nests deeper than \(maxDepth) levels", top)
        case .tooLarge: return fatal(LoadRules.yamlSyntax, "the YAML expands to more than \(maxNodes) nodes (anchors and aliases?); a topology is far smaller", top)
        case .fine: break
        }
        let ctx = LoadContext(file: file)
        guard root.mapping != nil else {
            return fatal(LoadRules.invalidValue, "the top of a topology file must be a mapping (sites:, vpcs:, …), found \(root.kindName)", ctx.location(root))
        }
        let topology = TopologyReader(ctx: ctx).read(root, defaultName: stem(file))
        return LoadResult(topology: topology, diagnostics: ctx.diagnostics.sortedByLocation())
    }

    static func fatal(_ rule: Rule, _ message: String, _ at: SourceLocation) -> LoadResult {
        LoadResult(topology: nil, diagnostics: [Diagnostic(rule, message, at: at)])
    }

    static func stem(_ file: String) -> String {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        if let dot = base.lastIndex(of: "."), dot != base.startIndex { return String(base[..<dot]) }
        return base
    }

    /// Aliases make the tree a DAG whose expansion can be exponential: walk it with a budget.
    static let maxNodes = 500_000
    enum Shape { case fine, tooDeep, tooLarge }
    static func shape(_ node: Node, level: Int, budget: inout Int) -> Shape {
        budget -= 1
        if budget < 0 { return .tooLarge }
        if level > maxDepth { return .tooDeep }
        switch node {
        case .mapping(let m):
            for (k, v) in m {
                for n in [k, v] {
                    let r = shape(n, level: level + 1, budget: &budget)
                    if r != .fine { return r }
                }
            }
        case .sequence(let s):
            for n in s {
                let r = shape(n, level: level + 1, budget: &budget)
                if r != .fine { return r }
            }
        default: break
        }
        return .fine
    }

    static func location(of e: YamlError, file: String) -> SourceLocation? {
        switch e {
        case .scanner(_, _, let m, _), .parser(_, _, let m, _), .composer(_, _, let m, _):
            return SourceLocation(file: file, line: m.line, column: m.column)
        case .duplicatedKeysInMapping(_, let c):
            return SourceLocation(file: file, line: c.mark.line, column: c.mark.column)
        default: return nil
        }
    }

    static func describe(_ e: YamlError) -> String {
        switch e {
        case .scanner(let c, let p, _, _), .parser(let c, let p, _, _), .composer(let c, let p, _, _):
            let ctx = c.map { " \($0.text)" } ?? ""
            return "YAML syntax error: \(p)\(ctx)"
        case .duplicatedKeysInMapping(let d, _):
            return "duplicate key\(d.count > 1 ? "s" : "") \(d.map { "`\($0)`" }.joined(separator: ", ")): each name may appear once"
        case .reader(let p, _, _, _): return "cannot read the file as YAML text: \(p)"
        default: return "cannot parse YAML: \(e)"
        }
    }
}
