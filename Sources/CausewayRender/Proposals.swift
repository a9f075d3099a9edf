import CausewayCore

/// The IPsec implementations causeway writes configuration for, with what each accepts.
enum IPsecSuite {
    case strongSwan, libreswan

    /// DH groups the implementation accepts for a phase. Libreswan 4 dropped MODP1024 and the
    /// RFC 5114 groups (22–24); with IKEv1 it has no elliptic-curve groups (checked with its
    /// `algparse`). strongSwan accepts every group AWS offers.
    func supportsDH(_ g: Int, phase: Int, ike: IKEVersion) -> Bool {
        switch self {
        case .strongSwan: return Proposal.dhGroupKeywords[g] != nil
        case .libreswan:
            return (14...18).contains(g) || (ike == .ikev2 && (19...21).contains(g)) || (phase == 2 && g == 5)
        }
    }

    /// IKEv1 has no AEAD ciphers for the IKE SA in either implementation.
    func supports(_ e: EncryptionAlgorithm, phase: Int, ike: IKEVersion) -> Bool {
        guard EncryptionAlgorithm.supported.contains(e) else { return false }
        return !(e.isGCM && phase == 1 && ike == .ikev1)
    }
}

extension Proposal {
    /// What the gateway offers when the topology leaves AWS's algorithm lists at their defaults:
    /// the algorithms of AWS's recommended configuration (AES256 or AES256-GCM, SHA2-256, DH 14
    /// and stronger), strongest first. SHA1, DH 2 and 5, AES128, the MODP 6144/8192 groups (slow)
    /// and the RFC 5114 groups 22–24 are left out: AWS's endpoints pick the lowest value in AWS's
    /// own list order among what the gateway offers, whatever the gateway's order
    /// (https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html), so anything weak offered
    /// would be chosen.
    static let recommended = Proposal(encryption: [.aes256gcm, .aes256],
                                      integrity: [.sha512, .sha384, .sha256],
                                      dhGroups: [21, 20, 19, 16, 15, 14])
}

/// What one phase offers, per kind in preference order, narrowed to what the suite accepts.
struct Offer: Equatable {
    let encryption: [EncryptionAlgorithm]
    /// Integrity for CBC ciphers and the PRF of a GCM IKE SA; unused by GCM ESP.
    let integrity: [IntegrityAlgorithm]
    let dhGroups: [Int]
    let phase: Int
    let ike: IKEVersion

    /// The algorithms of `p` that `suite` accepts for the phase, in `p`'s order; nil when a kind
    /// is left empty. With IKEv1, phase 2 keeps one DH group: quick mode carries a single KE
    /// payload, so every ESP proposal must name the same PFS group (RFC 2409 section 5.5).
    init?(_ p: Proposal, phase: Int, ike: IKEVersion, suite: IPsecSuite) {
        let integ = p.integrity.filter { IntegrityAlgorithm.supported.contains($0) }
        let enc = p.encryption.filter { e in
            guard suite.supports(e, phase: phase, ike: ike) else { return false }
            return !integ.isEmpty || (e.isGCM && phase == 2)
        }
        var dh = p.dhGroups.filter { suite.supportsDH($0, phase: phase, ike: ike) }.uniqued()
        if phase == 2 && ike == .ikev1 { dh = Array(dh.prefix(1)) }
        guard !enc.isEmpty, !dh.isEmpty else { return nil }
        encryption = enc.uniqued()
        integrity = enc.allSatisfy({ $0.isGCM }) && phase == 2 ? [] : integ.uniqued()
        dhGroups = dh
        self.phase = phase
        self.ike = ike
    }

    var gcm: [EncryptionAlgorithm] { encryption.filter(\.isGCM) }
    var cbc: [EncryptionAlgorithm] { encryption.filter { !$0.isGCM } }

    // MARK: strongSwan keywords

    /// strongSwan's proposal list (`proposals`, `esp_proposals`, `ike=`, `esp=`): one AEAD proposal
    /// (with the integrity algorithms as PRFs for IKE) and one CBC proposal, AEAD first, each with
    /// several algorithms per kind (strongSwan splits them into IKEv1 transforms itself):
    /// `aes256gcm16-prfsha256-ecp384-modp2048,aes256-sha256-ecp384-modp2048`.
    var strongSwan: String {
        let dh = dhGroups.map { Proposal.dhGroupKeywords[$0] ?? "modp\($0)" }
        let integ = integrity.map { Offer.strongSwanIntegrity[$0.name] ?? $0.name.lowercased() }
        var out: [String] = []
        if !gcm.isEmpty {
            let prf = phase == 1 ? integ.map { "prf\($0)" } : []
            out.append((gcm.map(Offer.strongSwanName) + prf + dh).joined(separator: "-"))
        }
        if !cbc.isEmpty { out.append((cbc.map(Offer.strongSwanName) + integ + dh).joined(separator: "-")) }
        return out.joined(separator: ",")
    }

    static func strongSwanName(_ e: EncryptionAlgorithm) -> String { strongSwanEncryption[e.name] ?? e.name.lowercased() }
    static let strongSwanEncryption = ["AES128": "aes128", "AES256": "aes256", "AES128-GCM-16": "aes128gcm16", "AES256-GCM-16": "aes256gcm16"]
    static let strongSwanIntegrity = ["SHA1": "sha1", "SHA2-256": "sha256", "SHA2-384": "sha384", "SHA2-512": "sha512"]

    // MARK: Libreswan keywords

