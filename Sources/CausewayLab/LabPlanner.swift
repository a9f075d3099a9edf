import CausewayCore
import CausewayRender
import CausewaySim

extension LabPlan {
    /// Plans a lab for `topology`. `secrets` must hold a key for every tunnel
    /// ("connection/index"; see `LabSecrets.complete`). Throws LabPlanError for what the lab
    /// cannot build, and RenderError when the customer side cannot be rendered.
    public init(topology original: Topology, secrets: [String: PreSharedKey], name: String,
                root: String = LabPlan.defaultRoot, clientVPN: [String: ClientVPNMaterial] = [:]) throws {
        guard LabPlan.isValidName(name) else {
            throw LabPlanError.invalidName(name, in: original)
        }
        let (mapped, mapping) = try LabPlan.mapOutsideAddresses(original)
        try self.init(mapped: mapped, mapping: mapping, secrets: secrets, name: name, root: root, customerSides: true, clientVPN: clientVPN)
    }

    /// The plan for an already mapped topology. Without `customerSides` it holds the internet,
    /// the AWS end (tunnel namespaces, edges, transit gateways, VPCs) and nothing of the sites:
    /// the faithful lab puts the customer gateways in VMs instead.
    init(mapped: Topology, mapping: [OutsideMapping], secrets: [String: PreSharedKey], name: String,
         root: String, customerSides: Bool, clientVPN material: [String: ClientVPNMaterial] = [:]) throws {
        try LabPlan.requireStandIn(mapped, customerSides: customerSides)
        var b = Builder(name: name, directory: "\(root)/\(name)", topology: mapped,
                        context: RenderContext(secrets: secrets, profile: .lab))
        b.customerSides = customerSides
        b.clientVPNMaterial = material
        try b.build()
        self.name = name
        directory = b.directory
        topology = mapped
        self.mapping = mapping
        nodes = b.nodes
        setup = b.setup
        files = b.files
        charons = b.charons
        afterCharons = b.afterCharons
        routers = b.routers
        watchers = b.watchers
        dns = b.dns
        frr = b.frr
        tunnels = b.tunnels
        virtualInterfaces = b.virtualInterfaces
        endpoints = b.endpoints
        frrDirectories = b.frrDirectories
        internetNamespace = b.ns("inet")
        simulation = b.sim
        failover = b.failover
        clientVPN = b.clientVPN
        clientVPNNotes = b.clientVPNNotes
    }

