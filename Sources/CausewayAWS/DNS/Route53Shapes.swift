import Foundation

/// A small XML document builder for Route 53's request bodies (elements in the order of the
/// API's shapes; text escaped).
struct XMLOut: Sendable {
    var name: String
    var attributes: [(String, String)] = []
    var text: String?
    var children: [XMLOut] = []

    init(_ name: String, _ children: [XMLOut]) {
        self.name = name
        self.children = children
    }

    static func leaf(_ name: String, _ text: String) -> XMLOut {
        var e = XMLOut(name, [])
        e.text = text
        return e
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    var rendered: String {
        let attrs = attributes.map { " \($0.0)=\"\(Self.escape($0.1))\"" }.joined()
        return "<\(name)\(attrs)>" + (text.map(Self.escape) ?? "") + children.map(\.rendered).joined() + "</\(name)>"
    }
}

/// A record set as Route 53 holds it (Route 53 API reference, "ResourceRecordSet"): names
/// absolute with the final dot, in lower case; values in the order given.
public struct RecordSetInfo: Sendable, Hashable {
    public var name: String
    public var type: String
    public var setIdentifier: String?
    public var failover: String?
    public var ttl: Int?
    public var values: [String] = []
    public var alias: Alias?
    public var healthCheckId: String?

    public struct Alias: Sendable, Hashable {
        public var hostedZoneId: String
        public var dnsName: String
        public var evaluateTargetHealth: Bool
    }

    public init(name: String, type: String) {
        self.name = Self.normalized(name)
        self.type = type
    }

    init(_ tree: XMLTree) {
        self.init(name: tree.string("Name") ?? "", type: tree.string("Type") ?? "")
        setIdentifier = tree.string("SetIdentifier")
        failover = tree.string("Failover")
        ttl = tree.string("TTL").flatMap { Int($0) }
        values = (tree["ResourceRecords"]?.children("ResourceRecord") ?? []).compactMap { $0.string("Value") }
        if let a = tree.child("AliasTarget") {
            alias = Alias(hostedZoneId: Route53Client.bareID(a.string("HostedZoneId") ?? ""), dnsName: Self.normalized(a.string("DNSName") ?? ""),
                          evaluateTargetHealth: a.string("EvaluateTargetHealth") == "true")
        }
        healthCheckId = tree.string("HealthCheckId")
    }

    /// Lower case, one final dot.
    static func normalized(_ name: String) -> String {
        let lower = name.lowercased()
        return lower.hasSuffix(".") ? lower : lower + "."
    }

    /// What tells records of a zone apart: name, type and set identifier.
    public var identity: String { "\(name)|\(type)|\(setIdentifier ?? "")" }

    /// Same content, values in any order.
    func sameContent(as other: RecordSetInfo) -> Bool {
        var a = self, b = other
        a.values.sort()
        b.values.sort()
        return a == b
    }

    var xml: XMLOut {
        var c: [XMLOut] = [.leaf("Name", name), .leaf("Type", type)]
        if let setIdentifier { c.append(.leaf("SetIdentifier", setIdentifier)) }
        if let failover { c.append(.leaf("Failover", failover)) }
        if let ttl { c.append(.leaf("TTL", "\(ttl)")) }
        if !values.isEmpty { c.append(XMLOut("ResourceRecords", values.map { XMLOut("ResourceRecord", [.leaf("Value", $0)]) })) }
        if let alias {
            c.append(XMLOut("AliasTarget", [.leaf("HostedZoneId", alias.hostedZoneId), .leaf("DNSName", alias.dnsName),
                                            .leaf("EvaluateTargetHealth", alias.evaluateTargetHealth ? "true" : "false")]))
        }
        if let healthCheckId { c.append(.leaf("HealthCheckId", healthCheckId)) }
        return XMLOut("ResourceRecordSet", c)
    }
}

/// A health check's configuration (Route 53 API reference, "HealthCheckConfig"), the fields
/// causeway models.
public struct HealthCheckConfig: Sendable, Hashable {
    public var type: String
    public var ipAddress: String?
    public var port: Int?
    public var resourcePath: String?
    public var fullyQualifiedDomainName: String?
    public var searchString: String?
    public var requestInterval: Int?
    public var failureThreshold: Int?

    public init(type: String) { self.type = type }

    /// `HTTP 203.0.113.80:80/, every 30 s, 3 failures`.
    public var summary: String {
        "\(type) \(ipAddress ?? fullyQualifiedDomainName ?? "?"):\(port.map(String.init) ?? "-")\(resourcePath ?? "")"
            + (searchString.map { " matching \"\($0)\"" } ?? "")
            + ", every \(requestInterval.map(String.init) ?? "?") s, \(failureThreshold.map(String.init) ?? "?") failures"
    }

    init(_ tree: XMLTree) {
        type = tree.string("Type") ?? ""
        ipAddress = tree.string("IPAddress")
        port = tree.string("Port").flatMap { Int($0) }
        resourcePath = tree.string("ResourcePath")
        fullyQualifiedDomainName = tree.string("FullyQualifiedDomainName")
        searchString = tree.string("SearchString")
        requestInterval = tree.string("RequestInterval").flatMap { Int($0) }
        failureThreshold = tree.string("FailureThreshold").flatMap { Int($0) }
    }

    var xml: XMLOut {
        var c: [XMLOut] = []
        if let ipAddress { c.append(.leaf("IPAddress", ipAddress)) }
        if let port { c.append(.leaf("Port", "\(port)")) }
        c.append(.leaf("Type", type))
        if let resourcePath { c.append(.leaf("ResourcePath", resourcePath)) }
        if let fullyQualifiedDomainName { c.append(.leaf("FullyQualifiedDomainName", fullyQualifiedDomainName)) }
        if let searchString { c.append(.leaf("SearchString", searchString)) }
        if let requestInterval { c.append(.leaf("RequestInterval", "\(requestInterval)")) }
        if let failureThreshold { c.append(.leaf("FailureThreshold", "\(failureThreshold)")) }
        return XMLOut("HealthCheckConfig", c)
    }
}
