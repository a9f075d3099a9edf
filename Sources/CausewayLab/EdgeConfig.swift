import CausewayCore
import CausewaySim

/// FRR for the AWS end of one VPN connection, as AWS runs it: the Amazon-side ASN, an eBGP
/// session per tunnel on the inside addresses with keepalive 10 / hold 30, advertising what the
/// simulator says AWS advertises (the VPC CIDRs for a VGW, the associated TGW route table for a
/// TGW), accepting at most AWS's prefix limit (100 on a VGW, 1000 on a TGW), ECMP over the
/// tunnels only on a TGW with VPN ECMP on. FRR's best path already honours AS-path prepending
/// and compares MEDs only between paths from the same neighbouring AS, as AWS does. A static
/// connection gets its static routes over each tunnel, tunnel 1 preferred while it is up.
struct EdgeConfig {
    let connection: VPNConnection
    let amazonASN: ASN
    let topology: Topology
    let sim: Simulation
    var tunnels: [(index: Int, inside: IPv4Prefix)] = []

    init(connection: VPNConnection, amazonASN: ASN, topology: Topology, sim: Simulation) {
        self.connection = connection
        self.amazonASN = amazonASN
        self.topology = topology
        self.sim = sim
    }

    var isTGW: Bool { if case .transitGateway = connection.gateway { return true } else { return false } }
    var ecmp: Bool {
        if case .transitGateway(let g) = connection.gateway { return topology.transitGateway(g)?.vpnECMP ?? false }
        return false
    }

    /// The prefixes AWS advertises on this connection's sessions, per the simulator.
    var advertised: [IPv4Prefix] {
        var out: [IPv4Prefix] = []
        for s in sim.network.bgpSessions where s.tunnel.connection == connection.name {
            for a in s.advertisedByAWS where !out.contains(a.prefix) { out.append(a.prefix) }
        }
        return out.sorted()
    }

    /// What this edge originates: `advertised` less the prefixes whose AS path already holds
    /// the customer gateway's ASN (a transit gateway passes on what it learned from the same
    /// site over Direct Connect): the site's router drops those (eBGP loop prevention), and the
    /// edge's own `network` for one would beat the site's route to it over the tunnels.
    var originated: [IPv4Prefix] {
        guard let cgw = sim.resolved.connection(connection.name)?.customerGatewayASN else { return advertised }
        var looped = Set<IPv4Prefix>()
        for s in sim.network.bgpSessions where s.tunnel.connection == connection.name {
            for a in s.advertisedByAWS where a.asPath.contains(cgw) { looped.insert(a.prefix) }
        }
        return advertised.filter { !looped.contains($0) }
    }

    func frrConfig() -> String {
        var l = ["! The AWS end of VPN connection `\(connection.name)` (\(connection.gateway), ASN \(amazonASN)) in the causeway lab.",
                 "frr defaults traditional", "hostname aws-\(connection.name)", "!"]
        let ts = tunnels.sorted { $0.index < $1.index }
        if connection.routing == .static {
            for p in connection.staticRoutes {
                for (i, t) in ts.enumerated() { l.append("ip route \(p) t\(t.index) \(10 * (i + 1))") }
            }
            l.append("!")
            return l.joined(separator: "\n") + "\n"
        }
        let cgwASN = sim.resolved.connection(connection.name)?.customerGatewayASN ?? ResolvedSite.unconnectedASN
        guard let first = ts.first else { return l.joined(separator: "\n") + "\n" }
        // Only what AWS advertises: never a route learned from the customer on the other tunnel.
        let advertised = originated
        l += EdgeFRR.advertised(advertised)
        l += EdgeFRR.routerBGP(amazonASN, routerID: first.inside.address(1))
        for t in ts { l += EdgeFRR.tunnelNeighbor(t.inside.address(2), asn: cgwASN, description: "\(connection.name) tunnel \(t.index)") }
        l += [" !", " address-family ipv4 unicast"]
        for p in advertised { l.append("  network \(p)") }
        l.append("  maximum-paths \(ecmp ? ts.count : 1)")
        for t in ts {
            l.append("  neighbor \(t.inside.address(2)) maximum-prefix \(isTGW ? AWSNumbers.Quotas.routesFromCustomerToTGW : AWSNumbers.Quotas.routesFromCustomerToVGW)")
            l.append("  neighbor \(t.inside.address(2)) route-map aws-out out")
        }
        l += [" exit-address-family", "exit", "!"]
        return l.joined(separator: "\n") + "\n"
    }
}
