import Yams

extension TopologyReader {
    func readSite(_ name: String, _ node: Node, _ p: String) -> Site? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "site `\(name)`") else { return nil }
        var site = Site(name: name, path: p, cidrs: readCIDRs(m, node, anyOf: ["cidrs", "cidr"], missing: "site `\(name)` needs `cidrs`: its on-premises address space"))
        site.network = m.string("network")
        if let g = m.take("gateway") { site.gateway = readDevice(g, m.child("gateway"), site: name) }
        site.routers = ctx.named(m.take("routers"), m.child("routers"), what: "router") { readRouter($0, $1, $2) }
        site.hosts = ctx.named(m.take("hosts"), m.child("hosts"), what: "host") { readHost($0, $1, $2) }
        site.dnsServers = ctx.named(m.take("dns_servers"), m.child("dns_servers"), what: "DNS server") { readDNSServer($0, $1, $2) }
        m.finish(what: "site `\(name)`")
        return site
    }

    func readDevice(_ node: Node, _ p: String, site: String) -> GatewayDevice? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "the gateway of site `\(site)`") else { return nil }
        var d = GatewayDevice(path: p)
        d.publicIP = m.outerAddress("public_ip")
        d.privateIP = m.address("private_ip")
        d.asn = m.asn("asn")
        if let v = m.choice("ipsec", IPsecImplementation.self) { d.ipsec = v }
        if let v = m.choice("routing", RoutingMode.self) { d.routing = v }
        if let v = m.choice("os", OSFamily.self) { d.os = v }
        if let n = m.take("os_version"), let v = ctx.string(n, m.child("os_version")) {
            if HostPlatform.isVersion(v, of: d.os) { d.osVersion = v }
            else { ctx.report(LoadRules.invalidValue, "`\(v)` is not a release of \(d.os.rawValue): use \(HostPlatform.versionHint(d.os))", at: n) }
        }
        if let v = m.string("uplink") { d.uplink = v }
        d.lanInterface = m.string("lan_interface")
        d.lanAddress = m.address("lan_address")
        if let v = m.choice("redundancy", TunnelRedundancy.self) { d.redundancy = v }
        if let n = m.take("ospf") { d.ospf = readOSPF(n, m.child("ospf")) }
        if let v = m.int("tunnel_mtu", in: 576...9001) { d.tunnelMTU = v }
        if let v = m.int("tcp_mss", in: 536...9001) { d.tcpMSS = v }
        d.sourceDestCheck = m.bool("source_dest_check")
        if let v = m.prefixes("advertise") { d.advertise = v }
        if let n = m.take("tunnels") {
            d.tunnels = ctx.list(n, m.child("tunnels")) { readDeviceTunnel($0, $1) }
        }
        m.finish(what: "the gateway of site `\(site)`")
        return d
    }

    func readOSPF(_ node: Node, _ p: String) -> OSPFSettings? {
        if let on = node.scalar.flatMap({ _ in ctx.bool(node, p) }) { return on ? OSPFSettings() : nil }
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "ospf") else { return nil }
        var o = OSPFSettings()
        if let a = m.string("area") { o.area = a }
        if let n = m.prefixes("networks") { o.networks = n }
        if let r = m.bool("redistribute_bgp") { o.redistributeBGP = r }
        m.finish(what: "ospf")
        return o
    }

    func readDeviceTunnel(_ node: Node, _ p: String) -> DeviceTunnel? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "a gateway tunnel") else { return nil }
        let conn = m.string("connection") ?? ""
        let index = m.int("tunnel", in: 1...2) ?? 0
        if !m.has("tunnel") { ctx.report(LoadRules.invalidValue, "a gateway tunnel needs `tunnel: 1` or `tunnel: 2`", at: node) }
        if !m.has("connection") { ctx.report(LoadRules.invalidValue, "a gateway tunnel needs `connection:` (the VPN connection's name)", at: node) }
        var t = DeviceTunnel(path: p, connection: conn, index: index,
                             mark: UInt32(m.int("mark", in: 1...Int(UInt32.max)) ?? 0),
                             interface: m.string("interface") ?? "",
                             metric: m.int("metric", in: 0...Int(UInt32.max)) ?? 0,
                             asPathPrepend: m.int("as_path_prepend", in: 0...10) ?? 0)
        t.disabled = m.bool("disabled") ?? false
        t.ikeVersion = m.choice("ike_version", IKEVersion.self)
        if let n = m.take("phase1") { t.phase1 = readProposal(n, m.child("phase1")).proposal }
        if let n = m.take("phase2") { t.phase2 = readProposal(n, m.child("phase2")).proposal }
        if let n = m.take("psk") { t.psk = readSecret(n, m.child("psk")) }
        t.insideCIDR = m.prefix("inside_cidr")
        t.peerASN = m.asn("peer_asn")
        t.med = m.int("med", in: 0...Int(UInt32.max)).map(UInt32.init)
        m.finish(what: "a gateway tunnel")
        return t
    }

    func readRouter(_ name: String, _ node: Node, _ p: String) -> LANRouter? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "router `\(name)`") else { return nil }
        guard let a = m.required("address", what: "router `\(name)`", ctx.address) else {
            m.finish(what: "router `\(name)`")
            return nil
        }
        var r = LANRouter(name: name, path: p, address: a)
        if let n = m.prefixes("networks") { r.networks = n }
        if let n = m.take("routes") {
            r.routes = ctx.list(n, m.child("routes")) { rn, rp in
                guard let rm = MappingReader(rn, path: rp, ctx: ctx, what: "a router route") else { return nil }
                defer { rm.finish(what: "a router route") }
                guard let dst = rm.required("destination", what: "a route", ctx.prefix),
                      let via = rm.required("via", what: "a route", ctx.address) else { return nil }
                return StaticRoute(destination: dst, via: via)
            }
        }
        r.ospf = m.bool("ospf") ?? false
        m.finish(what: "router `\(name)`")
        return r
    }

    func readHost(_ name: String, _ node: Node, _ p: String) -> Host? {
        if node.scalar != nil {
            return ctx.address(node, p).map { Host(name: name, path: p, address: $0) }
        }
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "host `\(name)`") else { return nil }
        defer { m.finish(what: "host `\(name)`") }
        guard let a = m.required("address", what: "host `\(name)`", ctx.address) else { return nil }
        var h = Host(name: name, path: p, address: a)
        h.gateway = m.address("gateway")
        return h
    }

    /// `psk: {env: NAME}`, `{file: PATH}`, a literal (warned), or absent (generated).
    func readSecret(_ node: Node, _ p: String) -> SecretReference {
        ctx.record(p, node)
        if let s = node.scalar {
            if s.string.isEmpty { return .generated }
            ctx.report(LoadRules.secretInFile, "pre-shared key written in the topology file; use `psk: {env: NAME}` or `psk: {file: PATH}` to keep it out of version control", at: node)
            return .literal(PreSharedKey(s.string))
        }
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "psk") else { return .generated }
        defer { m.finish(what: "psk (one of env, file)") }
        if let e = m.string("env") { return .env(e) }
        if let f = m.string("file") { return .file(f) }
        ctx.report(LoadRules.invalidValue, "psk must be `{env: NAME}`, `{file: PATH}` or the key itself", at: node)
        return .generated
    }
}
