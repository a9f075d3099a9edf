import Yams

/// `client_vpn_endpoints:` — AWS Client VPN endpoints, in the words of CreateClientVpnEndpoint
/// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateClientVpnEndpoint.html).
extension TopologyReader {
    static let clientVPNKeys = "id, vpc, client_cidr_block, server_certificate, authentication, split_tunnel, transport_protocol, vpn_port, dns_servers, target_networks, security_groups, authorization_rules, routes, connection_log, client_connect_handler, session_timeout_hours, users, tags"

    func readClientVPNEndpoint(_ name: String, _ node: Node, _ p: String) -> ClientVPNEndpoint? {
        let what = "Client VPN endpoint `\(name)`"
        guard let m = MappingReader(node, path: p, ctx: ctx, what: what) else { return nil }
        defer { m.finish(what: "\(what) (\(Self.clientVPNKeys))") }
        // Every key is taken before any early return, so none is reported as unknown.
        let vpc = m.required("vpc", what: what, ctx.string)
        let cidr = m.required("client_cidr_block", what: what, ctx.prefix)
        let serverNode = m.take("server_certificate"), authNode = m.take("authentication")
        let server = serverNode.flatMap { certificate($0, m.child("server_certificate")) }
        let auth = authNode.flatMap { authentication($0, m.child("authentication")) }
        let id = m.string("id"), split = m.bool("split_tunnel"), transport = m.choice("transport_protocol", ClientVPNTransport.self)
        let port = m.int("vpn_port"), timeout = m.int("session_timeout_hours")
        let dns = m.take("dns_servers").map { ctx.list($0, m.child("dns_servers")) { n, path in ctx.address(n, path) } }
        let targets = m.take("target_networks").map { ctx.list($0, m.child("target_networks")) { n, path in
            ctx.string(n, path).map { ClientVPNTargetNetwork(path: path, subnet: $0) } } }
        let groups = m.strings("security_groups"), tags = m.stringMap("tags")
        let rules = m.take("authorization_rules").map { ctx.list($0, m.child("authorization_rules")) { n, path in authorizationRule(n, path) } }
        let routes = m.take("routes").map { ctx.list($0, m.child("routes")) { n, path in clientVPNRoute(n, path) } }
        let log = m.take("connection_log").flatMap { connectionLog($0, m.child("connection_log")) }
        let handler = m.take("client_connect_handler").flatMap { connectHandler($0, m.child("client_connect_handler")) }
        let users = ctx.named(m.take("users"), m.child("users"), what: "remote user") { n, node, up in remoteUser(n, node, up) }
        if serverNode == nil {
            ctx.report(LoadRules.invalidValue, "\(what) needs `server_certificate`: every Client VPN endpoint presents a server certificate from ACM, whatever the authentication — write `{common_name: NAME}` to have causeway make one, `{certificate_file: …, private_key_file: …, chain_file: …}` or `{arn: …}`", path: p)
        }
        if authNode == nil {
            ctx.report(LoadRules.invalidValue, "\(what) needs `authentication`, e.g. `{type: certificate-authentication, client_root_certificate: {common_name: NAME}}` (mutual TLS)", path: p)
        }
        guard let vpc, let cidr, let server, let auth else { return nil }
        var e = ClientVPNEndpoint(name: name, path: p, vpc: vpc, clientCIDR: cidr, serverCertificate: server, authentication: auth)
        e.id = id
        if let split { e.splitTunnel = split }
        if let transport { e.transportProtocol = transport }
        if let port { e.vpnPort = port }
        if let timeout { e.sessionTimeoutHours = timeout }
        e.dnsServers = dns ?? []
        e.targetNetworks = targets ?? []
        e.securityGroups = groups ?? []
        e.authorizationRules = rules ?? []
        e.routes = routes ?? []
        if let log { e.connectionLog = log }
        e.connectHandler = handler
        e.users = users
        e.tags = tags ?? [:]
        return e
    }