    /// Libreswan's `ike=` / `phase2alg=`: one proposal per cipher, `aes256-sha2_256;modp2048`
    /// (`aes_gcm256;dh20` for GCM ESP, whose integrity is built in). IKEv2 lists several
    /// algorithms of a kind with `+`; Libreswan's IKEv1 parser takes one of each per proposal,
    /// so IKEv1 gets every combination as its own proposal (both checked with `algparse`).
    var libreswan: String {
        let dh = dhGroups.map { (19...21).contains($0) ? "dh\($0)" : (Proposal.dhGroupKeywords[$0] ?? "dh\($0)") }
        let integ = integrity.map { Offer.libreswanIntegrity[$0.name] ?? $0.name.lowercased() }
        var out: [String] = []
        for e in encryption {
            let enc = Offer.libreswanEncryption[e.name] ?? e.name.lowercased()
            let withInteg = !(e.isGCM && phase == 2)
            if ike == .ikev2 {
                out.append(withInteg ? "\(enc)-\(integ.joined(separator: "+"));\(dh.joined(separator: "+"))"
                                     : "\(enc);\(dh.joined(separator: "+"))")
            } else {
                for i in withInteg ? integ : [""] {
                    for g in dh { out.append(i.isEmpty ? "\(enc);\(g)" : "\(enc)-\(i);\(g)") }
                }
            }
        }
        return out.joined(separator: ",")
    }

    static let libreswanEncryption = ["AES128": "aes128", "AES256": "aes256", "AES128-GCM-16": "aes_gcm128", "AES256-GCM-16": "aes_gcm256"]
    static let libreswanIntegrity = ["SHA1": "sha1", "SHA2-256": "sha2_256", "SHA2-384": "sha2_384", "SHA2-512": "sha2_512"]
}

extension TunnelPlan {
    /// The topology pins a phase's algorithms when the tunnel options name them or the device
    /// brings its own proposal; then the gateway offers exactly what both allow.
    func pinsAlgorithms(phase: Int) -> Bool {
        phase == 1 ? (options.phase1 != .awsPhase1Default || device.phase1 != nil)
                   : (options.phase2 != .awsPhase2Default || device.phase2 != nil)
    }

    /// What the gateway offers for a phase before the suite narrows it: the pinned intersection
    /// in the topology's order, or AWS's recommended algorithms (strongest first) that AWS allows.
    func proposal(phase: Int) -> Proposal {
        let allowed = phase == 1 ? phase1 : phase2
        if pinsAlgorithms(phase: phase) { return allowed }
        let r = Proposal.recommended
        return Proposal(encryption: r.encryption.filter(allowed.encryption.contains),
                        integrity: r.integrity.filter(allowed.integrity.contains),
                        dhGroups: r.dhGroups.filter(allowed.dhGroups.contains))
    }

    /// Phase 1 and phase 2 offers for `suite`, or a RenderError naming what is missing.
    func algorithms(_ suite: IPsecSuite, target: String) throws -> (ike: Offer, esp: Offer) {
        var missing: [RenderGap] = []
        let p1 = proposal(phase: 1), p2 = proposal(phase: 2)
        let ike = Offer(p1, phase: 1, ike: ikeVersion, suite: suite)
        if ike == nil { missing.append(RenderGap(explain(p1, phase: 1, suite: suite), at: path, rule: RenderRules.noCommonProposal)) }
        let esp = Offer(p2, phase: 2, ike: ikeVersion, suite: suite)
        if esp == nil { missing.append(RenderGap(explain(p2, phase: 2, suite: suite), at: path, rule: RenderRules.noCommonProposal)) }
        guard let ike, let esp else { throw RenderError(target: target, gaps: missing) }
        return (ike, esp)
    }

    func explain(_ p: Proposal, phase: Int, suite: IPsecSuite) -> String {
        let name = suite == .libreswan ? "Libreswan" : "strongSwan"
        let where_ = "phase \(phase) of tunnel \(key) (`\(path)`, or the connection's `tunnel_options.phase\(phase)`)"
        if !p.dhGroups.contains(where: { suite.supportsDH($0, phase: phase, ike: ikeVersion) }) {
            let groups = p.dhGroups.map(String.init).joined(separator: ", ")
            let note = suite == .libreswan ? " (Libreswan 4 dropped MODP1024 = group 2 and groups 22–24\(ikeVersion == .ikev1 ? ", and has no elliptic-curve groups with IKEv1" : ""))" : ""
            return "a DH group for \(where_) that \(name) with \(ikeVersion.rawValue) supports: AWS allows only \(groups)\(note); allow group 14 or higher"
        }
        if !p.encryption.contains(where: { suite.supports($0, phase: phase, ike: ikeVersion) }) {
            return "an encryption algorithm for \(where_) that \(name) with \(ikeVersion.rawValue) supports (IKEv1 has no AES-GCM for the IKE SA); allow AES128 or AES256"
        }
        return "an integrity algorithm for \(where_) (needed with \(p.encryption.map(\.name).joined(separator: ", "))); allow SHA1 or SHA2-256"
    }

    /// A comment line when the device's own proposals cannot match AWS's.
    var mismatchNote: String? {
        var parts: [String] = []
        if phase1Mismatch { parts.append("phase 1") }
        if phase2Mismatch { parts.append("phase 2") }
        guard !parts.isEmpty else { return nil }
        return "WARNING: the device's \(parts.joined(separator: " and ")) proposal shares no algorithm with AWS's tunnel options: this tunnel will not come up (see `causeway check`)"
    }
}
