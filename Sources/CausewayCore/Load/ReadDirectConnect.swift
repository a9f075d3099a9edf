import Yams

extension TopologyReader {
    func readDXGateway(_ name: String, _ node: Node, _ p: String) -> DirectConnectGateway? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "Direct Connect gateway `\(name)`") else { return nil }
        var g = DirectConnectGateway(name: name, path: p)
        g.id = m.string("id")
        if let a = m.asn("amazon_side_asn") { g.amazonSideASN = a }
        if let n = m.take("associations") {
            g.associations = ctx.list(n, m.child("associations")) { an, ap in
                guard let am = MappingReader(an, path: ap, ctx: ctx, what: "a Direct Connect gateway association") else { return nil }
                defer { am.finish(what: "a Direct Connect gateway association (vpn_gateway or transit_gateway, allowed_prefixes)") }
                let target: VPNGatewayTarget
                if let v = am.string("vpn_gateway") { target = .vpnGateway(v) }
                else if let v = am.string("transit_gateway") { target = .transitGateway(v) }
                else {
                    ctx.report(LoadRules.invalidValue, "a Direct Connect gateway association needs `vpn_gateway: NAME` or `transit_gateway: NAME`", at: an)
                    return nil
                }
                var a = DirectConnectGatewayAssociation(path: ap, gateway: target)
                a.allowedPrefixes = am.prefixes("allowed_prefixes") ?? []
                return a
            }
        }
        m.finish(what: "Direct Connect gateway `\(name)` (id, amazon_side_asn, associations)")
        return g
    }

    func readVirtualInterface(_ name: String, _ node: Node, _ p: String) -> VirtualInterface? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "virtual interface `\(name)`") else { return nil }
        defer { m.finish(what: "virtual interface `\(name)` (id, type, dx_gateway, site, bgp_asn, vlan, amazon_address, customer_address, advertise)") }
        let type = m.required("type", what: "virtual interface `\(name)`") { ctx.choice($0, $1, VirtualInterfaceType.self) }
        let dxgw = m.required("dx_gateway", what: "virtual interface `\(name)`", ctx.string)
        let site = m.required("site", what: "virtual interface `\(name)`", ctx.string)
        let vlan = m.required("vlan", what: "virtual interface `\(name)`") { ctx.int($0, $1, in: AWSNumbers.DirectConnect.vlan) }
        guard let type, let dxgw, let site, let vlan else { return nil }
        var v = VirtualInterface(name: name, path: p, type: type, dxGateway: dxgw, site: site, vlan: vlan)
        v.id = m.string("id")
        v.bgpASN = m.asn("bgp_asn")
        v.amazonAddress = m.take("amazon_address").flatMap { interfaceAddress($0, m.child("amazon_address")) }
        v.customerAddress = m.take("customer_address").flatMap { interfaceAddress($0, m.child("customer_address")) }
        if (v.amazonAddress == nil) != (v.customerAddress == nil) {
            ctx.report(LoadRules.invalidValue, "virtual interface `\(name)` needs both `amazon_address` and `customer_address`, or neither (AWS then assigns both)", at: node)
        }
        if let a = v.amazonAddress, let c = v.customerAddress, a.network != c.network || a.address == c.address || a.length != c.length {
            ctx.report(LoadRules.invalidValue, "virtual interface `\(name)`: `amazon_address` \(a) and `customer_address` \(c) must be two different addresses of one /30 or /31", at: node)
        }
        v.advertise = m.prefixes("advertise") ?? []
        return v
    }

    /// `169.254.100.1/30`: a BGP peer address with its prefix, /30 or /31 as AWS allows for a
    /// virtual interface's peer IPs (Direct Connect user guide, "Virtual interfaces": IPv4
    /// addresses).
    func interfaceAddress(_ node: Node, _ path: String) -> IPv4Interface? {
        ctx.record(path, node)
        let text = node.scalar?.string ?? ""
        let parts = text.split(separator: "/")
        guard parts.count == 2, let a = IPv4Address(String(parts[0])), let len = Int(parts[1]) else {
            ctx.report(LoadRules.invalidValue, "expected a peer address with its prefix like 169.254.100.1/30, found \(node.describe)", at: node)
            return nil
        }
        guard len == 30 || len == 31 else {
            ctx.report(LoadRules.invalidValue, "`\(text)`: a virtual interface's BGP peer addresses are a /30 or a /31", at: node)
            return nil
        }
        let i = IPv4Interface(a, len)
        if len == 30, a == i.network.first || a == i.network.last {
            ctx.report(LoadRules.invalidValue, "`\(text)` is the network or broadcast address of its /30; use .1 or .2 of the /30", at: node)
            return nil
        }
        return i
    }
}
