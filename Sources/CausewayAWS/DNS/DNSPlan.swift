import CausewayCore

/// A Route 53 or Resolver step, with every other resource named by logical key.
enum DNSOperation: Sendable {
    case createHealthCheck(HealthCheckConfig)
    case createEndpoint(DNSDesired.Endpoint)
    case createRule(DNSDesired.Rule)
    case associateRule(rule: String, vpc: String)
    case createZone(name: String, privateZone: Bool, vpc: String?)
    case associateZoneVPC(zone: String, vpc: String)
    /// UPSERT the record; its health check and own-zone alias ids are filled in at apply.
    case upsertRecord(DNSDesired.Record)
    /// Share a rule through AWS RAM: the share with the rule and its principals in one call.
    case createShare(DNSDesired.Share)
    case createFileSystem(DNSDesired.FileSystem)
    /// `fileSystem`: the file system's key.
    case createMountTarget(DNSDesired.FileSystem.MountTarget, fileSystem: String)
}

extension PlanBuilder {
    /// Route 53 and Route 53 Resolver: health checks first (records name them), then endpoints
    /// (rules name the outbound one), rules and their VPC associations, hosted zones, their VPC
    /// associations and records; EFS file systems and their mount targets.
    mutating func route53() {
        let want = DNSDesired(d)
        let od = o.dns
        func step(_ action: PlanStep.Action, _ resource: ResourceKind, _ key: String, _ detail: String, _ op: DNSOperation) {
            add(.dns, action, resource.rawValue, key, detail, .dns(op))
        }
        for c in want.checks {
            if let id = c.adoptedID {
                if od.healthChecks[c.key] == nil {
                    report(PlanRules.adoptedMissing, "\(c.key): adopted health check \(id) was not found", key: c.key)
                }
                continue
            }
            if let have = od.healthCheckConfigs[c.key], have != c.config {
                report(PlanRules.notApplied, "\(c.key): the health check differs from the topology (\(have.summary) there, \(c.config.summary) here); apply does not update health checks (UpdateHealthCheck): destroy it or change it in the console", key: c.key)
            }
            guard od.healthChecks[c.key] == nil else { continue }
            step(.create, .healthCheck, c.key, c.config.summary, .createHealthCheck(c.config))
        }
        for e in want.endpoints {
            if e.securityGroups != [DNSDesired.defaultGroupName] {
                report(PlanRules.notApplied, "\(e.key): apply does not create security groups; the endpoint uses the group\(e.securityGroups.count == 1 ? "" : "s") named \(e.securityGroups.joined(separator: ", ")) in \(name(e.vpc)), which must exist", key: e.key)
            }
            guard od.endpoints[e.key] == nil else { continue }
            step(.create, .resolverEndpoint, e.key, "\(e.direction) in \(name(e.vpc)) at \(e.addresses.map(\.ip).joined(separator: ", "))", .createEndpoint(e))
        }
        for r in want.rules {
            if let have = od.rules[r.key] {
                let targets = r.targets.map { "\($0.ip):\($0.port)" }
                if have.targets.sorted() != targets.sorted() || have.domainName.lowercased().trimmingCharacters(in: ["."]) != r.domainName.lowercased() {
                    report(PlanRules.notApplied, "\(r.key): the rule forwards \(have.domainName) to \(have.targets.joined(separator: ", ")), the topology asks for \(r.domainName) to \(targets.joined(separator: ", ")); apply does not update rules (UpdateResolverRule): destroy it or change it in the console", key: r.key)
                }
            } else {
                step(.create, .resolverRule, r.key, "\(r.ruleType) \(r.domainName)" + (r.targets.isEmpty ? "" : " to \(r.targets.map { "\($0.ip):\($0.port)" }.joined(separator: ", "))"),
                     .createRule(r))
            }
            for a in r.associations where od.associations[a.key] == nil {
                step(.associate, .resolverRuleAssociation, a.key, "with \(name(a.vpc))", .associateRule(rule: r.key, vpc: a.vpc))
            }
        }
        shares(want.shares, od)
        for z in want.zones {
            var vpcs = z.vpcs
            if od.zones[z.key] == nil {
                let first = vpcs.isEmpty ? nil : vpcs.removeFirst()
                step(.create, .hostedZone, z.key, (z.isPrivate ? "private" : "public") + (first.map { ", with \(name($0))" } ?? ""),
                     .createZone(name: z.name, privateZone: z.isPrivate, vpc: first))
            }
            for v in vpcs where !(od.zoneVPCs[z.key] ?? []).contains(ids[v] ?? "") {
                step(.associate, .hostedZone, Route53Keys.zoneVPC(z.key, vpc: name(v)), "with \(name(v))", .associateZoneVPC(zone: z.key, vpc: v))
            }
            for r in z.records {
                let detail = r.set.failover.map { "\($0) \(r.set.setIdentifier ?? "")" + (r.healthCheck.map { ", health check \(name($0))" } ?? "") + ", " } ?? ""
                let values = r.set.alias.map { "alias \($0.dnsName)" } ?? "\(r.set.values.joined(separator: " ")), TTL \(r.set.ttl ?? 0)"
                guard let have = od.records[r.key] else {
                    step(.create, .recordSet, r.key, detail + values, .upsertRecord(r))
                    continue
                }
                var wanted = r.set
                wanted.healthCheckId = r.healthCheck.flatMap { ids[$0] }
                if r.aliasInOwnZone { wanted.alias?.hostedZoneId = od.zones[z.key]?.id ?? "" }
                if !have.sameContent(as: wanted) { step(.update, .recordSet, r.key, detail + values, .upsertRecord(r)) }
            }
        }
        fileSystems(want.fileSystems, od)
        // Health check sources and the PRIVATE checks that run from them: apply does not call
        // CreateHealthCheckSource yet (moto 5.2.1 has no health check sources).
        for r in d.route53 where r.isUncreatedPrivateHealthCheck {
            let what = r.kind == .healthCheckSource
                ? "AWS::Route53::HealthCheckSource is not applied (apply does not call CreateHealthCheckSource yet): create it with the CloudFormation render, the console or the CLI"
                : "the PRIVATE health check is not applied (its health check source is not created by apply); failover records that name it are created without it: create both with the CloudFormation render, then adopt the check with `id:`"
            report(PlanRules.notApplied, "\(r.key): \(what)", key: r.key)
        }
    }
}

