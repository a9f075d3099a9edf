/// Per-tunnel addressing and keys: inside CIDRs (/30 in 169.254.0.0/16, not reserved, unique)
/// and pre-shared keys (AWS's length and alphabet), on the AWS side and on the device.
public struct TunnelChecks: FindingsCheck {
    static let tunnelOptionsPage = "AWS Site-to-Site VPN user guide, Tunnel options for your Site-to-Site VPN connection (VPNTunnels / tunnel-configure)"

    /// The rules this check reports, in the catalog's order.
    public struct Rules: RuleCatalogue {
        public let insideCIDRSize = Rule("inside-cidr-size", .error,
            "A tunnel inside CIDR that is not a /30.",
            reference: "\(tunnelOptionsPage): Inside tunnel IPv4 CIDR, \"a size /30 CIDR block from the 169.254.0.0/16 range\"")
        public let insideCIDRRange = Rule("inside-cidr-range", .error,
            "A tunnel inside CIDR outside 169.254.0.0/16.",
            reference: "\(tunnelOptionsPage): Inside tunnel IPv4 CIDR, \"from the 169.254.0.0/16 range\"")
        public let insideCIDRReserved = Rule("inside-cidr-reserved", .error,
            "A tunnel inside CIDR AWS reserves: 169.254.0.0/30 … 169.254.5.0/30 and 169.254.169.252/30.",
            reference: "\(tunnelOptionsPage): \"The following CIDR blocks are reserved and cannot be used: 169.254.0.0/30, 169.254.1.0/30, 169.254.2.0/30, 169.254.3.0/30, 169.254.4.0/30, 169.254.5.0/30, 169.254.169.252/30\"")
        public let insideCIDRDuplicate = Rule("inside-cidr-duplicate", .error,
            "Two tunnels with the same (overlapping) inside CIDR: both tunnels of one connection, connections of one VGW, or connections of one TGW that end on the same device (a warning when they end on different devices).",
            reference: "\(tunnelOptionsPage): \"must be unique across all Site-to-Site VPN connections that use the same virtual private gateway\"; on a transit gateway it need not be unique, \"however … it can create a conflict on your customer gateway\"")
        public let insideCIDRMismatch = Rule("inside-cidr-mismatch", .warning,
            "The device's inside CIDR for a tunnel differs from the tunnel's own; the BGP session and the VTI addresses will not match.",
            reference: "\(tunnelOptionsPage): AWS uses the first usable address of the /30, the customer gateway the second")
        public let pskLength = Rule("psk-length", .error,
            "A pre-shared key shorter than 8 or longer than 64 characters.",
            reference: "\(tunnelOptionsPage): Pre-shared key, \"between 8 and 64 characters in length\"")
        public let pskCharset = Rule("psk-charset", .error,
            "A pre-shared key with characters other than letters, digits, `.` and `_`.",
            reference: "\(tunnelOptionsPage): Pre-shared key, \"Allowed characters are alphanumeric characters, periods (.), and underscores (_)\"")
        public let pskLeadingZero = Rule("psk-leading-zero", .error,
            "A pre-shared key that starts with `0`.",
            reference: "\(tunnelOptionsPage): Pre-shared key, \"cannot start with zero (0)\"")
        public let pskMismatch = Rule("psk-mismatch", .warning,
            "The device's literal pre-shared key for a tunnel differs from the tunnel's literal key; IKE authentication fails.",
            reference: "AWS Site-to-Site VPN user guide, Troubleshooting: IKE phase 1 fails on a pre-shared key mismatch")
    }
    public static let rule = Rules()

    public init() {}

    /// The inside CIDRs AWS reserves.
    public static let reservedInsideCIDRs = AWSNumbers.Tunnel.reservedInsideCIDRs
    public static let insideRange = AWSNumbers.Tunnel.insideRange

    func find(_ t: Topology, _ f: inout Findings) {
        let used = Set(t.vpnConnections.flatMap { $0.tunnels.compactMap(\.insideCIDR) })
        for c in t.vpnConnections {
            let dev = t.device(of: c)?.1
            for tun in c.tunnels {
                let label = "tunnel \(tun.index) of `\(c.name)`"
                if let p = tun.insideCIDR { insideCIDR(p, label, "\(tun.path).inside_cidr", used, &f) }
                if case .literal(let k) = tun.psk { psk(k, label, "\(tun.path).psk", &f) }
                guard let d = dev?.tunnel(c.name, tun.index) else { continue }
                let dlabel = "the device's settings for \(label)"
                if let p = d.insideCIDR {
                    insideCIDR(p, dlabel, "\(d.path).inside_cidr", used, &f)
                    if let a = tun.insideCIDR, a != p {
                        f.add(Self.rule.insideCIDRMismatch, "\(dlabel) use inside CIDR \(p), but the tunnel's is \(a); remove the device's `inside_cidr` or make both the same", at: "\(d.path).inside_cidr")
                    } else if tun.insideCIDR == nil {
                        f.add(Self.rule.insideCIDRMismatch, "\(dlabel) use inside CIDR \(p), but the tunnel leaves it to AWS, which picks a random /30; write `inside_cidr: \(p)` on the tunnel too", at: "\(d.path).inside_cidr")
                    }
                }
                if case .literal(let k) = d.psk {
                    psk(k, dlabel, "\(d.path).psk", &f)
                    if case .literal(let a) = tun.psk, a != k {
                        f.add(Self.rule.pskMismatch, "\(dlabel) use a different pre-shared key than the tunnel; IKE authentication will fail: use the same key (better: the same `{env: NAME}` on both, or drop the device's `psk`)", at: "\(d.path).psk")
                    }
                }
            }
            if let a = c.tunnel(1)?.insideCIDR, let b = c.tunnel(2)?.insideCIDR, a.overlaps(b), Self.valid(a), Self.valid(b) {
                f.add(Self.rule.insideCIDRDuplicate, "both tunnels of `\(c.name)` use inside CIDR \(b); each tunnel needs its own /30: try \(Self.freeInsideCIDR(avoiding: used))", at: "\(c.path).tunnels.2.inside_cidr")
            }
        }
        duplicatesAcrossConnections(t, used, &f)
    }