    /// The topology with every outside address replaced by a lab address, and the mapping.
    /// Values AWS would choose (outside addresses, inside CIDRs) are chosen by the lab. Unless
    /// `keepPrivate`, the customer gateway's private (NAT) address is dropped: the namespace lab
    /// has no NAT, the device binds its (mapped) public address. The faithful lab keeps it and
    /// puts a 1:1 NAT in front of the device, as an elastic IP is.
    static func mapOutsideAddresses(_ t: Topology, keepPrivate: Bool = false) throws -> (Topology, [OutsideMapping]) {
        // The lab's internet (namespaces and VMs alike) is IPv4: it does not stand in IPv6 outer tunnels.
        if let c = t.vpnConnections.first(where: { $0.options.outsideIPAddressType == .ipv6 }) {
            throw LabPlanError("`\(c.name)` has IPv6 outer tunnel addresses (`outside_ip_address_type: Ipv6`); the lab's internet is IPv4 only and does not stand them in: render and check the topology, or try it in the lab with `PublicIpv4` and the device's IPv4 address")
        }
        var m = t
        var mapping: [OutsideMapping] = []
        var customer = LabInternet.Allocator(range: LabInternet.customerRange, reserved: [LabInternet.customerRouter])
        var aws = LabInternet.Allocator(range: LabInternet.awsRange, reserved: [LabInternet.awsRouter])
        for (i, s) in m.sites.enumerated() {
            guard var g = s.gateway else { continue }
            let lab = try customer.take(g.publicIP?.ipv4)
            mapping.append(OutsideMapping(role: "site \(s.name) (customer gateway)", original: g.publicIP, lab: lab))
            if !keepPrivate {
                if g.lanAddress == nil, let p = g.privateIP, s.cidrs.contains(where: { $0.contains(p) }) { g.lanAddress = p }
                g.privateIP = nil
            }
            g.publicIP = .v4(lab)
            m.sites[i].gateway = g
        }
        var usedInside = Set(m.vpnConnections.flatMap { $0.tunnels.compactMap(\.insideCIDR) })
        var nextInside = 0
        for (ci, c) in m.vpnConnections.enumerated() {
            for (ti, tn) in c.tunnels.enumerated() {
                let lab = try aws.take(tn.outsideIP?.ipv4)
                mapping.append(OutsideMapping(role: "\(c.name)/\(tn.index) (AWS endpoint)", original: tn.outsideIP, lab: lab))
                m.vpnConnections[ci].tunnels[ti].outsideIP = .v4(lab)
                if tn.insideCIDR == nil {
                    var p: IPv4Prefix
                    repeat {
                        p = IPv4Prefix(IPv4Address(169, 254, 200, 0).advanced(by: 4 * nextInside), 30)
                        nextInside += 1
                    } while usedInside.contains(p)
                    usedInside.insert(p)
                    m.vpnConnections[ci].tunnels[ti].insideCIDR = p
                }
            }
        }
        m.virtualInterfaces = choosePeerAddresses(m.virtualInterfaces, used: usedInside)
        for v in m.vpcs {
            for c in v.cidrs where c.overlaps(LabInternet.linkRange) {
                throw LabPlanError(LabRules.rangeOverlap, "VPC \(v.name) uses \(c), which overlaps the lab's link range \(LabInternet.linkRange); renumber the VPC to bring it up in the lab",
                                   at: t.locate("\(v.path).cidrs"))
            }
        }
        for s in m.sites {
            for c in s.cidrs where c.overlaps(LabInternet.linkRange) || c.overlaps(LabInternet.customerRange) || c.overlaps(LabInternet.awsRange) {
                throw LabPlanError(LabRules.rangeOverlap, "site \(s.name) uses \(c), which overlaps the lab's own ranges (\(LabInternet.linkRange), \(LabInternet.customerRange), \(LabInternet.awsRange)); renumber the site to bring it up in the lab",
                                   at: t.locate("\(s.path).cidrs"))
            }
        }
        return (m, mapping)
    }
}

/// Accumulates the plan's parts while walking the model.
struct Builder {
    let name: String
    let directory: String
    let topology: Topology
    let context: RenderContext
    let sim: Simulation

    var nodes: [LabNode] = []
    var setup: [[String]] = []
    var files: [LabFile] = []
    var charons: [LabProcess] = []
    var afterCharons: [[String]] = []
    var routers: [LabProcess] = []
    var watchers: [LabProcess] = []
    var dns = LabDNSPlan()
    var frr: [FRRInstance] = []
    var tunnels: [LabTunnel] = []
    var virtualInterfaces: [LabVirtualInterface] = []
    var endpoints: [LabEndpoint] = []
    var frrDirectories: [String] = []
    var failover: LabFailover?
    /// Client VPN stand-ins (`LabClientVPN`), from the PKI the caller made per endpoint.
    var clientVPNMaterial: [String: ClientVPNMaterial] = [:]
    var clientVPN: [LabClientVPN] = []
    var clientVPNNotes: [String] = []
    var links = 0
    /// Whether the sites' gateways, LANs and customer tunnel ends are built here (the
    /// namespace lab) or elsewhere (the faithful lab's VMs).
    var customerSides = true
    /// The lab-wide number of each tunnel ("vpn/1" → 1), used in namespace and link names.
    var tunnelNumbers: [String: Int] = [:]
    /// Each `network` several sites share: its LAN namespace, and its hosts with the site each
    /// leaves by (`LabSeveralGateways`).
    var networkLAN: [String: String] = [:]
    var networkHosts: [String: [(IPv4Address, String)]] = [:]

    init(name: String, directory: String, topology: Topology, context: RenderContext) {
        self.name = name
        self.directory = directory
        self.topology = topology
        self.context = context
        sim = Simulation(topology: topology)
    }

    func ns(_ short: String) -> String { "cw-\(name)-\(short)" }
    func dir(_ short: String) -> String { "\(directory)/\(short)" }

