import CausewayCore
import CausewaySim

/// One Route 53 health checker's view of one endpoint, as the developer guide counts it ("How
/// Amazon Route 53 determines whether a health check is healthy"): a new health check is healthy
/// until there is data; its status flips only after `failure_threshold` probes in a row disagree
/// with it (failed probes for a healthy endpoint, passed ones for an unhealthy endpoint).
public struct HealthCheckCounter: Sendable, Equatable, Codable {
    public let threshold: Int
    public private(set) var healthy = true
    /// Probes in a row that disagree with `healthy`.
    public private(set) var streak = 0

    public init(threshold: Int) { self.threshold = max(1, threshold) }

    /// Counts one probe; returns true when the status flipped.
    public mutating func record(passed: Bool) -> Bool {
        guard passed != healthy else {
            streak = 0
            return false
        }
        streak += 1
        guard streak >= threshold else { return false }
        healthy = passed
        streak = 0
        return true
    }
}

/// What `causeway lab health-checker` reads: the health checks to probe (lab addresses), and the
/// authoritative server's zone files to rewrite when a status changes. Written by the lab plan
/// (`LabFailover`), holds no secret.
public struct HealthCheckerConfig: Sendable, Codable, Equatable {
    /// How one probe is made (Route 53's endpoint check types the lab stands in; HTTPS is not:
    /// the lab's web endpoints serve plain HTTP).
    public enum Probe: String, Sendable, Codable {
        case http = "HTTP", httpStringMatch = "HTTP_STR_MATCH", tcp = "TCP"

        public init?(_ type: HealthCheckType) {
            switch type {
            case .http: self = .http
            case .httpStrMatch: self = .httpStringMatch
            case .tcp: self = .tcp
            case .https, .httpsStrMatch: return nil
            }
        }
    }

    /// One health check as the lab probes it.
    public struct Check: Sendable, Codable, Equatable {
        public var name: String
        public var probe: Probe
        public var address: IPv4Address
        public var port: Int
        public var path: String
        public var searchString: String?
        public var requestInterval: Int
        public var failureThreshold: Int
    }

    /// One record of a failover pair: the health check it follows and its zone-file lines.
    public struct Record: Sendable, Codable, Equatable {
        /// `gslb.skk2022.shop A`: the name and type of its pair.
        public var name: String
        public var setIdentifier: String
        public var role: String
        public var healthCheck: String?
        /// The record's lines as the BIND render writes them.
        public var lines: String

        var routing: FailoverRouting? {
            FailoverRole(rawValue: role).map { FailoverRouting(setIdentifier: setIdentifier, role: $0, healthCheck: healthCheck) }
        }
    }

    /// One zone file the checker writes: the zone's other records, then per failover name the
    /// record Route 53 would answer with.
    public struct Zone: Sendable, Codable, Equatable {
        public var path: String
        /// The zone file without its failover records (SOA, NS, the other records).
        public var base: String
        public var groups: [[Record]]

        /// The zone file with `unhealthy` health checks failed, chosen as the simulator chooses
        /// (`FailoverAnswer.choose`).
        public func contents(unhealthy: Set<String>) -> String {
            var out = base
            for g in groups {
                let routings = g.compactMap(\.routing)
                guard let c = FailoverAnswer.choose(routings, unhealthy: unhealthy),
                      let r = g.first(where: { $0.routing == c.routing }) else { continue }
                out += r.lines
            }
            return out
        }
    }

    public var checks: [Check]
    public var zones: [Zone]
    /// named's pid file: the checker sends it SIGHUP after rewriting a zone (named rereads
    /// changed zone files; the lab's named has no rndc channel).
    public var namedPIDFile: String
    /// Where the checker writes every check's status after each probe (JSON).
    public var statusPath: String
}

/// What the checker last saw, written to `statusPath` after each probe.
public struct HealthCheckerStatus: Sendable, Codable, Equatable {
    public struct Entry: Sendable, Codable, Equatable {
        public var name: String
        public var healthy: Bool
        public var streak: Int
        public var probes: Int
        public var lastPassed: Bool?
        /// When the status last flipped (seconds since 1970, for `lab test` to time the checker).
        public var changedAt: Double?
        /// How long the last probe took, seconds.
        public var lastProbeSeconds: Double?
    }
    public var checks: [Entry]
}
