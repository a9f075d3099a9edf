import Yams

/// `health_checks:` (Route 53) and `file_systems:` (Amazon EFS), in AWS's words.
extension TopologyReader {
    func readHealthCheck(_ name: String, _ node: Node, _ p: String) -> HealthCheck? {
        let what = "health check `\(name)`"
        guard let m = MappingReader(node, path: p, ctx: ctx, what: what) else { return nil }
        defer { m.finish(what: "\(what) (id, type, ip_address, fully_qualified_domain_name, port, resource_path, search_string, request_interval, failure_threshold, endpoint_type, health_check_source, vpc, instance, site, host)") }
        // Every key is taken before any early return, so none is reported as unknown.
        let tn = m.required("type", what: what)
        let ip = m.address("ip_address")
        let fqdn = m.string("fully_qualified_domain_name")
        let port = m.int("port", in: 1...65535)
        let id = m.string("id")
        let rp = m.take("resource_path"), ss = m.take("search_string")
        let interval = m.int("request_interval"), threshold = m.int("failure_threshold")
        let target = healthCheckTarget(m, what: what, node: node)
        let endpointType = m.take("endpoint_type"), source = m.string("health_check_source")
        guard let tn, let typeText = ctx.string(tn, m.child("type")) else { return nil }
        guard let type = HealthCheckType(rawValue: typeText.uppercased()) else {
            ctx.report(LoadRules.invalidValue, "`\(typeText)` is not a health check type Route 53 probes an endpoint with; write one of \(HealthCheckType.allCases.map(\.rawValue).joined(separator: ", "))", at: tn)
            return nil
        }
        guard let port = port ?? type.defaultPort else {
            ctx.report(LoadRules.invalidValue, "\(what) of type TCP needs `port`: Route 53 has no default port for TCP checks", at: node)
            return nil
        }
        if ip == nil && fqdn == nil {
            ctx.report(LoadRules.invalidValue, "\(what) needs `ip_address` or `fully_qualified_domain_name`: the endpoint Route 53 probes", at: node)
            return nil
        }
        var h = HealthCheck(name: name, path: p, type: type, port: port)
        h.id = id
        h.ipAddress = ip
        h.fullyQualifiedDomainName = fqdn
        if let rp {
            h.resourcePath = ctx.string(rp, m.child("resource_path"))
            if !type.isHTTP { ctx.report(LoadRules.invalidValue, "`resource_path` applies to HTTP, HTTPS and *_STR_MATCH checks only; remove it from this TCP check", at: rp) }
        }
        if let ss {
            h.searchString = ctx.string(ss, m.child("search_string"))
            if !type.matchesString { ctx.report(LoadRules.invalidValue, "`search_string` applies to HTTP_STR_MATCH and HTTPS_STR_MATCH checks only", at: ss) }
        } else if type.matchesString {
            ctx.report(LoadRules.invalidValue, "\(what) of type \(type.rawValue) needs `search_string`: the text Route 53 looks for in the response", at: node)
        }
        if let interval { h.requestInterval = interval }
        if let threshold { h.failureThreshold = threshold }
        h.target = target
        h.healthCheckSource = source
        if let endpointType, let text = ctx.string(endpointType, m.child("endpoint_type")) {
            guard let e = HealthCheckEndpointType(rawValue: text.uppercased()) else {
                ctx.report(LoadRules.invalidValue, "`\(text)` is not an endpoint type; write PUBLIC (probed from the internet) or PRIVATE (probed from a health check source in a VPC)", at: endpointType)
                return nil
            }
            h.endpointType = e
        }
        return h
    }

    /// `health_check_sources:`: a VPC and its subnets, each with the security groups of the
    /// interface Route 53 probes from.
    func readHealthCheckSource(_ name: String, _ node: Node, _ p: String) -> HealthCheckSource? {
        let what = "health check source `\(name)`"
        guard let m = MappingReader(node, path: p, ctx: ctx, what: what) else { return nil }
        defer { m.finish(what: "\(what) (id, vpc, subnets, tags)") }
        let vpc = m.required("vpc", what: what, ctx.string)
        let id = m.string("id"), tags = m.stringMap("tags")
        let subnets: [HealthCheckSourceSubnet] = perSubnet(m, "subnets", what: "health check source subnet", entry: { "subnet `\($0)` of \(what)" },
                                                           keys: "security_groups") { subnet, sp, sm in
            HealthCheckSourceSubnet(path: sp, subnet: subnet, securityGroups: sm.strings("security_groups") ?? [])
        }
        return vpc.map { HealthCheckSource(name: name, path: p, vpc: $0, id: id, subnets: subnets, tags: tags ?? [:]) }
    }