    mutating func addNode(_ n: String, _ short: String, _ role: LabNode.Role) -> String {
        let namespace = ns(short)
        nodes.append(LabNode(name: n, namespace: namespace, role: role))
        setup.append(["ip", "netns", "exec", namespace, "sysctl", "-qw", "net.ipv4.ip_forward=1",
                      "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0",
                      "net.ipv4.conf.all.accept_redirects=0", "net.ipv4.conf.all.send_redirects=0",
                      "net.ipv4.conf.default.send_redirects=0"])
        ip(namespace, "link", "set", "lo", "up")
        return namespace
    }

    mutating func ip(_ namespace: String, _ args: String...) { setup.append(["ip", "-n", namespace] + args) }
    mutating func sysctl(_ namespace: String, _ settings: String...) {
        setup.append(["ip", "netns", "exec", namespace, "sysctl", "-qw"] + settings)
    }

    /// A veth pair from `a`/`ifA` to `b`/`ifB`, both ends up.
    mutating func link(_ a: String, _ ifA: String, _ b: String, _ ifB: String) {
        setup.append(["ip", "link", "add", ifA, "netns", a, "type", "veth", "peer", "name", ifB, "netns", b])
        ip(a, "link", "set", "dev", ifA, "up")
        ip(b, "link", "set", "dev", ifB, "up")
    }

    /// A routed point-to-point link with a /30 from the lab's link range: `a` gets .1, `b` .2.
    mutating func transfer(_ a: String, _ ifA: String, _ b: String, _ ifB: String) -> (IPv4Address, IPv4Address) {
        let p = IPv4Prefix(LabInternet.linkRange.network.advanced(by: 4 * links), 30)
        links += 1
        link(a, ifA, b, ifB)
        ip(a, "addr", "add", "\(p.address(1))/30", "dev", ifA)
        ip(b, "addr", "add", "\(p.address(2))/30", "dev", ifB)
        return (p.address(1), p.address(2))
    }

