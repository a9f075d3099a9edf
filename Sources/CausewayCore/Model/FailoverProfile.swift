/// How quickly the customer side gives up on a tunnel (`failover_profile` on a VPN connection).
/// AWS's own end is the same under both: its DPD timeout is a tunnel option (30 s or more), its
/// BGP timers are AWS's (`AWSNumbers.BGP`); the profile sets the customer side's DPD and BGP
/// timers, which decide how fast traffic from the site moves and, through BGP's negotiated hold
/// time, how fast AWS withdraws the lost tunnel's routes.
public enum FailoverProfile: String, Sendable, Encodable, CaseIterable {
    /// AWS's configuration files' timers: DPD every 10 s, the tunnel's DPD timeout, BGP 10/30.
    case standard
    /// DPD every 3 s, dead after 9 s; BGP keepalive 3 s, hold 9 s (negotiated down on both ends),
    /// no graceful restart on the tunnels' sessions.
    /// Costs: about three times the DPD and keepalive traffic, and a tunnel on a lossy link is
    /// declared dead (and its routes withdrawn) after 9 s without an answer.
    case fast

    /// The customer gateway's timers under this profile, for a tunnel whose AWS DPD timeout is
    /// `awsDPDTimeout`.
    public func customerTimers(awsDPDTimeout: Int) -> CustomerTimers {
        switch self {
        case .standard:
            return CustomerTimers(dpdDelay: AWSNumbers.Tunnel.dpdInterval, dpdTimeout: awsDPDTimeout,
                                  keepalive: AWSNumbers.BGP.keepalive, holdTime: AWSNumbers.BGP.holdTime, gracefulRestart: true)
        case .fast:
            return CustomerTimers(dpdDelay: 3, dpdTimeout: 9, keepalive: 3, holdTime: 9, gracefulRestart: false)
        }
    }
}

/// The liveness timers the customer gateway runs for one tunnel (rendered into its IPsec and FRR
/// files; the outage prediction reads the same values).
public struct CustomerTimers: Sendable, Equatable, Encodable {
    /// Seconds without traffic before a DPD request.
    public var dpdDelay: Int
    /// Seconds after which a silent peer is dead.
    public var dpdTimeout: Int
    /// BGP keepalive and hold time the customer side offers (the session runs the lower hold
    /// time of the two OPEN messages, RFC 4271 section 4.2).
    public var keepalive: Int
    public var holdTime: Int
    /// BGP graceful restart with AWS's end. Off in the fast profile: with it, the peer that keeps
    /// the session's routes as stale after a hold-time expiry (RFC 8538) sends into the dead
    /// tunnel until its own DPD gives up.
    public var gracefulRestart: Bool
}

extension VPNConnection {
    /// The profile in force (`standard` unless the topology says otherwise).
    public var effectiveFailoverProfile: FailoverProfile { failoverProfile ?? .standard }

    /// The customer gateway's timers for tunnel `t` of this connection.
    public func customerTimers(_ t: Tunnel) -> CustomerTimers {
        effectiveFailoverProfile.customerTimers(awsDPDTimeout: t.options.dpdTimeout)
    }
}
