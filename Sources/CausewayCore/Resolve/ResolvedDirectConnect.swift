/// One virtual interface with its effective values: both ASNs of its BGP session, what each
/// side advertises over it, and the gateways its Direct Connect gateway reaches.
public struct ResolvedVirtualInterface: Sendable {
    public let name: String
    public let type: VirtualInterfaceType
    public let dxGateway: String
    public let site: String
    /// The Direct Connect gateway's Amazon side ASN (AWS's default when the gateway gives none).
    public let amazonASN: ASN
    /// The on-premises ASN: `bgp_asn`, else the ASN the site's gateway device speaks.
    public let customerASN: ASN
    /// What the site advertises over the interface: `advertise`, else the site's CIDRs.
    public let customerPrefixes: [IPv4Prefix]
    /// What AWS advertises to the site over it. A private interface: the CIDRs of the VPCs of the
    /// associated virtual private gateways, each only when the association's allowed prefixes
    /// (if any) hold it as the same or a wider prefix. A transit interface: the allowed
    /// prefixes of the Direct Connect gateway's transit gateway associations, not the VPC CIDRs
    /// (Direct Connect user guide, "Allowed prefixes interactions").
    public let awsPrefixes: [IPv4Prefix]
    /// The gateways the interface's traffic reaches: VGWs (private) or TGWs (transit) its Direct
    /// Connect gateway is associated with.
    public let gateways: [VPNGatewayTarget]
    /// Per associated gateway, the prefixes AWS advertises for it over the interface.
    public let reach: [(gateway: VPNGatewayTarget, prefixes: [IPv4Prefix])]

    /// The BGP local preference the site's router gives routes learned over a virtual interface
    /// (its VPN sessions keep BGP's default, 100): the site prefers Direct Connect for a prefix
    /// both offer and falls back to the VPN when the interface's routes go. AWS leaves the
    /// on-premises choice to the customer's router (Direct Connect user guide, "Routing policies
    /// and BGP communities"); this is the usual design's setting, rendered into FRR.
    public static let localPreference = 200

    init(_ v: VirtualInterface, in t: Topology, sites: [String: ResolvedSite]) {
        name = v.name
        type = v.type
        dxGateway = v.dxGateway
        site = v.site
        let dx = t.dxGateway(v.dxGateway)
        amazonASN = dx?.amazonSideASN ?? .amazonDefault
        customerASN = v.bgpASN ?? sites[v.site]?.deviceASN ?? ResolvedSite.unconnectedASN
        customerPrefixes = t.advertised(over: v)
        var aws: [IPv4Prefix] = []
        var gws: [VPNGatewayTarget] = []
        var reach: [(gateway: VPNGatewayTarget, prefixes: [IPv4Prefix])] = []
        for a in dx?.associations ?? [] {
            switch (v.type, a.gateway) {
            case (.private, .vpnGateway(let n)):
                gws.append(a.gateway)
                guard let g = t.vpnGateway(n), let vpc = t.attachedVPC(of: g) else { continue }
                let cidrs = vpc.cidrs.filter { c in a.allowedPrefixes.isEmpty || a.allowedPrefixes.contains { $0.contains(c) } }
                aws += cidrs
                reach.append((a.gateway, cidrs))
            case (.transit, .transitGateway):
                gws.append(a.gateway)
                aws += a.allowedPrefixes
                reach.append((a.gateway, a.allowedPrefixes))
            default:
                continue
            }
        }
        awsPrefixes = aws.uniqued().sorted()
        gateways = gws
        self.reach = reach
    }
}