    mutating func build() throws {
        let inet = addNode("internet", "inet", .internet)
        ip(inet, "addr", "add", "\(LabInternet.customerRouter)/32", "dev", "lo")
        ip(inet, "addr", "add", "\(LabInternet.awsRouter)/32", "dev", "lo")
        setup.append(["ip", "netns", "exec", inet, "nft", "add", "table", "inet", "causeway"])
        setup.append(["ip", "netns", "exec", inet, "nft", "add", "chain", "inet", "causeway", "forward",
                      "{ type filter hook forward priority 0 ; policy accept ; }"])

        let networks = sim.namedNetworks()
        // VPCs first: edges and transit gateways link to them.
        var vpcNS: [String: String] = [:]
        for (k, v) in topology.vpcs.enumerated() {
            let n = addNode("vpc:\(v.name)", "v\(k + 1)", .vpc)
            vpcNS[v.name] = n
            var addrs = v.instances.map(\.address) + dnsInterfaces(v).map(\.address) + podInterfaces(v).map(\.address)
            for net in networks where v.contains(net.representative) { addrs.append(net.representative) }
            for a in addrs.uniqued() {
                ip(n, "addr", "add", "\(a)/32", "dev", "lo")
                endpoints.append(LabEndpoint(address: a, namespace: n))
            }
            securityGroups(v, n)
        }

        var tgwNS: [String: String] = [:]
        var vgwLink: [String: IPv4Address] = [:] // VGW name → its edge's address toward the VPC
        var tgwLink: [String: [String: IPv4Address]] = [:] // TGW → VPC name → TGW's address
        // Transit gateways: one namespace each, linked to their VPC attachments.
        for (k, g) in topology.transitGateways.enumerated() {
            let n = addNode("tgw:\(g.name)", "g\(k + 1)", .transitGateway)
            tgwNS[g.name] = n
            for (j, a) in g.attachments.enumerated() {
                guard case .vpc(let vpc, _) = a.resource, let vn = vpcNS[vpc] else { continue }
                let (mine, _) = transfer(n, "att\(j + 1)", vn, "tgw\(k + 1)")
                tgwLink[g.name, default: [:]][vpc] = mine
            }
        }

        // VPN connections: per tunnel an AWS tunnel namespace; per connection an edge.
        var tunnelNumber = 0
        let shared = sharedVGWs
        for (k, c) in topology.vpnConnections.enumerated() {
            // A VGW with several connections: one edge for all of them, built at the first.
            if case .vpnGateway(let vg) = c.gateway, shared.contains(vg) {
                if topology.vpnConnections.first(where: { $0.gateway == c.gateway })?.name == c.name {
                    try sharedVGW(vg, number: k + 1, inet: inet, vpcNS: vpcNS, vgwLink: &vgwLink, tunnelNumber: &tunnelNumber)
                }
                continue
            }
            let edge = addNode("edge:\(c.name)", "e\(k + 1)", .awsEdge)
            switch c.gateway {
            case .vpnGateway(let vg):
                guard let vgw = topology.vpnGateway(vg) else {
                    throw LabPlanError(LabRules.gatewayMissing, "VPN connection \(c.name): no virtual private gateway \(vg) in the topology; define it under vpn_gateways", at: topology.locate("\(c.path).gateway"))
                }
                if let vpc = vgw.attachedTo, let vn = vpcNS[vpc] {
                    let (mine, theirs) = transfer(edge, "uplink", vn, "vgw")
                    vgwLink[vg] = mine
                    ip(edge, "route", "add", "default", "via", "\(theirs)")
                }
            case .transitGateway(let tg):
                guard let g = topology.transitGateway(tg), let gn = tgwNS[tg] else {
                    throw LabPlanError(LabRules.gatewayMissing, "VPN connection \(c.name): no transit gateway \(tg) in the topology; define it under transit_gateways", at: topology.locate("\(c.path).gateway"))
                }
                if let j = g.attachments.firstIndex(where: { if case .vpn(c.name) = $0.resource { return true } else { return false } }) {
                    let (mine, _) = transfer(gn, "att\(j + 1)", edge, "uplink")
                    tgwLink[tg, default: [:]]["vpn:\(c.name)"] = mine
                    ip(edge, "route", "add", "default", "via", "\(mine)")
                }
            }
            // The resolve stage's Amazon-side ASN (the gateway exists: checked above).
            let amazonASN = sim.resolved.connection(c.name)?.amazonASN ?? .amazonDefault
            var conf = EdgeConfig(connection: c, amazonASN: amazonASN, topology: topology, sim: sim)
            for tn in c.tunnels.sorted(by: { $0.index < $1.index }) {
                tunnelNumber += 1
                try awsTunnel(c, tn, number: tunnelNumber, edge: edge, inet: inet, conf: &conf)
            }
            let d = dir("e\(k + 1)") + "/frr"
            try startFRR(node: "edge:\(c.name)", namespace: edge, directory: d, config: conf.frrConfig())
        }

        // Sites: the customer gateway device, its LAN, and its tunnels.
        for (k, s) in topology.sites.enumerated() where customerSides {
            guard s.gateway != nil, !topology.connections(of: s).isEmpty else { continue }
            try site(s, number: k + 1, inet: inet, networks: networks)
        }

        // Direct Connect: per gateway a namespace, per virtual interface a link to its site.
        try directConnect(tgwNS: tgwNS, tgwLink: &tgwLink)
        if customerSides {
            failover = try failoverStandIn(inet: inet)
            clientVPN = try clientVPNStandIns(inet: inet, vpcNS: vpcNS)
        }

        // Route tables, now that every link exists.
        for (k, v) in topology.vpcs.enumerated() {
            guard let n = vpcNS[v.name] else { continue }
            vpcTables(v, n, k: k, vgwLink: vgwLink, tgwLink: tgwLink)
        }
        for g in topology.transitGateways {
            guard let n = tgwNS[g.name] else { continue }
            tgwTables(g, n, tgwLink: tgwLink[g.name] ?? [:], vpcNS: vpcNS)
        }
        try hybridDNS(vpcNS: vpcNS)
    }

    // MARK: - AWS side

