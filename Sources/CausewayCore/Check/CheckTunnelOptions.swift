/// AWS's tunnel options: algorithms, IKE versions, lifetimes, rekey, replay window, DPD and
/// startup action; and the device's own proposal and IKE version against the tunnel's.
public struct TunnelOptionChecks: FindingsCheck {
    static let page = TunnelChecks.tunnelOptionsPage

    /// The rules this check reports, in the catalog's order.
    public struct Rules: RuleCatalogue {
        public let proposalUnsupported = Rule("proposal-unsupported", .error,
            "An encryption, integrity or DH group AWS does not offer for that phase; a warning for a device proposal with nothing in common with the tunnel's.",
            reference: "\(page): phase 1/2 encryption AES128, AES256, AES128-GCM-16, AES256-GCM-16; integrity SHA1, SHA2-256, SHA2-384, SHA2-512; phase 1 DH 2, 14–24; phase 2 DH 2, 5, 14–24")
        public let lifetimeRange = Rule("lifetime-range", .error,
            "A phase lifetime outside AWS's range (phase 1: \(AWSNumbers.Tunnel.phase1Lifetime.dashed) s, phase 2: \(AWSNumbers.Tunnel.phase2Lifetime.dashed) s).",
            reference: "\(page): Phase 1 lifetime \"between 900 and 28,800\", Phase 2 lifetime \"between 900 and 3,600\"")
        public let lifetimeOrder = Rule("lifetime-order", .error,
            "A phase 2 lifetime not below the phase 1 lifetime.",
            reference: "\(page): Phase 2 lifetime \"must be less than the number of seconds for the phase 1 lifetime\"")
        public let rekeyMarginRange = Rule("rekey-margin-range", .error,
            "A rekey margin time outside \(AWSNumbers.Tunnel.rekeyMarginTimeMinimum) s … half the phase 2 lifetime.",
            reference: "\(page): Rekey margin time \"between 60 and half of the value of the phase 2 lifetime\"")
        public let rekeyFuzzRange = Rule("rekey-fuzz-range", .error,
            "A rekey fuzz outside \(AWSNumbers.Tunnel.rekeyFuzz.dashed) %.",
            reference: "\(page): Rekey fuzz \"a percentage value between 0 and 100\"")
        public let replayWindowRange = Rule("replay-window-range", .error,
            "A replay window outside \(AWSNumbers.Tunnel.replayWindow.dashed) packets.",
            reference: "\(page): Replay window size \"a value between \(AWSNumbers.Tunnel.replayWindow.lowerBound) and \(AWSNumbers.Tunnel.replayWindow.upperBound)\"")
        public let dpdTimeoutTooLow = Rule("dpd-timeout-too-low", .error,
            "A DPD timeout below \(AWSNumbers.Tunnel.dpdTimeoutMinimum) seconds.",
            reference: "\(page): Dead peer detection (DPD) timeout \"You can specify 30 or higher\"")
        public let startupActionNeedsIKEv2 = Rule("startup-action-needs-ikev2", .error,
            "`startup_action: start` (AWS initiates) on a tunnel that does not allow IKEv2; a warning when only its device speaks IKEv1.",
            reference: "AWS Site-to-Site VPN user guide, Tunnel initiation options (initiate-vpn-tunnels): \"IKE initiation from the AWS side of the VPN connection is supported for IKEv2 only\"")
    }
    public static let rule = Rules()

    public init() {}

    /// AWS's DH groups per phase.
    public static let phase1DHGroups = Proposal.awsPhase1Default.dhGroups
    public static let phase2DHGroups = Proposal.awsPhase2Default.dhGroups

    func find(_ t: Topology, _ f: inout Findings) {
        for c in t.vpnConnections {
            let dev = t.device(of: c)?.1
            for tun in c.tunnels {
                options(c, tun, &f)
                if let d = dev?.tunnel(c.name, tun.index) { device(c, tun, d, &f) }
            }
        }
    }

