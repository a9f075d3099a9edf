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

/// One algorithm of each kind, picked from a proposal.
struct ChosenAlgorithms: Equatable {
    let encryption: EncryptionAlgorithm
    /// Integrity for CBC ciphers; the PRF for a GCM IKE SA; nil for GCM ESP.
    let integrity: IntegrityAlgorithm?
    let dhGroup: Int

    /// The first algorithm of each kind in the proposal's order that `suite` accepts.
    init?(_ p: Proposal, phase: Int, ike: IKEVersion, suite: IPsecSuite) {
        guard let e = p.encryption.first(where: { suite.supports($0, phase: phase, ike: ike) }),
              let g = p.dhGroups.first(where: { suite.supportsDH($0, phase: phase, ike: ike) }) else { return nil }
        let i = p.integrity.first(where: { IntegrityAlgorithm.supported.contains($0) })
        if e.isGCM {
            if phase == 1 { guard let i else { return nil }; integrity = i } else { integrity = nil }
        } else {
            guard let i else { return nil }
            integrity = i
        }
        encryption = e
        dhGroup = g
    }

    // MARK: strongSwan keywords

    /// `aes128-sha1-modp1024`, `aes256gcm16-prfsha256-modp2048` (IKE) or `aes256gcm16-modp1536` (ESP).
    func strongSwan(phase: Int) -> String {
        let enc = ChosenAlgorithms.strongSwanEncryption[encryption.name] ?? encryption.name.lowercased()
        let dh = Proposal.dhGroupKeywords[dhGroup] ?? "modp\(dhGroup)"
        guard let i = integrity else { return "\(enc)-\(dh)" }
        let integ = ChosenAlgorithms.strongSwanIntegrity[i.name] ?? i.name.lowercased()
        return encryption.isGCM ? "\(enc)-prf\(integ)-\(dh)" : "\(enc)-\(integ)-\(dh)"
    }

    static let strongSwanEncryption = ["AES128": "aes128", "AES256": "aes256", "AES128-GCM-16": "aes128gcm16", "AES256-GCM-16": "aes256gcm16"]
    static let strongSwanIntegrity = ["SHA1": "sha1", "SHA2-256": "sha256", "SHA2-384": "sha384", "SHA2-512": "sha512"]

    // MARK: Libreswan keywords

    /// `aes256-sha2_256;modp2048` (ike=) or `aes_gcm256;modp1536` (phase2alg=).
    func libreswan() -> String {
        let enc = ChosenAlgorithms.libreswanEncryption[encryption.name] ?? encryption.name.lowercased()
        let dh = (19...21).contains(dhGroup) ? "dh\(dhGroup)" : (Proposal.dhGroupKeywords[dhGroup] ?? "dh\(dhGroup)")
        guard let i = integrity else { return "\(enc);\(dh)" }
        return "\(enc)-\(ChosenAlgorithms.libreswanIntegrity[i.name] ?? i.name.lowercased());\(dh)"
    }

    static let libreswanEncryption = ["AES128": "aes128", "AES256": "aes256", "AES128-GCM-16": "aes_gcm128", "AES256-GCM-16": "aes_gcm256"]
    static let libreswanIntegrity = ["SHA1": "sha1", "SHA2-256": "sha2_256", "SHA2-384": "sha2_384", "SHA2-512": "sha2_512"]
}

extension TunnelPlan {
    /// Phase 1 and phase 2 algorithms for `suite`, or a RenderError naming what is missing.
    func algorithms(_ suite: IPsecSuite, target: String) throws -> (ike: ChosenAlgorithms, esp: ChosenAlgorithms) {
        var missing: [String] = []
        let ike = ChosenAlgorithms(phase1, phase: 1, ike: ikeVersion, suite: suite)
        if ike == nil { missing.append(explain(phase1, phase: 1, suite: suite)) }
        let esp = ChosenAlgorithms(phase2, phase: 2, ike: ikeVersion, suite: suite)
        if esp == nil { missing.append(explain(phase2, phase: 2, suite: suite)) }
        guard let ike, let esp else { throw RenderError(target: target, missing: missing) }
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
