/// One HTTP header as sent; names compare case-insensitively where it matters (signing).
public struct HTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) { self.name = name; self.value = value }
}

/// One query-string parameter, not yet encoded.
public struct QueryItem: Sendable, Hashable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) { self.name = name; self.value = value }
}

/// The parts of an HTTP request that SigV4 signs.
public struct SignableRequest: Sendable, Hashable {
    public var method: String
    public var scheme: String
    public var host: String
    public var port: Int?
    /// The path exactly as it goes on the wire (already percent-encoded by the caller, if at all).
    public var path: String
    public var query: [QueryItem]
    public var headers: [HTTPHeader]
    public var body: [UInt8]

    public init(method: String, scheme: String = "https", host: String, port: Int? = nil,
                path: String = "/", query: [QueryItem] = [], headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.method = method
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The `Host` header value: lower-case host, port only when not the scheme's default.
    public var hostHeader: String {
        let defaultPort = scheme.lowercased() == "https" ? 443 : (scheme.lowercased() == "http" ? 80 : nil)
        if let port, port != defaultPort { return "\(host.lowercased()):\(port)" }
        return host.lowercased()
    }
}
