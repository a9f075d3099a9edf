import CausewayCore
import CausewaySim

/// Direct Connect in the lab, stood in by a plain link with BGP: per Direct Connect gateway one
/// namespace running FRR with the gateway's Amazon side ASN, linked to each associated transit
/// gateway as its Direct Connect gateway attachment; per transit virtual interface a veth from
/// the site's gateway namespace to it, with the VLAN sub-interface and the peer addresses the
/// rendered FRR expects. There is no physical connection and no 802.1Q semantics beyond the tag.
extension LabPlan {
    /// What the lab cannot stand in: a private virtual interface (the lab's virtual private
    /// gateway is a VPN edge; a Direct Connect path into it is not built), any virtual interface
    /// in the faithful lab (its sites are VMs), and a virtual interface whose site has no gateway
    /// device with a BGP VPN connection (the rendered FRR then has no `router bgp` for it).
    static func requireStandIn(_ t: Topology, customerSides: Bool) throws {
        for v in t.virtualInterfaces {
            let at = t.locate(v.path)
            guard customerSides else {
                throw LabPlanError(LabRules.directConnectNotEmulated, "virtual interface `\(v.name)`: the faithful lab does not stand in Direct Connect; use the namespace lab (without --faithful), or simulate it with routes, trace and failover", at: at)
            }
            guard v.type == .transit else {
                throw LabPlanError(LabRules.directConnectNotEmulated, "private virtual interface `\(v.name)`: the lab stands in transit virtual interfaces only; simulate it with routes, trace and failover, or remove it for a lab of the VPN side", at: at)
            }
            guard let s = t.site(v.site), s.gateway != nil, t.connections(of: s).contains(where: { $0.routing == .bgp }) else {
                throw LabPlanError(LabRules.directConnectNotEmulated, "virtual interface `\(v.name)`: site \(v.site) has no gateway device with a BGP VPN connection, so its rendered FRR has no BGP for the interface; the lab needs one", at: at)
            }
        }
    }

    /// Peer addresses for the virtual interfaces that leave them to AWS: a /30 each from
    /// 169.254.240.0/20, clear of the tunnels' inside CIDRs and of the interfaces' own.
    static func choosePeerAddresses(_ vifs: [VirtualInterface], used: Set<IPv4Prefix>) -> [VirtualInterface] {
        var taken = used.union(vifs.compactMap { $0.amazonAddress?.network })
        var next = 0
        return vifs.map { v in
            guard v.amazonAddress == nil || v.customerAddress == nil else { return v }
            var p: IPv4Prefix
            repeat {
                p = IPv4Prefix(IPv4Address(169, 254, 240, 0).advanced(by: 4 * next), 30)
                next += 1
            } while taken.contains(where: { $0.overlaps(p) })
            taken.insert(p)
            var out = v
            out.amazonAddress = IPv4Interface(p.address(1), 30)
            out.customerAddress = IPv4Interface(p.address(2), 30)
            return out
        }
    }

    public func virtualInterface(_ name: String) -> LabVirtualInterface? { virtualInterfaces.first { $0.name == name } }

    /// Cuts a virtual interface as a fibre cut would: the site's end of its link goes down,
    /// both routers see the interface go and drop the BGP session.
    public func outage(_ v: LabVirtualInterface) -> [[String]] {
        [["ip", "-n", v.customerNamespace, "link", "set", "dev", v.customerLink, "down"]]
    }

    /// Ends a virtual interface's outage.
    public func restore(_ v: LabVirtualInterface) -> [[String]] {
        [["ip", "-n", v.customerNamespace, "link", "set", "dev", v.customerLink, "up"]]
    }
}

