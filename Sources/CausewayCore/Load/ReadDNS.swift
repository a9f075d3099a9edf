import Yams

extension TopologyReader {
    /// The `dns:` section: Resolver endpoints, Resolver rules, hosted zones.
    func readDNS(_ node: Node, _ p: String) -> HybridDNS {
        var d = HybridDNS()
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "the `dns` section") else { return d }
        d.resolverEndpoints = ctx.named(m.take("resolver_endpoints"), m.child("resolver_endpoints"), what: "Resolver endpoint") { readResolverEndpoint($0, $1, $2) }
        d.resolverRules = ctx.named(m.take("resolver_rules"), m.child("resolver_rules"), what: "Resolver rule") { readResolverRule($0, $1, $2) }
        d.hostedZones = ctx.named(m.take("hosted_zones"), m.child("hosted_zones"), what: "hosted zone") { readHostedZone($0, $1, $2) }
        m.finish(what: "the `dns` section (resolver_endpoints, resolver_rules, hosted_zones)")
        return d
    }

    func readResolverEndpoint(_ name: String, _ node: Node, _ p: String) -> ResolverEndpoint? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "Resolver endpoint `\(name)`") else { return nil }
        defer { m.finish(what: "Resolver endpoint `\(name)` (direction, vpc, ip_addresses, security_groups)") }
        let direction = m.required("direction", what: "Resolver endpoint `\(name)`") { ctx.choice($0, $1, ResolverEndpointDirection.self) }
        let vpc = m.required("vpc", what: "Resolver endpoint `\(name)`", ctx.string)
        guard let direction, let vpc else { return nil }
        var e = ResolverEndpoint(name: name, path: p, direction: direction, vpc: vpc)
        if let n = m.required("ip_addresses", what: "Resolver endpoint `\(name)`") {
            e.ipAddresses = ctx.list(n, m.child("ip_addresses")) { an, ap in
                guard let am = MappingReader(an, path: ap, ctx: ctx, what: "an endpoint IP address") else { return nil }
                defer { am.finish(what: "an endpoint IP address (subnet, ip)") }
                let subnet = am.required("subnet", what: "an endpoint IP address", ctx.string)
                let ip = am.required("ip", what: "an endpoint IP address (causeway needs the address to simulate and render it)", ctx.address)
                guard let subnet, let ip else { return nil }
                return ResolverEndpointAddress(path: ap, subnet: subnet, ip: ip)
            }
        }
        e.securityGroups = m.strings("security_groups") ?? []
        return e
    }

    func readResolverRule(_ name: String, _ node: Node, _ p: String) -> ResolverRule? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "Resolver rule `\(name)`") else { return nil }
        defer { m.finish(what: "Resolver rule `\(name)` (domain_name, rule_type, target_ips, resolver_endpoint, vpcs, share_with)") }
        let domain = m.required("domain_name", what: "Resolver rule `\(name)`", dnsName)
        let type = m.required("rule_type", what: "Resolver rule `\(name)`") { ctx.choice($0, $1, ResolverRuleType.self) }
        guard let domain, let type else { return nil }
        var r = ResolverRule(name: name, path: p, domainName: domain, ruleType: type)
        if let n = m.take("target_ips") {
            r.targetIPs = ctx.list(n, m.child("target_ips")) { tn, tp in
                guard let tm = MappingReader(tn, path: tp, ctx: ctx, what: "a rule's target IP") else { return nil }
                defer { tm.finish(what: "a rule's target IP (ip, port)") }
                guard let ip = tm.required("ip", what: "a rule's target IP", ctx.address) else { return nil }
                var t = ResolverTargetAddress(path: tp, ip: ip)
                if let port = tm.int("port", in: AWSNumbers.Resolver.targetPort) { t.port = port }
                return t
            }
        }
        r.resolverEndpoint = m.string("resolver_endpoint")
        r.vpcs = m.strings("vpcs") ?? []
        if let n = m.take("share_with") {
            r.shareWith = ctx.list(n, m.child("share_with")) { pn, pp in
                guard let text = ctx.string(pn, pp) else { return nil }
                guard let principal = RAMPrincipal(text) else {
                    ctx.report(DNSChecks.rule.sharePrincipal, "Resolver rule `\(name)` is shared with `\(text.prefix(80))`, which is not a principal AWS RAM shares a Resolver rule with; write a 12-digit account ID (\"123456789012\"), an organization ARN (arn:aws:organizations::123456789012:organization/o-…) or an OU ARN (arn:aws:organizations::123456789012:ou/o-…/ou-…)", at: pn)
                    return nil
                }
                return SharePrincipal(path: pp, principal: principal)
            }
        }
        return r
    }

    /// A 12-digit AWS account ID (quoted or not: YAML reads it as text here).
    func accountID(_ node: Node, _ p: String) -> AWSAccountID? {
        guard let text = ctx.string(node, p) else { return nil }
        guard let a = AWSAccountID(text) else {
            ctx.report(LoadRules.invalidValue, "`\(text.prefix(40))` is not an AWS account ID: write its 12 digits, quoted to keep leading zeros (\"012345678901\")", at: node)
            return nil
        }
        return a
    }

    func readHostedZone(_ name: String, _ node: Node, _ p: String) -> HostedZone? {
        guard let zoneName = dnsKey(name, p) else { return nil }
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "hosted zone `\(name)`") else { return nil }
        defer { m.finish(what: "hosted zone `\(name)` (private, vpcs, records)") }
        var z = HostedZone(name: zoneName, path: p)
        z.isPrivate = m.bool("private") ?? false
        z.vpcs = m.strings("vpcs") ?? []
        if z.isPrivate && z.vpcs.isEmpty {
            ctx.report(LoadRules.invalidValue, "private hosted zone `\(name)` needs `vpcs:`: AWS creates a private hosted zone associated with at least one VPC", at: node)
        }
        if !z.isPrivate && !z.vpcs.isEmpty {
            ctx.report(LoadRules.invalidValue, "hosted zone `\(name)` lists `vpcs` but is public; write `private: true` to make it a private hosted zone", path: m.child("vpcs"))
        }
        z.records = m.take("records").map { readRecords($0, m.child("records"), zone: zoneName) } ?? []
        return z
    }

    func readDNSServer(_ name: String, _ node: Node, _ p: String) -> DNSServer? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "DNS server `\(name)`") else { return nil }
        defer { m.finish(what: "DNS server `\(name)` (address, forwarders, zones, forward_zones)") }
        guard let address = m.required("address", what: "DNS server `\(name)`", ctx.address) else { return nil }
        var s = DNSServer(name: name, path: p, address: address)
        s.forwarders = addresses(m, "forwarders")
        s.zones = ctx.named(m.take("zones"), m.child("zones"), what: "zone") { zn, zNode, zp in
            guard let zoneName = dnsKey(zn, zp) else { return nil }
            var z = DNSServerZone(name: zoneName, path: zp)
            if zNode.scalar?.tag.description == Tag.Name.null.rawValue { return z }
            guard let zm = MappingReader(zNode, path: zp, ctx: ctx, what: "zone `\(zn)`") else { return nil }
            z.records = zm.take("records").map { readRecords($0, zm.child("records"), zone: zoneName) } ?? []
            zm.finish(what: "zone `\(zn)` (records)")
            return z
        }
        s.forwardZones = ctx.named(m.take("forward_zones"), m.child("forward_zones"), what: "forward zone") { zn, zNode, zp in
            guard let zoneName = dnsKey(zn, zp) else { return nil }
            guard let zm = MappingReader(zNode, path: zp, ctx: ctx, what: "forward zone `\(zn)`") else { return nil }
            defer { zm.finish(what: "forward zone `\(zn)` (forwarders)") }
            var z = DNSForwardZone(name: zoneName, path: zp)
            z.forwarders = addresses(zm, "forwarders")
            if z.forwarders.isEmpty {
                ctx.report(LoadRules.invalidValue, "forward zone `\(zn)` needs `forwarders:`, the servers its queries go to", at: zNode)
            }
            return z
        }
        return s
    }

    // MARK: records and names

    /// A zone's records. A name without the zone's suffix is relative to the zone (`web1` →
    /// web1.ZONE, `@` → the apex), as zone files write them.
    func readRecords(_ node: Node, _ p: String, zone: DNSName) -> [DNSRecord] {
        ctx.list(node, p) { rn, rp in
            guard let rm = MappingReader(rn, path: rp, ctx: ctx, what: "a record") else { return nil }
            defer { rm.finish(what: "a record (name, type, ttl, values, alias, set_identifier, failover, health_check)") }
            let rawName = rm.required("name", what: "a record", ctx.string)
            let type = rm.required("type", what: "a record") { ctx.choice($0, $1, DNSRecordType.self) }
            guard let rawName, let type, let nameNode = rm.take("name") else { return nil }
            let full: String
            if rawName == "@" { full = zone.text }
            else if rawName.hasSuffix(".") || DNSName(rawName)?.isWithin(zone) == true { full = rawName }
            else { full = "\(rawName).\(zone.text)" }
            guard let name = dnsName(full, at: nameNode, rm.child("name")) else { return nil }
            guard name.isWithin(zone) else {
                ctx.report(LoadRules.invalidValue, "record `\(name)` is not inside zone `\(zone)`; write a name ending in .\(zone)", at: nameNode)
                return nil
            }
            var r = DNSRecord(path: rp, name: name, type: type)
            if let ttl = rm.int("ttl", in: AWSNumbers.Records.ttl) { r.ttl = ttl }
            if let an = rm.take("alias") { r.alias = readAlias(an, rm.child("alias")) }
            r.failover = readFailoverRouting(rm, record: rn)
            if let vn = rm.take("values") {
                r.values = ctx.list(vn, rm.child("values")) { recordValue($0, $1, type) }
            }
            if r.alias == nil && r.values.isEmpty {
                ctx.report(LoadRules.invalidValue, "record `\(name)` \(type.api) needs `values:` (or an `alias:`)", at: rn)
            }
            if r.alias != nil && !r.values.isEmpty {
                ctx.report(LoadRules.invalidValue, "record `\(name)` has both `alias` and `values`; an alias record takes its values from its target", at: rn)
            }
            return r
        }
    }

    func readAlias(_ node: Node, _ p: String) -> DNSAliasTarget? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "an alias") else { return nil }
        defer { m.finish(what: "an alias (name, hosted_zone_id, evaluate_target_health)") }
        guard let n = m.required("name", what: "an alias"), let name = dnsName(n, m.child("name")) else { return nil }
        var a = DNSAliasTarget(name: name)
        a.hostedZoneID = m.string("hosted_zone_id")
        a.evaluateTargetHealth = m.bool("evaluate_target_health") ?? false
        return a
    }

    func recordValue(_ node: Node, _ p: String, _ type: DNSRecordType) -> DNSRecordValue? {
        switch type {
        case .a: return ctx.address(node, p).map { .ipv4($0) }
        case .cname: return dnsName(node, p).map { .name($0) }
        case .aaaa:
            guard let s = ctx.string(node, p) else { return nil }
            guard s.contains(":"), s.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                ctx.report(LoadRules.invalidValue, "`\(s)` is not an IPv6 address (an AAAA record's value)", at: node)
                return nil
            }
            return .ipv6(s.lowercased())
        case .txt: return ctx.string(node, p).map { .text($0) }
        }
    }

    func addresses(_ m: MappingReader, _ key: String) -> [IPv4Address] {
        m.take(key).map { ctx.list($0, m.child(key)) { ctx.address($0, $1) } } ?? []
    }

    /// A domain name from a scalar node, with its problem reported at the node.
    func dnsName(_ node: Node, _ p: String) -> DNSName? {
        guard let s = ctx.string(node, p) else { return nil }
        return dnsName(s, at: node, p)
    }

    /// A domain name written as a key (a zone), its problem reported at the key.
    func dnsKey(_ text: String, _ p: String) -> DNSName? {
        switch DNSName.parse(text) {
        case .success(let n): return n
        case .failure(let problem):
            ctx.report(LoadRules.invalidValue, "`\(text.prefix(40))\(text.count > 40 ? "…" : "")` is not a domain name: \(problem)", path: p)
            return nil
        }
    }

    func dnsName(_ text: String, at node: Node, _ p: String) -> DNSName? {
        switch DNSName.parse(text) {
        case .success(let n): return n
        case .failure(let problem):
            ctx.report(LoadRules.invalidValue, "`\(text.prefix(40))\(text.count > 40 ? "…" : "")` is not a domain name: \(problem)", at: node)
            return nil
        }
    }
}