    static func valid(_ p: IPv4Prefix) -> Bool {
        p.length == 30 && insideRange.contains(p) && !reservedInsideCIDRs.contains(where: { $0.overlaps(p) })
    }

    /// A /30 in 169.254.0.0/16 that is neither reserved nor used (from 169.254.10.0 up).
    public static func freeInsideCIDR(avoiding used: Set<IPv4Prefix>) -> IPv4Prefix {
        var a = IPv4Address(169, 254, 10, 0)
        while insideRange.contains(a) {
            let p = IPv4Prefix(a, 30)
            if valid(p) && !used.contains(where: { $0.overlaps(p) }) { return p }
            a = a.advanced(by: 4)
        }
        return IPv4Prefix(IPv4Address(169, 254, 10, 0), 30)
    }

    func insideCIDR(_ p: IPv4Prefix, _ label: String, _ at: String, _ used: Set<IPv4Prefix>, _ f: inout Findings) {
        let free = Self.freeInsideCIDR(avoiding: used)
        if p.length != 30 {
            f.add(Self.rule.insideCIDRSize, "\(label): inside CIDR \(p) is a /\(p.length); AWS takes a /30 (AWS side .1, customer side .2), e.g. \(free)", at: at)
        } else if !Self.insideRange.contains(p) {
            f.add(Self.rule.insideCIDRRange, "\(label): inside CIDR \(p) is outside 169.254.0.0/16, where AWS requires tunnel inside addresses; use e.g. \(free)", at: at)
        } else if Self.reservedInsideCIDRs.contains(p) {
            f.add(Self.rule.insideCIDRReserved, "\(label): inside CIDR \(p) is reserved by AWS (169.254.0.0/30–169.254.5.0/30 and 169.254.169.252/30 cannot be used); use e.g. \(free)", at: at)
        }
    }

    /// Problems AWS would reject a pre-shared key for, without ever showing the key.
    public static func pskProblems(_ key: PreSharedKey) -> [(Rule, String)] {
        let k = key.revealed
        var out: [(Rule, String)] = []
        let lengths = PreSharedKey.allowedLengths
        if !lengths.contains(k.count) {
            out.append((rule.pskLength, "the pre-shared key is \(k.count) characters long; AWS accepts \(lengths.lowerBound) to \(lengths.upperBound)"))
        }
        let bad = k.unicodeScalars.filter { !PreSharedKey.isAllowed($0) }.count
        if bad > 0 {
            out.append((rule.pskCharset, "the pre-shared key has \(bad) character\(bad == 1 ? "" : "s") AWS does not accept; use only letters, digits, `.` and `_`"))
        }
        if k.first == PreSharedKey.forbiddenFirst {
            out.append((rule.pskLeadingZero, "the pre-shared key starts with `0`, which AWS does not accept; drop or replace the leading zero"))
        }
        return out
    }

    func psk(_ k: PreSharedKey, _ label: String, _ at: String, _ f: inout Findings) {
        for (rule, why) in Self.pskProblems(k) { f.add(rule, "\(label): \(why)", at: at) }
    }

    func duplicatesAcrossConnections(_ t: Topology, _ used: Set<IPv4Prefix>, _ f: inout Findings) {
        struct Use { let conn: VPNConnection; let tunnel: Tunnel; let prefix: IPv4Prefix; let device: String }
        var byGateway: [VPNGatewayTarget: [Use]] = [:]
        for c in t.vpnConnections {
            let device = t.customerGateway(c.customerGateway).map { $0.site ?? $0.ipAddress?.description ?? $0.name } ?? c.customerGateway
            for tun in c.tunnels {
                if let p = tun.insideCIDR, Self.valid(p) { byGateway[c.gateway, default: []].append(Use(conn: c, tunnel: tun, prefix: p, device: device)) }
            }
        }
        for (gateway, uses) in byGateway {
            for (i, a) in uses.enumerated() {
                for b in uses[(i + 1)...] where a.conn.name != b.conn.name && a.prefix.overlaps(b.prefix) {
                    let where_ = "tunnel \(b.tunnel.index) of `\(b.conn.name)` and tunnel \(a.tunnel.index) of `\(a.conn.name)` both use \(b.prefix)"
                    switch gateway {
                    case .vpnGateway(let g):
                        f.add(Self.rule.insideCIDRDuplicate, "\(where_) on virtual private gateway `\(g)`; AWS requires a unique inside CIDR per VGW: try \(Self.freeInsideCIDR(avoiding: used))", at: "\(b.tunnel.path).inside_cidr")
                    case .transitGateway(let g):
                        let same = a.device == b.device
                        f.add(Self.rule.insideCIDRDuplicate,
                              "\(where_) on transit gateway `\(g)`; " + (same
                                ? "both end on the same customer gateway device, where the addresses collide: try \(Self.freeInsideCIDR(avoiding: used))"
                                : "AWS allows this on a TGW, but reuse invites conflicts on customer devices: consider \(Self.freeInsideCIDR(avoiding: used))"),
                              at: "\(b.tunnel.path).inside_cidr", severity: same ? nil : .warning)
                    }
                }
            }
        }
    }
}
