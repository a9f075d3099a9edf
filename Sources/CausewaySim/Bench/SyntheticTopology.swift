import CausewayCore

/// Synthetic topologies for the benchmark, written as a topology file and read by the loader, so
/// the benchmark measures what a user's file goes through. The base (scale 1): 100 VPCs on one
/// transit gateway with 10 route tables, 10 sites each with one BGP VPN connection whose gateway
/// advertises 50 prefixes. Scale `k` has `k` such transit gateways (k·100 VPCs, k·10 TGW route
/// tables, k·10 VPN connections and sites).
///
/// Per transit gateway: table `rt-vpn` holds every VPC CIDR (VPN and Direct Connect attachments
/// are associated with it); VPCs are associated round-robin with `rt-1`…`rt-9`, which hold every
/// site prefix and the CIDRs of the VPCs sharing the table. So VPCs reach every site of their TGW
/// and the VPCs of their segment, and nothing else.
///
/// What real networks add: sites come in pairs that are one on-premises network behind two
/// customer gateways (`network:`, the same prefixes from two ASNs, the second standing by on
/// tunnel 2); VPC route tables reach the sites through a customer-managed prefix list of the
/// TGW's site networks; every fourth TGW has a Direct Connect gateway whose transit virtual
/// interface lands on the third site of the TGW and carries its prefixes (Direct Connect
/// primary, its VPN the backup).
public enum SyntheticTopology {
    public static let vpcsPerTGW = 100
    public static let tablesPerTGW = 10
    public static let sitesPerTGW = 10
    public static let prefixesPerSite = 50
    /// The largest scale whose addresses fit (VPCs are /21s of 10.0.0.0/8, sites /20s of
    /// 100.64.0.0/10) and whose file stays within the loader's limits.
    public static let maxScale = 64

    /// The topology of `scale`, loaded from `yaml(scale:)`.
    public static func make(scale: Int) -> Topology {
        let r = Loader.load(text: yaml(scale: scale), file: "synthetic-\(scale)x.yaml")
        guard let t = r.topology, !r.diagnostics.contains(where: { $0.severity == .error }) else {
            preconditionFailure("synthetic topology does not load: \(r.diagnostics.prefix(3).map(\.message))")
        }
        return t
    }

    /// The topology file of `scale`.
    public static func yaml(scale: Int) -> String {
        precondition(scale >= 1 && scale <= maxScale, "scale out of range")
        var y = "name: synthetic-\(scale)x\nregion: us-east-1\n"
        y += "sites:\n"
        for s in 0..<(scale * sitesPerTGW) { site(s, into: &y) }
        y += "vpcs:\n"
        for i in 0..<(scale * vpcsPerTGW) { vpc(i, into: &y) }
        y += "transit_gateways:\n"
        for g in 0..<scale { transitGateway(g, into: &y) }
        y += "prefix_lists:\n"
        for g in 0..<scale {
            let nets = (0..<sitesPerTGW / 2).map { "\(siteCIDR(g * sitesPerTGW + 2 * $0))" }.joined(separator: ", ")
            y += "  sites-\(g): {max_entries: \(sitesPerTGW / 2), entries: [\(nets)]}\n"
        }
        y += "dx_gateways:\n"
        for g in 0..<scale where hasDirectConnect(g) {
            let allowed = (g * vpcsPerTGW..<(g + 1) * vpcsPerTGW).map { "\(vpcCIDR($0))" }.joined(separator: ", ")
            y += "  dx-\(g): {amazon_side_asn: \(AWSNumbers.ASNs.amazonPrivate32.lowerBound + UInt32(g)), associations: [{transit_gateway: tgw-\(g), allowed_prefixes: [\(allowed)]}]}\n"
        }
        y += "virtual_interfaces:\n"
        for g in 0..<scale where hasDirectConnect(g) {
            let s = dxSite(g)
            y += "  vif-\(g): {type: transit, dx_gateway: dx-\(g), site: site-\(s), vlan: \(100 + g), advertise: [\(advertised(s))]}\n"
        }
        y += "vpn_connections:\n"
        for s in 0..<(scale * sitesPerTGW) {
            let tunnels = (1...2).map { "{inside_cidr: \(insideCIDR(site: s, tunnel: $0))}" }.joined(separator: ", ")
            y += "  vpn-\(s): {customer_gateway: site-\(s), transit_gateway: tgw-\(s / sitesPerTGW), routing: bgp, tunnels: [\(tunnels)]}\n"
        }
        return y
    }