    mutating func awsTunnel(_ c: VPNConnection, _ tn: Tunnel, number: Int, edge: String, inet: String, conf: inout EdgeConfig,
                            edgeInterface: String? = nil) throws {
        let n = addNode("aws-tunnel:\(c.name)/\(tn.index)", "a\(number)", .awsTunnel)
        guard let outside = tn.outsideIP?.ipv4, let inside = tn.insideCIDR else {
            throw LabPlanError(LabRules.tunnelIncomplete, "tunnel \(c.name)/\(tn.index) has no outside address or inside CIDR", at: topology.locate(tn.path))
        }
        guard let psk = context.psk(c.name, tn.index) else {
            throw LabPlanError(LabRules.tunnelIncomplete, "no pre-shared key for tunnel \(c.name)/\(tn.index); set its psk (env: or file:)", at: topology.locate(tn.path))
        }
        guard let site = topology.site(of: c), let cgwIP = site.gateway?.publicIP?.ipv4 else {
            throw LabPlanError(LabRules.customerEndMissing, "VPN connection \(c.name): its customer gateway names no site with a gateway device; the lab needs both ends",
                               at: topology.locate("\(c.path).customer_gateway"))
        }
        // Outside: a /32 on `out`, everything else through the internet namespace.
        link(inet, "a\(number)", n, "out")
        ip(n, "addr", "add", "\(outside)/32", "dev", "out")
        ip(n, "route", "add", "default", "dev", "out")
        ip(inet, "route", "add", "\(outside)/32", "dev", "a\(number)")
        proxyARP(inet, "a\(number)")
        // Inside: the edge holds AWS's inside address; this namespace only forwards, like a VTI.
        let onEdge = edgeInterface ?? "t\(tn.index)"
        link(n, "rt", edge, onEdge)
        ip(edge, "addr", "add", "\(inside.address(1))/30", "dev", onEdge)
        vtiForwarding(n, peer: inside.address(1))
        sourceInSelector(n, c.remoteNetworkCIDR)

        let d = dir("a\(number)")
        let vici = "\(d)/run/charon.vici"
        let awsName = "aws-\(c.name)-tunnel\(tn.index)"
        files.append(LabFile(path: "\(d)/run/strongswan.conf", contents: CharonConfig.strongswanConf(aws: true, retransmits: CharonRetransmits(dpdTimeout: tn.options.dpdTimeout)), mode: 0o644))
        files.append(LabFile(path: "\(d)/swanctl.conf", contents: AWSTunnelConfig.swanctl(name: awsName, connection: c, tunnel: tn, local: outside, remote: cgwIP, psk: psk), mode: 0o600))
        charon(n, d)
        afterCharons.append(["ip", "-n", n, "route", "add", "default", "dev", "ipsec0", "table", "100"])
        afterCharons.append(["swanctl", "--load-all", "--file", "\(d)/swanctl.conf", "--uri", "unix://\(vici)"])
        watch(n, vici: vici, ike: awsName, peer: inside.address(1), d)

        tunnelNumbers["\(c.name)/\(tn.index)"] = number
        let dt = site.gateway?.tunnel(c.name, tn.index)
        tunnels.append(LabTunnel(connection: c.name, index: tn.index, customerNamespace: nil, awsNamespace: n, customerVici: nil, awsVici: vici,
                                 customerName: nil, awsName: awsName, customerOutside: cgwIP, awsOutside: outside,
                                 customerInside: dt?.insideCIDR?.address(2) ?? inside.address(2), awsInside: inside.address(1),
                                 bgp: c.routing == .bgp))
        conf.tunnels.append((tn.index, inside))
    }

    mutating func proxyARP(_ n: String, _ dev: String) {
        // proxy_delay 0: the kernel otherwise delays proxied ARP replies by up to 0.8 s.
        sysctl(n, "net.ipv4.conf.\(dev).proxy_arp=1", "net.ipv4.neigh.\(dev).proxy_delay=0")
    }

    /// A tunnel namespace behaves like a VTI: what arrives from the router goes into ipsec0
    /// (table 100, filled once charon made ipsec0), what charon decrypts goes to the router.
    /// charon's own table-220 routes are off (install_routes = no): with traffic selectors
    /// 0.0.0.0/0 they would send the decrypted traffic straight back into ipsec0.
    mutating func vtiForwarding(_ n: String, peer: IPv4Address) {
        proxyARP(n, "rt")
        ip(n, "rule", "add", "iif", "rt", "lookup", "100", "pref", "100")
        ip(n, "rule", "add", "iif", "ipsec0", "lookup", "101", "pref", "101")
        ip(n, "route", "add", "default", "via", "\(peer)", "dev", "rt", "onlink", "table", "101")
        // A VTI is one hop; two forwarding namespaces would be two more, and eBGP's TTL of 1
        // would never reach the peer. Each tunnel namespace gives back the hop it takes.
        for dev in ["rt", "ipsec0"] {
            setup.append(["ip", "netns", "exec", n, "iptables", "-t", "mangle", "-A", "PREROUTING", "-i", dev, "-j", "TTL", "--ttl-inc", "1"])
        }
    }

