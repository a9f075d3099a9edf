import Yams

/// Prefix lists, VPC peerings and transit gateway peerings, and the route forms that use them.
extension TopologyReader {
    func readPrefixList(_ name: String, _ node: Node, _ p: String) -> ManagedPrefixList? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "prefix list `\(name)`") else { return nil }
        defer { m.finish(what: "prefix list `\(name)` (id, max_entries, entries)") }
        guard let max = m.required("max_entries", what: "prefix list `\(name)`", { ctx.int($0, $1, in: 1...Int(Int32.max)) }) else { return nil }
        var l = ManagedPrefixList(name: name, path: p, maxEntries: max)
        l.id = m.string("id")
        if let n = m.take("entries") {
            l.entries = ctx.list(n, m.child("entries")) { en, ep in
                if en.scalar != nil { return ctx.prefix(en, ep).map { PrefixListEntry(path: ep, cidr: $0) } }
                guard let em = MappingReader(en, path: ep, ctx: ctx, what: "a prefix list entry") else { return nil }
                defer { em.finish(what: "a prefix list entry (cidr, description)") }
                guard let c = em.required("cidr", what: "a prefix list entry", ctx.prefix) else { return nil }
                return PrefixListEntry(path: ep, cidr: c, description: em.string("description"))
            }
        }
        return l
    }

    func readVPCPeering(_ name: String, _ node: Node, _ p: String) -> VPCPeering? {
        readPeering(node, p, what: "VPC peering `\(name)`", ends: ("vpc", "peer_vpc"), more: ["peer_region"]) { m, vpc, peer in
            var pc = VPCPeering(name: name, path: p, vpc: vpc, peerVPC: peer)
            pc.peerRegion = m.string("peer_region")
            return pc
        }
    }

    func readTGWPeering(_ name: String, _ node: Node, _ p: String) -> TransitGatewayPeering? {
        readPeering(node, p, what: "transit gateway peering `\(name)`", ends: ("transit_gateway", "peer_transit_gateway")) { _, g, peer in
            TransitGatewayPeering(name: name, path: p, transitGateway: g, peerTransitGateway: peer)
        }
    }

    /// A peering of either kind: its `id`, its two ends (both required, each reported when
    /// missing), and what `make` reads beyond them (`more` names those keys for the messages).
    func readPeering<P: Peering>(_ node: Node, _ p: String, what: String, ends: (String, String), more: [String] = [],
                                 _ make: (MappingReader, String, String) -> P) -> P? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: what) else { return nil }
        defer { m.finish(what: "\(what) (\((["id", ends.0, ends.1] + more).joined(separator: ", ")))") }
        let end = m.required(ends.0, what: what, ctx.string), peer = m.required(ends.1, what: what, ctx.string)
        guard let end, let peer else { return nil }
        var pc = make(m, end, peer)
        pc.id = m.string("id")
        return pc
    }

    /// The `prefix_list` a route names (required); a `destination` beside it is reported, as a
    /// route has one destination.
    func prefixList(_ m: MappingReader, _ node: Node, what: String, route: String) -> String? {
        if m.has("destination") {
            ctx.report(LoadRules.invalidValue, "\(route) has one destination: `destination: CIDR` or `prefix_list: NAME`, not both", at: node)
        }
        _ = m.take("destination")
        return m.required("prefix_list", what: what, ctx.string)
    }

    /// `{prefix_list: NAME, target: …}` in a VPC route table's `routes:`.
    func readPrefixListRoute(_ node: Node, _ p: String) -> PrefixListRoute? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "a prefix list route") else { return nil }
        defer { m.finish(what: "a prefix list route (prefix_list, target)") }
        guard let pl = prefixList(m, node, what: "a prefix list route", route: "a route"),
              let target = readRouteTarget(m, what: "a prefix list route") else { return nil }
        return PrefixListRoute(path: p, prefixList: pl, target: target)
    }

    /// `{prefix_list: NAME, attachment: NAME}` or `{prefix_list: NAME, blackhole: true}` in a TGW
    /// route table's `routes:`.
    func readTGWPrefixListReference(_ node: Node, _ p: String) -> TransitGatewayPrefixListReference? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "a TGW prefix list reference") else { return nil }
        defer { m.finish(what: "a TGW prefix list reference (prefix_list, attachment or blackhole)") }
        guard let pl = prefixList(m, node, what: "a TGW prefix list reference", route: "a TGW route") else { return nil }
        guard let attachment = readTGWAttachment(m, node, what: "a TGW prefix list reference") else { return nil }
        return TransitGatewayPrefixListReference(path: p, prefixList: pl, attachment: attachment)
    }

    /// Whether a `routes:` entry names a prefix list rather than a CIDR.
    func namesPrefixList(_ node: Node) -> Bool {
        node.mapping?.keys.contains { $0.scalar?.string == "prefix_list" } ?? false
    }

    /// Each transit gateway peering gives both of its transit gateways an attachment named after
    /// it. AWS propagates nothing from a peering attachment, so default propagation leaves it out
    /// (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html: routes over a peering are
    /// static routes).
    func addPeeringAttachments(_ t: inout Topology) {
        for pc in t.transitGatewayPeerings {
            for name in [pc.transitGateway, pc.peerTransitGateway] {
                guard let gi = t.transitGateways.firstIndex(where: { $0.name == name }),
                      t.transitGateways[gi].attachment(forPeering: pc.name) == nil else { continue }
                var a = TransitGatewayAttachment(name: pc.name, path: pc.path, resource: .peering(pc.name))
                a.implicit = true
                a.id = pc.id
                t.transitGateways[gi].attachments.append(a)
            }
        }
    }
}
