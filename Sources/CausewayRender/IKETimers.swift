import CausewayCore

/// When the customer gateway rekeys one phase: AWS's lifetime is the hard limit, rekeying starts
/// AWS's rekey margin before it, randomised over one more margin (AWS's own schedule with its
/// default fuzz of 100 %; https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html).
///
/// strongSwan proposes a hard lifetime with IKEv1 and AWS refuses more than the tunnel's
/// lifetime: charon's main mode proposes rekey_time + over_time for the IKE SA, quick mode the
/// CHILD_SA's life_time (both default to 110 % of rekey_time). So the renderers write
/// rekey_time = lifetime − margin, over_time = margin, life_time = lifetime
/// (https://docs.strongswan.org/docs/latest/swanctl/swanctlConf.html). ipsec.conf's
/// ikelifetime/lifetime are already the hard lifetimes (stroke rekeys at lifetime − margintime
/// with margintime as over time), so there margintime = margin gives the same schedule.
struct RekeySchedule: Equatable {
    /// Seconds: AWS's lifetime for the phase, what IKEv1 proposes.
    let life: Int
    /// Seconds before `life` rekeying starts (AWS's rekey margin time).
    let margin: Int

    init(life: Int, margin: Int) {
        self.life = life
        self.margin = max(0, min(margin, life / 2))
    }

    /// When rekeying is scheduled, before the random part is subtracted.
    var rekey: Int { life - margin }
    /// The random part subtracted from `rekey` (swanctl's rand_time; stroke's margin × rekeyfuzz).
    var rand: Int { margin }
}

extension TunnelPlan {
    var ikeRekey: RekeySchedule { RekeySchedule(life: options.phase1Lifetime, margin: options.rekeyMarginTime) }
    var childRekey: RekeySchedule { RekeySchedule(life: options.phase2Lifetime, margin: options.rekeyMarginTime) }
}

/// AWS sends DPD every `AWSNumbers.Tunnel.dpdInterval` seconds, and the gateways probe as often.
enum IKETimers {
    static let dpdDelay = AWSNumbers.Tunnel.dpdInterval
}

/// charon's retransmission settings for a gateway with IKEv2 tunnels. IKEv2 has no DPD timeout
/// (`dpd_timeout`/`dpdtimeout` are IKEv1 only): a peer is dead when a DPD request's
/// retransmissions run out, by default after 4 s × (1 + 1.8 + … + 1.8⁵) ≈ 165 s
/// (https://docs.strongswan.org/docs/latest/config/retransmission.html). These values make a silent peer dead about AWS's DPD timeout
/// after the last packet heard: the DPD request leaves after `dpd_delay`, then `timeout` ×
/// Σ base^i for i = 0…tries. The settings are global to charon; a gateway whose tunnels have
/// different DPD timeouts gets the shortest, so no tunnel notices later than AWS does.
public struct CharonRetransmits: Equatable, Sendable {
    public static let tries = 4
    public static let base = 1.5
    /// Seconds before the first retransmission, rounded to milliseconds.
    public let timeout: Double
    /// The DPD timeout it is computed for (the shortest of the gateway's IKEv2 tunnels).
    public let dpdTimeout: Int
    /// Seconds of silence before the DPD request that starts the retransmissions.
    public let dpdDelay: Int

    /// Nil when no tunnel uses IKEv2 (IKEv1's DPD has its own timeout).
    public init?(_ tunnels: [TunnelPlan]) {
        let v2 = tunnels.filter { $0.ikeVersion == .ikev2 }
        guard let d = v2.map(\.timers.dpdTimeout).min(), let delay = v2.map(\.timers.dpdDelay).min() else { return nil }
        self.init(dpdTimeout: d, dpdDelay: delay)
    }

    /// The settings that declare a silent peer dead about `dpdTimeout` seconds after it went quiet
    /// (the lab's AWS end uses it for AWS's DPD timeout).
    public init(dpdTimeout d: Int, dpdDelay: Int = AWSNumbers.Tunnel.dpdInterval) {
        dpdTimeout = d
        self.dpdDelay = dpdDelay
        let first = Double(d - dpdDelay) / CharonRetransmits.sum(base: CharonRetransmits.base, tries: CharonRetransmits.tries)
        // At least 0.2 s: the fast profile's 6 s of retransmits start at about 0.45 s.
        timeout = (max(0.2, first) * 1000).rounded() / 1000
    }

    /// Σ base^i for i = 0…tries: the whole retransmit sequence in units of the first timeout.
    public static func sum(base: Double, tries: Int) -> Double {
        (0...tries).reduce(0.0) { s, i in s + (0..<i).reduce(1.0) { p, _ in p * base } }
    }

    /// `2.275`: seconds with three decimals.
    public var timeoutText: String {
        let ms = Int((timeout * 1000).rounded())
        let frac = String(ms % 1000)
        return "\(ms / 1000).\(String(repeating: "0", count: 3 - frac.count) + frac)"
    }
}