    /// `vpc` + `instance`, or `site` + `host`: the endpoint in this topology, when it is one.
    private func healthCheckTarget(_ m: MappingReader, what: String, node: Node) -> HealthCheckTarget? {
        let vpc = m.string("vpc"), inst = m.string("instance"), site = m.string("site"), host = m.string("host")
        switch (vpc, inst, site, host) {
        case (nil, nil, nil, nil): return nil
        case (let v?, let i?, nil, nil): return .instance(vpc: v, name: i)
        case (nil, nil, let s?, let h?): return .host(site: s, name: h)
        default:
            ctx.report(LoadRules.invalidValue, "\(what): name its endpoint as `vpc` with `instance`, or `site` with `host`", at: node)
            return nil
        }
    }

    /// `key` of a resource in one VPC: one entry per subnet (a health check source's `subnets`, a
    /// file system's `mount_targets`), each a mapping read by `read` (the subnet's name, the
    /// entry's path, its reader); what `read` never took is reported as unknown.
    func perSubnet<T>(_ m: MappingReader, _ key: String, what: String, entry: (String) -> String, keys: String,
                      _ read: (String, String, MappingReader) -> T?) -> [T] {
        ctx.named(m.take(key), m.child(key), what: what) { subnet, node, path in
            let w = entry(subnet)
            guard let e = MappingReader(node, path: path, ctx: ctx, what: w) else { return nil }
            defer { e.finish(what: "\(w) (\(keys))") }
            return read(subnet, path, e)
        }
    }

    func readFileSystem(_ name: String, _ node: Node, _ p: String) -> FileSystem? {
        let what = "file system `\(name)`"
        guard let m = MappingReader(node, path: p, ctx: ctx, what: what) else { return nil }
        defer { m.finish(what: "\(what) (id, vpc, mount_targets, clients, tags)") }
        let vpc = m.required("vpc", what: what, ctx.string)
        let id = m.string("id"), clients = m.prefixes("clients") ?? [], tags = m.stringMap("tags")
        let targets: [MountTarget] = perSubnet(m, "mount_targets", what: "mount target", entry: { "mount target in `\($0)`" },
                                               keys: "address, security_groups") { subnet, mp, mm in
            guard let a = mm.required("address", what: "mount target in `\(subnet)`", ctx.address) else { return nil }
            var t = MountTarget(path: mp, subnet: subnet, address: a)
            t.securityGroups = mm.strings("security_groups") ?? []
            return t
        }
        guard let vpc else { return nil }
        var fs = FileSystem(name: name, path: p, vpc: vpc)
        fs.id = id
        fs.clients = clients
        if let tags { fs.tags = tags }
        fs.mountTargets = targets
        return fs
    }
}

extension TopologyReader {
    /// A record's `set_identifier`, `failover` and `health_check`: Route 53's failover routing
    /// policy (the only routing policy causeway models besides simple records).
    func readFailoverRouting(_ m: MappingReader, record: Node) -> FailoverRouting? {
        let sid = m.string("set_identifier"), check = m.string("health_check")
        guard let fn = m.take("failover") else {
            if sid != nil || check != nil {
                ctx.report(LoadRules.invalidValue, "`set_identifier` and `health_check` belong to a failover record; add `failover: PRIMARY` or `SECONDARY`, or remove them", at: record)
            }
            return nil
        }
        guard let text = ctx.string(fn, m.child("failover")) else { return nil }
        guard let role = FailoverRole(rawValue: text.uppercased()) else {
            ctx.report(LoadRules.invalidValue, "`\(text)` is not a failover role; write PRIMARY or SECONDARY", at: fn)
            return nil
        }
        guard let sid else {
            ctx.report(LoadRules.invalidValue, "a failover record needs `set_identifier`, the name that tells it from the other record of its name and type", at: record)
            return nil
        }
        return FailoverRouting(setIdentifier: sid, role: role, healthCheck: check)
    }
}