extension Builder {
    /// The Direct Connect gateways with a transit virtual interface, each linked to its
    /// associated transit gateways and to the sites of its interfaces.
    mutating func directConnect(tgwNS: [String: String], tgwLink: inout [String: [String: IPv4Address]]) throws {
        var vifNumber = 0
        for (k, dx) in topology.dxGateways.enumerated() {
            let vifs = topology.virtualInterfaces.filter { $0.dxGateway == dx.name && $0.type == .transit }
            guard !vifs.isEmpty else { continue }
            let n = addNode("dxgw:\(dx.name)", "x\(k + 1)", .directConnectGateway)
            // Toward each associated transit gateway: its Direct Connect gateway attachment's link.
            var uplinks: [(interface: String, via: IPv4Address, prefixes: [IPv4Prefix])] = []
            var prefixesByTGW: [String: [IPv4Prefix]] = [:]
            for v in vifs {
                for r in sim.resolved.virtualInterface(v.name)?.reach ?? [] {
                    if case .transitGateway(let tg) = r.gateway { prefixesByTGW[tg, default: []] += r.prefixes }
                }
            }
            for a in dx.associations {
                guard case .transitGateway(let tg) = a.gateway, let gn = tgwNS[tg], let g = topology.transitGateway(tg),
                      let j = g.attachments.firstIndex(where: { if case .directConnectGateway(dx.name) = $0.resource { return true } else { return false } }),
                      let gk = topology.transitGateways.firstIndex(where: { $0.name == tg }) else { continue }
                let iface = "tgw\(gk + 1)"
                let (mine, _) = transfer(gn, "att\(j + 1)", n, iface)
                tgwLink[tg, default: [:]]["dx:\(dx.name)"] = mine
                // The transit gateway falls back to its next route (the simulator's, with the
                // interfaces down) when this link loses its carrier (`LabRouteTables`).
                sysctl(gn, "net.ipv4.conf.att\(j + 1).ignore_routes_with_linkdown=1")
                uplinks.append((iface, mine, (prefixesByTGW[tg] ?? []).uniqued()))
            }
            var conf = DXGatewayConfig(name: dx.name, amazonASN: dx.amazonSideASN)
            for v in vifs {
                guard let rv = sim.resolved.virtualInterface(v.name), let aws = v.amazonAddress, let mine = v.customerAddress,
                      let si = topology.sites.firstIndex(where: { $0.name == v.site }) else { continue }
                vifNumber += 1
                let site = ns("s\(si + 1)")
                // The veth carries the name of the VLAN sub-interface the rendered FRR's neighbour
                // is reached over, untagged: the lab machine's kernel has no 802.1Q (`type vlan`
                // is an unknown device type there), and the tag changes nothing on a plain link.
                let siteLink = "dx\(vifNumber).\(v.vlan)", awsLink = "vif\(vifNumber).\(v.vlan)"
                link(site, siteLink, n, awsLink)
                ip(site, "addr", "add", "\(mine)", "dev", siteLink)
                ip(n, "addr", "add", "\(aws)", "dev", awsLink)
                virtualInterfaces.append(LabVirtualInterface(name: v.name, vlan: v.vlan, customerNamespace: site, customerLink: siteLink,
                                                             awsNamespace: n, awsLink: awsLink, customerAddress: mine.address, awsAddress: aws.address))
                conf.peers.append(.init(vif: v.name, vlan: v.vlan, local: aws.address, remote: mine.address, remoteASN: rv.customerASN, advertised: rv.awsPrefixes))
            }
            let d = dir("x\(k + 1)")
            try startFRR(node: "dxgw:\(dx.name)", namespace: n, directory: d + "/frr", config: conf.frrConfig())
            dxWatch(n, uplinks: uplinks, d)
        }
    }

    /// A transit gateway prefers a Direct Connect gateway's route over a VPN's for the same
    /// prefix (Transit Gateway guide, "Route evaluation order",
    /// https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html#tgw-route-evaluation-overview),
    /// and routes by the VPN's once the Direct Connect gateway withdraws its routes. The table
    /// holds the simulator's choice (metric 0) and, for each destination it sends over a virtual
    /// interface, the simulator's choice with the virtual interfaces down (metric 100): the
    /// kernel skips the first while the Direct Connect gateway's link has no carrier
    /// (`ignore_routes_with_linkdown`, set by `directConnect`; `dxWatch` drops the carrier).
    mutating func dxFallback(_ n: String, table: Int, selected: [SimRoute], fallback: [(IPv4Prefix, [IPv4Address])]) {
        let overDX = Set(selected.filter { if case .virtualInterface = $0.nextHop { return true } else { return false } }.map(\.destination))
        for (dest, hops) in fallback where overDX.contains(dest) {
            setup.append(["ip", "-n", n, "route", "add"] + routeArgs(dest, hops) + ["metric", "100", "table", "\(table)"])
        }
    }

