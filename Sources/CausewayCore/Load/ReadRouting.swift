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
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "VPC peering `\(name)`") else { return nil }
        defer { m.finish(what: "VPC peering `\(name)` (id, vpc, peer_vpc, peer_region)") }
        guard let (vpc, peer) = peeringEnds(m, "vpc", "peer_vpc", what: "VPC peering `\(name)`") else { return nil }
        var pc = VPCPeering(name: name, path: p, vpc: vpc, peerVPC: peer)
        pc.id = m.string("id")
        pc.peerRegion = m.string("peer_region")
        return pc
    }

    func readTGWPeering(_ name: String, _ node: Node, _ p: String) -> TransitGatewayPeering? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "transit gateway peering `\(name)`") else { return nil }
        defer { m.finish(what: "transit gateway peering `\(name)` (id, transit_gateway, peer_transit_gateway)") }
        guard let (g, peer) = peeringEnds(m, "transit_gateway", "peer_transit_gateway", what: "transit gateway peering `\(name)`") else { return nil }
        var pc = TransitGatewayPeering(name: name, path: p, transitGateway: g, peerTransitGateway: peer)
        pc.id = m.string("id")
        return pc
    }

    /// A peering's two ends, both required (each reported when missing).
    func peeringEnds(_ m: MappingReader, _ key: String, _ peerKey: String, what: String) -> (String, String)? {
        let end = m.required(key, what: what, ctx.string), peer = m.required(peerKey, what: what, ctx.string)
        guard let end, let peer else { return nil }
        return (end, peer)
    }

    /// `{prefix_list: NAME, target: …}` in a VPC route table's `routes:`.
    func readPrefixListRoute(_ node: Node, _ p: String) -> PrefixListRoute? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "a prefix list route") else { return nil }
        defer { m.finish(what: "a prefix list route (prefix_list, target)") }
        if m.has("destination") {
            ctx.report(LoadRules.invalidValue, "a route has one destination: `destination: CIDR` or `prefix_list: NAME`, not both", at: node)
        }
        _ = m.take("destination")
        guard let pl = m.required("prefix_list", what: "a prefix list route", ctx.string),
              let target = readRouteTarget(m, what: "a prefix list route") else { return nil }
        return PrefixListRoute(path: p, prefixList: pl, target: target)
    }

    /// `{prefix_list: NAME, attachment: NAME}` or `{prefix_list: NAME, blackhole: true}` in a TGW
    /// route table's `routes:`.
    func readTGWPrefixListReference(_ node: Node, _ p: String) -> TransitGatewayPrefixListReference? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "a TGW prefix list reference") else { return nil }
        defer { m.finish(what: "a TGW prefix list reference (prefix_list, attachment or blackhole)") }
        if m.has("destination") {
            ctx.report(LoadRules.invalidValue, "a TGW route has one destination: `destination: CIDR` or `prefix_list: NAME`, not both", at: node)
        }
        _ = m.take("destination")
        guard let pl = m.required("prefix_list", what: "a TGW prefix list reference", ctx.string) else { return nil }
        let att = m.string("attachment")
        let bh = m.bool("blackhole") ?? false
        if att == nil && !bh {
            ctx.report(LoadRules.invalidValue, "a TGW prefix list reference needs `attachment: NAME` or `blackhole: true`", at: node)
            return nil
        }
        if att != nil && bh {
            ctx.report(LoadRules.invalidValue, "a TGW prefix list reference is either to an attachment or a blackhole, not both", at: node)
        }
        return TransitGatewayPrefixListReference(path: p, prefixList: pl, attachment: bh ? nil : att)
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
