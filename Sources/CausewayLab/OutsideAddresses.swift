import CausewayCore

/// One outside (public) address of the topology and the lab address that stands in for it.
public struct OutsideMapping: Sendable, Codable, Equatable {
    /// What the address belongs to: `site onprem (customer gateway)` or `vpn/1 (AWS endpoint)`.
    public var role: String
    /// The address in the topology; nil when AWS would choose it (the lab chooses instead).
    public var original: OuterAddress?
    public var lab: IPv4Address
}

/// The lab's "internet": customer gateways get addresses in 198.51.100.0/24 and AWS tunnel
/// endpoints in 203.0.113.0/24 (both documentation ranges, free on the test machine, which uses
/// 192.0.2.0/24 for its own uplink). No topology address is ever configured as-is unless it
/// already lies in the matching range.
public enum LabInternet {
    public static let customerRange = IPv4Prefix(IPv4Address(198, 51, 100, 0), 24)
    public static let awsRange = IPv4Prefix(IPv4Address(203, 0, 113, 0), 24)
    /// The internet namespace's own addresses (sources of its ARP requests).
    public static let customerRouter = IPv4Address(198, 51, 100, 1)
    public static let awsRouter = IPv4Address(203, 0, 113, 1)
    /// Point-to-point links between lab routers (edge ↔ VPC, TGW ↔ VPC): /30s from 198.18.0.0/16
    /// (RFC 2544 benchmarking space), refused if the topology uses it.
    public static let linkRange = IPv4Prefix(IPv4Address(198, 18, 0, 0), 16)

    /// Allocates addresses in one range: keeps an original that already lies in it (and is
    /// free), else hands out the next free address from .10 up.
    struct Allocator {
        let range: IPv4Prefix
        var used: Set<IPv4Address>
        var next = 10

        init(range: IPv4Prefix, reserved: [IPv4Address]) {
            self.range = range
            used = Set(reserved + [range.network, range.last])
        }

        mutating func take(_ original: IPv4Address?) throws -> IPv4Address {
            if let o = original, range.contains(o), !used.contains(o) {
                used.insert(o)
                return o
            }
            while next < Int(range.size) - 1 {
                let a = range.address(next)
                next += 1
                if used.insert(a).inserted { return a }
            }
            throw LabPlanError("the lab ran out of addresses in \(range)")
        }
    }
}
