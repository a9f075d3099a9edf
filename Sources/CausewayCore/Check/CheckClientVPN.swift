/// AWS Client VPN endpoints: the client CIDR, associations, routes, authorization rules, split
/// tunnel, the connect handler, the endpoint's options and certificates, and the test users.
public struct ClientVPNChecks: FindingsCheck {
    /// The rules this check reports (declared below), in the catalog's order.
    public static let rule = Rules()
    public init() {}

    /// Each endpoint on its own: a VPC that does not exist stops the rest of its checks.
    func find(_ t: Topology, _ f: inout Findings) {
        for e in t.clientVPNEndpoints {
            guard let vpc = t.vpc(e.vpc) else {
                f.add(LoadRules.danglingReference, "Client VPN endpoint `\(e.name)` names VPC `\(e.vpc)`, which is not defined (VPCs: \(t.vpcs.map(\.name).listed))\(hint(e.vpc, t.vpcs.map(\.name)))", at: "\(e.path).vpc")
                continue
            }
            addressing(e, vpc, &f)
            associations(e, vpc, &f)
            routing(e, vpc, &f)
            options(e, &f)
            users(e, t, &f)
        }
    }

    func addressing(_ e: ClientVPNEndpoint, _ vpc: VPC, _ f: inout Findings) {
        let at = "\(e.path).client_cidr_block"
        if !AWSNumbers.ClientVPN.clientCIDRPrefixLengths.contains(e.clientCIDR.length) {
            f.add(Self.rule.cidrSize, "Client VPN endpoint `\(e.name)`: client CIDR \(e.clientCIDR) is a /\(e.clientCIDR.length); AWS takes /\(AWSNumbers.ClientVPN.clientCIDRPrefixLengths.upperBound) to /\(AWSNumbers.ClientVPN.clientCIDRPrefixLengths.lowerBound) — choose a range of that size (twice the addresses of the connections you expect, e.g. a /22)", at: at)
        }
        for c in vpc.cidrs where c.overlaps(e.clientCIDR) {
            f.add(Self.rule.cidrOverlap, "Client VPN endpoint `\(e.name)`: client CIDR \(e.clientCIDR) overlaps VPC `\(vpc.name)`'s \(c); choose a client range outside the VPC (it is fixed once the endpoint is created)", at: at)
        }
        // A default route (internet access) contains every range; AWS documents it as the way to the internet.
        for r in e.routes where r.destination.length > 0 && r.destination.overlaps(e.clientCIDR) {
            f.add(Self.rule.cidrOverlap, "Client VPN endpoint `\(e.name)`: client CIDR \(e.clientCIDR) overlaps route destination \(r.destination); choose a client range outside every network the endpoint routes to", at: at)
        }
    }

    func associations(_ e: ClientVPNEndpoint, _ vpc: VPC, _ f: inout Findings) {
        if e.targetNetworks.isEmpty {
            f.add(Self.rule.noTargetNetwork, "Client VPN endpoint `\(e.name)` has no `target_networks`: until a subnet of `\(vpc.name)` is associated no client can connect; add one subnet per Availability Zone", at: e.path)
        }
        var zones: [String: String] = [:]
        for tn in e.targetNetworks {
            guard let s = vpc.subnet(tn.subnet) else {
                f.add(LoadRules.danglingReference, "Client VPN endpoint `\(e.name)` associates subnet `\(tn.subnet)`, which VPC `\(vpc.name)` does not have (subnets: \(vpc.subnets.map(\.name).listed))\(hint(tn.subnet, vpc.subnets.map(\.name)))", at: tn.path)
                continue
            }
            let zone = s.availabilityZone ?? "?"
            if let first = zones[zone] {
                f.add(Self.rule.subnetAZ, "Client VPN endpoint `\(e.name)`: subnets `\(first)` and `\(s.name)` are both in \(zone); AWS associates one subnet per Availability Zone — keep one, or take a subnet in another zone", at: tn.path)
            } else {
                zones[zone] = s.name
            }
        }
        for g in e.securityGroups where vpc.securityGroup(g) == nil {
            f.add(LoadRules.danglingReference, "Client VPN endpoint `\(e.name)` names security group `\(g)`, which VPC `\(vpc.name)` does not have (groups: \(vpc.securityGroups.map(\.name).listed))\(hint(g, vpc.securityGroups.map(\.name)))", at: "\(e.path).security_groups")
        }
    }

