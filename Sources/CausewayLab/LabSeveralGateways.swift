import CausewayCore
import CausewayRender
import CausewaySim

/// Several customer gateways in the lab: one AWS edge for a virtual private gateway with several
/// VPN connections, and one LAN shared by the devices of sites that are one network.
extension Builder {
    /// Virtual private gateways with more than one VPN connection.
    var sharedVGWs: Set<String> {
        Set(topology.vpnGateways.map(\.name).filter { vg in topology.vpnConnections.filter { $0.gateway == .vpnGateway(vg) }.count > 1 })
    }

    /// The edge of a VGW several connections end on: linked to the VPC as the VGW, one tunnel
    /// namespace per tunnel of each connection, one FRR (`SharedEdgeConfig`).
    mutating func sharedVGW(_ vg: String, number k: Int, inet: String, vpcNS: [String: String],
                            vgwLink: inout [String: IPv4Address], tunnelNumber: inout Int) throws {
        let conns = topology.vpnConnections.filter { $0.gateway == .vpnGateway(vg) }
        guard let vgw = topology.vpnGateway(vg), let firstConn = conns.first else {
            throw LabPlanError(LabRules.gatewayMissing, "no virtual private gateway \(vg) in the topology; define it under vpn_gateways",
                               at: topology.locate(conns.first.map { "\($0.path).gateway" } ?? ""))
        }
        let edge = addNode("edge:\(vg)", "e\(k)", .awsEdge)
        if let vpc = vgw.attachedTo, let vn = vpcNS[vpc] {
            let (mine, theirs) = transfer(edge, "uplink", vn, "vgw")
            vgwLink[vg] = mine
            ip(edge, "route", "add", "default", "via", "\(theirs)")
        }
        // The resolve stage's Amazon-side ASN (one VGW: the same for every connection).
        let amazonASN = sim.resolved.connection(firstConn.name)?.amazonASN ?? .amazonDefault
        var shared = SharedEdgeConfig(vgw: vg, amazonASN: amazonASN, originated: topology.attachedVPC(of: vgw)?.cidrs ?? [], connections: [])
        for c in conns {
            var conf = EdgeConfig(connection: c, amazonASN: amazonASN, topology: topology, sim: sim)
            for tn in c.tunnels.sorted(by: { $0.index < $1.index }) {
                tunnelNumber += 1
                let iface = "t\(tunnelNumber)"
                shared.interfaces["\(c.name)/\(tn.index)"] = iface
                try awsTunnel(c, tn, number: tunnelNumber, edge: edge, inet: inet, conf: &conf, edgeInterface: iface)
            }
            shared.connections.append(conf)
        }
        try startFRR(node: "edge:\(vg)", namespace: edge, directory: dir("e\(k)") + "/frr", config: shared.frrConfig())
    }

    /// Whether a site shares its LAN with other sites (`network:`).
    func isJoined(_ s: Site) -> Bool { s.network != nil && !topology.joinedSites(of: s).isEmpty }

    /// The LAN of a network several sites' devices stand in front of: one namespace (made by
    /// the first of them), an interface per device (`d1`, `d2`, … by site number), every host
    /// of the network on `lo`, and per host a rule sending its traffic to its own site's device
    /// (the simulator's: a host leaves by the device of the site it is listed under).
    mutating func joinedLAN(_ s: Site, router: String, lanAddress la: IPv4Address, length len: Int, number k: Int, networks: [NamedNetwork]) {
        guard let network = s.network else { return }
        let all = ([s] + topology.joinedSites(of: s)).sorted { a, b in
            (topology.sites.firstIndex { $0.name == a.name } ?? 0) < (topology.sites.firstIndex { $0.name == b.name } ?? 0)
        }
        let lan: String
        if let existing = networkLAN[network] {
            lan = existing
        } else {
            lan = addNode("lan:\(network)", "l\(k)", .lan)
            networkLAN[network] = lan
            // Every address of the network once, each with the site that lists it (else the first
            // site holding it), as the simulator resolves it.
            var seen = Set<UInt32>()
            for site in all {
                for h in site.hosts.map(\.address) + site.routers.map(\.address) where seen.insert(h.value).inserted {
                    networkHosts[network, default: []].append((h, site.name))
                }
            }
            for net in networks {
                let a = net.representative
                guard !seen.contains(a.value), let owner = all.first(where: { $0.cidrs.contains { $0.contains(a) } }) else { continue }
                seen.insert(a.value)
                networkHosts[network, default: []].append((a, owner.name))
            }
            let devices = Set(all.compactMap { $0.gateway?.lanAddress?.value })
            for (h, _) in networkHosts[network] ?? [] where !devices.contains(h.value) {
                ip(lan, "addr", "add", "\(h)/32", "dev", "lo")
                endpoints.append(LabEndpoint(address: h, namespace: lan))
            }
        }
        let dev = "d\(k)"
        link(router, "lan", lan, dev)
        ip(router, "addr", "add", "\(la)/\(len)", "dev", "lan")
        for c in all.flatMap(\.cidrs).uniqued() where !c.contains(la) { ip(router, "route", "add", "\(c)", "dev", "lan") }
        ip(lan, "route", "add", "\(la)/32", "dev", dev)
        let table = "\(200 + k)"
        ip(lan, "route", "add", "default", "via", "\(la)", "dev", dev, "table", table)
        if s.name == all.first?.name { ip(lan, "route", "add", "default", "via", "\(la)", "dev", dev) }
        for (h, owner) in networkHosts[network] ?? [] where owner == s.name && h != la {
            ip(lan, "rule", "add", "from", "\(h)", "lookup", table, "pref", table)
        }
    }
}
