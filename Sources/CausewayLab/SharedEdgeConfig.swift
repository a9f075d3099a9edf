import CausewayCore
import CausewaySim

/// FRR for a virtual private gateway that several VPN connections end on (several customer
/// gateways for one network, or VPN CloudHub sites): one AWS edge holds every connection's
/// sessions, so the choice between the connections is FRR's own, as the VGW's is on AWS
/// (Site-to-Site VPN user guide, "Route tables and Site-to-Site VPN route priority"): static
/// routes (distance 1) before BGP, then the shortest AS_PATH, MED only between paths from the same
/// neighbouring AS, otherwise one of the paths; one path at a time (`maximum-paths 1`). The edge
/// originates only the attached VPC's CIDRs; what it learned from one connection goes out to the
/// others as the simulator says AWS re-advertises it (VPN CloudHub), each connection through its
/// own prefix list.
struct SharedEdgeConfig {
    let vgw: String
    let amazonASN: ASN
    /// The attached VPC's CIDRs: what the VGW itself advertises.
    let originated: [IPv4Prefix]
    /// One per connection, in file order, each with its tunnels.
    var connections: [EdgeConfig]
    /// The edge's interface for each tunnel (`vpn-dc1/1` → `t1`).
    var interfaces: [String: String] = [:]

    func frrConfig() -> String {
        var l = ["! The AWS end of virtual private gateway `\(vgw)` (ASN \(amazonASN)) in the causeway lab: VPN connections "
                 + connections.map { "`\($0.connection.name)`" }.joined(separator: ", ") + ".",
                 "frr defaults traditional", "hostname aws-\(vgw)", "!"]
        for c in connections where c.connection.routing == .static {
            let ts = c.tunnels.sorted { $0.index < $1.index }
            for p in c.connection.staticRoutes {
                for (i, t) in ts.enumerated() {
                    l.append("ip route \(p) \(interfaces["\(c.connection.name)/\(t.index)"] ?? "t\(t.index)") \(10 * (i + 1))")
                }
            }
        }
        let bgp = connections.filter { $0.connection.routing == .bgp && !$0.tunnels.isEmpty }
        guard let first = bgp.first?.tunnels.min(by: { $0.index < $1.index }) else {
            l.append("!")
            return l.joined(separator: "\n") + "\n"
        }
        for (k, c) in bgp.enumerated() { l += EdgeFRR.advertised(c.advertised, suffix: "-\(k + 1)") }
        l += EdgeFRR.routerBGP(amazonASN, routerID: first.inside.address(1))
        for c in bgp {
            let cgwASN = c.sim.resolved.connection(c.connection.name)?.customerGatewayASN ?? ResolvedSite.unconnectedASN
            for t in c.tunnels.sorted(by: { $0.index < $1.index }) {
                l += EdgeFRR.tunnelNeighbor(t.inside.address(2), asn: cgwASN, description: "\(c.connection.name) tunnel \(t.index)")
            }
        }
        l += [" !", " address-family ipv4 unicast"]
        for p in originated { l.append("  network \(p)") }
        l.append("  maximum-paths 1")
        for (k, c) in bgp.enumerated() {
            for t in c.tunnels.sorted(by: { $0.index < $1.index }) {
                l.append("  neighbor \(t.inside.address(2)) maximum-prefix \(AWSNumbers.Quotas.routesFromCustomerToVGW)")
                l.append("  neighbor \(t.inside.address(2)) route-map aws-out-\(k + 1) out")
            }
        }
        l += [" exit-address-family", "exit", "!"]
        return l.joined(separator: "\n") + "\n"
    }
}
