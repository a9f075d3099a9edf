import CausewayCore
import CausewayLab

/// What a customer-gateway host runs now, as its daemons and kernel report it: the input of the
/// pure comparison (`Doctor`). Each part is nil when its probe could not run; `unavailable`
/// says why.
public struct GatewayObservation: Sendable, Codable, Equatable {
    /// IPsec SAs by connection name (`vpn-tunnel1`).
    public var securityAssociations: [String: ObservedSA]?
    /// FRR's BGP view: the local AS and each neighbor.
    public var bgp: ObservedBGP?
    /// Prefixes in FRR's RIB that are selected and installed, with their protocol.
    public var routes: [ObservedRoute]?
    /// `net.ipv4.*` keys and their values (`net.ipv4.conf.vti1.rp_filter` → 2).
    public var sysctl: [String: Int]?
    /// Network interfaces by name.
    public var links: [String: ObservedLink]?
    /// The nftables base chains hooked at input and what each lets in.
    public var firewall: [ObservedInputChain]?
    /// chrony's view of the clock.
    public var clock: ObservedClock?
    /// The probes that could not run, with the reason (command missing, timed out, its error).
    public var unavailable: [Probe: String] = [:]

    public init() {}
}

/// One probe: the command family it runs.
public enum Probe: String, Sendable, Codable, CaseIterable, CodingKeyRepresentable {
    case ipsec, bgp, routes, sysctl, links, firewall, clock
}

/// One IPsec connection's SAs.
public struct ObservedSA: Sendable, Codable, Equatable {
    public var ikeEstablished: Bool, childInstalled: Bool
}

/// `show bgp summary json`: the local AS and the neighbors.
public struct ObservedBGP: Sendable, Codable, Equatable {
    public var localASN: UInt32?
    public var neighbors: [ObservedBGPNeighbor]
    public func neighbor(_ a: IPv4Address) -> ObservedBGPNeighbor? { neighbors.first { $0.address == a } }
}

/// A neighbor as FRR's summary reports it (`FRRBGPSummary.Peer`, the lab's parser).
public typealias ObservedBGPNeighbor = FRRBGPSummary.Peer

extension FRRBGPSummary.Peer {
    public var established: Bool { state == "Established" }
    public var withoutPolicy: Bool { peerState == "Policy" }
}

/// A route FRR selected and installed, with the protocol that brought it (`bgp`, `static`).
public struct ObservedRoute: Sendable, Codable, Equatable {
    public var prefix: IPv4Prefix, proto: String
}

/// `ip -j addr`: one interface, up or not, its MTU and its IPv4 addresses.
public struct ObservedLink: Sendable, Codable, Equatable {
    public var up: Bool, mtu: Int, addresses: [InterfaceAddress]
}

/// An address on an interface with its prefix length (host bits kept: `169.254.11.2/30`).
public struct InterfaceAddress: Sendable, Codable, Equatable {
    public var address: IPv4Address, length: Int
}

/// One nftables base chain on the input hook: whether its policy drops what no rule accepts,
/// and what its rules (and the chains they jump to) accept.
public struct ObservedInputChain: Sendable, Codable, Equatable {
    public var name: String, dropsByDefault: Bool, opens: Set<Opening>
}

/// Traffic a customer gateway must let in.
public enum Opening: String, Sendable, Codable, CaseIterable, Comparable {
    case ike = "IKE (500/udp)"
    case natTraversal = "NAT-T (4500/udp)"
    case esp = "ESP"
    case bgp = "BGP (179/tcp)"
    public static func < (l: Self, r: Self) -> Bool { allCases.firstIndex(of: l)! < allCases.firstIndex(of: r)! }
}

/// `chronyc -c tracking`.
public struct ObservedClock: Sendable, Codable, Equatable {
    /// Seconds the system clock is off from chrony's reference (either direction).
    public var offsetSeconds: Double
    /// chrony's leap status: `Normal`, `Not synchronised`, …
    public var leapStatus: String
    public var synchronised: Bool { leapStatus != "Not synchronised" }
}