    /// The CIDR of VPC `i`: a /21 of 10.0.0.0/8.
    public static func vpcCIDR(_ i: Int) -> IPv4Prefix { IPv4Prefix(IPv4Address(10 << 24 | UInt32(i) << 11), 21) }
    /// The address of VPC `i`'s instance.
    public static func instanceAddress(_ i: Int) -> IPv4Address { vpcCIDR(i).network.advanced(by: 10) }
    /// The CIDR of the network of site `s`: a /20 of 100.64.0.0/10, shared by the pair `s`, `s^1`.
    public static func siteCIDR(_ s: Int) -> IPv4Prefix { IPv4Prefix(IPv4Address(100 << 24 | 64 << 16 | UInt32(s & ~1) << 12), 20) }
    /// The address of site `s`'s host.
    public static func hostAddress(_ s: Int) -> IPv4Address { siteCIDR(s).network.advanced(by: 10 + s % 2) }
    /// The site of transit gateway `g` whose router has the Direct Connect virtual interface.
    public static func dxSite(_ g: Int) -> Int { g * sitesPerTGW + 2 }
    /// Every fourth transit gateway (from the first) has a Direct Connect gateway: with one on
    /// each, the 64× file would pass the loader's 500,000-node limit.
    public static func hasDirectConnect(_ g: Int) -> Bool { g % 4 == 0 }

    /// The prefixes site `s` advertises (its network's 50 /26s).
    static func advertised(_ s: Int) -> String {
        let cidr = siteCIDR(s)
        return (0..<prefixesPerSite).map { "\(IPv4Prefix(cidr.network.advanced(by: $0 * 64), 26))" }.joined(separator: ", ")
    }

    static func insideCIDR(site s: Int, tunnel n: Int) -> IPv4Prefix {
        IPv4Prefix(IPv4Address(169 << 24 | 254 << 16 | UInt32(10 + s / 32) << 8 | UInt32((s % 32) * 8 + (n - 1) * 4)), 30)
    }

    static func vpc(_ i: Int, into y: inout String) {
        let cidr = vpcCIDR(i)
        let subnet = IPv4Prefix(cidr.network, 24)
        y += "  vpc-\(i): {cidr: \(cidr), subnets: {s0: {cidr: \(subnet)}}, "
        y += "route_tables: {rt: {main: true, routes: [{destination: 10.0.0.0/8, target: tgw}, {prefix_list: sites-\(i / vpcsPerTGW), target: tgw}]}}, "
        y += "security_groups: {app: {ingress: [{protocol: icmp, source: 10.0.0.0/8}, {protocol: all, source: 100.64.0.0/10}]}}, "
        y += "instances: {vm: {subnet: s0, address: \(instanceAddress(i)), security_groups: [app]}}}\n"
    }

    /// Site `s` speaks private ASN 64600+s; sites `2k` and `2k+1` are one network (`net-k`).
    /// Sites in odd positions stand by on tunnel 2 (metric 200, AS path prepended twice).
    static func site(_ s: Int, into y: inout String) {
        let cidr = siteCIDR(s)
        let redundancy = s % 2 == 1 ? "active-standby" : "active-active"
        y += "  site-\(s):\n    network: net-\(s / 2)\n    cidr: \(cidr)\n"
        y += "    gateway: {public_ip: \(IPv4Address(198 << 24 | 18 << 16 | UInt32(s + 1))), asn: \(64600 + s), routing: bgp, "
        y += "lan_address: \(cidr.address(1 + s % 2)), redundancy: \(redundancy), advertise: [\(advertised(s))]}\n"
        y += "    hosts: {h: {address: \(hostAddress(s))}}\n"
    }