    func routing(_ e: ClientVPNEndpoint, _ vpc: VPC, _ f: inout Findings) {
        let associated = Set(e.targetNetworks.map(\.subnet))
        for r in e.routes where !associated.contains(r.targetSubnet) {
            f.add(Self.rule.routeSubnet, "Client VPN route to \(r.destination) goes through subnet `\(r.targetSubnet)`, which is not a target network of `\(e.name)` (\(e.targetNetworks.map(\.subnet).listed)); associate it under `target_networks` or route through one that is", at: "\(r.path).target_subnet")
        }
        for r in e.routes where !e.authorizationRules.contains(where: { $0.destination.overlaps(r.destination) }) {
            f.add(Self.rule.routeUnauthorized, "Client VPN route to \(r.destination) of `\(e.name)` has no authorization rule: AWS drops the clients' traffic there; add `{destination: \(r.destination), all_users: true}` (or an access group) to `authorization_rules`", at: "\(r.path).destination")
        }
        // AWS routes the VPC's own CIDR through each association by itself.
        let routed = e.routes.map(\.destination) + (e.targetNetworks.isEmpty ? [] : vpc.cidrs)
        for a in e.authorizationRules where !routed.contains(where: { $0.overlaps(a.destination) }) {
            f.add(Self.rule.authorizationUnrouted, "authorization rule for \(a.destination) of `\(e.name)` grants a network the endpoint has no route to; add a route to it through an associated subnet, or remove the rule", at: "\(a.path).destination")
        }
        if !e.splitTunnel && !reachesInternet(e, vpc) {
            f.add(Self.rule.fullTunnel, "Client VPN endpoint `\(e.name)` has split tunnel off: AWS gives each client a 0.0.0.0/0 route through the VPN, and with no authorized 0.0.0.0/0 route through a subnet whose route table reaches an internet or NAT gateway the users lose their own internet; set `split_tunnel: true`, or add that route and rule", at: f.written("\(e.path).split_tunnel", e.path))
        }
    }

    /// A 0.0.0.0/0 route of the endpoint, authorized, through a subnet whose route table sends
    /// 0.0.0.0/0 to an internet or NAT gateway.
    func reachesInternet(_ e: ClientVPNEndpoint, _ vpc: VPC) -> Bool {
        let any = IPv4Prefix.any
        guard e.authorizationRules.contains(where: { $0.destination == any }) else { return false }
        return e.routes.contains { r in
            guard r.destination == any, let s = vpc.subnet(r.targetSubnet), let table = vpc.routeTable(for: s) else { return false }
            return table.routes.contains { tr in
                guard tr.destination == any else { return false }
                switch tr.target {
                case .internetGateway, .natGateway: return true
                default: return false
                }
            }
        }
    }

