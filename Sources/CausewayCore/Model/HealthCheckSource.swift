/// A Route 53 health check source (`health_check_sources:`): network interfaces Route 53 creates
/// in subnets of one VPC, from which private endpoint health checks probe endpoints that are not
/// reachable from the internet (Route 53 developer guide, "Health check sources" and "Private
/// endpoint health checks"; API reference, HealthCheckSourceConfig).
public struct HealthCheckSource: Sendable, Encodable {
    public var name: String
    public var path: String
    /// An existing source's id, adopted rather than created.
    public var id: String?
    /// The VPC every subnet of the source belongs to (HealthCheckSourceConfig `VpcId`).
    public var vpc: String
    /// One subnet per Availability Zone Route 53 checks from (`SubnetConfigurationList`).
    public var subnets: [HealthCheckSourceSubnet] = []
    public var tags: [String: String] = [:]

    public init(name: String, path: String, vpc: String, id: String? = nil, subnets: [HealthCheckSourceSubnet] = [], tags: [String: String] = [:]) {
        (self.name, self.path, self.vpc, self.id, self.subnets, self.tags) = (name, path, vpc, id, subnets, tags)
    }

    enum CodingKeys: String, CodingKey { case name, id, vpc, subnets, tags }
}

/// One subnet of a health check source and the security groups of the interface Route 53 puts
/// there (API reference, SubnetConfiguration: `SubnetId`, `SecurityGroupIdList`).
public struct HealthCheckSourceSubnet: Sendable, Encodable {
    public var path: String
    public var subnet: String
    public var securityGroups: [String] = []

    public init(path: String, subnet: String, securityGroups: [String] = []) {
        (self.path, self.subnet, self.securityGroups) = (path, subnet, securityGroups)
    }

    enum CodingKeys: String, CodingKey {
        case subnet, securityGroups = "security_groups"
    }
}

/// Where Route 53 probes a health check from (HealthCheckConfig `EndpointType`): its checkers on
/// the internet (PUBLIC, the default) or a health check source inside a VPC (PRIVATE).
public enum HealthCheckEndpointType: String, Sendable, Encodable, CaseIterable {
    case `public` = "PUBLIC", `private` = "PRIVATE"
}