    /// A certificate: `{common_name[, key_type, validity_days]}` (made by causeway),
    /// `{certificate_file[, private_key_file, chain_file]}` (PEM files) or `{arn}` (in ACM).
    func certificate(_ node: Node, _ p: String) -> CertificateSource? {
        let what = "certificate"
        guard let m = MappingReader(node, path: p, ctx: ctx, what: what) else { return nil }
        defer { m.finish(what: "the \(what) (common_name, key_type, validity_days — or certificate_file, private_key_file, chain_file — or arn)") }
        let cn = m.string("common_name"), kt = m.choice("key_type", CertificateKeyType.self), days = m.int("validity_days", in: 1...36500)
        let file = m.string("certificate_file"), key = m.string("private_key_file"), chain = m.string("chain_file")
        let arn = m.string("arn")
        let forms = [cn != nil, file != nil, arn != nil].filter { $0 }.count
        guard forms == 1 else {
            ctx.report(LoadRules.invalidValue, "a certificate is one of: `common_name` (causeway makes it), `certificate_file` (PEM files you have) or `arn` (already in ACM); this one writes \(forms == 0 ? "none" : "more than one")", at: node)
            return nil
        }
        if let cn {
            guard !cn.isEmpty, cn.utf8.count <= 64 else {
                ctx.report(LoadRules.invalidValue, "a certificate's common name must be 1 to 64 characters (X.520 ub-common-name)", path: m.child("common_name"))
                return nil
            }
            var g = GeneratedCertificate(commonName: cn)
            if let kt { g.keyType = kt }
            if let days { g.validityDays = days }
            return .generated(g)
        }
        if kt != nil || days != nil {
            ctx.report(LoadRules.invalidValue, "`key_type` and `validity_days` apply to a certificate causeway makes (`common_name`); remove them", at: node)
        }
        if let file { return .files(certificate: file, privateKey: key, chain: chain) }
        if key != nil || chain != nil {
            ctx.report(LoadRules.invalidValue, "`private_key_file` and `chain_file` go with `certificate_file`; an ACM certificate (`arn`) has its key in ACM", at: node)
        }
        guard let arn, arn.hasPrefix("arn:aws"), arn.contains(":acm:"), arn.contains(":certificate/") else {
            ctx.report(LoadRules.invalidValue, "`arn` must be an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)", path: m.child("arn"))
            return nil
        }
        return .acm(arn: arn)
    }

    /// `authentication:`: `{type: certificate-authentication, client_root_certificate: …}`.
    func authentication(_ node: Node, _ p: String) -> ClientAuthentication? {
        let what = "authentication"
        guard let m = MappingReader(node, path: p, ctx: ctx, what: what) else { return nil }
        defer { m.finish(what: "\(what) (type, client_root_certificate, active_directory_id, saml_provider_arn)") }
        let type = m.required("type", what: what, ctx.string)
        let ca = m.take("client_root_certificate").flatMap { certificate($0, m.child("client_root_certificate")) }
        _ = m.take("active_directory_id"); _ = m.take("saml_provider_arn")
        switch type {
        case "certificate-authentication":
            guard let ca else {
                ctx.report(LoadRules.invalidValue, "mutual TLS needs `client_root_certificate`: the CA that issues the clients' certificates", at: node)
                return nil
            }
            return .mutualTLS(clientRootCertificate: ca)
        case "directory-service-authentication", "federated-authentication":
            ctx.report(LoadRules.notModelled, "`\(type!)` (Active Directory or SAML) is read but not modelled: causeway renders, simulates and tests mutual TLS only", path: m.child("type"))
            return .notModelled(type: type!)
        case nil: return nil
        case let t?:
            ctx.report(LoadRules.invalidValue, "`\(t)` is not a Client VPN authentication type; write certificate-authentication (mutual TLS), directory-service-authentication or federated-authentication", path: m.child("type"))
            return nil
        }
    }

    func authorizationRule(_ node: Node, _ p: String) -> ClientVPNAuthorizationRule? {
        destinationEntry(node, p, what: "authorization rule", keys: "all_users, access_group_id") { m, dest, desc in
            let all = m.bool("all_users"), group = m.string("access_group_id")
            if (all == true) == (group != nil) {
                ctx.report(LoadRules.invalidValue, "an authorization rule names who it admits: `all_users: true` or `access_group_id: GROUP`, exactly one", at: node)
                return nil
            }
            return dest.map { ClientVPNAuthorizationRule(path: p, destination: $0, accessGroup: group, description: desc) }
        }
    }

    func clientVPNRoute(_ node: Node, _ p: String) -> ClientVPNRoute? {
        destinationEntry(node, p, what: "Client VPN route", keys: "target_subnet") { m, dest, desc in
            let subnet = m.required("target_subnet", what: "Client VPN route", ctx.string)
            guard let dest, let subnet else { return nil }
            return ClientVPNRoute(path: p, destination: dest, targetSubnet: subnet, description: desc)
        }
    }

