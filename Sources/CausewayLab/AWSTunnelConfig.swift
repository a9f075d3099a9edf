import CausewayCore

/// The AWS end of one tunnel as swanctl.conf: what AWS runs for the tunnel's options. It accepts
/// every algorithm the options allow, the IKE versions allowed, DPD every 10 s (AWS sends DPD
/// every 10 s) with the options' timeout and timeout action, the lifetimes with AWS's rekey
/// margin and fuzz, and the replay window. The customer side initiates (the lab starts each
/// tunnel from there, as AWS's `add` startup action expects).
enum AWSTunnelConfig {
    static func swanctl(name: String, connection c: VPNConnection, tunnel t: Tunnel, local: IPv4Address,
                        remote: IPv4Address, psk: PreSharedKey) -> String {
        let o = t.options
        let version: Int
        switch (o.ikeVersions.contains(.ikev1), o.ikeVersions.contains(.ikev2)) {
        case (true, false): version = 1
        case (false, true): version = 2
        default: version = 0
        }
        let margin = o.rekeyMarginTime
        let rand = margin * o.rekeyFuzz / 100
        let dpdAction: String
        switch o.dpdTimeoutAction {
        case .restart: dpdAction = "restart"
        case .clear, .none: dpdAction = "clear"
        }
        return """
        # The AWS end of tunnel \(c.name)/\(t.index) (causeway lab). Holds the pre-shared key: mode 0600.
        connections {
            \(name) {
                version = \(version)
                local_addrs = \(local)
                remote_addrs = \(remote)
                proposals = \(ike(o.phase1, ikev2: version != 1))
                rekey_time = \(o.phase1Lifetime)s
                dpd_delay = \(AWSNumbers.Tunnel.dpdInterval)s
                dpd_timeout = \(o.dpdTimeout)s
                keyingtries = 0
                mobike = no
                local {
                    auth = psk
                    id = \(local)
                }
                remote {
                    auth = psk
                    id = \(remote)
                }
                children {
                    \(name) {
                        local_ts = \(c.remoteNetworkCIDR)
                        remote_ts = \(c.localNetworkCIDR)
                        esp_proposals = \(esp(o.phase2))
                        rekey_time = \(o.phase2Lifetime - margin)s
                        life_time = \(o.phase2Lifetime)s
                        rand_time = \(rand)s
                        replay_window = \(o.replayWindow)
                        dpd_action = \(dpdAction)
                        start_action = none
                        close_action = none
                    }
                }
            }
        }

        secrets {
            ike-\(name) {
                id-local = \(local)
                id-remote = \(remote)
                secret = "\(psk.revealed)"
            }
        }

        """
    }

    static let encryption = ["AES128": "aes128", "AES256": "aes256", "AES128-GCM-16": "aes128gcm16", "AES256-GCM-16": "aes256gcm16"]
    static let integrity = ["SHA1": "sha1", "SHA2-256": "sha256", "SHA2-384": "sha384", "SHA2-512": "sha512"]

    static func dh(_ p: Proposal) -> [String] { p.dhGroups.compactMap { Proposal.dhGroupKeywords[$0] } }

    /// IKE proposals: one CBC proposal (every cipher × integrity × group), and for IKEv2 one AEAD
    /// proposal with the integrity algorithms as PRFs (IKEv1 has no AEAD IKE SA).
    static func ike(_ p: Proposal, ikev2: Bool) -> String {
        let cbc = p.encryption.filter { !$0.isGCM }.compactMap { encryption[$0.name] }
        let gcm = p.encryption.filter(\.isGCM).compactMap { encryption[$0.name] }
        let integ = p.integrity.compactMap { integrity[$0.name] }
        var out: [String] = []
        if !cbc.isEmpty { out.append((cbc + integ + dh(p)).joined(separator: "-")) }
        if !gcm.isEmpty && ikev2 { out.append((gcm + integ.map { "prf\($0)" } + dh(p)).joined(separator: "-")) }
        return out.joined(separator: ",")
    }

    /// ESP proposals with PFS in the phase 2 groups: CBC with integrity, and AEAD.
    static func esp(_ p: Proposal) -> String {
        let cbc = p.encryption.filter { !$0.isGCM }.compactMap { encryption[$0.name] }
        let gcm = p.encryption.filter(\.isGCM).compactMap { encryption[$0.name] }
        let integ = p.integrity.compactMap { integrity[$0.name] }
        var out: [String] = []
        if !cbc.isEmpty { out.append((cbc + integ + dh(p)).joined(separator: "-")) }
        if !gcm.isEmpty { out.append((gcm + dh(p)).joined(separator: "-")) }
        return out.joined(separator: ",")
    }
}
