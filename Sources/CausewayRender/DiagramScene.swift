import CausewayCore
import CausewaySim

/// What the diagram shows, read from the model and the simulator's converged network (tunnel
/// and virtual interface state): boxes in four columns and the edges between them.
struct DiagramScene {
    let topology: Topology
    let network: ConvergedNetwork
    /// The resolve stage's AWS resources: which attachment each TGW route table has associated
    /// and propagating, AWS's default-table behaviour included.
    let aws: AWSResources

    /// The four columns' boxes and the edges, laid out.
    func layout() -> DiagramLayout {
        DiagramLayout(columns: [
            ("on-premises", topology.sites.map(site)),
            ("internet · tunnels · Direct Connect", customerGateways() + topology.virtualInterfaces.map(virtualInterface)),
            ("AWS edge", topology.vpnGateways.map(vpnGateway) + topology.transitGateways.map(transitGateway)
                + topology.dxGateways.map(dxGateway) + topology.clientVPNEndpoints.map(clientVPN)),
            ("VPCs", topology.vpcs.map(vpc)),
        ], edges: edges())
    }

    func site(_ s: Site) -> DiagramBox {
        var lines = [DiagramLine("LAN " + s.cidrs.map(\.description).joined(separator: ", "))]
        if let n = s.network { lines.append(DiagramLine("network \(n)")) }
        lines += s.routers.map { DiagramLine("router \($0.name) \($0.address)") }
        lines += s.hosts.map { DiagramLine("host \($0.name) \($0.address)") }
        lines += s.dnsServers.map { DiagramLine("dns server \($0.name) \($0.address)") }
        var children: [DiagramBox] = []
        if let g = s.gateway {
            var dev: [DiagramLine] = []
            let addresses = [g.publicIP.map { "public \($0)" }, g.privateIP.map { "private \($0)" }].compactMap { $0 }
            if !addresses.isEmpty { dev.append(DiagramLine(addresses.joined(separator: " · "))) }
            dev.append(DiagramLine(([g.asn.map { "AS \($0)" }].compactMap { $0 } + [g.ipsec.rawValue, g.routing.rawValue, g.os.rawValue]).joined(separator: " · ")))
            dev += g.tunnels.map { DiagramLine("\($0.interface): \($0.connection)/\($0.index)\($0.disabled ? " (disabled)" : "")") }
            children.append(DiagramBox(id: "device:\(s.name)", kind: .device, title: "gateway device", lines: dev))
        }
        return DiagramBox(id: "site:\(s.name)", kind: .site, title: "site \(s.name)", lines: lines, children: children)
    }

    /// Each customer gateway with its VPN connections inside; connections whose customer
    /// gateway the topology lacks stand alone.
    func customerGateways() -> [DiagramBox] {
        var out = topology.customerGateways.map { c -> DiagramBox in
            let address = c.ipAddress ?? c.site.flatMap { topology.site($0)?.gateway?.publicIP }
            let lines = [address.map { "\($0) · AS \(c.asn)" } ?? "AS \(c.asn)"] + (c.site.map { ["site \($0)"] } ?? [])
            return DiagramBox(id: "cgw:\(c.name)", kind: .customerGateway, title: "customer gateway \(c.name)",
                              lines: lines.map { DiagramLine($0) },
                              children: topology.vpnConnections.filter { $0.customerGateway == c.name }.map(vpnConnection))
        }
        let known = Set(topology.customerGateways.map(\.name))
        out += topology.vpnConnections.filter { !known.contains($0.customerGateway) }.map(vpnConnection)
        return out
    }

    func vpnConnection(_ c: VPNConnection) -> DiagramBox {
        var lines = [DiagramLine("\(c.routing.rawValue) routing → \(c.gateway)")]
        if c.routing == .static && !c.staticRoutes.isEmpty {
            lines.append(DiagramLine("static routes " + c.staticRoutes.map(\.description).joined(separator: ", ")))
        }
        for t in c.tunnels.sorted(by: { $0.index < $1.index }) {
            let ref = TunnelRef(c.name, t.index)
            lines.append(DiagramLine(tunnelText(c, t, ref), tone: tunnelTone(ref), anchor: "tunnel:\(ref)"))
        }
        return DiagramBox(id: "vpn:\(c.name)", kind: .vpnConnection, title: "vpn connection \(c.name)", lines: lines)
    }