    /// Attachments have one-letter names (`aI` a VPC's, `nS` a VPN's, `xG` the Direct Connect
    /// gateway's): they are written some 30,000 times at 64×, whose file must stay under the
    /// loader's 4 MiB.
    static func transitGateway(_ g: Int, into y: inout String) {
        let vpcs = (g * vpcsPerTGW)..<((g + 1) * vpcsPerTGW)
        let vpns = (g * sitesPerTGW)..<((g + 1) * sitesPerTGW)
        y += "  tgw-\(g):\n    default_route_table_association: false\n    default_route_table_propagation: false\n    attachments:\n"
        for i in vpcs { y += "      a\(i): {vpc: vpc-\(i), subnets: [s0]}\n" }
        for s in vpns { y += "      n\(s): {vpn: vpn-\(s)}\n" }
        if hasDirectConnect(g) { y += "      x\(g): {dx_gateway: dx-\(g)}\n" }
        func list(_ names: [String]) -> String { "[\(names.joined(separator: ", "))]" }
        let vpnAtts = vpns.map { "n\($0)" } + (hasDirectConnect(g) ? ["x\(g)"] : [])
        y += "    route_tables:\n"
        y += "      rt-vpn: {associations: \(list(vpnAtts)), propagations: \(list(vpcs.map { "a\($0)" }))}\n"
        for k in 1..<tablesPerTGW {
            let members = vpcs.filter { segment(vpc: $0) == k }.map { "a\($0)" }
            y += "      rt-\(k): {associations: \(list(members)), propagations: \(list(members + vpnAtts))}\n"
        }
    }

    /// The TGW route table (1…9) VPC `i` is associated with.
    public static func segment(vpc i: Int) -> Int { 1 + (i % vpcsPerTGW) % (tablesPerTGW - 1) }

    /// Flows as an application mix would send them, between the instances and site hosts of a
    /// topology of `scale`: half between a VPC and a site of its transit gateway, a quarter
    /// between two VPCs of one segment, a quarter between any two endpoints (mostly dropped).
    public static func flows<G: RandomNumberGenerator>(scale: Int, count: Int, using gen: inout G) -> [(IPv4Address, IPv4Address)] {
        let vpcCount = scale * vpcsPerTGW, siteCount = scale * sitesPerTGW
        func any(_ gen: inout G) -> IPv4Address {
            let k = Int.random(in: 0..<(vpcCount + siteCount), using: &gen)
            return k < vpcCount ? instanceAddress(k) : hostAddress(k - vpcCount)
        }
        var out: [(IPv4Address, IPv4Address)] = []
        while out.count < count {
            let v = Int.random(in: 0..<vpcCount, using: &gen)
            let g = v / vpcsPerTGW
            let pick = Int.random(in: 0..<4, using: &gen)
            let pair: (IPv4Address, IPv4Address)
            switch pick {
            case 0, 1:
                let s = g * sitesPerTGW + Int.random(in: 0..<sitesPerTGW, using: &gen)
                pair = pick == 0 ? (instanceAddress(v), hostAddress(s)) : (hostAddress(s), instanceAddress(v))
            case 2:
                let peers = (g * vpcsPerTGW..<(g + 1) * vpcsPerTGW).filter { $0 != v && segment(vpc: $0) == segment(vpc: v) }
                pair = (instanceAddress(v), instanceAddress(peers.randomElement(using: &gen)!))
            default:
                pair = (any(&gen), any(&gen))
            }
            if pair.0 != pair.1 { out.append(pair) }
        }
        return out
    }
}