extension PlanBuilder {
    /// Rule shares (after their rules, whose ARNs they take). A share that exists with other
    /// principals or another rule is noted: apply does not change a share
    /// (AssociateResourceShare/DisassociateResourceShare), as the console does not either.
    mutating func shares(_ shares: [DNSDesired.Share], _ od: ObservedDNS) {
        for sh in shares {
            let with = "\(name(sh.rule)) with \(sh.principals.joined(separator: ", "))"
            guard od.shares[sh.key] != nil else {
                add(.dns, .create, ResourceKind.resourceShare.rawValue, sh.key, with, .dns(.createShare(sh)))
                continue
            }
            let principals = od.sharePrincipals[sh.key] ?? [], resources = od.shareResources[sh.key] ?? []
            let ruleMissing = od.rules[sh.rule].map { !resources.contains($0.arn) } ?? false
            if Set(principals) != Set(sh.principals) || ruleMissing {
                report(PlanRules.notApplied, "\(sh.key): the share grants \(resources.isEmpty ? "nothing" : resources.joined(separator: ", ")) to \(principals.isEmpty ? "nobody" : principals.joined(separator: ", ")), the topology shares \(with); apply does not change a share (AssociateResourceShare, DisassociateResourceShare): destroy it or change it in the AWS RAM console", key: sh.key)
            }
        }
    }
}

