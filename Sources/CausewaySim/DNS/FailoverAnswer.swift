import CausewayCore

/// How Route 53 picks between the primary and the secondary record of a failover pair.
///
/// A record is healthy when it has no health check or its health check is not failed; Route 53
/// answers with the primary while it is healthy, else with the secondary while that is healthy;
/// when both are unhealthy it counts every record of the group healthy again and answers with
/// the primary (Route 53 developer guide, "Active-active and active-passive failover" and "How
/// Amazon Route 53 chooses records when health checking is configured"; API reference,
/// ResourceRecordSet `HealthCheckId`).
public enum FailoverAnswer {
    /// Why a record of the pair answers.
    public enum Reason: String, Sendable, Encodable, Equatable {
        /// The primary is healthy.
        case primaryHealthy = "primary-healthy"
        /// The primary's health check failed; the secondary is healthy.
        case primaryUnhealthy = "primary-unhealthy"
        /// Both are unhealthy: Route 53 counts both healthy and answers with the primary.
        case allUnhealthy = "all-unhealthy"
        /// The group has only a secondary (no primary to prefer).
        case secondaryOnly = "secondary-only"
    }

    /// The chosen record's routing and why, or nil for a group with neither role.
    public struct Choice: Sendable, Equatable {
        public var routing: FailoverRouting
        public var reason: Reason
    }

    /// Chooses among the routings of one name and type, with `unhealthy` the names of the
    /// health checks that failed (`--fail health:NAME`).
    public static func choose(_ group: [FailoverRouting], unhealthy: Set<String>) -> Choice? {
        func healthy(_ r: FailoverRouting) -> Bool { r.healthCheck.map { !unhealthy.contains($0) } ?? true }
        let primary = group.first { $0.role == .primary }
        let secondary = group.first { $0.role == .secondary }
        switch (primary, secondary) {
        case (let p?, _) where healthy(p): return Choice(routing: p, reason: .primaryHealthy)
        case (let p?, let s?): return healthy(s) ? Choice(routing: s, reason: .primaryUnhealthy) : Choice(routing: p, reason: .allUnhealthy)
        case (let p?, nil): return Choice(routing: p, reason: .allUnhealthy)
        case (nil, let s?): return Choice(routing: s, reason: .secondaryOnly)
        case (nil, nil): return nil
        }
    }

    /// Seconds from the primary's endpoint failing until Route 53 answers with the secondary, at
    /// most: its health check's interval × failure threshold (DNS caching adds the record's TTL).
    public static func secondsToFailover(_ group: [FailoverRouting], in topology: Topology) -> Int? {
        group.first { $0.role == .primary }?.healthCheck.flatMap { topology.healthCheck($0) }?.secondsToUnhealthy
    }

    /// One failover name of a hosted zone and what Route 53 answers for it.
    public struct Answer: Sendable, Equatable {
        public var zone: DNSName
        public var name: DNSName
        public var type: DNSRecordType
        public var choice: Choice
        public var values: [DNSRecordValue]
        public var ttl: Int
    }

    /// Every failover name and type of the topology's hosted zones, answered with the health
    /// checks that `failures` fail (`health:NAME`), in file order.
    public static func answers(in topology: Topology, failures: Set<Failure> = []) -> [Answer] {
        let unhealthy = Set(failures.compactMap { if case .healthCheck(let h) = $0 { return h } else { return nil } })
        var out: [Answer] = []
        for z in topology.dns.hostedZones {
            var seen: [DNSRecord] = []
            for r in z.records where r.failover != nil && !seen.contains(where: { $0.name == r.name && $0.type == r.type }) {
                seen.append(r)
                let group = z.records.filter { $0.name == r.name && $0.type == r.type && $0.failover != nil }
                guard let choice = choose(group.compactMap(\.failover), unhealthy: unhealthy),
                      let record = group.first(where: { $0.failover == choice.routing }) else { continue }
                out.append(Answer(zone: z.name, name: r.name, type: r.type, choice: choice, values: record.values, ttl: record.ttl))
            }
        }
        return out
    }
}
