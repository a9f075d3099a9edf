import Foundation

/// A flow an intent is about: a source and a destination as `trace --from/--to` name them, the
/// protocol and port, and when a Client VPN user connects (`at`).
public struct IntentFlow: Sendable, Hashable, Encodable {
    public var from: TraceSource
    public var to: TraceDestination
    public var `protocol`: IPProtocol = .icmp
    public var port: Int?
    /// `at:` (ISO 8601 with its offset): when a Client VPN user connects; nil is now.
    public var at: Date?

    public init(from: TraceSource, to: TraceDestination, protocol proto: IPProtocol = .icmp, port: Int? = nil, at: Date? = nil) {
        self.from = from
        self.to = to
        self.protocol = proto
        self.port = port
        self.at = at
    }

    /// `from → to tcp/3306`.
    public var summary: String { "\(from) → \(to) \(`protocol`.rawValue)\(port.map { "/\($0)" } ?? "")" }
}

/// One outcome the topology's author expects (`expect:`), checked by `causeway test` on the
/// simulator and by `lab test` in the lab.
public struct Intent: Sendable, Hashable, Encodable {
    public enum Kind: Sendable, Hashable {
        /// The flow is delivered and its reply comes back.
        case reachable(IntentFlow)
        /// The flow is dropped (or its reply is).
        case blocked(IntentFlow)
        /// The flow is still reachable with `failure` down (as `failover --fail` names it).
        case survives(IntentFlow, failure: Failure)
        /// The name resolves from the source (with `failure` down, when given: a failed health
        /// check moves a failover record's answer); to exactly `answer` when it is given.
        case resolves(name: DNSName, from: TraceSource, answer: [IPv4Address]?, failure: Failure?)
    }

    public var path: String
    public var kind: Kind

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    /// `reachable`, `blocked`, `survives` or `resolves`: the key the file wrote.
    public var verb: String {
        switch kind {
        case .reachable: "reachable"
        case .blocked: "blocked"
        case .survives: "survives"
        case .resolves: "resolves"
        }
    }

    /// The flow of a reachable, blocked or survives intent.
    public var flow: IntentFlow? {
        switch kind {
        case .reachable(let f), .blocked(let f), .survives(let f, _): f
        case .resolves: nil
        }
    }

    /// One line naming it: `reachable 10.0.0.1 → db1 icmp`, `survives … without vpn/1`.
    public var summary: String {
        switch kind {
        case .reachable(let f), .blocked(let f): "\(verb) \(f.summary)"
        case .survives(let f, let x): "survives \(f.summary) without \(x)"
        case .resolves(let n, let from, let a, let x):
            "resolves \(n) from \(from)\(a.map { " to \($0.map(\.description).joined(separator: ", "))" } ?? "")\(x.map { " without \($0)" } ?? "")"
        }
    }

    enum CodingKeys: String, CodingKey { case intent, from, to, `protocol`, port, at, failure, name, answer }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(verb, forKey: .intent)
        if let f = flow {
            try c.encode(f.from, forKey: .from)
            try c.encode(f.to, forKey: .to)
            try c.encode(f.protocol, forKey: .protocol)
            try c.encodeIfPresent(f.port, forKey: .port)
            try c.encodeIfPresent(f.at.map { ISO8601DateFormatter().string(from: $0) }, forKey: .at)
        }
        switch kind {
        case .survives(_, let x): try c.encode(x, forKey: .failure)
        case .resolves(let n, let from, let a, let x):
            try c.encode(n, forKey: .name)
            try c.encode(from, forKey: .from)
            try c.encodeIfPresent(a, forKey: .answer)
            try c.encodeIfPresent(x, forKey: .failure)
        case .reachable, .blocked: break
        }
    }
}