extension PlanBuilder {
    /// EFS: each file system (found by its tags, an adopted one by its id), then its mount
    /// targets (found by subnet). A mount target at another address is noted: apply does not
    /// move one (EFS has no call for it; a new one is made and the old one deleted).
    mutating func fileSystems(_ systems: [DNSDesired.FileSystem], _ od: ObservedDNS) {
        for fs in systems {
            if let id = fs.adoptedID {
                guard od.fileSystems[fs.key] != nil else {
                    report(PlanRules.adoptedMissing, "\(fs.key): adopted file system \(id) was not found", key: fs.key)
                    continue
                }
            } else if od.fileSystems[fs.key] == nil {
                add(.dns, .create, ResourceKind.fileSystem.rawValue, fs.key, "creation token \(DNSDesired.creationToken(topology: d.topology, fs))",
                    .dns(.createFileSystem(fs)))
            }
            for m in fs.mountTargets {
                if m.securityGroups != [DNSDesired.defaultGroupName] {
                    report(PlanRules.notApplied, "\(m.key): apply does not create security groups; the mount target uses the group\(m.securityGroups.count == 1 ? "" : "s") named \(m.securityGroups.joined(separator: ", ")) in \(name(m.vpc)), which must exist", key: m.key)
                }
                if let have = od.mountTargets[m.key] {
                    if have.ip != m.ip {
                        report(PlanRules.notApplied, "\(m.key): the mount target is at \(have.ip), the topology asks for \(m.ip); apply does not move a mount target: destroy it or recreate it in the console", key: m.key)
                    }
                    continue
                }
                add(.dns, .create, ResourceKind.mountTarget.rawValue, m.key, "in \(name(m.subnet)) at \(m.ip)", .dns(.createMountTarget(m, fileSystem: fs.key)))
            }
        }
    }
}

extension StatusReport {
    /// One row per Route 53 and Resolver resource of the description, in its order.
    static func dnsRows(_ d: AWSResources, _ o: ObservedState) -> [Resource] {
        let want = DNSDesired(d), od = o.dns
        var rows: [Resource] = []
        func row(_ key: String, _ kind: ResourceKind, _ id: String?, _ state: String?, _ detail: String) {
            rows.append(Resource(key: key, kind: kind.rawValue, id: id, state: id == nil ? "missing" : (state?.isEmpty == false ? state! : "present"),
                                 adopted: false, detail: detail))
        }
        for c in want.checks { row(c.key, .healthCheck, od.healthChecks[c.key], nil, "\(c.config.type) \(c.config.ipAddress ?? c.config.fullyQualifiedDomainName ?? "")") }
        for e in want.endpoints {
            let f = od.endpoints[e.key]
            row(e.key, .resolverEndpoint, f?.id, f?.status, f.map { "\($0.direction), \($0.ipAddressCount.map(String.init) ?? "?") addresses" } ?? "")
        }
        for r in want.rules {
            let f = od.rules[r.key]
            row(r.key, .resolverRule, f?.id, f?.status, f.map { "\($0.ruleType) \($0.domainName) \($0.targets.joined(separator: ", "))" } ?? "")
            for a in r.associations {
                let fa = od.associations[a.key]
                row(a.key, .resolverRuleAssociation, fa?.id, fa?.status, fa.map { "with \($0.vpcId)" } ?? "")
            }
        }
        for sh in want.shares {
            let f = od.shares[sh.key]
            row(sh.key, .resourceShare, f?.arn, f?.status, f.map { _ in "with \((od.sharePrincipals[sh.key] ?? []).joined(separator: ", "))" } ?? "")
        }
        for fs in want.fileSystems {
            let f = od.fileSystems[fs.key]
            row(fs.key, .fileSystem, f?.id, f?.lifeCycleState, f.map { "\($0.mountTargetCount) mount target(s)" } ?? "")
            for m in fs.mountTargets {
                let t = od.mountTargets[m.key]
                row(m.key, .mountTarget, t?.id, t?.lifeCycleState, t.map { "at \($0.ip)" } ?? "")
            }
        }
        for z in want.zones {
            let f = od.zones[z.key]
            row(z.key, .hostedZone, f?.id, nil, f.map { ($0.privateZone ? "private" : "public") + ((od.zoneVPCs[z.key] ?? []).isEmpty ? "" : ", VPCs \(od.zoneVPCs[z.key]!.joined(separator: ", "))") } ?? "")
            for r in z.records {
                let f = od.records[r.key]
                row(r.key, .recordSet, f.map { _ in od.recordZones[r.key] ?? "" }, nil,
                    f.map { ($0.failover.map { "\($0) " } ?? "") + ($0.alias.map { "alias \($0.dnsName)" } ?? $0.values.joined(separator: " ")) } ?? "")
            }
        }
        return rows
    }
}
