/// The Route 53 and Route 53 Resolver resources a topology wants (its `dns:` section and its
/// health checks), and its EFS file systems with their mount targets, part of the one AWS
/// resource description. Apply creates them from these properties (CausewayAWS/DNS; health check
/// sources and PRIVATE checks are noted as not applied); the Terraform and CloudFormation renders
/// print them all.
public enum Route53ResourceKind: String, Sendable, Encodable, CaseIterable {
    case resolverEndpoint, resolverRule, resolverRuleAssociation, hostedZone, recordSet, healthCheck, healthCheckSource
    case fileSystem, mountTarget
    /// An AWS RAM resource share granting a Resolver rule to other accounts (`share_with`).
    case resourceShare

    /// The CloudFormation type.
    public var cloudFormationType: String {
        switch self {
        case .resolverEndpoint: return "AWS::Route53Resolver::ResolverEndpoint"
        case .resolverRule: return "AWS::Route53Resolver::ResolverRule"
        case .resolverRuleAssociation: return "AWS::Route53Resolver::ResolverRuleAssociation"
        case .hostedZone: return "AWS::Route53::HostedZone"
        case .recordSet: return "AWS::Route53::RecordSet"
        case .healthCheck: return "AWS::Route53::HealthCheck"
        case .healthCheckSource: return "AWS::Route53::HealthCheckSource"
        case .fileSystem: return "AWS::EFS::FileSystem"
        case .mountTarget: return "AWS::EFS::MountTarget"
        case .resourceShare: return "AWS::RAM::ResourceShare"
        }
    }

    /// The Terraform AWS provider's resource type.
    public var terraformType: String {
        switch self {
        case .resolverEndpoint: return "aws_route53_resolver_endpoint"
        case .resolverRule: return "aws_route53_resolver_rule"
        case .resolverRuleAssociation: return "aws_route53_resolver_rule_association"
        case .hostedZone: return "aws_route53_zone"
        case .recordSet: return "aws_route53_record"
        case .healthCheck: return "aws_route53_health_check"
        // The AWS provider 5.x has no resource for it: the Terraform render comments it.
        case .healthCheckSource: return "aws_route53_health_check_source"
        case .fileSystem: return "aws_efs_file_system"
        case .mountTarget: return "aws_efs_mount_target"
        // With aws_ram_resource_association and aws_ram_principal_association (TerraformDNS.swift).
        case .resourceShare: return "aws_ram_resource_share"
        }
    }
}

/// One Route 53 resource: its kind, a stable key, the topology node it comes from, the topology
/// names that identify it (what the templates build their identifiers from), the AWS id the
/// topology adopts with `id:` and what is wanted of it (Route53Properties.swift).
public struct Route53Resource: Sendable {
    public var kind: Route53ResourceKind
    public var key: String
    public var path: String
    public var names: [String]
    public var adoptedID: String?
    public var properties: Route53ResourceProperties

    public init(key: String, names: [String], path: String, adoptedID: String? = nil, properties: Route53ResourceProperties) {
        self.kind = properties.kind
        self.key = key
        self.path = path
        self.names = names
        self.adoptedID = adoptedID
        self.properties = properties
    }

    /// A health check source, or a PRIVATE health check that runs from one, neither adopted:
    /// what apply and the Terraform AWS provider 5.x cannot create (plan and render say so).
    public var isUncreatedPrivateHealthCheck: Bool {
        guard !isAdopted else { return false }
        switch properties {
        case .healthCheckSource: return true
        case .healthCheck(let h): return h.endpointType == .private
        default: return false
        }
    }

    /// Its own name in the topology.
    public var name: String { names.last ?? key }
    public var isAdopted: Bool { adoptedID != nil }
}

extension Route53Resource {
    /// The topology's Route 53 resources in creation order: health check sources, health checks, endpoints, rules and
    /// their VPC associations, hosted zones and their records, file systems and mount targets.
    static func all(_ t: Topology) -> [Route53Resource] { described(t) }
}