    func tunnelTone(_ ref: TunnelRef) -> DiagramTone {
        network.tunnelStatus(ref)?.up == true ? .up : .down
    }

    func tunnelText(_ c: VPNConnection, _ t: Tunnel, _ ref: TunnelRef) -> String {
        var parts = ["tunnel \(t.index)"]
        if let o = t.outsideIP { parts.append(o.description) }
        if let i = t.insideCIDR { parts.append(i.description) }
        let status = network.tunnelStatus(ref)
        parts.append(status?.up == true ? "up" : "down" + (status?.problem.map { " (\($0.rawValue))" } ?? ""))
        // A session's state only where the tunnel is up (a down tunnel carries none).
        if c.routing == .bgp, status?.up == true, let s = network.bgpSessions.first(where: { $0.tunnel == ref }) {
            parts.append(s.up ? "BGP up" : "BGP down")
        }
        return parts.joined(separator: " · ")
    }

    func virtualInterface(_ v: VirtualInterface) -> DiagramBox {
        var lines = [DiagramLine("\(v.type.rawValue) · vlan \(v.vlan) · site \(v.site) → dx gateway \(v.dxGateway)")]
        if let a = v.amazonAddress, let c = v.customerAddress { lines.append(DiagramLine("amazon \(a) · customer \(c)")) }
        let up = network.virtualInterfaces.first { $0.name == v.name }?.up == true
        lines.append(DiagramLine(up ? "BGP up" : "down", tone: up ? .up : .down, anchor: "dx:\(v.name)"))
        return DiagramBox(id: "vif:\(v.name)", kind: .virtualInterface, title: "virtual interface \(v.name)", lines: lines)
    }

    func vpnGateway(_ g: VirtualPrivateGateway) -> DiagramBox {
        DiagramBox(id: "vgw:\(g.name)", kind: .vpnGateway, title: "virtual private gateway \(g.name)",
                   lines: [DiagramLine("AS \(g.asn)"), DiagramLine(g.attachedTo.map { "attached to vpc \($0)" } ?? "not attached")])
    }

    func transitGateway(_ g: TransitGateway) -> DiagramBox {
        var lines = [DiagramLine("AS \(g.asn)" + (g.vpnECMP ? " · VPN ECMP" : ""))]
        for a in g.attachments {
            let what: String
            switch a.resource {
            case .vpc(let v, let subnets): what = "vpc \(v) (\(subnets.joined(separator: ", ")))"
            case .vpn(let c): what = "vpn \(c)"
            case .peering(let p): what = "peering \(p)"
            case .directConnectGateway(let d): what = "dx gateway \(d)"
            }
            lines.append(DiagramLine("attachment \(a.name): \(what)"))
        }
        let tables = g.routeTables.map { t -> DiagramBox in
            let key = LogicalKey.tgwRouteTable(g.name, t.name)
            func names(_ kind: AWSResourceKind) -> String {
                let n = aws.children(of: key, kind).map(\.name)
                return n.isEmpty ? "none" : n.joined(separator: ", ")
            }
            var l = [DiagramLine("associated: " + names(.tgwAssociation)), DiagramLine("propagating: " + names(.tgwPropagation))]
            l += t.routes.map { DiagramLine("\($0.destination) → \($0.attachment ?? "blackhole")") }
            return DiagramBox(id: "tgw-rt:\(g.name)/\(t.name)", kind: .routeTable, title: "route table \(t.name)\(t.isDefault ? " (default)" : "")", lines: l)
        }
        return DiagramBox(id: "tgw:\(g.name)", kind: .transitGateway, title: "transit gateway \(g.name)", lines: lines, children: tables)
    }

    func dxGateway(_ g: DirectConnectGateway) -> DiagramBox {
        let lines = ["AS \(g.amazonSideASN)"] + g.associations.map { a in
            "associated with \(a.gateway)" + (a.allowedPrefixes.isEmpty ? "" : " · allowed " + a.allowedPrefixes.map(\.description).joined(separator: ", "))
        }
        return DiagramBox(id: "dxgw:\(g.name)", kind: .dxGateway, title: "dx gateway \(g.name)", lines: lines.map { DiagramLine($0) })
    }

