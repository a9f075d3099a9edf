/// VPC peering connections and transit gateway peering attachments.
public struct PeeringChecks: FindingsCheck {
    /// The rules this check reports, in the catalog's order.
    public struct Rules: RuleCatalogue {
        public let vpcPeeringDuplicate = Rule("vpc-peering-duplicate", .error,
            "Two VPC peering connections between the same two VPCs.",
            reference: "Amazon VPC peering guide, VPC peering limitations: one peering connection between two VPCs at a time, \(AWSNumbers.VPCPeering.limitationsPage)")
        public let vpcPeeringTransitive = Rule("vpc-peering-transitive", .warning,
            "A VPC route to a peering connection for addresses outside the peer VPC: AWS accepts it, but a peering delivers only to the peer VPC (no transitive routing).",
            reference: "Amazon VPC peering guide, VPC peering limitations (no transitive peering, no edge-to-edge routing), \(AWSNumbers.VPCPeering.limitationsPage)")
        public let tgwPeeringPropagation = Rule("tgw-peering-propagation", .error,
            "A TGW route table that propagates a transit gateway peering attachment: AWS supports only static routes to a peering attachment.",
            reference: "Transit Gateway guide, Transit gateway peering attachments (route traffic with a static route to the peering attachment), \(AWSNumbers.TransitGatewayPeering.page)")
        public let tgwPeeringRouteMissing = Rule("tgw-peering-route-missing", .warning,
            "A transit gateway peering with no static route to its attachment on one side: no traffic is sent across.",
            reference: "Transit Gateway guide, Add a route for the peering attachment (both owners add a static route), \(AWSNumbers.TransitGatewayPeering.addRoutePage)")
    }
    public static let rule = Rules()

    public init() {}

    func find(_ t: Topology, _ f: inout Findings) {
        vpcPeerings(t, &f)
        tgwPeerings(t, &f)
    }

    func vpcPeerings(_ t: Topology, _ f: inout Findings) {
        let vpcNames = t.vpcs.map(\.name)
        var pairs: [String: String] = [:]
        for p in t.vpcPeerings {
            guard endsUsable(p.name, p.path, of: "VPC", "VPCs", known: vpcNames, another: "another VPC",
                             ("vpc", p.vpc), ("peer_vpc", p.peerVPC), &f) else { continue }
            let pair = [p.vpc, p.peerVPC].sorted().joined(separator: "|")
            if let first = pairs[pair] {
                f.add(Self.rule.vpcPeeringDuplicate, "VPC peerings `\(first)` and `\(p.name)` both join VPCs `\(p.vpc)` and `\(p.peerVPC)`; AWS allows one: remove `\(p.name)` and route over `pcx:\(first)`", at: p.path)
            } else {
                pairs[pair] = p.name
            }
            if let a = t.vpc(p.vpc), let b = t.vpc(p.peerVPC) {
                for x in a.cidrs { for y in b.cidrs where x.overlaps(y) {
                    f.add(AddressingChecks.rule.cidrOverlap, "VPC peering `\(p.name)`: VPC `\(a.name)` (\(x)) and VPC `\(b.name)` (\(y)) overlap; AWS refuses a peering between VPCs with overlapping CIDRs: renumber one of them", at: p.path, severity: .error)
                } }
            }
        }
        for vpc in t.vpcs {
            for rt in vpc.routeTables {
                for r in rt.routes {
                    guard case .vpcPeering(let n)? = t.resolve(r.target, in: vpc).target, let p = t.vpcPeering(n),
                          let peer = t.vpc(p.other(than: vpc.name)) else { continue }
                    if !peer.cidrs.contains(where: { $0.contains(r.destination) }) {
                        f.add(Self.rule.vpcPeeringTransitive, "route to \(r.destination) in `\(rt.name)` goes over peering `\(p.name)`, but VPC `\(peer.name)` (\(peer.cidrs.map(\.description).joined(separator: ", "))) does not hold it all; a peering delivers only to the peer VPC, never on to its gateways or peerings: narrow the destination to the peer VPC's CIDRs", at: "\(r.path).destination")
                    }
                }
            }
        }
    }

    func tgwPeerings(_ t: Topology, _ f: inout Findings) {
        let tgwNames = t.transitGateways.map(\.name)
        for p in t.transitGatewayPeerings {
            guard endsUsable(p.name, p.path, of: "transit gateway", "transit gateways", known: tgwNames, another: "another",
                             ("transit_gateway", p.transitGateway), ("peer_transit_gateway", p.peerTransitGateway), &f) else { continue }
            for name in [p.transitGateway, p.peerTransitGateway] {
                guard let g = t.transitGateway(name), let att = g.attachment(forPeering: p.name) else { continue }
                let routed = g.routeTables.contains { rt in
                    rt.routes.contains { $0.attachment == att.name } || rt.prefixListReferences.contains { $0.attachment == att.name }
                }
                if !routed {
                    let other = p.other(than: name)
                    f.add(Self.rule.tgwPeeringRouteMissing, "transit gateway `\(name)` has no static route to peering attachment `\(att.name)`, so nothing crosses to `\(other)`: add routes for `\(other)`'s networks with `attachment: \(att.name)` to the tables of the attachments that should reach them", at: p.path)
                }
            }
        }
        for g in t.transitGateways {
            for rt in g.routeTables {
                for (i, a) in rt.propagations.enumerated() where g.attachment(a)?.isPeering == true {
                    f.add(Self.rule.tgwPeeringPropagation, "TGW route table `\(rt.name)` propagates peering attachment `\(a)`; AWS does not propagate routes over a transit gateway peering: remove it from `propagations:` and add static routes with `attachment: \(a)`", at: "\(rt.path).propagations.\(i)")
                }
            }
        }
    }

    /// A peering's two ends (VPCs or transit gateways) must be defined and differ: reports an end
    /// that names nothing, or a peering of one with itself; true when both ends are usable.
    func endsUsable(_ peering: String, _ path: String, of noun: String, _ plural: String, known: [String], another: String,
                    _ end: (key: String, name: String), _ peer: (key: String, name: String), _ f: inout Findings) -> Bool {
        var usable = true
        for (key, n) in [end, peer] where !known.contains(n) {
            usable = false
            f.add(LoadRules.danglingReference, "\(noun) peering `\(peering)` names \(noun) `\(n)`, which is not defined (\(plural): \(known.listed))\(hint(n, known))", at: "\(path).\(key)")
        }
        guard usable else { return false }
        if end.name == peer.name {
            f.add(LoadRules.invalidValue, "\(noun) peering `\(peering)` joins \(noun) `\(end.name)` with itself; name \(another) as `\(peer.key)`", at: "\(path).\(peer.key)")
            return false
        }
        return true
    }
}
