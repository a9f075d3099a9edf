import CausewayCore

/// The comparisons of one tunnel's two ends, one function per step. AWS's side is the tunnel's
/// options (AWS's defaults filled by the loader), the resolved connection and the topology's key;
/// the customer side is a `CustomerTunnel`. A value the customer side does not state is skipped.
struct TunnelSteps {
    let connection: VPNConnection
    let tunnel: Tunnel
    /// The resolve stage's view of the connection: the Amazon side's ASN, the customer gateway's.
    let resolved: ResolvedConnection?
    /// The site's gateway as the renderers see it (nil without a device).
    let plan: GatewayPlan?
    let end: CustomerTunnel?
    /// AWS's key for the tunnel, resolved from the topology's source.
    let awsKey: PreSharedKey?
    /// The customer side was read from deployed files (else it is what causeway renders).
    let fromFolder: Bool

    var options: TunnelOptions { tunnel.options }
    var gatewayWord: String { fromFolder ? "the deployed gateway" : "the rendered gateway" }

    func findings(_ step: ExplainStep) -> StepFindings {
        var f = StepFindings()
        guard let end else { return f }
        switch step {
        case .connection: break
        case .ikeVersion: ikeVersion(end, &f)
        case .phase1: phase(1, end, &f)
        case .phase2: phase(2, end, &f)
        case .preSharedKey: preSharedKey(end, &f)
        case .insideAddresses: insideAddresses(end, &f)
        case .dpdStartup: dpdStartup(end, &f)
        case .natTraversal: natTraversal(end, &f)
        case .bgpSession: bgpSession(end, &f)
        case .routingMode: routingMode(end, &f)
        }
        return f
    }

    /// AWS's IKE versions for the tunnel (none listed means both).
    var awsIKEVersions: [IKEVersion] { options.ikeVersions.isEmpty ? IKEVersion.allCases : options.ikeVersions }

    func ikeVersion(_ end: CustomerTunnel, _ f: inout StepFindings) {
        let aws = awsIKEVersions.map(\.rawValue).joined(separator: ", ")
        guard let v = end.ikeVersion else { return f.fact("AWS allows \(aws); \(gatewayWord) does not state its version") }
        if awsIKEVersions.contains(v) {
            f.fact("AWS allows \(aws); \(gatewayWord) speaks \(v.rawValue)")
        } else {
            f.problem("\(gatewayWord) speaks \(v.rawValue), AWS's tunnel allows only \(aws)",
                      fix: "add \(v.rawValue) to `tunnel_options.ike_versions`, or set the device's `ike_version` to \(aws) and re-render")
        }
    }

    func phase(_ n: Int, _ end: CustomerTunnel, _ f: inout StepFindings) {
        let aws = n == 1 ? options.phase1 : options.phase2
        let awsLife = n == 1 ? options.phase1Lifetime : options.phase2Lifetime
        let offered = n == 1 ? end.phase1 : end.phase2
        let gap = n == 1 ? end.phase1Gap : end.phase2Gap
        if let offered {
            if offered.isEmpty {
                f.problem("the renderer cannot write phase \(n): it needs \(gap ?? "an algorithm the daemon supports")",
                          fix: "allow in `tunnel_options.phase\(n)` an algorithm the gateway's daemon supports")
            } else if let both = offered.lazy.compactMap({ aws.intersection($0) }).first {
                f.fact("AWS allows \(Self.describe(aws)); \(gatewayWord) offers \(offered.map(Self.describe).joined(separator: " | ")); AWS would choose \(Self.choice(both))")
            } else {
                f.problem("no common phase \(n) proposal: AWS allows \(Self.describe(aws)), \(gatewayWord) offers \(offered.map(Self.describe).joined(separator: " | "))",
                          fix: "make the gateway offer an encryption, integrity and DH group AWS allows (`tunnel_options.phase\(n)`, the device's `phase\(n)`), then re-render and reload")
            }
        }
        guard let life = n == 1 ? end.phase1Lifetime : end.phase2Lifetime else { return }
        // IKEv1 proposes the lifetime and AWS refuses one longer than its own (VPNTunnels.html,
        // "Phase 1/2 lifetime"); IKEv2 does not negotiate it, the side with the shorter one rekeys.
        if end.ikeVersion == .ikev1 && life > awsLife {
            f.problem("\(gatewayWord) proposes a phase \(n) lifetime of \(life) s over IKEv1, above AWS's \(awsLife) s: AWS refuses the proposal",
                      fix: "set the gateway's phase \(n) lifetime to at most \(awsLife) s (re-render), or raise `tunnel_options.phase\(n)_lifetime`")
        } else {
            f.fact("lifetime: AWS \(awsLife) s, \(gatewayWord) \(life) s")
        }
    }

