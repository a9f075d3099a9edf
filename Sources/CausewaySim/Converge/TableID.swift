import CausewayCore

/// Which routing table a converged table is: a VPC route table, a virtual private gateway, a
/// transit gateway route table, a site's customer gateway device or a LAN router. Written (in
/// text and JSON) `VPC/TABLE`, `vgw:NAME`, `tgw:NAME/TABLE`, `cgw:SITE`, `router:SITE/NAME`.
public enum TableID: Hashable, Sendable, Comparable, CustomStringConvertible, Codable, EncodesAsDescription {
    case vpcTable(vpc: String, table: String)
    case vgw(String)
    case tgwTable(tgw: String, table: String)
    case cgw(site: String)
    case router(site: String, name: String)

    public var description: String {
        switch self {
        case .vpcTable(let v, let t): return "\(v)/\(t)"
        case .vgw(let n): return "vgw:\(n)"
        case .tgwTable(let g, let t): return "tgw:\(g)/\(t)"
        case .cgw(let s): return "cgw:\(s)"
        case .router(let s, let n): return "router:\(s)/\(n)"
        }
    }

    /// Reads an id as `causeway routes --table` takes it; nil for text that is no id (a bare
    /// table name, say).
    public init?(parsing text: String) {
        func split(_ s: Substring) -> (String, String)? {
            guard let slash = s.firstIndex(of: "/") else { return nil }
            let a = s[..<slash], b = s[s.index(after: slash)...]
            return a.isEmpty || b.isEmpty ? nil : (String(a), String(b))
        }
        for (prefix, make) in [("vgw:", { s in s.isEmpty ? nil : TableID.vgw(String(s)) }),
                               ("tgw:", { s in split(s).map { TableID.tgwTable(tgw: $0.0, table: $0.1) } }),
                               ("cgw:", { s in s.isEmpty ? nil : TableID.cgw(site: String(s)) }),
                               ("router:", { s in split(s).map { TableID.router(site: $0.0, name: $0.1) } })] as [(String, (Substring) -> TableID?)]
        where text.hasPrefix(prefix) {
            guard let id = make(text.dropFirst(prefix.count)) else { return nil }
            self = id
            return
        }
        guard let (v, t) = split(Substring(text)) else { return nil }
        self = .vpcTable(vpc: v, table: t)
    }

    public static func < (l: Self, r: Self) -> Bool { l.description < r.description }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = TableID(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a table id: \(text)"))
        }
        self = id
    }

    /// The id's text, so JSON output reads as it always has.
}
