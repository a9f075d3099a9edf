import ArgumentParser
import CausewayCore
import CausewaySim

struct Routes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the converged routing tables: VPC route tables, VGWs, TGW route tables, customer gateways and LAN routers.",
        discussion: """
        Every candidate route is listed with its origin (local, static, propagated,
        vpn-static, bgp, ospf, connected) and attributes (AS_PATH, MED, metric,
        tunnel). Markers: `>` the route the node forwards with, `*` another ECMP path,
        `B` a selected blackhole, `x` a route that would exist but is inactive (tunnel
        or BGP session down, propagation off, VGW detached: the reason is shown),
        blank a losing candidate.

        Table ids: VPC/TABLE, vgw:NAME, tgw:NAME/TABLE, cgw:SITE, router:SITE/NAME,
        cvpn:ENDPOINT (a Client VPN endpoint: its routes, the VPC's CIDR AWS adds per
        associated subnet, and who the authorization rules admit to each).
        `--table` takes an id or a bare table name.

        Examples:
          causeway routes examples/s0-eks-onprem-db.yaml
          causeway routes examples/s4-tgw-segmentation.yaml --table tgw-rt-vpn
          causeway routes examples/s0-eks-onprem-db.yaml --fail vpn/1 --table cgw:onprem --format json
        """)

    @OptionGroup var options: SimulationOptions
    @Option(help: "Only this table (id such as vpc-a/a-private or tgw:tgw/tgw-rt-a, or a table name).") var table: String?

    struct Output: Encodable {
        let tables: [RoutingTable]
        let tunnels: [TunnelStatus]
        let bgpSessions: [BGPSession]
        let failures: [Failure]
        let notes: [String]
        /// Direct Connect appears only in topologies that have it.
        @OmittedWhenEmpty var virtualInterfaces: [VirtualInterfaceStatus] = []
        /// Client VPN endpoints appear only in topologies that have them.
        @OmittedWhenEmpty var clientVPNRouteTables: [ClientVPNRouteTable] = []
    }

    func run() throws {
        let sim = try options.simulation()
        let net = sim.network
        var tables = net.tables
        var endpoints = sim.clientVPNRouteTables()
        if let table {
            tables = net.tables(named: table)
            endpoints = endpoints.filter { $0.id == table || $0.id == "cvpn:\(table)" }
            if tables.isEmpty && endpoints.isEmpty {
                printErr("causeway: no table `\(table)`; tables: \((net.tables.map(\.id.description) + sim.clientVPNRouteTables().map(\.id)).joined(separator: ", "))")
                throw Exit.unusable
            }
        }
        if options.format == .json {
            print(try jsonString(Output(tables: tables, tunnels: table == nil ? net.tunnels : [],
                                        bgpSessions: table == nil ? net.bgpSessions : [],
                                        failures: sim.failures.sorted(), notes: net.notes,
                                        virtualInterfaces: table == nil ? net.virtualInterfaces : [],
                                        clientVPNRouteTables: endpoints)))
            return
        }
        var out: [String] = []
        for t in tables {
            out.append("\(t.id)  [\(t.kind.rawValue)]")
            for n in t.notes { out.append("  note: \(n)") }
            if t.routes.isEmpty { out.append("  (no routes)") }
            var seen = Set<IPv4Prefix>()
            let rows = t.routes.map { r -> [String] in
                let mark: String
                if r.state == .inactive { mark = "x" }
                else if r.selected { mark = r.state == .blackhole ? "B" : (seen.contains(r.destination) ? "*" : ">") }
                else { mark = " " }
                if r.selected { seen.insert(r.destination) }
                var attrs: [String] = []
                if let p = r.asPath { attrs.append("as-path \(p.isEmpty ? "-" : p.map(\.description).joined(separator: " "))") }
                if let m = r.med { attrs.append("med \(m)") }
                if let m = r.metric { attrs.append("metric \(m)") }
                if let tu = r.tunnel, r.nextHop != .tunnel(tu) { attrs.append("via \(tu)") }
                if let l = r.learnedFrom { attrs.append("from \(l)") }
                var tail = attrs.joined(separator: ", ")
                if let reason = r.reason { tail += (tail.isEmpty ? "" : "; ") + "\(r.state.rawValue): \(reason)" }
                if let note = r.note { tail += (tail.isEmpty ? "" : "; ") + note }
                return [mark, r.destination.description, r.nextHop.description, r.origin.rawValue, tail]
            }
            if !rows.isEmpty { out.append(columns(rows)) }
            out.append("")
        }
        for e in endpoints {
            out.append("\(e.id)  [client-vpn-endpoint]  split tunnel \(e.splitTunnel ? "on: only these routes are pushed to the clients" : "off: the clients send everything here")")
            out.append(columns(e.routes.map { r in
                let auth = r.authorizedFor.isEmpty ? "" : "authorized: \(r.authorizedFor.joined(separator: ", "))"
                return [r.selected ? ">" : "*", r.destination.description, "subnet:\(r.targetSubnet)", r.origin.rawValue, [auth, r.note ?? ""].filter { !$0.isEmpty }.joined(separator: "; ")]
            }))
            out.append("")
        }
        if table == nil {
            if !net.tunnels.isEmpty {
                out.append("tunnels")
                out.append(columns(net.tunnels.map { s in
                    let inside = s.insideCIDR.map { "inside \($0)" } ?? "inside (AWS picks)"
                    let what = s.up ? [s.ikeVersion?.rawValue].compactMap { $0 }.joined() : "\(s.problem?.rawValue ?? "down"): \(s.detail ?? "")"
                    return [s.tunnel.description, s.up ? "up" : "down", inside, what + (s.notes.isEmpty ? "" : "; " + s.notes.joined(separator: "; "))]
                }))
                out.append("")
            }
            if !net.bgpSessions.isEmpty {
                out.append("bgp sessions")
                out.append(columns(net.bgpSessions.map { b in
                    let peers = "AS \(b.customerASN) \(b.customerAddress?.description ?? "?") ↔ AS \(b.awsASN) \(b.awsAddress?.description ?? "?")"
                    let state = (b.up ? "established" : "\(b.reason?.rawValue ?? "down"): \(b.detail ?? "")")
                        + " (keepalive \(b.keepaliveSeconds) s, hold \(b.holdTimeSeconds) s)"
                    let adv = b.up ? "AWS receives \(b.advertisedByCustomer.map(\.prefix.description).joined(separator: " ")); sends \(b.advertisedByAWS.map(\.prefix.description).joined(separator: " "))" : ""
                    return [b.tunnel.description, peers, state, adv]
                }))
                out.append("")
            }
            if !net.virtualInterfaces.isEmpty {
                out.append("virtual interfaces (Direct Connect)")
                out.append(columns(net.virtualInterfaces.map { v in
                    let peers = "\(v.type.rawValue) VLAN \(v.vlan), AS \(v.customerASN) (site \(v.site)) ↔ AS \(v.awsASN) (\(v.dxGateway))"
                    let state = v.up ? "established" : "down: \(v.detail ?? "")"
                    let adv = v.up ? "AWS receives \(v.advertisedByCustomer.map(\.prefix.description).joined(separator: " ")); sends \(v.advertisedByAWS.map(\.prefix.description).joined(separator: " "))" : ""
                    return ["dx:\(v.name)", peers, state, adv]
                }))
                out.append("")
            }
        }
        if !sim.failures.isEmpty { out.append("failed: \(sim.failures.sorted().map(\.description).joined(separator: ", "))") }
        while out.last == "" { out.removeLast() }
        print(out.joined(separator: "\n"))
    }
}