    /// kernel-libipsec installs a route per CHILD_SA even with install_routes = no, and fails
    /// the CHILD_SA (TS_UNACCEPTABLE) when no local address lies in a narrowed local traffic
    /// selector (S2). The tunnel namespace gets the selector's last usable address, which no
    /// modelled host uses.
    mutating func sourceInSelector(_ n: String, _ ts: IPv4Prefix) {
        guard ts != .any, ts.length < 31 else { return }
        ip(n, "addr", "add", "\(ts.last.advanced(by: -1))/32", "dev", "lo")
    }

    mutating func charon(_ n: String, _ d: String) {
        charons.append(LabProcess(name: "charon", namespace: n, argv: [
            "ip", "netns", "exec", n, "sh", "-c",
            // charon's pid file is fixed at /run/charon.pid: each charon gets its own /run.
            "mount --bind \(d)/run /run && STRONGSWAN_CONF=/run/strongswan.conf exec /usr/lib/ipsec/charon",
        ], log: "\(d)/charon.out"))
    }

    /// The VTI's link state follows its SA, as the production updown script sets the VTI up and
    /// down: the router then withdraws routes over a dead tunnel.
    mutating func watch(_ n: String, vici: String, ike: String, peer: IPv4Address, _ d: String) {
        // Setting `rt` down flushes the routes through it: the decrypted-traffic route comes back
        // with the link.
        watchers.append(LabProcess(name: "link-watch", namespace: n, argv: [
            "ip", "netns", "exec", n, "sh", "-c",
            "s=; while :; do if swanctl --list-sas --ike \(ike) --uri unix://\(vici) 2>/dev/null | grep -q INSTALLED; then n=up; else n=down; fi; "
                + "if [ \"$n\" != \"$s\" ]; then ip link set dev rt $n; if [ $n = up ]; then ip route replace default via \(peer) dev rt onlink table 101; fi; s=$n; fi; sleep 0.5; done",
        ], log: "\(d)/link-watch.out"))
    }

    mutating func startFRR(node: String, namespace: String, directory d: String, config: String) throws {
        files.append(LabFile(path: "\(d)/frr.conf", contents: config, mode: 0o644))
        frrDirectories.append(d)
        var daemons = ["zebra"]
        if config.contains("\nrouter bgp ") { daemons.append("bgpd") }
        if config.contains("\nip route ") { daemons.append("staticd") }
        if config.contains("\nrouter ospf") { daemons.append("ospfd") }
        for dm in daemons {
            routers.append(LabProcess(name: dm, namespace: namespace, argv: [
                "ip", "netns", "exec", namespace, "/usr/lib/frr/\(dm)", "-u", "frr", "-g", "frr",
                "-f", "\(d)/frr.conf", "-i", "\(d)/\(dm).pid", "-z", "\(d)/zserv.api", "--vty_socket", d, "-P", "0",
                "--log", "file:\(d)/\(dm).log",
            ], log: "\(d)/\(dm).out"))
        }
        frr.append(FRRInstance(node: node, namespace: namespace, vtyDirectory: d, bgp: daemons.contains("bgpd")))
    }

    // MARK: - customer side

