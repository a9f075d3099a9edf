import CausewayCore
@testable import CausewaySim
import Testing

/// IPv6 outer tunnel addresses change how the tunnels reach AWS, not what they carry: the inside
/// addresses, BGP and the routes stay IPv4 ("IPv4 and IPv6 traffic in AWS Site-to-Site VPN",
/// https://docs.aws.amazon.com/vpn/latest/s2svpn/ipv4-ipv6.html: the outer and the inside IP
/// version are separate choices). The simulator answers the same with IPv6 outer addresses.
@Suite struct IPv6OuterSimTests {
    static func ipv6(_ t: Topology) throws -> Topology {
        var u = t
        let si = try #require(u.sites.firstIndex { $0.gateway != nil })
        u.sites[si].gateway?.publicIP = OuterAddress("2001:db8:51::16")
        u.sites[si].gateway?.privateIP = nil
        for ci in u.vpnConnections.indices {
            u.vpnConnections[ci].options.outsideIPAddressType = .ipv6
            for ti in u.vpnConnections[ci].tunnels.indices {
                u.vpnConnections[ci].tunnels[ti].outsideIP = OuterAddress("2600:1f18:1::\(ci * 2 + ti + 1)")
            }
        }
        for i in u.customerGateways.indices where u.customerGateways[i].ipAddress != nil { u.customerGateways[i].ipAddress = OuterAddress("2001:db8:51::16") }
        return u
    }

    @Test(arguments: [[], ["vpn/1"], ["vpn/1", "vpn/2"]])
    func tracesAreTheSameWithIPv6OuterAddresses(_ fail: [String]) throws {
        let t = try example("s3-")
        let u = try Self.ipv6(t)
        for (from, to) in [("10.0.10.10", "192.168.2.250"), ("192.168.2.250", "10.0.10.10")] {
            let a = try Simulation(t, fail: fail).trace(from, to), b = try Simulation(u, fail: fail).trace(from, to)
            #expect(a.reachable == b.reachable && a.tunnels == b.tunnels && a.reason == b.reason, "\(dump(a))\n---\n\(dump(b))")
            #expect(dump(a) == dump(b))
        }
    }
}
