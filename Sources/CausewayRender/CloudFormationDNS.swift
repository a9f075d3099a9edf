import CausewayCore

extension CloudFormationNames {
    /// The parameter holding the id of a security group of a VPC (security groups are not
    /// managed here): `SeoulResolverSecurityGroupId`.
    public static func securityGroupParameter(_ vpc: String, _ group: String) -> String { id("", vpc, group, "SecurityGroupId") }
}

extension CloudFormationBuilder {
    /// Route 53 health checks and hosted zones with their record sets, Route 53 Resolver
    /// endpoints, rules and rule associations, and EFS file systems with their mount targets.
    /// Properties as the CloudFormation template reference names them:
    /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-route53-healthcheck.html,
    /// aws-resource-route53resolver-resolverendpoint.html, aws-resource-route53resolver-resolverrule.html,
    /// aws-resource-route53resolver-resolverruleassociation.html, aws-resource-route53-hostedzone.html,
    /// aws-resource-route53-recordset.html, aws-resource-efs-filesystem.html, aws-resource-efs-mounttarget.html.
    /// A resource whose references name nothing is left out (`RenderRules.notPrinted` warns).
    mutating func route53(_ r: Route53Resource) {
        guard d.unresolved(r).isEmpty, !r.isAdopted else { return }
        let id = Self.logicalID(r)
        let type = r.kind.cloudFormationType
        switch r.properties {
        case .healthCheck(let h):
            var c: [(String, YAMLNode)] = [("Type", .string(h.type.rawValue))]
            if let ip = h.ipAddress { c.append(("IPAddress", .string(ip.description))) }
            if let fqdn = h.fullyQualifiedDomainName { c.append(("FullyQualifiedDomainName", .string(fqdn))) }
            c.append(("Port", .int(h.port)))
            if let path = h.resourcePath { c.append(("ResourcePath", .string(path))) }
            if let s = h.searchString { c.append(("SearchString", .string(s))) }
            c += [("RequestInterval", .int(h.requestInterval)), ("FailureThreshold", .int(h.failureThreshold))]
            // A PRIVATE check runs from its health check source (HealthCheckConfig EndpointType,
            // HealthCheckSourceId), properties newer than cfn-lint 1.51's schema (E3002).
            let privateSource = h.endpointType == .private ? h.healthCheckSource.map(Route53Keys.healthCheckSource) : nil
            if let privateSource { c += [("EndpointType", .string(h.endpointType.rawValue)), ("HealthCheckSourceId", route53Ref(privateSource, "HealthCheckSourceId"))] }
            resource(id, type, [("HealthCheckConfig", .map(c)), ("HealthCheckTags", tags(r.name))], lintIgnores: privateSource == nil ? [] : ["E3002"])
        case .healthCheckSource(let vpc, let subnets):
            // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-route53-healthchecksource.html:
            // SubnetConfiguration takes the zone's id (use1-az1), not its name. The type is newer
            // than cfn-lint 1.51's schema (E3006).
            let list: [YAMLNode] = subnets.map { s in
                .map([("SubnetId", ref(s.subnet, "Subnet")), ("AvailabilityZoneId", zoneID(s.subnet)), ("SecurityGroupIdList", securityGroups(s.securityGroups))])
            }
            resource(id, type, [
                ("HealthCheckSourceConfig", .map([("VpcId", ref(vpc, "VPC")), ("SubnetConfigurationList", .list(list))])),
                ("Tags", tags(r.name)),
            ], lintIgnores: ["E3006"])
        case .resolverEndpoint(let direction, _, let addresses, let groups):
            resource(id, type, [
                ("Name", .string(r.name)),
                ("Direction", .string(direction.api)),
                ("IpAddresses", .list(addresses.map { .map([("SubnetId", ref($0.subnet, "Subnet")), ("Ip", .string($0.ip.description))]) })),
                ("SecurityGroupIds", securityGroups(groups)),
                ("Tags", tags(r.name)),
            ])
        case .resolverRule(let domain, let ruleType, let targets, let endpoint):
            var p: [(String, YAMLNode)] = [("Name", .string(r.name)), ("DomainName", .string(domain.text)), ("RuleType", .string(ruleType.api))]
            if let endpoint { p.append(("ResolverEndpointId", route53Ref(endpoint, "ResolverEndpointId"))) }
            // TargetAddress.Port is a string in the template.
            if !targets.isEmpty { p.append(("TargetIps", .list(targets.map { .map([("Ip", .string($0.ip.description)), ("Port", .string(String($0.port)))]) }))) }
            p.append(("Tags", tags(r.name)))
            resource(id, type, p)
        case .resolverRuleAssociation(let rule, let vpc):
            resource(id, type, [
                ("Name", .string(TerraformNames.id(r.names))),
                ("ResolverRuleId", route53Ref(rule, "ResolverRuleId")),
                ("VPCId", ref(vpc, "VPC")),
            ])
        case .hostedZone(let name, let isPrivate, let vpcs):
            var p: [(String, YAMLNode)] = [
                ("Name", .string(name.text)),
                ("HostedZoneConfig", .map([("Comment", .string("\(isPrivate ? "Private" : "Public") hosted zone of \(d.topology), rendered by causeway"))])),
            ]
            // A private zone's VPCs are in the stack's Region.
            if !vpcs.isEmpty { p.append(("VPCs", .list(vpcs.map { .map([("VPCId", ref($0, "VPC")), ("VPCRegion", .ref("AWS::Region"))]) }))) }
            p.append(("HostedZoneTags", tags(r.name)))
            resource(id, type, p)
            if !isPrivate {
                outputs.append((CloudFormationNames.id("", name.text, "NameServers"), .map([
                    ("Description", .string("The name servers of the public hosted zone \(name): delegate the domain to them at its registrar")),
                    ("Value", .map([("Fn::Join", .list([.string(","), .getAtt(id, "NameServers")]))])),
                ])))
            }
        case .recordSet(let zone, let record, let check):
            resource(id, type, recordSet(zone, record, check))
        case .fileSystem(let extra):
            resource(id, type, [("FileSystemTags", tags(r.name, extra))])
        case .mountTarget(let fs, let subnet, let address, let groups):
            resource(id, type, [
                ("FileSystemId", route53Ref(fs, "")),
                ("SubnetId", ref(subnet, "Subnet")),
                ("IpAddress", .string(address.description)),
                ("SecurityGroups", securityGroups(groups)),
            ])
        case .resourceShare(let rule, let principals):
            // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ram-resourceshare.html
            resource(id, type, [
                ("Name", .string(r.name)),
                ("AllowExternalPrincipals", .bool(principals.needsExternalPrincipals)),
                ("ResourceArns", .list([route53Ref(rule, "Arn")])),
                ("Principals", .list(principals.map { .string($0.api) })),
                ("Tags", tags(r.name)),
            ])
        }
        printedRoute53.append(r.key)
    }

