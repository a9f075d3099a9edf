import CausewayCore

/// The pure comparison: what a site's gateway should run (`GatewayExpectation`) against what it
/// runs (`GatewayObservation`), as findings. Each finding names the tunnel or device node of the
/// topology it is about, what differs and how to fix it.
public struct Doctor: Sendable {
    public var expected: GatewayExpectation
    public var observed: GatewayObservation

    public init(expected: GatewayExpectation, observed: GatewayObservation) {
        self.expected = expected
        self.observed = observed
    }

    public func findings() -> [Diagnostic] {
        var out: [Diagnostic] = []
        for (probe, why) in observed.unavailable.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where probe != .clock {
            out.append(finding(DoctorRules.probeFailed, "\(probe.rawValue) probe: \(why); its checks are skipped", fix: "install the tool or pass the daemon's socket (`causeway doctor --help`)"))
        }
        out += ipsec() + bgp() + routes() + sysctl() + links() + firewall() + clock()
        return out
    }

    func finding(_ rule: Rule, _ what: String, fix: String, at location: SourceLocation? = nil) -> Diagnostic {
        Diagnostic(rule, "site `\(expected.site)`: \(what); fix: \(fix)", at: location ?? expected.location)
    }

    func ipsec() -> [Diagnostic] {
        guard let sas = observed.securityAssociations else { return [] }
        let restart: String
        switch expected.ipsec {
        case .libreswan: restart = "ipsec auto --up NAME"
        case .strongswanLegacy: restart = "ipsec up NAME"
        case .strongswan: restart = "swanctl --initiate --child NAME"
        }
        return expected.tunnels.compactMap { t in
            let sa = sas[t.name]
            if sa?.ikeEstablished != true {
                return finding(DoctorRules.ikeDown, "tunnel \(t.key) (`\(t.name)`): no established IKE SA",
                               fix: "check that AWS's endpoint is reachable on 500/4500 udp, the PSK and the phase 1 proposal (`causeway explain`), then `\(restart.replacingOccurrences(of: "NAME", with: t.name))`", at: t.location)
            }
            if sa?.childInstalled != true {
                return finding(DoctorRules.childDown, "tunnel \(t.key) (`\(t.name)`): IKE SA established, no IPsec SA installed",
                               fix: "check the phase 2 proposal and traffic selectors, then `\(restart.replacingOccurrences(of: "NAME", with: t.name))`", at: t.location)
            }
            return nil
        }
    }

    func bgp() -> [Diagnostic] {
        guard expected.routing == .bgp, let bgp = observed.bgp else { return [] }
        var out: [Diagnostic] = []
        if let local = bgp.localASN, local != expected.localASN.value {
            out.append(finding(DoctorRules.bgpASN, "FRR runs as AS \(local), the topology's device ASN is \(expected.localASN)",
                               fix: "load the rendered frr.conf (`router bgp \(expected.localASN)`)"))
        }
        for t in expected.tunnels {
            guard let peer = t.awsInside else { continue }
            guard let n = bgp.neighbor(peer) else {
                out.append(finding(DoctorRules.bgpNeighborMissing, "tunnel \(t.key): no BGP neighbor \(peer)",
                                   fix: "load the rendered frr.conf (`neighbor \(peer) remote-as \(t.amazonASN)`)", at: t.location))
                continue
            }
            if let r = n.remoteASN, r != t.amazonASN.value {
                out.append(finding(DoctorRules.bgpASN, "tunnel \(t.key): neighbor \(peer) is configured with remote AS \(r), AWS's side is \(t.amazonASN)",
                                   fix: "`neighbor \(peer) remote-as \(t.amazonASN)`", at: t.location))
            }
            if !n.established {
                out.append(finding(DoctorRules.bgpDown, "tunnel \(t.key): BGP with \(peer) is \(n.state)",
                                   fix: "bring the tunnel's IPsec SA up first; then check that \(t.interface) holds \(t.customerInside.map { "\($0.address)/\($0.length)" } ?? "the inside address") and 179/tcp is open on it", at: t.location))
            } else if n.withoutPolicy {
                out.append(finding(DoctorRules.bgpNoPolicy, "tunnel \(t.key): BGP with \(peer) is Established but FRR discards its updates (ebgp-requires-policy, no route-map in/out)",
                                   fix: "load the rendered frr.conf: it gives the neighbor route-maps in and out (or set `no bgp ebgp-requires-policy`)", at: t.location))
            } else if n.prefixesReceived == 0 || (n.prefixesSent == 0 && !expected.advertise.isEmpty) {
                out.append(finding(DoctorRules.bgpNoPrefixes, "tunnel \(t.key): BGP with \(peer) is Established, \(n.prefixesReceived) prefixes received, \(n.prefixesSent) sent",
                                   fix: "check the route-maps and `network` statements of the rendered frr.conf and AWS's route propagation", at: t.location))
            }
        }
        return out
    }

    func routes() -> [Diagnostic] {
        guard let routes = observed.routes else { return [] }
        return expected.awsPrefixes.compactMap { p in
            routes.contains(where: { $0.prefix.contains(p) && $0.prefix.length > 0 }) ? nil
                : finding(DoctorRules.routeMissing, "no route to AWS's \(p) in FRR's RIB",
                          fix: expected.routing == .bgp ? "bring a tunnel's BGP session up (see the findings above)" : "load the rendered static routes (frr.conf) and bring a tunnel up")
        }
    }
}
