import Yams

extension TopologyReader {
    func readVGW(_ name: String, _ node: Node, _ p: String) -> VirtualPrivateGateway? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "virtual private gateway `\(name)`") else { return nil }
        var g = VirtualPrivateGateway(name: name, path: p)
        g.id = m.string("id")
        if let a = m.asn("asn") { g.asn = a }
        g.attachedTo = m.string("vpc")
        m.finish(what: "virtual private gateway `\(name)` (id, asn, vpc)")
        return g
    }

    func readCGW(_ name: String, _ node: Node, _ p: String) -> CustomerGateway? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "customer gateway `\(name)`") else { return nil }
        var c = CustomerGateway(name: name, path: p, asn: m.asn("asn") ?? ASN(65000))
        c.id = m.string("id")
        c.site = m.string("site")
        c.ipAddress = m.outerAddress("ip")
        c.deviceName = m.string("device_name")
        if c.site == nil && c.ipAddress == nil {
            ctx.report(LoadRules.invalidValue, "customer gateway `\(name)` needs `ip` (its public address) or `site` (whose gateway device it is)", at: node)
        }
        m.finish(what: "customer gateway `\(name)` (id, site, ip, asn, device_name)")
        return c
    }

    func readTGW(_ name: String, _ node: Node, _ p: String) -> TransitGateway? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "transit gateway `\(name)`") else { return nil }
        var g = TransitGateway(name: name, path: p)
        g.id = m.string("id")
        if let a = m.asn("asn") { g.asn = a }
        g.region = m.string("region")
        if let v = m.bool("default_route_table_association") { g.defaultRouteTableAssociation = v }
        if let v = m.bool("default_route_table_propagation") { g.defaultRouteTablePropagation = v }
        if let v = m.bool("vpn_ecmp") { g.vpnECMP = v }
        g.attachments = ctx.named(m.take("attachments"), m.child("attachments"), what: "attachment") { an, anode, ap in
            guard let am = MappingReader(anode, path: ap, ctx: ctx, what: "attachment `\(an)`") else { return nil }
            defer { am.finish(what: "attachment `\(an)` (vpc + subnets, vpn, or dx_gateway)") }
            var a: TransitGatewayAttachment?
            if let v = am.string("vpc") {
                a = TransitGatewayAttachment(name: an, path: ap, resource: .vpc(v, subnets: am.strings("subnets") ?? []))
            } else if let v = am.string("vpn") {
                a = TransitGatewayAttachment(name: an, path: ap, resource: .vpn(v))
            } else if let v = am.string("dx_gateway") {
                a = TransitGatewayAttachment(name: an, path: ap, resource: .directConnectGateway(v))
            } else {
                ctx.report(LoadRules.invalidValue, "attachment `\(an)` needs `vpc:` (with `subnets:`), `vpn:` or `dx_gateway:`", at: anode)
            }
            a?.id = am.string("id")
            return a
        }
        g.routeTables = ctx.named(m.take("route_tables"), m.child("route_tables"), what: "route table") { rn, rnode, rp in
            guard let rm = MappingReader(rnode, path: rp, ctx: ctx, what: "TGW route table `\(rn)`") else { return nil }
            var rt = TransitGatewayRouteTable(name: rn, path: rp)
            rt.id = rm.string("id")
            rt.isDefault = rm.bool("default") ?? false
            rt.associations = rm.strings("associations") ?? []
            rt.propagations = rm.strings("propagations") ?? []
            if let n = rm.take("routes") {
                var references: [TransitGatewayPrefixListReference] = []
                rt.routes = ctx.list(n, rm.child("routes")) { node, path in
                    guard namesPrefixList(node) else { return readTGWRoute(node, path) }
                    if let r = readTGWPrefixListReference(node, path) { references.append(r) }
                    return nil
                }
                rt.prefixListReferences = references
            }
            rm.finish(what: "TGW route table `\(rn)` (id, default, associations, propagations, routes)")
            return rt
        }
        m.finish(what: "transit gateway `\(name)`")
        return g
    }

    func readTGWRoute(_ node: Node, _ p: String) -> TransitGatewayRoute? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "a TGW route") else { return nil }
        defer { m.finish(what: "a TGW route (destination, attachment or blackhole)") }
        guard let dst = m.required("destination", what: "a TGW route", ctx.prefix) else { return nil }
        guard let attachment = readTGWAttachment(m, node, what: "a TGW route") else { return nil }
        return TransitGatewayRoute(path: p, destination: dst, attachment: attachment)
    }

    /// `attachment: NAME` or `blackhole: true` of a TGW route or prefix list reference: the
    /// attachment's name, or nil for a blackhole; nothing (reported) when neither is written.
    func readTGWAttachment(_ m: MappingReader, _ node: Node, what: String) -> String?? {
        let att = m.string("attachment")
        let bh = m.bool("blackhole") ?? false
        if att == nil && !bh {
            ctx.report(LoadRules.invalidValue, "\(what) needs `attachment: NAME` or `blackhole: true`", at: node)
            return nil
        }
        if att != nil && bh {
            ctx.report(LoadRules.invalidValue, "\(what) is either to an attachment or a blackhole, not both", at: node)
        }
        return .some(bh ? nil : att)
    }
}
