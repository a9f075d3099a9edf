import CausewayCore

extension TerraformNames {
    /// The variable holding the id of a security group of a VPC (security groups are not
    /// managed here): `seoul_resolver_security_group_id`.
    public static func securityGroupVariable(_ vpc: String, _ group: String) -> String { id(vpc, group, "security_group_id") }
    /// The output listing a public hosted zone's name servers (the registrar delegates to them).
    public static func nameServersOutput(_ zone: String) -> String { id(zone, "name_servers") }
}

extension TerraformBuilder {
    /// Route 53 health checks and hosted zones with their records, Route 53 Resolver endpoints,
    /// rules and rule associations, and EFS file systems with their mount targets (AWS provider
    /// 5.x: aws_route53_*, aws_efs_*). Health checks and public hosted zones are global Route 53
    /// resources: the provider's region does not place them. A resource whose references name
    /// nothing is left out (`RenderRules.notPrinted` warns about it).
    mutating func route53(_ r: Route53Resource) {
        guard d.unresolved(r).isEmpty else { return }
        let id = N.id(r.names)
        if let adopted = r.adoptedID {
            main.append("# \(r.kind.terraformType) `\(r.name)` is adopted (\(adopted)): not managed here.\n")
            return
        }
        switch r.properties {
        case .healthCheckSource(let vpc, let subnets):
            // The AWS provider 5.x has no resource for it (`render-provider-refuses`).
            main.append("# Route 53 health check source `\(r.name)` (\(names(vpc).last ?? vpc), subnets \(subnets.map { names($0.subnet).last ?? $0.subnet }.joined(separator: ", "))): the AWS provider 5.x has no resource for it; create it with the CloudFormation render, the console or the CLI.\n")
        case .healthCheck(let h) where h.endpointType == .private:
            // aws_route53_health_check takes no endpoint_type or health_check_source_id: the
            // PRIVATE check is created elsewhere and its records take its id.
            variable(N.id(r.names + ["health_check_id"]), "The id of the PRIVATE Route 53 health check `\(r.name)` (from health check source `\(h.healthCheckSource ?? "")`), created with the CloudFormation render, the console or the CLI: the AWS provider 5.x cannot create it.")
            main.append("# Route 53 health check `\(r.name)` is PRIVATE (from health check source `\(h.healthCheckSource ?? "")`): the AWS provider 5.x cannot create it; its records use var.\(N.id(r.names + ["health_check_id"])).\n")
        case .healthCheck(let h):
            // https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html
            var body: [HCLItem] = [.attr("type", .string(h.type.rawValue))]
            if let ip = h.ipAddress { body.append(.attr("ip_address", .string(ip.description))) }
            if let fqdn = h.fullyQualifiedDomainName { body.append(.attr("fqdn", .string(fqdn))) }
            body.append(.attr("port", .int(h.port)))
            if let path = h.resourcePath { body.append(.attr("resource_path", .string(path))) }
            if let s = h.searchString { body.append(.attr("search_string", .string(s))) }
            body += [.attr("request_interval", .int(h.requestInterval)), .attr("failure_threshold", .int(h.failureThreshold)), tags(r.name)]
            main.append(HCL.block("resource", [r.kind.terraformType, id], body, comment: "Route 53 health check `\(r.name)` (global: Route 53's checkers probe it from the internet)"))
        case .resolverEndpoint(let direction, _, let addresses, let groups):
            var body: [HCLItem] = [
                .attr("name", .string(r.name)),
                .attr("direction", .string(direction.api)),
                .attr("security_group_ids", securityGroups(groups)),
            ]
            body += addresses.map { .block("ip_address", [], [.attr("subnet_id", ref($0.subnet, "aws_subnet")), .attr("ip", .string($0.ip.description))]) }
            body.append(tags(r.name))
            main.append(HCL.block("resource", [r.kind.terraformType, id], body, comment: "Route 53 Resolver \(direction.rawValue) endpoint `\(r.name)`"))
        case .resolverRule(let domain, let type, let targets, let endpoint):
            var body: [HCLItem] = [.attr("name", .string(r.name)), .attr("domain_name", .string(domain.text)), .attr("rule_type", .string(type.api))]
            if let endpoint { body.append(.attr("resolver_endpoint_id", route53Ref(endpoint, "id"))) }
            body += targets.map { .block("target_ip", [], [.attr("ip", .string($0.ip.description)), .attr("port", .int($0.port))]) }
            body.append(tags(r.name))
            main.append(HCL.block("resource", [r.kind.terraformType, id], body, comment: "Route 53 Resolver rule `\(r.name)` (\(domain))"))
        case .resolverRuleAssociation(let rule, let vpc):
            main.append(HCL.block("resource", [r.kind.terraformType, id], [
                .attr("name", .string(N.id(r.names))),
                .attr("resolver_rule_id", route53Ref(rule, "id")),
                .attr("vpc_id", ref(vpc, "aws_vpc")),
            ]))
        case .hostedZone(let name, let isPrivate, let vpcs):
            var body: [HCLItem] = [.attr("name", .string(name.text)), .attr("comment", .string("\(isPrivate ? "Private" : "Public") hosted zone of \(d.topology), rendered by causeway"))]
            body += vpcs.map { .block("vpc", [], [.attr("vpc_id", ref($0, "aws_vpc"))]) }
            body.append(tags(r.name))
            main.append(HCL.block("resource", [r.kind.terraformType, id], body, comment: "\(isPrivate ? "Private" : "Public") hosted zone `\(name)`"))
            if !isPrivate {
                outputs.append(HCL.block("output", [N.nameServersOutput(name.text)], [
                    .attr("description", .string("The name servers of the public hosted zone \(name): delegate the domain to them at its registrar")),
                    .attr("value", .ref("aws_route53_zone.\(id).name_servers")),
                ]))
            }
        case .recordSet(let zone, let record, let check):
            main.append(HCL.block("resource", [r.kind.terraformType, id], recordBody(zone, record, check)))
        case .fileSystem(let extra):
            main.append(HCL.block("resource", [r.kind.terraformType, id], [
                .attr("creation_token", .string("\(d.topology)-\(r.name)")), tags(r.name, extra),
            ], comment: "EFS file system `\(r.name)`"))
        case .mountTarget(let fs, let subnet, let address, let groups):
            main.append(HCL.block("resource", [r.kind.terraformType, id], [
                .attr("file_system_id", route53Ref(fs, "id")),
                .attr("subnet_id", ref(subnet, "aws_subnet")),
                .attr("ip_address", .string(address.description)),
                .attr("security_groups", securityGroups(groups)),
            ]))
        case .resourceShare(let rule, let principals):
            // https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-rules-managing.html#resolver-rules-managing-sharing:
            // the share, the rule in it, and each principal (the provider's three resources).
            let share = "\(r.kind.terraformType).\(id).arn"
            main.append(HCL.block("resource", [r.kind.terraformType, id], [
                .attr("name", .string(r.name)),
                .attr("allow_external_principals", .bool(principals.needsExternalPrincipals)),
                tags(r.name),
            ], comment: "AWS RAM share of Resolver rule `\(r.name)` with \(principals.map(\.api).joined(separator: ", "))"))
            main.append(HCL.block("resource", ["aws_ram_resource_association", id], [
                .attr("resource_arn", route53Ref(rule, "arn")), .attr("resource_share_arn", .ref(share)),
            ]))
            for (i, p) in principals.enumerated() {
                main.append(HCL.block("resource", ["aws_ram_principal_association", N.id(r.names + [String(i + 1)])], [
                    .attr("principal", .string(p.api)), .attr("resource_share_arn", .ref(share)),
                ]))
            }
        }
        printedRoute53.append(r.key)
    }