    func options(_ e: ClientVPNEndpoint, _ f: inout Findings) {
        let n = AWSNumbers.ClientVPN.self
        if !n.ports.contains(e.vpnPort) {
            f.add(Self.rule.optionInvalid, "Client VPN endpoint `\(e.name)`: vpn_port \(e.vpnPort) is not one AWS offers; use \(n.ports.map(String.init).joined(separator: " or "))", at: f.written("\(e.path).vpn_port", e.path))
        }
        if !n.sessionTimeoutHours.contains(e.sessionTimeoutHours) {
            f.add(Self.rule.optionInvalid, "Client VPN endpoint `\(e.name)`: session_timeout_hours \(e.sessionTimeoutHours) is not one AWS offers; use \(n.sessionTimeoutHours.map(String.init).joined(separator: ", "))", at: f.written("\(e.path).session_timeout_hours", e.path))
        }
        if e.dnsServers.count > n.maximumDNSServers {
            f.add(Self.rule.optionInvalid, "Client VPN endpoint `\(e.name)` lists \(e.dnsServers.count) DNS servers; AWS takes at most \(n.maximumDNSServers): keep two", at: f.written("\(e.path).dns_servers", e.path))
        }
        if let h = e.connectHandler, !h.functionName.hasPrefix(n.connectHandlerPrefix) {
            f.add(Self.rule.handlerName, "client connect handler `\(h.functionName)` of `\(e.name)`: AWS calls only Lambda functions whose name starts with `\(n.connectHandlerPrefix)`; rename it `\(n.connectHandlerPrefix)\(h.functionName)`", at: f.written("\(h.path).function_name", h.path))
        }
        let certificates = [("server_certificate", e.serverCertificate), ("authentication.client_root_certificate", e.authentication.clientRootCertificate)]
        for case let (key, cert?) in certificates {
            guard let g = cert.generated, !n.rsaKeySizes.contains(g.keyType.rsaBits ?? 0) else { continue }
            f.add(Self.rule.certificateKey, "Client VPN endpoint `\(e.name)`: certificate `\(g.commonName)` would get a \(g.keyType.rawValue) key; Client VPN takes RSA keys of \(n.rsaKeySizes.map(String.init).joined(separator: " or ")) bits only — write `key_type: rsa-2048`", at: f.written("\(e.path).\(key).key_type", "\(e.path).\(key)"))
        }
    }

    func users(_ e: ClientVPNEndpoint, _ t: Topology, _ f: inout Findings) {
        let networks = t.vpcs.flatMap { v in v.cidrs.map { ("VPC `\(v.name)`", $0) } } + t.sites.flatMap { s in s.cidrs.map { ("site `\(s.name)`", $0) } }
            + [("the client CIDR of `\(e.name)`", e.clientCIDR)]
        for u in e.users {
            guard let (what, p) = networks.first(where: { $0.1.contains(u.publicIP) }) else { continue }
            f.add(Self.rule.userAddress, "remote user `\(u.name)`'s public_ip \(u.publicIP) is inside \(what) (\(p)); write the public address the user connects from (what the connect handler sees)", at: f.written("\(u.path).public_ip", u.path))
        }
        let groups = Set(e.users.flatMap(\.groups))
        for a in e.authorizationRules {
            guard let g = a.accessGroup, !groups.contains(g) else { continue }
            f.add(Self.rule.groupEmpty, "authorization rule for \(a.destination) of `\(e.name)` grants access group `\(g)`, which no remote user is in; add `groups: [\(g)]` to a user so trace, matrix and the lab exercise it", at: f.written("\(a.path).access_group_id", a.path))
        }
    }
}