    /// Where an option of a tunnel was written: the tunnel itself, else the connection's
    /// `tunnel_options`, else the tunnel (defaults); and how to name that place in a message.
    func place(_ c: VPNConnection, _ tun: Tunnel, _ key: String, _ f: Findings) -> (path: String, label: String) {
        let own = "\(tun.path).\(key)", shared = "\(c.path).tunnel_options.\(key)"
        if f.isWritten(own) { return (own, "tunnel \(tun.index) of `\(c.name)`") }
        if f.isWritten(shared) { return (shared, "`\(c.name)` tunnel_options") }
        let ownRoot = "\(tun.path).\(key.split(separator: ".").first ?? "")"
        let sharedRoot = "\(c.path).tunnel_options.\(key.split(separator: ".").first ?? "")"
        if f.isWritten(ownRoot) { return (ownRoot, "tunnel \(tun.index) of `\(c.name)`") }
        if f.isWritten(sharedRoot) { return (sharedRoot, "`\(c.name)` tunnel_options") }
        return (tun.path, "tunnel \(tun.index) of `\(c.name)`")
    }

    func options(_ c: VPNConnection, _ tun: Tunnel, _ f: inout Findings) {
        let o = tun.options
        for (phase, proposal, groups) in [("phase1", o.phase1, Self.phase1DHGroups), ("phase2", o.phase2, Self.phase2DHGroups)] {
            let n = phase.last!
            func at(_ part: String) -> (path: String, label: String) {
                let p = place(c, tun, "\(phase).\(part)", f)
                return p.path.hasSuffix(".\(part)") ? p : place(c, tun, "\(phase).proposal", f)
            }
            let badEnc = proposal.encryption.filter { !EncryptionAlgorithm.supported.contains($0) }
            if !badEnc.isEmpty {
                let (p, l) = at("encryption")
                f.add(Self.rule.proposalUnsupported, "\(l): phase \(n) encryption \(badEnc.map(\.name).joined(separator: ", ")) is not offered by AWS; use AES128, AES256, AES128-GCM-16 or AES256-GCM-16", at: p)
            }
            let badInt = proposal.integrity.filter { !IntegrityAlgorithm.supported.contains($0) }
            if !badInt.isEmpty {
                let (p, l) = at("integrity")
                f.add(Self.rule.proposalUnsupported, "\(l): phase \(n) integrity \(badInt.map(\.name).joined(separator: ", ")) is not offered by AWS; use SHA1, SHA2-256, SHA2-384 or SHA2-512", at: p)
            }
            let badDH = proposal.dhGroups.filter { !groups.contains($0) }
            if !badDH.isEmpty {
                let (p, l) = at("dh_groups")
                f.add(Self.rule.proposalUnsupported, "\(l): phase \(n) DH group\(badDH.count == 1 ? " is" : "s are") \(badDH.map(String.init).joined(separator: ", ")) not offered by AWS in phase \(n); use one of \(Self.ranges(groups))", at: p)
            }
        }
        if o.ikeVersions.isEmpty, case let (p, l) = place(c, tun, "ike_versions", f), !f.isWritten("\(p).0") {
            f.add(LoadRules.ikeVersionUnsupported, "\(l): no IKE version is allowed; list ikev1, ikev2 or both", at: p)
        }
        let l1 = place(c, tun, "phase1.lifetime", f), l2 = place(c, tun, "phase2.lifetime", f)
        if !AWSNumbers.Tunnel.phase1Lifetime.contains(o.phase1Lifetime) {
            f.add(Self.rule.lifetimeRange, "\(l1.label): phase 1 lifetime \(o.phase1Lifetime) s is outside AWS's \(AWSNumbers.Tunnel.phase1Lifetime.dashed) s", at: l1.path)
        }
        if !AWSNumbers.Tunnel.phase2Lifetime.contains(o.phase2Lifetime) {
            f.add(Self.rule.lifetimeRange, "\(l2.label): phase 2 lifetime \(o.phase2Lifetime) s is outside AWS's \(AWSNumbers.Tunnel.phase2Lifetime.dashed) s", at: l2.path)
        }
        if o.phase2Lifetime >= o.phase1Lifetime {
            let w = f.isWritten(l2.path) && l2.path.hasSuffix("lifetime") ? l2 : l1
            f.add(Self.rule.lifetimeOrder, "\(w.label): phase 2 lifetime \(o.phase2Lifetime) s must be less than phase 1 lifetime \(o.phase1Lifetime) s; lower phase 2 or raise phase 1", at: w.path)
        }
        let maxMargin = o.phase2Lifetime / 2
        if o.rekeyMarginTime < AWSNumbers.Tunnel.rekeyMarginTimeMinimum || o.rekeyMarginTime > maxMargin {
            let (p, l) = place(c, tun, "rekey_margin_time", f)
            f.add(Self.rule.rekeyMarginRange, "\(l): rekey margin time \(o.rekeyMarginTime) s must be between \(AWSNumbers.Tunnel.rekeyMarginTimeMinimum) s and half the phase 2 lifetime (\(maxMargin) s)", at: p)
        }
        if !AWSNumbers.Tunnel.rekeyFuzz.contains(o.rekeyFuzz) {
            let (p, l) = place(c, tun, "rekey_fuzz", f)
            f.add(Self.rule.rekeyFuzzRange, "\(l): rekey fuzz \(o.rekeyFuzz) % must be between \(AWSNumbers.Tunnel.rekeyFuzz.lowerBound) and \(AWSNumbers.Tunnel.rekeyFuzz.upperBound)", at: p)
        }
        if !AWSNumbers.Tunnel.replayWindow.contains(o.replayWindow) {
            let (p, l) = place(c, tun, "replay_window", f)
            f.add(Self.rule.replayWindowRange, "\(l): replay window \(o.replayWindow) packets must be between \(AWSNumbers.Tunnel.replayWindow.lowerBound) and \(AWSNumbers.Tunnel.replayWindow.upperBound)", at: p)
        }
        if o.dpdTimeout < AWSNumbers.Tunnel.dpdTimeoutMinimum {
            let (p, l) = place(c, tun, "dpd_timeout", f)
            f.add(Self.rule.dpdTimeoutTooLow, "\(l): DPD timeout \(o.dpdTimeout) s is below AWS's minimum of \(AWSNumbers.Tunnel.dpdTimeoutMinimum) s (AWS sends DPD every \(AWSNumbers.Tunnel.dpdInterval) s); use \(AWSNumbers.Tunnel.dpdTimeoutMinimum) or more", at: p)
        }
        if o.startupAction == .start && !o.ikeVersions.isEmpty && !o.ikeVersions.contains(.ikev2) {
            let (p, l) = place(c, tun, "startup_action", f)
            f.add(Self.rule.startupActionNeedsIKEv2, "\(l): `startup_action: start` makes AWS initiate, which it does only with IKEv2, but `ike_versions` allows only \(o.ikeVersions.map(\.rawValue).joined(separator: ", ")); add ikev2 or use `startup_action: add`", at: p)
        }
    }

