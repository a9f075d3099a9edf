/// Route 53's failover routing policy on a record (`set_identifier`, `failover`,
/// `health_check`): two records of one name and type, a primary answered while healthy and a
/// secondary answered otherwise (Route 53 developer guide, "Active-active and active-passive
/// failover", "Values specific for failover records").
public struct FailoverRouting: Sendable, Encodable, Hashable {
    /// Tells the two records of a name and type apart (Route 53 `SetIdentifier`).
    public var setIdentifier: String
    public var role: FailoverRole
    /// The health check (`health_checks:` name) whose status decides whether this record is
    /// healthy; none means Route 53 always counts the record healthy.
    public var healthCheck: String?

    public init(setIdentifier: String, role: FailoverRole, healthCheck: String? = nil) {
        self.setIdentifier = setIdentifier
        self.role = role
        self.healthCheck = healthCheck
    }

    enum CodingKeys: String, CodingKey {
        case setIdentifier = "set_identifier", role = "failover", healthCheck = "health_check"
    }
}

/// `PRIMARY` or `SECONDARY`, as Route 53 writes them.
public enum FailoverRole: String, Sendable, Encodable, Hashable, CaseIterable {
    case primary = "PRIMARY", secondary = "SECONDARY"
}
