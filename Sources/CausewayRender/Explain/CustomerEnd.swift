import CausewayCore

/// One tunnel as the customer gateway runs it: what its IPsec daemon and FRR are configured
/// with. Read either from what the renderers write for the topology (`rendered`) or from a
/// folder of deployed files (`CustomerFolder`); a value the source does not state is nil and
/// its comparison is skipped.
public struct CustomerTunnel: Sendable {
    /// The IPsec connection name (`vpn-tunnel1`).
    public var name: String
    public var ikeVersion: IKEVersion?
    /// Phase 1 and phase 2 proposals, each a combination the daemon offers; nil when unstated,
    /// empty when the daemon offers nothing (the render cannot write the phase).
    public var phase1: [Proposal]?
    public var phase2: [Proposal]?
    /// Why a phase offers nothing (the renderer's own explanation).
    public var phase1Gap: String?
    public var phase2Gap: String?
    /// Hard lifetimes in seconds: what IKEv1 proposes.
    public var phase1Lifetime: Int?
    public var phase2Lifetime: Int?
    /// The key the daemon authenticates with (compared, never printed).
    public var psk: PreSharedKey?
    /// Why the key is missing, when the source says so.
    public var pskGap: String?
    /// AWS's outside address the daemon talks to (`right=`, `remote_addrs`).
    public var remote: OuterAddress?
    /// The customer side's inside address with its prefix length (`leftvti=`, the updown's INSIDE=).
    public var inside: IPv4Interface?
    /// The daemon starts the tunnel itself (`auto=start`, `start_action = start`).
    public var initiates: Bool?
    /// `dpdaction` / `dpd_action`.
    public var dpdAction: CustomerDPDAction?
    /// The firewall in front of the daemon opens UDP 4500 (NAT-T); nil when no firewall file is known.
    public var natTOpen: Bool?
    /// The BGP session FRR runs over the tunnel; nil when the device routes statically.
    public var bgp: CustomerBGP?

    public init(name: String) { self.name = name }
}

/// What the gateway's daemon does when DPD declares AWS's end dead (`dpdaction=` in ipsec.conf,
/// `dpd_action` in swanctl.conf).
public enum CustomerDPDAction: String, Sendable {
    case restart, clear, hold, none, trap

    /// The daemon brings the tunnel back by itself (at once, or on the next packet).
    var recovers: Bool { self == .restart || self == .hold || self == .trap }
}

/// FRR's side of one tunnel's BGP session.
public struct CustomerBGP: Sendable, Equatable {
    public var localASN: ASN?
    public var neighbor: IPv4Address
    public var remoteASN: ASN?
    public var holdTime: Int?
    /// Routes are exchanged with an eBGP peer: FRR ≥ 7.4 needs route-maps in and out, or
    /// `no bgp ebgp-requires-policy`.
    public var policyAllowsRoutes: Bool

    public init(localASN: ASN?, neighbor: IPv4Address, remoteASN: ASN?, holdTime: Int?, policyAllowsRoutes: Bool) {
        self.localASN = localASN
        self.neighbor = neighbor
        self.remoteASN = remoteASN
        self.holdTime = holdTime
        self.policyAllowsRoutes = policyAllowsRoutes
    }
}

extension IPsecImplementation {
    var suite: IPsecSuite { self == .libreswan ? .libreswan : .strongSwan }
}

extension Offer {
    /// The offer as one proposal (several algorithms per kind).
    var proposal: Proposal { Proposal(encryption: encryption, integrity: integrity, dhGroups: dhGroups) }
}

extension CustomerTunnel {
    /// What causeway's renderers write for this tunnel (production profile): the same offers,
    /// rekey schedules, start and DPD settings and FRR neighbour the files hold.
    init(rendered t: TunnelPlan, plan: GatewayPlan, natTOpen: Bool) {
        self.init(name: t.name)
        ikeVersion = t.ikeVersion
        let suite = plan.device.ipsec.suite
        let p1 = t.proposal(phase: 1), p2 = t.proposal(phase: 2)
        let ike = Offer(p1, phase: 1, ike: t.ikeVersion, suite: suite)
        let esp = Offer(p2, phase: 2, ike: t.ikeVersion, suite: suite)
        phase1 = ike.map { [$0.proposal] } ?? []
        phase2 = esp.map { [$0.proposal] } ?? []
        if ike == nil { phase1Gap = t.explain(p1, phase: 1, suite: suite) }
        if esp == nil { phase2Gap = t.explain(p2, phase: 2, suite: suite) }
        phase1Lifetime = t.ikeRekey.life
        phase2Lifetime = t.childRekey.life
        psk = t.psk
        pskGap = t.pskProblem
        remote = t.outsideIP
        inside = t.customerInsideAddress.map { IPv4Interface($0, t.inside.length) }
        initiates = true
        dpdAction = .restart
        self.natTOpen = natTOpen
        if plan.routing == .bgp, let n = t.awsInsideAddress {
            // FRR.swift writes route-maps in and out and `no bgp ebgp-requires-policy`.
            bgp = CustomerBGP(localASN: t.localASN, neighbor: n, remoteASN: t.amazonASN,
                              holdTime: AWSNumbers.BGP.holdTime, policyAllowsRoutes: true)
        }
    }
}
