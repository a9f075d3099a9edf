/// Prefix-list routes, VPC peerings and transit gateway peering attachments in the one AWS
/// resource description.
extension AWSResourceBuilder {
    /// A VPC route to a prefix list, its target as the resolve stage resolved it.
    mutating func prefixListRoute(_ route: PrefixListRoute, in v: VPC, table rk: String, names: [String]) {
        let pk = K.prefixList(route.prefixList)
        guard let to = target(resolved.resolution(of: route), written: route.target, from: v) else { return }
        let r = AWSPrefixListRoute(vpc: K.vpc(v.name), table: rk, prefixList: pk, written: route.target, target: to.target,
                                   targetKey: to.key, unresolved: to.unresolved)
        add(K.prefixListRoute(rk, route.prefixList), names + ["pl:\(route.prefixList)"], route.path, parent: rk,
            after: [rk, pk, r.targetKey, to.via], .prefixListRoute(r))
    }

    mutating func vpcPeering(_ p: VPCPeering) {
        add(K.vpcPeering(p.name), [p.name], p.path, adopted: p.id, after: [K.vpc(p.vpc), K.vpc(p.peerVPC)],
            .vpcPeering(vpc: K.vpc(p.vpc), peerVPC: K.vpc(p.peerVPC), peerRegion: p.peerRegion))
    }

    /// The requester's side creates the peering attachment; the accepter's side accepts it.
    mutating func peeringAttachment(_ name: String, on g: TransitGateway, _ a: TransitGatewayAttachment) {
        guard let pc = t.transitGatewayPeering(name) else { return }
        let gk = K.transitGateway(g.name), ak = K.tgwAttachment(g.name, a.name)
        let requester = K.tgwAttachment(pc.transitGateway, a.name)
        if pc.transitGateway == g.name {
            let peer = t.transitGateway(pc.peerTransitGateway)
            let region = peer.map { t.region(of: $0) }
            add(ak, [g.name, a.name], a.path, parent: gk, adopted: a.id, after: [gk, K.transitGateway(pc.peerTransitGateway)],
                .tgwPeeringAttachment(transitGateway: gk, peerTransitGateway: K.transitGateway(pc.peerTransitGateway),
                                      peerRegion: region == t.region(of: g) ? nil : region))
        } else {
            add(ak, [g.name, a.name], a.path, parent: gk, adopted: a.id, after: [gk, requester],
                .tgwPeeringAccepter(attachment: requester, transitGateway: gk))
        }
    }
}
