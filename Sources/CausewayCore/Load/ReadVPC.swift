import Yams

extension TopologyReader {
    func readVPC(_ name: String, _ node: Node, _ p: String) -> VPC? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "VPC `\(name)`") else { return nil }
        var v = VPC(name: name, path: p, cidrs: readCIDRs(m, node, anyOf: ["cidr", "cidrs"], missing: "VPC `\(name)` needs `cidr`"))
        v.id = m.string("id")
        v.internetGateway = m.bool("internet_gateway") ?? false
        if let t = m.stringMap("tags") { v.tags = t }
        v.subnets = ctx.named(m.take("subnets"), m.child("subnets"), what: "subnet") { readSubnet($0, $1, $2) }
        v.routeTables = ctx.named(m.take("route_tables"), m.child("route_tables"), what: "route table") { readRouteTable($0, $1, $2) }
        v.securityGroups = ctx.named(m.take("security_groups"), m.child("security_groups"), what: "security group") { readSecurityGroup($0, $1, $2) }
        v.instances = ctx.named(m.take("instances"), m.child("instances"), what: "instance") { readInstance($0, $1, $2) }
        v.natGateways = ctx.named(m.take("nat_gateways"), m.child("nat_gateways"), what: "NAT gateway") { n, node, np in
            guard let nm = MappingReader(node, path: np, ctx: ctx, what: "NAT gateway `\(n)`") else { return nil }
            defer { nm.finish(what: "NAT gateway `\(n)`") }
            return nm.required("subnet", what: "NAT gateway `\(n)`", ctx.string)
                .map { NATGateway(name: n, path: np, subnet: $0) }
        }
        m.finish(what: "VPC `\(name)`")
        return v
    }

    /// A VPC's or site's address space, under whichever of `keys` is written (the first found);
    /// reported with `missing` and empty when none is.
    func readCIDRs(_ m: MappingReader, _ node: Node, anyOf keys: [String], missing: String) -> [IPv4Prefix] {
        guard let (k, n) = m.take(anyOf: keys) else {
            ctx.report(LoadRules.invalidValue, missing, at: node)
            return []
        }
        return ctx.list(n, m.child(k)) { ctx.prefix($0, $1) }
    }

    func readSubnet(_ name: String, _ node: Node, _ p: String) -> Subnet? {
        if node.scalar != nil { return ctx.prefix(node, p).map { Subnet(name: name, path: p, cidr: $0) } }
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "subnet `\(name)`") else { return nil }
        defer { m.finish(what: "subnet `\(name)`") }
        guard let c = m.required("cidr", what: "subnet `\(name)`", ctx.prefix) else { return nil }
        var s = Subnet(name: name, path: p, cidr: c)
        s.id = m.string("id")
        s.availabilityZone = m.string("az")
        if let t = m.stringMap("tags") { s.tags = t }
        return s
    }

    func readRouteTable(_ name: String, _ node: Node, _ p: String) -> RouteTable? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "route table `\(name)`") else { return nil }
        var rt = RouteTable(name: name, path: p)
        rt.id = m.string("id")
        rt.main = m.bool("main") ?? false
        rt.subnets = m.strings("subnets") ?? []
        rt.propagations = m.strings("propagations") ?? []
        if let n = m.take("routes") {
            var viaLists: [PrefixListRoute] = []
            rt.routes = ctx.list(n, m.child("routes")) { node, path in
                guard namesPrefixList(node) else { return readRoute(node, path) }
                if let r = readPrefixListRoute(node, path) { viaLists.append(r) }
                return nil
            }
            rt.prefixListRoutes = viaLists
        }
        m.finish(what: "route table `\(name)`")
        return rt
    }

    func readRoute(_ node: Node, _ p: String) -> Route? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "a route") else { return nil }
        defer { m.finish(what: "a route (destination, target)") }
        guard let dst = m.required("destination", what: "a route", ctx.prefix),
              let target = readRouteTarget(m, what: "a route") else { return nil }
        return Route(path: p, destination: dst, target: target)
    }

    /// A VPC route's `target:` (a destination CIDR's or a prefix list's); a kind AWS does not
    /// have is `route-target-unknown` at it.
    func readRouteTarget(_ m: MappingReader, what: String) -> RouteTarget? {
        guard let tn = m.required("target", what: what), let text = ctx.string(tn, m.child("target")) else { return nil }
        guard let target = parseRouteTarget(text) else {
            ctx.report(LoadRules.routeTargetUnknown,
                       "`\(text)` is not a route target; write local, igw, vgw[:NAME], tgw[:NAME], nat:NAME, instance:NAME or pcx:VPC", at: tn)
            return nil
        }
        return target
    }

    /// `kind` or `kind:name`; an empty name means "the only one" and is resolved by the checker.
    func parseRouteTarget(_ text: String) -> RouteTarget? {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let kind = parts.first?.lowercased() ?? ""
        let name = parts.count > 1 ? parts[1] : ""
        switch kind {
        case "local" where name.isEmpty: return .local
        case "igw", "internet_gateway", "internet-gateway": return .internetGateway
        case "nat", "nat_gateway": return .natGateway(name)
        case "vgw", "vpn_gateway": return .vpnGateway(name)
        case "tgw", "transit_gateway": return .transitGateway(name)
        case "instance", "eni": return name.isEmpty ? nil : .instance(name)
        case "pcx", "peering": return name.isEmpty ? nil : .vpcPeering(name)
        default: return nil
        }
    }

    func readSecurityGroup(_ name: String, _ node: Node, _ p: String) -> SecurityGroup? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "security group `\(name)`") else { return nil }
        var sg = SecurityGroup(name: name, path: p)
        if let n = m.take("ingress") { sg.ingress = ctx.list(n, m.child("ingress")) { readSGRule($0, $1, peerKey: "source") } }
        if let n = m.take("egress") { sg.egress = ctx.list(n, m.child("egress")) { readSGRule($0, $1, peerKey: "destination") } }
        m.finish(what: "security group `\(name)`")
        return sg
    }

    func readSGRule(_ node: Node, _ p: String, peerKey: String) -> SecurityGroupRule? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "a security group rule") else { return nil }
        defer { m.finish(what: "a security group rule (protocol, ports, \(peerKey))") }
        let proto = m.choice("protocol", IPProtocol.self) ?? .all
        var ports: ClosedRange<Int>?
        if let pn = m.take("ports") {
            let s = pn.scalar?.string ?? ""
            let bits = s.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            if bits.count == 1, let a = bits[0], (0...65535).contains(a) { ports = a...a }
            else if bits.count == 2, let a = bits[0], let b = bits[1], 0 <= a, a <= b, b <= 65535 { ports = a...b }
            else { ctx.report(LoadRules.invalidValue, "ports must be a port (443) or a range (1024-65535), found \(pn.describe)", at: pn) }
            if proto != .tcp && proto != .udp {
                ctx.report(LoadRules.invalidValue, "ports apply to tcp and udp only", at: pn)
            }
        }
        guard let peerNode = m.required(peerKey, what: "a security group rule"), let text = ctx.string(peerNode, m.child(peerKey)) else { return nil }
        let peer: SecurityGroupPeer
        if text.hasPrefix("sg:") { peer = .securityGroup(String(text.dropFirst(3))) }
        else if let pr = ctx.prefix(peerNode, m.child(peerKey)) { peer = .cidr(pr) }
        else { return nil }
        return SecurityGroupRule(path: p, protocol: proto, ports: ports, peer: peer)
    }

    func readInstance(_ name: String, _ node: Node, _ p: String) -> Instance? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "instance `\(name)`") else { return nil }
        defer { m.finish(what: "instance `\(name)`") }
        let subnet = m.required("subnet", what: "instance `\(name)`", ctx.string)
        let addr = m.required("address", what: "instance `\(name)`", ctx.address)
        let sgs = m.strings("security_groups") ?? []
        let sdc = m.bool("source_dest_check")
        guard let subnet, let addr else { return nil }
        var i = Instance(name: name, path: p, subnet: subnet, address: addr)
        i.securityGroups = sgs
        if let sdc { i.sourceDestCheck = sdc }
        return i
    }
}