    mutating func site(_ s: Site, number k: Int, inet: String, networks: [NamedNetwork]) throws {
        guard let g = s.gateway, let pub = g.publicIP?.ipv4 else { return }
        let router = addNode("site:\(s.name)", "s\(k)", .customerGateway)
        let plan = try GatewayPlan(site: s, in: topology, context: context)
        // The LAN: hosts and LAN routers as addresses of one namespace behind the device.
        let lanAddr = g.lanAddress ?? s.cidrs.first.map { $0.address(1) }
        var lanHosts = s.hosts.map(\.address) + s.routers.map(\.address)
        for net in networks where s.cidrs.contains(where: { $0.contains(net.representative) }) { lanHosts.append(net.representative) }
        lanHosts = lanHosts.uniqued().filter { $0 != lanAddr }
        if let la = lanAddr {
            endpoints.append(LabEndpoint(address: la, namespace: router))
            let len = s.cidrs.first { $0.contains(la) }?.length ?? 32
            if isJoined(s) {
                joinedLAN(s, router: router, lanAddress: la, length: len, number: k, networks: networks)
            } else if !lanHosts.isEmpty {
                let lan = addNode("lan:\(s.name)", "l\(k)", .lan)
                link(router, "lan", lan, "lan")
                ip(router, "addr", "add", "\(la)/\(len)", "dev", "lan")
                for c in s.cidrs where !c.contains(la) { ip(router, "route", "add", "\(c)", "dev", "lan") }
                for h in lanHosts {
                    ip(lan, "addr", "add", "\(h)/32", "dev", "lan")
                    endpoints.append(LabEndpoint(address: h, namespace: lan))
                }
                ip(lan, "route", "add", "\(la)/32", "dev", "lan")
                ip(lan, "route", "add", "default", "via", "\(la)", "dev", "lan")
            } else {
                ip(router, "addr", "add", "\(la)/32", "dev", "lo")
            }
        }
        // One namespace per enabled tunnel, linked to the router by an interface named as the
        // device's VTI (the rendered FRR refers to it).
        for t in plan.tunnels {
            guard let idx = tunnels.firstIndex(where: { $0.connection == t.connection && $0.index == t.index }) else { continue }
            let number = tunnelNumbers[t.key] ?? idx + 1
            let n = addNode("cgw-tunnel:\(t.key)", "c\(number)", .customerTunnel)
            link(inet, "c\(number)", n, "out")
            ip(n, "addr", "add", "\(pub)/32", "dev", "out")
            ip(n, "route", "add", "default", "dev", "out")
            proxyARP(inet, "c\(number)")
            // Every tunnel of a device shares its public address: the internet namespace sends
            // each AWS endpoint's traffic to the right tunnel namespace by source.
            let table = "\(1000 + number)"
            ip(inet, "rule", "add", "from", "\(tunnels[idx].awsOutside)", "lookup", table, "pref", table)
            ip(inet, "route", "add", "\(pub)/32", "dev", "c\(number)", "table", table)
            guard let inside = t.insideCIDR else {
                throw LabPlanError(LabRules.tunnelIncomplete, "tunnel \(t.key) has no inside CIDR", at: topology.locate(t.device.path))
            }
            link(n, "rt", router, t.device.interface)
            ip(router, "addr", "add", "\(inside.address(2))/\(inside.length)", "dev", t.device.interface)
            vtiForwarding(n, peer: inside.address(2))
            sourceInSelector(n, t.localTrafficSelector)
            let d = dir("c\(number)")
            let vici = "\(d)/run/charon.vici"
            let conf = try StrongSwanSwanctl.labConnection(topology, site: s.name, connection: t.connection, tunnel: t.index, context: context)
            files.append(LabFile(path: "\(d)/run/strongswan.conf", contents: CharonConfig.strongswanConf(aws: false, retransmits: g.ipsec == .libreswan ? CharonRetransmits(dpdTimeout: t.timers.dpdTimeout, dpdDelay: t.timers.dpdDelay) : CharonRetransmits(plan.tunnels)), mode: 0o644))
            files.append(LabFile(path: "\(d)/swanctl.conf", contents: conf, mode: 0o600))
            charon(n, d)
            afterCharons.append(["ip", "-n", n, "route", "add", "default", "dev", "ipsec0", "table", "100"])
            afterCharons.append(["swanctl", "--load-all", "--file", "\(d)/swanctl.conf", "--uri", "unix://\(vici)"])
            watch(n, vici: vici, ike: t.name, peer: inside.address(2), d)
            tunnels[idx].customerNamespace = n
            tunnels[idx].customerVici = vici
            tunnels[idx].customerName = t.name
            tunnels[idx].customerInside = inside.address(2)
        }
        let rendered = try FRR().render(site: s, in: topology, context: context)
        guard let conf = rendered.first(where: { $0.path.hasSuffix("/frr.conf") }) else {
            throw LabPlanError(LabRules.renderGap, "FRR rendered nothing for site \(s.name)", at: topology.locate(g.path))
        }
        try startFRR(node: "site:\(s.name)", namespace: router, directory: dir("s\(k)") + "/frr", config: conf.contents)
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