    func device(_ c: VPNConnection, _ tun: Tunnel, _ d: DeviceTunnel, _ f: inout Findings) {
        let label = "the device's settings for tunnel \(tun.index) of `\(c.name)`"
        let o = tun.options
        if let v = d.ikeVersion {
            if !o.ikeVersions.contains(v) && !o.ikeVersions.isEmpty {
                f.add(LoadRules.ikeVersionUnsupported, "\(label) speak \(v.rawValue), but the tunnel allows only \(o.ikeVersions.map(\.rawValue).joined(separator: ", ")); IKE will not come up: align the device's `ike_version` with the tunnel's `ike_versions`", at: "\(d.path).ike_version", severity: .warning)
            } else if v == .ikev1 && o.startupAction == .start {
                f.add(Self.rule.startupActionNeedsIKEv2, "\(label) speak ikev1, but the tunnel has `startup_action: start`, which AWS initiates only with IKEv2; use ikev2 on the device or `startup_action: add`", at: "\(d.path).ike_version", severity: .warning)
            }
        }
        for (phase, mine, aws) in [("phase1", d.phase1, o.phase1), ("phase2", d.phase2, o.phase2)] {
            guard let mine else { continue }
            if mine.intersection(aws) == nil {
                f.add(Self.rule.proposalUnsupported, "\(label): the device's \(phase) proposal (\(Self.describe(mine))) has nothing in common with the tunnel's (\(Self.describe(aws))); negotiation will fail: offer at least one of the tunnel's algorithms and DH groups", at: "\(d.path).\(phase)", severity: .warning)
            }
        }
    }

    static func describe(_ p: Proposal) -> String {
        let e = p.encryption.map(\.name).joined(separator: "/")
        let i = p.integrity.map(\.name).joined(separator: "/")
        let d = p.dhGroups.map { "DH\($0)" }.joined(separator: "/")
        return [e, i, d].filter { !$0.isEmpty }.joined(separator: ", ")
    }

    /// `2, 14–24` from a sorted list of groups.
    static func ranges(_ g: [Int]) -> String {
        var parts: [String] = []
        var i = 0
        while i < g.count {
            var j = i
            while j + 1 < g.count && g[j + 1] == g[j] + 1 { j += 1 }
            parts.append(j > i + 1 ? "\(g[i])–\(g[j])" : (j == i + 1 ? "\(g[i]), \(g[j])" : "\(g[i])"))
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }
}