    /// The Availability Zone id of a subnet: read from the subnet this template creates, a
    /// parameter for an adopted one.
    mutating func zoneID(_ subnet: String) -> YAMLNode {
        guard adopted(subnet) else { return .getAtt(CloudFormationNames.id("Subnet", names(subnet)), "AvailabilityZoneId") }
        let name = CloudFormationNames.id("", names(subnet) + ["AvailabilityZoneId"])
        parameter(name, [("Type", .string("String")), ("Description", .string("The Availability Zone id (use1-az1 style) of the adopted subnet \(names(subnet).last ?? subnet)"))])
        return .ref(name)
    }

    /// A record set: values with a TTL (a string in the template), or an alias; a failover
    /// record's set identifier, role and health check.
    func recordSet(_ zone: String, _ record: DNSRecord, _ check: String?) -> [(String, YAMLNode)] {
        let zoneID = route53Ref(zone, "")
        var p: [(String, YAMLNode)] = [("HostedZoneId", zoneID), ("Name", .string(record.name.absolute)), ("Type", .string(record.type.api))]
        if let alias = record.alias {
            p.append(("AliasTarget", .map([
                ("DNSName", .string(alias.name.absolute)),
                ("HostedZoneId", alias.hostedZoneID.map { .string($0) } ?? zoneID),
                ("EvaluateTargetHealth", .bool(alias.evaluateTargetHealth)),
            ])))
        } else {
            // Route 53 takes a TXT value in double quotes.
            let values = record.values.map { v -> YAMLNode in
                if case .text(let t) = v { return .string("\"\(t)\"") }
                return .string(v.description)
            }
            p += [("TTL", .string(String(record.ttl))), ("ResourceRecords", .list(values))]
        }
        if let f = record.failover {
            p += [("SetIdentifier", .string(f.setIdentifier)), ("Failover", .string(f.role.rawValue))]
            if let check { p.append(("HealthCheckId", route53Ref(check, ""))) }
        }
        return p
    }

    /// The logical id of a Route 53 resource: its type's name and its topology names.
    static func logicalID(_ r: Route53Resource) -> String {
        let type = r.kind.cloudFormationType.split(separator: ":").last.map(String.init) ?? ""
        return CloudFormationNames.id(type, r.names)
    }

    /// A Route 53 resource of this template: the adopted id, else its `Ref` (an empty attribute)
    /// or `Fn::GetAtt`.
    func route53Ref(_ key: String, _ attribute: String) -> YAMLNode {
        guard let r = d.route53(key) else { return .string("") }
        if let id = r.adoptedID { return .string(id) }
        return attribute.isEmpty ? .ref(Self.logicalID(r)) : .getAtt(Self.logicalID(r), attribute)
    }

    /// Security group ids: parameters (security groups are not managed here), or the VPC's
    /// default group, read from the VPC this template creates.
    mutating func securityGroups(_ groups: [SecurityGroupReference]) -> YAMLNode {
        var out: [YAMLNode] = []
        for g in groups {
            switch g {
            case .vpcDefault(let vpc) where !adopted(vpc):
                out.append(.getAtt(CloudFormationNames.id("VPC", names(vpc)), "DefaultSecurityGroup"))
            case .vpcDefault(let vpc):
                let v = names(vpc).last ?? vpc
                out.append(securityGroupParameter(CloudFormationNames.securityGroupParameter(v, "default"), "The default security group of the adopted VPC \(v) (sg-…)"))
            case .named(let vpc, let group):
                let v = names(vpc).last ?? vpc
                out.append(securityGroupParameter(CloudFormationNames.securityGroupParameter(v, group), "Security group \(group) of VPC \(v) (sg-…): security groups are not managed here"))
            }
        }
        return .list(out)
    }

    mutating func securityGroupParameter(_ name: String, _ description: String) -> YAMLNode {
        parameter(name, [("Type", .string("AWS::EC2::SecurityGroup::Id")), ("Description", .string(description))])
        return .ref(name)
    }
}