    /// An entry of an endpoint's list keyed by its `destination` network, with an optional
    /// `description` (authorization rules, routes); `read` takes the rest.
    func destinationEntry<T>(_ node: Node, _ p: String, what: String, keys: String, _ read: (MappingReader, IPv4Prefix?, String?) -> T?) -> T? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: what) else { return nil }
        defer { m.finish(what: "the \(what) (destination, \(keys), description)") }
        let dest = m.required("destination", what: what, ctx.prefix)
        return read(m, dest, m.string("description"))
    }

    func connectionLog(_ node: Node, _ p: String) -> ClientVPNConnectionLog? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "connection log") else { return nil }
        defer { m.finish(what: "the connection log (enabled, log_group, log_stream)") }
        var l = ClientVPNConnectionLog()
        l.enabled = m.bool("enabled") ?? false
        l.logGroup = m.string("log_group")
        l.logStream = m.string("log_stream")
        if l.enabled && l.logGroup == nil {
            ctx.report(LoadRules.invalidValue, "connection logging needs `log_group`: the CloudWatch Logs group AWS writes to", at: node)
        }
        return l
    }

    func connectHandler(_ node: Node, _ p: String) -> ClientConnectHandler? {
        let what = "client connect handler"
        guard let m = MappingReader(node, path: p, ctx: ctx, what: what) else { return nil }
        defer { m.finish(what: "the \(what) (function_name, function_arn, role_arn, policy)") }
        let fn = m.required("function_name", what: what, ctx.string)
        let arn = m.string("function_arn")
        let role = m.string("role_arn")
        let policy = m.take("policy").flatMap { connectPolicy($0, m.child("policy")) } ?? ConnectPolicy()
        guard let fn else { return nil }
        var h = ClientConnectHandler(path: p, functionName: fn, policy: policy)
        h.functionARN = arn
        h.roleARN = role
        return h
    }

    func connectPolicy(_ node: Node, _ p: String) -> ConnectPolicy? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "connect policy") else { return nil }
        defer { m.finish(what: "the connect policy (weekdays, hours, source_cidrs, time_zone, error_message)") }
        var policy = ConnectPolicy()
        policy.weekdays = m.take("weekdays").map { ctx.list($0, m.child("weekdays")) { n, path in ctx.choice(n, path, Weekday.self) } } ?? []
        if let hn = m.take("hours"), let text = ctx.string(hn, m.child("hours")) {
            if let r = MinuteRange(text) { policy.hours = r } else {
                ctx.report(LoadRules.invalidValue, "`\(text)` is not a time window; write `HH:MM-HH:MM` with the start before the end, e.g. `09:00-18:00`", at: hn)
            }
        }
        policy.sourceCIDRs = m.prefixes("source_cidrs") ?? []
        if let tz = m.string("time_zone") {
            if Self.isIANAZoneName(tz) { policy.timeZone = tz } else {
                ctx.report(LoadRules.invalidValue, "`\(tz)` is not an IANA time zone name; write one such as `Asia/Seoul` or `UTC`", path: m.child("time_zone"))
            }
        }
        policy.errorMessage = m.string("error_message")
        return policy
    }

    /// The shape of an IANA zone name (`Area/Location[/More]`, or `UTC`); whether the zone exists
    /// is the handler's runtime's business (it fails closed on an unknown zone).
    static func isIANAZoneName(_ s: String) -> Bool {
        if s == "UTC" { return true }
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts.allSatisfy { p in
            !p.isEmpty && p.count <= 30 && p.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || "_-+0123456789".unicodeScalars.contains($0)) }
        }
    }

    func remoteUser(_ name: String, _ node: Node, _ p: String) -> RemoteUser? {
        let what = "remote user `\(name)`"
        guard let m = MappingReader(node, path: p, ctx: ctx, what: what) else { return nil }
        defer { m.finish(what: "\(what) (public_ip, groups)") }
        let ip = m.required("public_ip", what: what, ctx.address)
        let groups = m.strings("groups") ?? []
        guard let ip else { return nil }
        var u = RemoteUser(name: name, path: p, publicIP: ip)
        u.groups = groups
        return u
    }
}
