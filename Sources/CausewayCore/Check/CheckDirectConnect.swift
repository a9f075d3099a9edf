/// Direct Connect gateways, their associations and the virtual interfaces to them.
public struct DirectConnectChecks: FindingsCheck {
    static let guide = "https://docs.aws.amazon.com/directconnect/latest/UserGuide"

    /// The rules this check reports, in the catalog's order.
    public struct Rules: RuleCatalogue {
        public let asnRange = Rule("dx-asn-range", .error,
            "A Direct Connect gateway whose Amazon side ASN is not a private ASN AWS accepts (\(AWSNumbers.ASNs.amazonPrivate)).",
            reference: "Direct Connect user guide, Create a Direct Connect gateway: Amazon side ASN (\(AWSNumbers.DirectConnect.amazonSideASNPage))")
        public let asnSameAsCustomer = Rule("dx-asn-same-as-customer", .error,
            "A virtual interface whose on-premises BGP ASN equals its Direct Connect gateway's Amazon side ASN; eBGP needs two different ASNs.",
            reference: "Direct Connect user guide, Virtual interfaces: BGP ASN of the on-premises peer (\(guide)/WorkingWithVirtualInterfaces.html); RFC 4271 eBGP")
        public let allowedPrefixLimit = Rule("dx-allowed-prefix-limit", .error,
            "A transit gateway association with more allowed prefixes than AWS's quota (\(AWSNumbers.DirectConnect.allowedPrefixesPerTGWAssociation)); summarise them.",
            reference: "Direct Connect user guide, Direct Connect quotas: prefixes per transit gateway from AWS to on-premises on a transit virtual interface (\(AWSNumbers.DirectConnect.quotasPage))")
        public let associationMixed = Rule("dx-association-mixed", .error,
            "A Direct Connect gateway associated with both virtual private gateways and transit gateways; AWS refuses the second kind.",
            reference: "Direct Connect user guide, Transit gateway associations (\(guide)/direct-connect-transit-gateways.html) and Virtual private gateway associations (\(guide)/virtualgateways.html)")
        public let vifTypeMismatch = Rule("dx-vif-type-mismatch", .error,
            "A private virtual interface to a Direct Connect gateway associated with transit gateways, or a transit virtual interface to one associated with virtual private gateways.",
            reference: "Direct Connect user guide, Transit gateway associations (\(guide)/direct-connect-transit-gateways.html): a gateway attached to a private virtual interface cannot be associated with a transit gateway")
        public let allowedPrefixOverlap = Rule("dx-allowed-prefix-overlap", .error,
            "Two associations of one Direct Connect gateway whose allowed prefixes (or, for virtual private gateways, VPC CIDRs) overlap.",
            reference: "Direct Connect user guide, Virtual private gateway associations (\(guide)/virtualgateways.html): the VPCs behind one Direct Connect gateway cannot have overlapping CIDR blocks; Allowed prefixes interactions (\(guide)/allowed-to-prefixes.html)")
        public let prefixLimit = Rule("dx-prefix-limit", .warning,
            "A site advertising more than \(AWSNumbers.DirectConnect.routesFromCustomerPerVIF) prefixes over a private or transit virtual interface: the BGP session goes idle.",
            reference: "Direct Connect user guide, Direct Connect quotas: routes per BGP session on a private or transit virtual interface from on-premises to AWS (\(AWSNumbers.DirectConnect.quotasPage))")
    }
    public static let rule = Rules()

    public init() {}

    func find(_ t: Topology, _ f: inout Findings) {
        for g in t.dxGateways {
            if !ASNChecks.isAmazonSideValid(g.amazonSideASN) {
                f.add(Self.rule.asnRange, "Direct Connect gateway `\(g.name)` Amazon side ASN \(g.amazonSideASN) is not one AWS accepts; use a private ASN in \(AWSNumbers.ASNs.amazonPrivate) (default \(AWSNumbers.ASNs.amazonDefault))", at: f.written("\(g.path).amazon_side_asn", g.path))
            }
            checkAssociations(g, t, &f)
        }
        for v in t.virtualInterfaces { checkInterface(v, t, &f) }
    }

