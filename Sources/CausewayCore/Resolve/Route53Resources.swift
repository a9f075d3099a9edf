/// The Route 53 and Route 53 Resolver resources a topology wants (its `dns:` section and its
/// health checks), and its EFS file systems with their mount targets, part of the one AWS
/// resource description. Apply manages only EC2 resources so far: the planner notes
/// each of these as not applied, and the Terraform and CloudFormation renders do not print them
/// yet.
public enum Route53ResourceKind: String, Sendable, Encodable, CaseIterable {
    case resolverEndpoint, resolverRule, resolverRuleAssociation, hostedZone, recordSet, healthCheck
    case fileSystem, mountTarget

    /// The CloudFormation type.
    public var cloudFormationType: String {
        switch self {
        case .resolverEndpoint: return "AWS::Route53Resolver::ResolverEndpoint"
        case .resolverRule: return "AWS::Route53Resolver::ResolverRule"
        case .resolverRuleAssociation: return "AWS::Route53Resolver::ResolverRuleAssociation"
        case .hostedZone: return "AWS::Route53::HostedZone"
        case .recordSet: return "AWS::Route53::RecordSet"
        case .healthCheck: return "AWS::Route53::HealthCheck"
        case .fileSystem: return "AWS::EFS::FileSystem"
        case .mountTarget: return "AWS::EFS::MountTarget"
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
        case .fileSystem: return "aws_efs_file_system"
        case .mountTarget: return "aws_efs_mount_target"
        }
    }
}

/// One Route 53 resource: its kind, a stable key and the topology node it comes from.
public struct Route53Resource: Sendable, Encodable, Hashable {
    public var kind: Route53ResourceKind
    public var key: String
    public var path: String

    public init(kind: Route53ResourceKind, key: String, path: String) {
        self.kind = kind
        self.key = key
        self.path = path
    }
}

extension Route53Resource {
    /// The topology's Route 53 resources in creation order: endpoints, rules and their VPC
    /// associations, hosted zones and their records.
    static func all(_ t: Topology) -> [Route53Resource] {
        var out: [Route53Resource] = []
        for h in t.healthChecks { out.append(Route53Resource(kind: .healthCheck, key: "dns/health-check/\(h.name)", path: h.path)) }
        for e in t.dns.resolverEndpoints { out.append(Route53Resource(kind: .resolverEndpoint, key: "dns/endpoint/\(e.name)", path: e.path)) }
        for r in t.dns.resolverRules {
            out.append(Route53Resource(kind: .resolverRule, key: "dns/rule/\(r.name)", path: r.path))
            for v in r.vpcs { out.append(Route53Resource(kind: .resolverRuleAssociation, key: "dns/rule/\(r.name)/\(v)", path: "\(r.path).vpcs")) }
        }
        for z in t.dns.hostedZones {
            out.append(Route53Resource(kind: .hostedZone, key: "dns/zone/\(z.name)", path: z.path))
            for r in z.records {
                // Records of a failover pair share name and type; the set identifier tells them apart.
                let id = r.failover.map { "/\($0.setIdentifier)" } ?? ""
                out.append(Route53Resource(kind: .recordSet, key: "dns/zone/\(z.name)/\(r.name)/\(r.type.api)\(id)", path: r.path))
            }
        }
        for fs in t.fileSystems {
            out.append(Route53Resource(kind: .fileSystem, key: "efs/\(fs.name)", path: fs.path))
            for m in fs.mountTargets { out.append(Route53Resource(kind: .mountTarget, key: "efs/\(fs.name)/\(m.subnet)", path: m.path)) }
        }
        return out
    }
}