    /// A Direct Connect gateway withdraws what it learned over a virtual interface when the
    /// interface's BGP session goes, and the transit gateway then routes by its next route. The
    /// lab shows that withdrawal to the transit gateway namespace as the attachment link's
    /// carrier: up while the gateway holds a BGP route from a site, down otherwise. Setting a
    /// link down flushes the routes through it: they come back with the link.
    mutating func dxWatch(_ n: String, uplinks: [(interface: String, via: IPv4Address, prefixes: [IPv4Prefix])], _ d: String) {
        guard !uplinks.isEmpty else { return }
        let set = uplinks.map { "ip link set dev \($0.interface) $n" }.joined(separator: "; ")
        let routes = uplinks.flatMap { u in u.prefixes.map { "ip route replace \($0) via \(u.via) dev \(u.interface)" } }
        let readd = routes.isEmpty ? "" : "if [ $n = up ]; then \(routes.joined(separator: "; ")); fi; "
        watchers.append(LabProcess(name: "dx-watch", namespace: n, argv: [
            "ip", "netns", "exec", n, "sh", "-c",
            // proto 186: zebra's BGP routes (RTPROT_BGP).
            "s=; while :; do if ip route show proto 186 | grep -q .; then n=up; else n=down; fi; "
                + "if [ \"$n\" != \"$s\" ]; then \(set); \(readd)s=$n; fi; sleep 0.5; done",
        ], log: "\(d)/dx-watch.out"))
    }
}

/// FRR for a Direct Connect gateway as AWS runs it toward the sites: its Amazon side ASN, one
/// eBGP session per virtual interface on the interface's peer addresses, advertising what the
/// resolve stage says AWS advertises over the interface (a transit interface: the allowed
/// prefixes of its transit gateway associations — Direct Connect user guide, "Allowed prefixes
/// interactions", https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html),
/// accepting at most the 100 routes AWS takes from on-premises over one interface (Direct
/// Connect quotas, https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html).
/// The transit gateway's preference of these routes over the VPN's for the same prefix is the
/// transit gateway namespace's (`LabRouteTables`), as AWS decides it there.
struct DXGatewayConfig {
    struct Peer {
        var vif: String
        var vlan: Int
        var local: IPv4Address
        var remote: IPv4Address
        var remoteASN: ASN
        var advertised: [IPv4Prefix]
    }
    let name: String
    let amazonASN: ASN
    var peers: [Peer] = []

    func frrConfig() -> String {
        var l = ["! The AWS end of Direct Connect gateway `\(name)` (ASN \(amazonASN)) in the causeway lab: virtual interfaces "
                 + peers.map { "`\($0.vif)`" }.joined(separator: ", ") + ".",
                 "frr defaults traditional", "hostname aws-dx-\(name)", "!"]
        guard let first = peers.first else { return l.joined(separator: "\n") + "\n" }
        for (k, p) in peers.enumerated() { l += EdgeFRR.advertised(p.advertised, suffix: "-\(k + 1)") }
        l += EdgeFRR.routerBGP(amazonASN, routerID: first.local)
        for p in peers {
            l += [" neighbor \(p.remote) remote-as \(p.remoteASN)", " neighbor \(p.remote) description dx \(p.vif) vlan \(p.vlan)",
                  " neighbor \(p.remote) timers connect 5"]
        }
        l += [" !", " address-family ipv4 unicast"]
        for a in peers.flatMap(\.advertised).uniqued().sorted() { l.append("  network \(a)") }
        l.append("  maximum-paths 1")
        for (k, p) in peers.enumerated() {
            l.append("  neighbor \(p.remote) maximum-prefix \(AWSNumbers.DirectConnect.routesFromCustomerPerVIF)")
            l.append("  neighbor \(p.remote) route-map aws-out-\(k + 1) out")
        }
        l += [" exit-address-family", "exit", "!"]
        return l.joined(separator: "\n") + "\n"
    }
}