    func clientVPN(_ e: ClientVPNEndpoint) -> DiagramBox {
        var lines = ["clients \(e.clientCIDR) · vpc \(e.vpc)" + (e.splitTunnel ? " · split tunnel" : ""),
                     "target subnets " + e.targetNetworks.map(\.subnet).joined(separator: ", ")]
        lines += e.users.map { "user \($0.name) from \($0.publicIP)" }
        return DiagramBox(id: "cvpn:\(e.name)", kind: .clientVPN, title: "client vpn endpoint \(e.name)", lines: lines.map { DiagramLine($0) })
    }

    func vpc(_ v: VPC) -> DiagramBox {
        var lines = [DiagramLine(v.cidrs.map(\.description).joined(separator: ", "))]
        if v.internetGateway { lines.append(DiagramLine("internet gateway")) }
        lines += v.natGateways.map { DiagramLine("nat gateway \($0.name) in \($0.subnet)") }
        var children = v.subnets.map { s in
            DiagramBox(id: "subnet:\(v.name)/\(s.name)", kind: .subnet, title: "subnet \(s.name)",
                       lines: [DiagramLine(s.cidr.description + (s.availabilityZone.map { " · \($0)" } ?? ""))]
                           + v.instances.filter { $0.subnet == s.name }.map { DiagramLine("instance \($0.name) \($0.address)") })
        }
        children += topology.eksClusters.filter { $0.vpc == v.name }.map { c in
            DiagramBox(id: "eks:\(c.name)", kind: .eks, title: "eks cluster \(c.name) (\(c.version))",
                       lines: c.nodeGroups.map { DiagramLine("node group \($0.name) in \($0.subnets.joined(separator: ", "))") })
        }
        return DiagramBox(id: "vpc:\(v.name)", kind: .vpc, title: "vpc \(v.name)", lines: lines, children: children)
    }

    /// Site → customer gateway → (one per tunnel, coloured by state) → VGW or TGW → VPC; site →
    /// virtual interface → DX gateway → its gateways; Client VPN → target subnets; peerings.
    func edges() -> [DiagramEdge] {
        var out: [DiagramEdge] = []
        for c in topology.customerGateways {
            if let s = c.site { out.append(DiagramEdge("site:\(s)", "cgw:\(c.name)")) }
        }
        for c in topology.vpnConnections {
            let to = gatewayID(c.gateway)
            for t in c.tunnels.sorted(by: { $0.index < $1.index }) {
                let ref = TunnelRef(c.name, t.index)
                out.append(DiagramEdge("tunnel:\(ref)", to, tone: tunnelTone(ref)))
            }
        }
        for v in topology.virtualInterfaces {
            let up = network.virtualInterfaces.first { $0.name == v.name }?.up == true
            out.append(DiagramEdge("site:\(v.site)", "vif:\(v.name)"))
            out.append(DiagramEdge("dx:\(v.name)", "dxgw:\(v.dxGateway)", tone: up ? .up : .down))
        }
        for g in topology.dxGateways {
            for a in g.associations { out.append(DiagramEdge("dxgw:\(g.name)", gatewayID(a.gateway))) }
        }
        for g in topology.vpnGateways {
            if let v = g.attachedTo { out.append(DiagramEdge("vgw:\(g.name)", "vpc:\(v)")) }
        }
        for g in topology.transitGateways {
            for a in g.attachments { if case .vpc(let v, _) = a.resource { out.append(DiagramEdge("tgw:\(g.name)", "vpc:\(v)")) } }
        }
        for e in topology.clientVPNEndpoints {
            for n in e.targetNetworks { out.append(DiagramEdge("cvpn:\(e.name)", "subnet:\(e.vpc)/\(n.subnet)")) }
        }
        for p in topology.transitGatewayPeerings { out.append(DiagramEdge("tgw:\(p.transitGateway)", "tgw:\(p.peerTransitGateway)")) }
        for p in topology.vpcPeerings { out.append(DiagramEdge("vpc:\(p.vpc)", "vpc:\(p.peerVPC)")) }
        return out
    }

    func gatewayID(_ g: VPNGatewayTarget) -> String {
        switch g {
        case .vpnGateway(let n): "vgw:\(n)"
        case .transitGateway(let n): "tgw:\(n)"
        }
    }
}