    func checkAssociations(_ g: DirectConnectGateway, _ t: Topology, _ f: inout Findings) {
        var seenVGW = false, seenTGW = false
        var claimed: [(prefix: IPv4Prefix, gateway: VPNGatewayTarget)] = []
        for (i, a) in g.associations.enumerated() {
            let at = f.written("\(a.path).vpn_gateway", "\(a.path).transit_gateway", a.path)
            var prefixes = a.allowedPrefixes
            switch a.gateway {
            case .vpnGateway(let n):
                guard let vgw = t.vpnGateway(n) else {
                    f.add(LoadRules.danglingReference, "association \(i + 1) of Direct Connect gateway `\(g.name)` names virtual private gateway `\(n)`, which is not defined (defined: \(t.vpnGateways.map(\.name).listed))", at: at)
                    continue
                }
                if seenTGW { f.add(Self.rule.associationMixed, "Direct Connect gateway `\(g.name)` is associated with a transit gateway, so AWS refuses this association with virtual private gateway `\(n)`; use a second Direct Connect gateway for it", at: at) }
                seenVGW = true
                if prefixes.isEmpty { prefixes = t.attachedVPC(of: vgw)?.cidrs ?? [] }
            case .transitGateway(let n):
                guard t.transitGateway(n) != nil else {
                    f.add(LoadRules.danglingReference, "association \(i + 1) of Direct Connect gateway `\(g.name)` names transit gateway `\(n)`, which is not defined (defined: \(t.transitGateways.map(\.name).listed))", at: at)
                    continue
                }
                if seenVGW { f.add(Self.rule.associationMixed, "Direct Connect gateway `\(g.name)` is associated with a virtual private gateway, so AWS refuses this association with transit gateway `\(n)`; use a second Direct Connect gateway for it", at: at) }
                seenTGW = true
                if a.allowedPrefixes.isEmpty {
                    f.add(LoadRules.invalidValue, "the association of Direct Connect gateway `\(g.name)` with transit gateway `\(n)` needs `allowed_prefixes:` (what AWS advertises to on-premises; AWS requires them for a transit gateway association)", at: at)
                }
                let limit = AWSNumbers.DirectConnect.allowedPrefixesPerTGWAssociation
                if a.allowedPrefixes.count > limit {
                    f.add(Self.rule.allowedPrefixLimit, "the association of Direct Connect gateway `\(g.name)` with transit gateway `\(n)` lists \(a.allowedPrefixes.count) allowed prefixes; AWS allows \(limit): summarise them into fewer, wider prefixes", at: f.written("\(a.path).allowed_prefixes", a.path))
                }
            }
            for (j, p) in prefixes.enumerated() {
                if let other = claimed.first(where: { $0.prefix.overlaps(p) && $0.gateway != a.gateway }) {
                    let spot = a.allowedPrefixes.isEmpty ? at : "\(a.path).allowed_prefixes.\(j)"
                    f.add(Self.rule.allowedPrefixOverlap, "Direct Connect gateway `\(g.name)`: \(p) of its association with \(a.gateway) overlaps \(other.prefix) of its association with \(other.gateway); the prefixes behind one Direct Connect gateway must not overlap: narrow one, or use a second Direct Connect gateway", at: spot)
                }
            }
            claimed += prefixes.map { ($0, a.gateway) }
        }
    }

    func checkInterface(_ v: VirtualInterface, _ t: Topology, _ f: inout Findings) {
        guard let site = t.site(v.site) else {
            f.add(LoadRules.danglingReference, "virtual interface `\(v.name)` names site `\(v.site)`, which is not defined (sites: \(t.sites.map(\.name).listed))", at: f.written("\(v.path).site", v.path))
            return
        }
        guard let g = t.dxGateway(v.dxGateway) else {
            f.add(LoadRules.danglingReference, "virtual interface `\(v.name)` names Direct Connect gateway `\(v.dxGateway)`, which is not defined (defined: \(t.dxGateways.map(\.name).listed)); add it under `dx_gateways:`", at: f.written("\(v.path).dx_gateway", v.path))
            return
        }
        if v.type == .private && g.hasTransitGatewayAssociation {
            f.add(Self.rule.vifTypeMismatch, "private virtual interface `\(v.name)` attaches to Direct Connect gateway `\(g.name)`, which is associated with a transit gateway; use `type: transit` (or a Direct Connect gateway associated with virtual private gateways)", at: f.written("\(v.path).type", v.path))
        } else if v.type == .transit && g.hasVPNGatewayAssociation {
            f.add(Self.rule.vifTypeMismatch, "transit virtual interface `\(v.name)` attaches to Direct Connect gateway `\(g.name)`, which is associated with a virtual private gateway; use `type: private` (or a Direct Connect gateway associated with transit gateways)", at: f.written("\(v.path).type", v.path))
        }
        guard let asn = t.customerASN(of: v) else {
            f.add(LoadRules.invalidValue, "virtual interface `\(v.name)` needs `bgp_asn:` (the on-premises router's ASN): site `\(site.name)` has no gateway device with an `asn` to take it from", at: v.path)
            return
        }
        if asn == g.amazonSideASN {
            f.add(Self.rule.asnSameAsCustomer, "virtual interface `\(v.name)` peers BGP as ASN \(asn), the same as Direct Connect gateway `\(g.name)`'s Amazon side ASN; they must differ: change `bgp_asn` (or the site's ASN) or the gateway's `amazon_side_asn`", at: f.written("\(v.path).bgp_asn", "\(site.gateway?.path ?? v.path).asn", v.path))
        }
        let advertised = t.advertised(over: v)
        let limit = AWSNumbers.DirectConnect.routesFromCustomerPerVIF
        if advertised.count > limit {
            f.add(Self.rule.prefixLimit, "site `\(site.name)` advertises \(advertised.count) prefixes over virtual interface `\(v.name)`; above \(limit) AWS puts the BGP session into idle and no route crosses it: summarise them", at: f.written("\(v.path).advertise", v.path))
        }
    }
}