    static func describe(_ p: Proposal) -> String {
        [p.encryption.map(\.name).joined(separator: "/"), p.integrity.map(\.name).joined(separator: "/"),
         "DH " + p.dhGroups.map(String.init).joined(separator: "/")].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// AWS picks the first of each kind in its own list order among what the gateway offers
    /// (VPNTunnels.html): the intersection keeps AWS's order.
    static func choice(_ p: Proposal) -> String {
        let e = p.encryption.first.map(\.name) ?? "", i = p.encryption.first?.isGCM == true ? "" : (p.integrity.first.map(\.name) ?? "")
        return [e, i, p.dhGroups.first.map { "DH \($0)" } ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
    }

    func preSharedKey(_ end: CustomerTunnel, _ f: inout StepFindings) {
        let ref = tunnel.psk
        if awsKey == nil, case .generated = ref {
            f.skippedBecause = "AWS generates the key when the connection is created; `causeway import` (or `causeway apply`) learns it for the gateway"
            return
        }
        if let key = awsKey {
            // check already judges a key written in the file; a key from the environment or a
            // file is judged here, by the same rules.
            if case .literal = ref {} else {
                for (rule, why) in TunnelChecks.pskProblems(key) {
                    f.problem("AWS's key (\(ref)): \(why) [\(rule.id)]", fix: "change the key behind \(ref) to one AWS accepts (\(AWSNumbers.Tunnel.preSharedKeyLength.lowerBound)–\(AWSNumbers.Tunnel.preSharedKeyLength.upperBound) letters, digits, `.` or `_`, not starting with 0)")
                }
            }
        } else {
            f.problem("AWS's key for the tunnel does not resolve: \(Self.unresolved(ref))", fix: Self.unresolvedFix(ref))
        }
        if let k = end.psk {
            if let key = awsKey, k != key {
                f.problem("PSK differs: \(gatewayWord) authenticates with another key than AWS's tunnel (\(ref))",
                          fix: "use the same key on both ends: re-render with the topology's key and reload the secrets")
            }
        } else if awsKey != nil, let gap = end.pskGap {
            f.problem("\(gatewayWord) has no usable key: \(gap)", fix: "give the key (see above), re-render and reload the secrets")
        }
        if f.problems.isEmpty { f.fact("AWS's key (\(ref)) resolves and fits AWS's rules; \(gatewayWord) uses the same key") }
    }

    static func unresolved(_ ref: SecretReference) -> String {
        switch ref {
        case .env(let n): return "environment variable \(n) is not set"
        case .file(let p): return "file \(p) cannot be read (relative to the topology file's folder)"
        case .literal: return "the key in the file was not passed"
        case .generated: return "AWS generates it when the connection is created"
        }
    }

    static func unresolvedFix(_ ref: SecretReference) -> String {
        switch ref {
        case .env(let n): return "export \(n)"
        case .file(let p): return "create \(p) holding the key"
        case .literal, .generated: return "run `causeway import` (or `causeway apply`) to learn AWS's key, or give `psk: {env: NAME}`"
        }
    }

    func insideAddresses(_ end: CustomerTunnel, _ f: inout StepFindings) {
        guard let cidr = tunnel.insideCIDR else {
            f.skippedBecause = "AWS picks the tunnel's inside /30 when the connection is created; `causeway import` learns it (or write `inside_cidr:`)"
            return
        }
        let aws = cidr.address(1), customer = cidr.address(2)
        guard let own = end.inside else { return f.fact("AWS \(aws), customer \(customer) in \(cidr); \(gatewayWord) does not state its inside address") }
        if own.network == cidr && own.address == customer {
            f.fact("\(cidr): AWS \(aws), customer \(customer) (\(gatewayWord) has \(own))")
        } else {
            f.problem("\(gatewayWord) has inside address \(own), AWS's tunnel is \(cidr) (AWS \(aws), customer \(customer))",
                      fix: "set the gateway's inside address to \(customer)/\(cidr.length) (the device's `inside_cidr`, or re-render and reload)")
        }
    }


    func dpdStartup(_ end: CustomerTunnel, _ f: inout StepFindings) {
        let start = options.startupAction, action = options.dpdTimeoutAction
        if start == .add && end.initiates == false {
            f.problem("AWS waits for the gateway to start IKE (`startup_action: add`) and \(gatewayWord) waits too (auto=add / start_action none): the tunnel never starts",
                      fix: "let the gateway start the tunnel (auto=start, start_action = start), or set `startup_action: start` (IKEv2 only)")
        }
        if action != .restart, let d = end.dpdAction, !d.recovers {
            f.problem("after a DPD timeout AWS does `\(action.rawValue)` and \(gatewayWord) does `\(d.rawValue)`: neither side restarts, the tunnel stays down after its first outage",
                      fix: "set the gateway's dpdaction to restart (re-render), or `dpd_timeout_action: restart`")
        }
        let who = end.initiates.map { $0 ? "starts the tunnel" : "waits for AWS" } ?? "does not state who starts"
        f.fact("AWS: startup_action \(start.rawValue), DPD timeout \(options.dpdTimeout) s then \(action.rawValue); \(gatewayWord) \(who), dpdaction \(end.dpdAction?.rawValue ?? "unstated")")
    }

    func natTraversal(_ end: CustomerTunnel, _ f: inout StepFindings) {
        guard let outside = tunnel.outsideIP else {
            f.skippedBecause = "AWS chooses the tunnel's outside address when the connection is created; `causeway import` learns it (or write `outside_ip:`)"
            return
        }
        if let r = end.remote, r != outside {
            f.problem("\(gatewayWord) talks to \(r), AWS's tunnel endpoint is \(outside)",
                      fix: "set the gateway's peer (right= / remote_addrs) to \(outside): re-render and reload")
        }
        guard let plan else { return }
        let pub = plan.device.publicIP.map(\.description) ?? "unknown"
        if plan.behindNAT {
            let priv = plan.device.privateIP.map(\.description) ?? ""
            f.fact("AWS \(outside) ↔ gateway \(pub), behind NAT (\(priv) → \(pub)): IKE and ESP move to UDP 4500 (NAT-T)")
            if end.natTOpen == false {
                f.problem("the gateway is behind NAT but its firewall does not open UDP 4500 (NAT-T) from AWS's endpoints",
                          fix: "open UDP 500 and 4500 from AWS's tunnel endpoints (`causeway render --only firewall`)")
            } else if end.natTOpen == true {
                f.fact("the firewall opens UDP 500 and 4500 from AWS's endpoints")
            }
        } else {
            f.fact("AWS \(outside) ↔ gateway \(pub), no NAT between them: IKE on UDP 500, ESP")
        }
    }

    func bgpSession(_ end: CustomerTunnel, _ f: inout StepFindings) {
        guard connection.routing == .bgp else { return f.skippedBecause = "static routing: no BGP session" }
        guard let cidr = tunnel.insideCIDR else { return f.skippedBecause = "the inside addresses are not known yet (see inside_addresses)" }
        guard let b = end.bgp else {
            return f.problem("AWS expects a BGP session on \(cidr.address(1)) and \(gatewayWord) runs none for this tunnel",
                             fix: "configure FRR's neighbor \(cidr.address(1)) (`causeway render --only frr`) and reload FRR")
        }
        let amazon = resolved?.amazonASN ?? .amazonDefault
        if b.neighbor != cidr.address(1) {
            f.problem("FRR's neighbor is \(b.neighbor), AWS's end of the tunnel is \(cidr.address(1))", fix: "point FRR's neighbor at \(cidr.address(1)) (re-render and reload)")
        }
        if let r = b.remoteASN, r != amazon {
            f.problem("FRR expects AS \(r) from AWS; the Amazon side is AS \(amazon)", fix: "set `neighbor \(cidr.address(1)) remote-as \(amazon)` (the device's `peer_asn`, or re-render)")
        }
        if let l = b.localASN, let cgw = resolved?.customerGatewayASN, l != cgw {
            f.problem("FRR speaks as AS \(l); AWS's customer gateway `\(connection.customerGateway)` is AS \(cgw): AWS refuses the session",
                      fix: "make `router bgp` and the customer gateway's `bgp_asn` the same")
        }
        if !b.policyAllowsRoutes {
            f.problem("FRR ≥ 7.4 requires a policy on eBGP sessions (`bgp ebgp-requires-policy` is on by default): with no route-map in and out for \(b.neighbor), it sends and accepts no routes",
                      fix: "add `neighbor \(b.neighbor) route-map … in` and `… out`, or `no bgp ebgp-requires-policy` (`causeway render --only frr` writes both)")
        }
        let hold = min(b.holdTime ?? 180, AWSNumbers.BGP.holdTime)
        let limit = connection.gateway.vpnGateway != nil ? AWSNumbers.Quotas.routesFromCustomerToVGW : AWSNumbers.Quotas.routesFromCustomerToTGW
        let count = plan?.advertise.count ?? 0
        // Both ends run the smaller hold time (RFC 4271, section 4.2); 0 turns keepalives off.
        let holdText = hold == 0 ? "hold time 0 (no keepalives: a path that fails silently is noticed by DPD only, and its routes stay until then)" : "hold time \(hold) s"
        f.fact("AS \(b.localASN.map(\.description) ?? "?") (\(cidr.address(2))) ↔ AS \(amazon) (\(cidr.address(1))), \(holdText); advertises \(count) of the \(limit) prefixes AWS accepts per connection")
    }

    func routingMode(_ end: CustomerTunnel, _ f: inout StepFindings) {
        let own: RoutingMode? = fromFolder ? (end.bgp == nil ? .static : .bgp) : plan?.routing
        guard let own else { return }
        if own == connection.routing {
            f.fact("AWS's connection and \(gatewayWord) both route \(own == .bgp ? "with BGP" : "statically")")
        } else {
            f.problem("VPN connection `\(connection.name)` is `\(connection.routing.rawValue)`, \(gatewayWord) routes `\(own.rawValue)`",
                      fix: "make the connection's `routing` and the device's `routing` the same, then re-render")
        }
    }
}
