import Yams

extension TopologyReader {
    func readVPN(_ name: String, _ node: Node, _ p: String) -> VPNConnection? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "VPN connection `\(name)`") else { return nil }
        let cgw = m.required("customer_gateway", what: "VPN connection `\(name)`", ctx.string) ?? ""
        var target: VPNGatewayTarget?
        let vgw = m.string("vpn_gateway"), tgw = m.string("transit_gateway")
        switch (vgw, tgw) {
        case (let v?, nil): target = .vpnGateway(v)
        case (nil, let t?): target = .transitGateway(t)
        case (_?, _?): ctx.report(LoadRules.invalidValue, "VPN connection `\(name)` ends on a vpn_gateway or a transit_gateway, not both", at: node)
        case (nil, nil): ctx.report(LoadRules.invalidValue, "VPN connection `\(name)` needs `vpn_gateway: NAME` or `transit_gateway: NAME`", at: node)
        }
        let routing = m.choice("routing", RoutingMode.self) ?? .bgp
        var defaults = TunnelOptions()
        if let n = m.take("tunnel_options") { readTunnelOptions(n, m.child("tunnel_options"), into: &defaults) }
        var tunnels: [Tunnel] = []
        if let n = m.take("tunnels") {
            let tp = m.child("tunnels")
            ctx.record(tp, n)
            if let seq = n.sequence {
                if seq.count != 2 {
                    ctx.report(LoadRules.invalidValue, "a VPN connection has exactly two tunnels; found \(seq.count)", at: n)
                }
                for (i, tn) in seq.prefix(2).enumerated() {
                    tunnels.append(readTunnel(tn, "\(tp).\(i + 1)", index: i + 1, defaults: defaults))
                }
            } else {
                ctx.report(LoadRules.invalidValue, "`tunnels` must be a list of two tunnels", at: n)
            }
        }
        while tunnels.count < 2 {
            var t = Tunnel(index: tunnels.count + 1, path: "\(p).tunnels.\(tunnels.count + 1)")
            t.options = defaults
            tunnels.append(t)
        }
        var c = VPNConnection(name: name, path: p, customerGateway: cgw, gateway: target ?? .vpnGateway(""),
                              routing: routing, tunnels: tunnels)
        c.id = m.string("id")
        if let r = m.prefixes("static_routes") { c.staticRoutes = r }
        if let v = m.prefix("local_network_cidr") { c.localNetworkCIDR = v }
        if let v = m.prefix("remote_network_cidr") { c.remoteNetworkCIDR = v }
        if let n = m.take("outside_ip_address_type"),
           let v = awsChoice(n, m.child("outside_ip_address_type"), OutsideIPAddressType.self) { c.options.outsideIPAddressType = v }
        if let v = m.choice("tunnel_bandwidth", TunnelBandwidth.self) { c.options.tunnelBandwidth = v }
        if let v = m.bool("enable_acceleration") { c.options.enableAcceleration = v }
        c.failoverProfile = m.choice("failover_profile", FailoverProfile.self)
        m.finish(what: "VPN connection `\(name)`")
        return target == nil ? nil : c
    }

    func readTunnel(_ node: Node, _ p: String, index: Int, defaults: TunnelOptions) -> Tunnel {
        var t = Tunnel(index: index, path: p)
        t.options = defaults
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "tunnel \(index)") else { return t }
        t.insideCIDR = m.prefix("inside_cidr")
        if let n = m.take("psk") { t.psk = readSecret(n, m.child("psk")) }
        t.outsideIP = m.outerAddress("outside_ip")
        readTunnelOptionFields(m, into: &t.options)
        m.finish(what: "tunnel \(index) (inside_cidr, psk, outside_ip and any tunnel option)")
        return t
    }

    func readTunnelOptions(_ node: Node, _ p: String, into o: inout TunnelOptions) {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "tunnel_options") else { return }
        readTunnelOptionFields(m, into: &o)
        m.finish(what: "tunnel_options")
    }

    func readTunnelOptionFields(_ m: MappingReader, into o: inout TunnelOptions) {
        if let n = m.take("ike_versions") {
            o.ikeVersions = ctx.list(n, m.child("ike_versions")) { vn, vp in
                ctx.record(vp, vn)
                guard let s = vn.scalar?.string else { return nil }
                if let v = IKEVersion(rawValue: s.lowercased()) { return v }
                ctx.report(LoadRules.ikeVersionUnsupported, "`\(s)` is not an IKE version AWS supports; use ikev1 or ikev2", at: vn)
                return nil
            }
        }
        if let n = m.take("phase1") {
            let r = readProposal(n, m.child("phase1"))
            if let pr = r.proposal { o.phase1 = pr }
            if let l = r.lifetime { o.phase1Lifetime = l }
        }
        if let n = m.take("phase2") {
            let r = readProposal(n, m.child("phase2"))
            if let pr = r.proposal { o.phase2 = pr }
            if let l = r.lifetime { o.phase2Lifetime = l }
        }
        if let v = m.int("rekey_margin_time") { o.rekeyMarginTime = v }
        if let v = m.int("rekey_fuzz") { o.rekeyFuzz = v }
        if let v = m.int("replay_window") { o.replayWindow = v }
        if let v = m.int("dpd_timeout") { o.dpdTimeout = v }
        if let v = m.choice("dpd_timeout_action", DPDTimeoutAction.self) { o.dpdTimeoutAction = v }
        if let v = m.choice("startup_action", StartupAction.self) { o.startupAction = v }
        if let v = m.bool("enable_tunnel_lifecycle_control") { o.enableTunnelLifecycleControl = v }
        if let n = m.take("cloudwatch_log_options") { readLogOptions(n, m.child("cloudwatch_log_options"), into: &o.logOptions) }
    }

    /// `cloudwatch_log_options`: AWS's CloudWatchLogOptionsSpecification in snake case.
    func readLogOptions(_ node: Node, _ p: String, into o: inout TunnelLogOptions) {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "cloudwatch_log_options") else { return }
        if let v = m.bool("log_enabled") { o.logEnabled = v }
        if let v = m.string("log_group_arn") { o.logGroupARN = v }
        if let v = m.choice("log_output_format", LogOutputFormat.self) { o.logOutputFormat = v }
        if let v = m.bool("bgp_log_enabled") { o.bgpLogEnabled = v }
        if let v = m.string("bgp_log_group_arn") { o.bgpLogGroupARN = v }
        if let v = m.choice("bgp_log_output_format", LogOutputFormat.self) { o.bgpLogOutputFormat = v }
        m.finish(what: "cloudwatch_log_options (log_enabled, log_group_arn, log_output_format, bgp_log_enabled, bgp_log_group_arn, bgp_log_output_format)")
    }

    /// A value spelt as AWS spells it (`PublicIpv4`, `Ipv6`), any case accepted.
    func awsChoice<E: RawRepresentable & CaseIterable>(_ node: Node, _ path: String, _ type: E.Type) -> E? where E.RawValue == String {
        guard let s = ctx.string(node, path) else { return nil }
        if let v = E.allCases.first(where: { $0.rawValue.lowercased() == s.lowercased() }) { return v }
        ctx.report(LoadRules.invalidValue, "`\(s)` is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))", at: node)
        return nil
    }

    /// A phase: the strongSwan short form (`aes128-sha1-modp1024`) or a mapping with
    /// `encryption`, `integrity`, `dh_groups` (AWS's names) and `lifetime`.
    func readProposal(_ node: Node, _ p: String) -> (proposal: Proposal?, lifetime: Int?) {
        ctx.record(p, node)
        if let s = node.scalar?.string {
            if let pr = Proposal(strongSwan: s) { return (pr, nil) }
            ctx.report(LoadRules.invalidValue, "`\(s)` is not a proposal like aes128-sha1-modp1024 or aes256gcm16-sha256-modp2048", at: node)
            return (nil, nil)
        }
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "a phase") else { return (nil, nil) }
        defer { m.finish(what: "a phase (proposal, encryption, integrity, dh_groups, lifetime)") }
        let lifetime = m.int("lifetime")
        if let s = m.take("proposal") {
            return (ctx.string(s, m.child("proposal")).flatMap { text in
                let pr = Proposal(strongSwan: text)
                if pr == nil { ctx.report(LoadRules.invalidValue, "`\(text)` is not a proposal like aes128-sha1-modp1024", at: s) }
                return pr
            }, lifetime)
        }
        guard m.has("encryption") || m.has("integrity") || m.has("dh_groups") else { return (nil, lifetime) }
        let isP1 = p.hasSuffix("phase1")
        let base = isP1 ? Proposal.awsPhase1Default : Proposal.awsPhase2Default
        let enc = m.strings("encryption").map { $0.map(EncryptionAlgorithm.init) } ?? base.encryption
        let integ = m.strings("integrity").map { $0.map(IntegrityAlgorithm.init) } ?? base.integrity
        let dh = m.take("dh_groups").map { ctx.list($0, m.child("dh_groups")) { ctx.int($0, $1) } } ?? base.dhGroups
        return (Proposal(encryption: enc, integrity: integ, dhGroups: dh), lifetime)
    }
}