    /// A record set: values with a TTL, or an alias; a failover record's set identifier, role
    /// and health check (https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html).
    func recordBody(_ zone: String, _ record: DNSRecord, _ check: String?) -> [HCLItem] {
        let zoneID = route53Ref(zone, "zone_id")
        var body: [HCLItem] = [.attr("zone_id", zoneID), .attr("name", .string(record.name.text)), .attr("type", .string(record.type.api))]
        if let alias = record.alias {
            body.append(.block("alias", [], [
                .attr("name", .string(alias.name.text)),
                .attr("zone_id", alias.hostedZoneID.map { .string($0) } ?? zoneID),
                .attr("evaluate_target_health", .bool(alias.evaluateTargetHealth)),
            ]))
        } else {
            // The provider quotes TXT values itself.
            body += [.attr("ttl", .int(record.ttl)), .attr("records", .list(record.values.map { .string($0.description) }))]
        }
        if let f = record.failover {
            body.append(.attr("set_identifier", .string(f.setIdentifier)))
            if let check { body.append(.attr("health_check_id", route53Ref(check, "id"))) }
            body.append(.block("failover_routing_policy", [], [.attr("type", .string(f.role.rawValue))]))
        }
        return body
    }

    /// An attribute of a Route 53 resource of this render: the adopted id, else `TYPE.NAME.ATTR`.
    func route53Ref(_ key: String, _ attribute: String) -> HCLExpr {
        guard let r = d.route53(key) else { return .ref("null") }
        if let id = r.adoptedID { return .string(id) }
        if case .healthCheck(let h) = r.properties, h.endpointType == .private { return .ref("var.\(N.id(r.names + ["health_check_id"]))") }
        return .ref("\(r.kind.terraformType).\(N.id(r.names)).\(attribute)")
    }

    mutating func securityGroups(_ groups: [SecurityGroupReference]) -> HCLExpr {
        var out: [HCLExpr] = []
        for g in groups { out.append(securityGroup(g)) }
        return .list(out)
    }

    /// A security group's id: a variable (security groups are not managed here), or the VPC's
    /// default group, read from the VPC this render creates.
    mutating func securityGroup(_ g: SecurityGroupReference) -> HCLExpr {
        switch g {
        case .vpcDefault(let vpc) where d[vpc]?.isAdopted != true:
            return .ref("aws_vpc.\(N.id(names(vpc))).default_security_group_id")
        case .vpcDefault(let vpc):
            let v = names(vpc).last ?? vpc
            let name = N.securityGroupVariable(v, "default")
            variable(name, "The default security group of the adopted VPC `\(v)` (sg-…).")
            return .ref("var.\(name)")
        case .named(let vpc, let group):
            let v = names(vpc).last ?? vpc
            let name = N.securityGroupVariable(v, group)
            variable(name, "Security group `\(group)` of VPC `\(v)` (sg-…): security groups are not managed here.")
            return .ref("var.\(name)")
        }
    }
}
