import CausewayCore

/// Which `explain` step each of check's rules about a tunnel belongs to: `explain` does not
/// re-derive these rules, it files check's findings under the step they keep from succeeding.
/// A rule not listed here that is an error on the connection lands under `connection`.
enum ExplainAttribution {
    static let stepOfRule: [String: ExplainStep] = [
        "ike-version-unsupported": .ikeVersion,
        // The phase is the one the finding's path names (phase1…/phase2…); rekey and replay
        // settings are the IPsec SA's.
        "proposal-unsupported": .phase1, "lifetime-range": .phase1, "lifetime-order": .phase2,
        "rekey-margin-range": .phase2, "rekey-fuzz-range": .phase2, "replay-window-range": .phase2,
        "psk-length": .preSharedKey, "psk-charset": .preSharedKey, "psk-leading-zero": .preSharedKey,
        "psk-mismatch": .preSharedKey,
        "inside-cidr-duplicate": .insideAddresses, "inside-cidr-mismatch": .insideAddresses,
        "inside-cidr-range": .insideAddresses, "inside-cidr-reserved": .insideAddresses,
        "inside-cidr-size": .insideAddresses,
        "dpd-timeout-too-low": .dpdStartup, "startup-action-needs-ikev2": .dpdStartup,
        "cgw-ip-missing": .natTraversal, "cgw-ip-duplicate": .natTraversal, "outside-ip-family": .natTraversal,
        "outside-ipv6-cgw-ipv4": .natTraversal, "outside-ipv6-needs-tgw": .natTraversal,
        "cgw-ipv6-not-routable": .natTraversal, "cgw-ipv6-outside-ipv4": .natTraversal,
        "asn-range": .bgpSession, "asn-reserved": .bgpSession, "asn-same-as-amazon": .bgpSession,
        "bgp-asn-mismatch": .bgpSession, "bgp-prefix-limit": .bgpSession,
        "routing-mode-mismatch": .routingMode,
    ]

    /// How close a model path is to one tunnel.
    enum Scope { case tunnel, connection, nearby }

    /// The topology paths that belong to one tunnel: its own, its connection's, its customer
    /// gateway's, its device's (except the device's other tunnels); nearby: its site's and its
    /// Amazon-side gateway's (only the listed rules are filed from there).
    struct TunnelPaths {
        let tunnel: String, connection: String
        let customerGateway: String?
        let deviceTunnel: String?, device: String?, site: String?, amazonGateway: String?

        func scope(of p: String) -> Scope? {
            func under(_ base: String?) -> Bool { base.map { p == $0 || p.hasPrefix($0 + ".") } ?? false }
            if under(tunnel) || under(deviceTunnel) { return .tunnel }
            if p.hasPrefix(connection + ".tunnels.") { return nil }
            if let d = device, p.hasPrefix(d + ".tunnels.") { return nil }
            if under(connection) || under(customerGateway) || under(device) { return .connection }
            return under(site) || under(amazonGateway) ? .nearby : nil
        }
    }

    /// Check's findings about one tunnel, by step.
    static func findings(_ diagnostics: [Diagnostic], for paths: TunnelPaths, in map: SourceMap) -> [ExplainStep: [Diagnostic]] {
        var out: [ExplainStep: [Diagnostic]] = [:]
        for d in diagnostics where d.severity >= .warning {
            let at = map.paths(at: d.location)
            guard let scope = at.compactMap(paths.scope).min(by: { rank($0) < rank($1) }) else { continue }
            var step = stepOfRule[d.rule]
            if step == .phase1 || step == .phase2 {
                if at.contains(where: { $0.contains("phase2") }) { step = .phase2 }
                else if at.contains(where: { $0.contains("phase1") }) { step = .phase1 }
            }
            if step == nil && d.severity == .error && scope != .nearby { step = .connection }
            if let step { out[step, default: []].append(d) }
        }
        return out
    }

    static func rank(_ s: Scope) -> Int {
        switch s {
        case .tunnel: return 0
        case .connection: return 1
        case .nearby: return 2
        }
    }
}
