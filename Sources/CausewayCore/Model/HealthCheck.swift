/// A Route 53 health check (`health_checks:`): Route 53's checkers, outside every VPC, probe an
/// endpoint every `request_interval` seconds and call it unhealthy after `failure_threshold`
/// failures in a row (Route 53 developer guide, "How Amazon Route 53 determines whether a health
/// check is healthy").
public struct HealthCheck: Sendable, Encodable {
    public var name: String
    public var path: String
    public var id: String?
    public var type: HealthCheckType
    /// The endpoint's address; Route 53 probes it from the internet.
    public var ipAddress: IPv4Address?
    public var fullyQualifiedDomainName: String?
    public var port: Int
    /// The HTTP(S) path probed (HTTP types only).
    public var resourcePath: String?
    /// The text an HTTP_STR_MATCH/HTTPS_STR_MATCH check looks for in the response body.
    public var searchString: String?
    public var requestInterval: Int = AWSNumbers.HealthCheck.requestIntervalDefault
    public var failureThreshold: Int = AWSNumbers.HealthCheck.failureThresholdDefault
    /// What the endpoint is in this topology, when it is modelled here.
    public var target: HealthCheckTarget?
    /// PUBLIC: probed from the internet; PRIVATE: probed from `healthCheckSource` in a VPC.
    public var endpointType: HealthCheckEndpointType = .public
    /// The health check source a PRIVATE check runs from (HealthCheckConfig `HealthCheckSourceId`).
    public var healthCheckSource: String?

    enum CodingKeys: String, CodingKey {
        case name, id, type, port, target
        case ipAddress = "ip_address", fullyQualifiedDomainName = "fully_qualified_domain_name"
        case resourcePath = "resource_path", searchString = "search_string"
        case requestInterval = "request_interval", failureThreshold = "failure_threshold"
        case endpointType = "endpoint_type", healthCheckSource = "health_check_source"
    }

    /// Seconds from the endpoint's failure until Route 53 calls it unhealthy, at the most:
    /// `failure_threshold` probes missed, one every `request_interval`.
    public var secondsToUnhealthy: Int { requestInterval * failureThreshold }
}

/// The endpoint health check types Route 53 offers (HealthCheckConfig `Type`).
public enum HealthCheckType: String, Sendable, Encodable, CaseIterable {
    case http = "HTTP", https = "HTTPS", httpStrMatch = "HTTP_STR_MATCH", httpsStrMatch = "HTTPS_STR_MATCH", tcp = "TCP"

    /// The port Route 53 uses when none is given (the API's defaults: 80 for HTTP, 443 for HTTPS).
    public var defaultPort: Int? {
        switch self {
        case .http, .httpStrMatch: return AWSNumbers.HealthCheck.httpPortDefault
        case .https, .httpsStrMatch: return AWSNumbers.HealthCheck.httpsPortDefault
        case .tcp: return nil
        }
    }
    public var isHTTP: Bool { self != .tcp }
    public var matchesString: Bool { self == .httpStrMatch || self == .httpsStrMatch }
}

/// The modelled endpoint a health check probes: an instance of a VPC, or a host of a site.
public enum HealthCheckTarget: Sendable, Hashable, Encodable, CustomStringConvertible, EncodesAsDescription {
    case instance(vpc: String, name: String)
    case host(site: String, name: String)

    public var description: String {
        switch self {
        case .instance(let v, let n): return "instance \(v)/\(n)"
        case .host(let s, let n): return "host \(s)/\(n)"
        }
    }
}