extension ClientVPNChecks {
    public struct Rules: RuleCatalogue {
        public let cidrSize = Rule("client-vpn-cidr-size", .error,
            "A Client VPN client CIDR larger than /12 or smaller than /22: AWS refuses the endpoint.",
            reference: "AWS Client VPN administrator guide, Rules and best practices (client CIDR between /22 and /12), \(AWSNumbers.ClientVPN.rulesPage)")
        public let cidrOverlap = Rule("client-vpn-cidr-overlap", .error,
            "A Client VPN client CIDR that overlaps the endpoint's VPC or a route destination of the endpoint: AWS refuses it.",
            reference: "AWS Client VPN administrator guide, Rules and best practices (the client CIDR may not overlap the VPC's local CIDR or a route added to the endpoint), \(AWSNumbers.ClientVPN.rulesPage)")
        public let subnetAZ = Rule("client-vpn-subnet-az", .error,
            "Two target networks of one Client VPN endpoint in the same Availability Zone: AWS associates one subnet per zone.",
            reference: "AWS Client VPN administrator guide, Rules and best practices (Subnet and VPC configuration: no two associated subnets from one Availability Zone), \(AWSNumbers.ClientVPN.rulesPage)")
        public let noTargetNetwork = Rule("client-vpn-no-target-network", .warning,
            "A Client VPN endpoint with no target network: it stays pending-associate and no client can connect.",
            reference: "AWS Client VPN administrator guide, How AWS Client VPN works (clients reach the VPC through the associated subnets), \(AWSNumbers.ClientVPN.howItWorksPage)")
        public let routeSubnet = Rule("client-vpn-route-subnet", .error,
            "A Client VPN route through a subnet that is not a target network of the endpoint: AWS refuses the route.",
            reference: "EC2 API reference, CreateClientVpnRoute (TargetVpcSubnetId must be an existing target network of the endpoint), \(AWSNumbers.ClientVPN.routesPage)")
        public let routeUnauthorized = Rule("client-vpn-route-unauthorized", .warning,
            "A Client VPN route whose destination no authorization rule grants: AWS drops the clients' traffic to it.",
            reference: "AWS Client VPN administrator guide, Client VPN routes (each route needs an authorization rule) and Authorization rules (access is denied unless a rule grants it), \(AWSNumbers.ClientVPN.authorizationRulesPage)")
        public let authorizationUnrouted = Rule("client-vpn-authorization-unrouted", .warning,
            "A Client VPN authorization rule for a network the endpoint has no route to: the grant reaches nothing.",
            reference: "AWS Client VPN administrator guide, Client VPN routes (only the associated VPC is routed by itself; other networks need a route), \(AWSNumbers.ClientVPN.routesPage)")
        public let fullTunnel = Rule("client-vpn-full-tunnel", .warning,
            "A Client VPN endpoint with split tunnel off and no authorized 0.0.0.0/0 route to an internet or NAT gateway: connected users lose their own internet.",
            reference: "AWS Client VPN administrator guide, Split-tunnel on Client VPN endpoints (without it the client's route table gets 0.0.0.0/0 through the VPN), \(AWSNumbers.ClientVPN.splitTunnelPage)")
        public let handlerName = Rule("client-vpn-handler-name", .error,
            "A client connect handler whose Lambda function name does not start with AWSClientVPN-: AWS refuses it.",
            reference: "AWS Client VPN administrator guide, Client connect handler (the function's name must begin with AWSClientVPN-), \(AWSNumbers.ClientVPN.connectHandlerPage)")
        public let optionInvalid = Rule("client-vpn-option-invalid", .error,
            "A Client VPN endpoint option AWS does not accept: vpn_port other than 443 or 1194, session_timeout_hours other than 8, 10, 12 or 24, or more than two DNS servers.",
            reference: "EC2 API reference, CreateClientVpnEndpoint (VpnPort, SessionTimeoutHours, DnsServers), \(AWSNumbers.ClientVPN.apiPage)")
        public let certificateKey = Rule("client-vpn-certificate-key", .error,
            "A Client VPN server or client CA certificate with a key Client VPN does not take: only 1024- and 2048-bit RSA keys.",
            reference: "AWS Client VPN administrator guide, Mutual authentication (RSA keys of 1024 and 2048 bits only), \(AWSNumbers.ClientVPN.mutualAuthenticationPage)")
        public let userAddress = Rule("client-vpn-user-address", .warning,
            "A remote user whose public address lies inside the client CIDR or a network of the topology: it cannot be where the user connects from.",
            reference: "AWS Client VPN administrator guide, Client connect handler (the handler sees the client's public address), \(AWSNumbers.ClientVPN.connectHandlerPage)")
        public let groupEmpty = Rule("client-vpn-group-empty", .note,
            "An authorization rule for an access group no remote user of the topology is in: the simulator and the lab never exercise it.",
            reference: "AWS Client VPN administrator guide, Authorization rules (a rule grants all users or one access group), \(AWSNumbers.ClientVPN.authorizationRulesPage)")
    }
}

extension CertificateKeyType {
    /// The RSA key size, nil for an ECDSA key.
    var rsaBits: Int? {
        switch self {
        case .rsa2048: 2048
        case .rsa3072: 3072
        case .rsa4096: 4096
        case .ecdsaP256, .ecdsaP384: nil
        }
    }
}
