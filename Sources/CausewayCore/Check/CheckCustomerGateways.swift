/// Several customer gateways on one Amazon-side gateway (two devices in front of one network, or
/// VPN CloudHub sites): what AWS refuses, and how it chooses between their paths.
public struct CustomerGatewayChecks: FindingsCheck {
    /// The rules this check reports, in the catalog's order.
    public struct Rules: RuleCatalogue {
        public let cgwIPDuplicate = Rule("cgw-ip-duplicate", .error,
            "Two customer gateways with the same IP address whose VPN connections end on the same virtual private gateway or transit gateway; AWS does not create the second connection.",
            reference: "AWS Site-to-Site VPN user guide, VPN CloudHub (each customer gateway needs its own public IP address) and Site-to-Site VPN redundant connections (a second device is a second customer gateway with its own address); Amazon EC2 API reference, error code InvalidCustomerGateway.DuplicateIpAddress")
        public let medNotCompared = Rule("med-not-compared", .warning,
            "A device sets a MED to steer AWS, but the same prefix reaches the gateway from a customer gateway with another ASN over an AS_PATH just as long; AWS compares MEDs only between paths whose first AS is the same, so it picks one of the paths itself.",
            reference: "AWS Site-to-Site VPN user guide, Route tables and Site-to-Site VPN route priority (vpn-route-priority: shortest AS_PATH; MEDs compared only when the first ASN in the AS_SEQUENCE is the same)")
        public let staticOverBGP = Rule("static-over-bgp", .warning,
            "One prefix reaches a virtual private gateway or transit gateway both as a VPN static route and over BGP; AWS prefers the static route, so the BGP paths (their AS_PATH and MED) carry nothing for it while the static connection is up.",
            reference: "AWS Site-to-Site VPN user guide, Route tables and Site-to-Site VPN route priority (vpn-route-priority: VPN static routes before BGP routes); Transit Gateway guide, How transit gateways work, Route evaluation order (static routes before propagated routes)")
    }
    public static let rule = Rules()

    public init() {}

    func find(_ t: Topology, _ f: inout Findings) {
        var byGateway: [String: [VPNConnection]] = [:]
        for c in t.vpnConnections { byGateway[c.gateway.description, default: []].append(c) }
        for (_, conns) in byGateway.sorted(by: { $0.key < $1.key }) {
            duplicateIPs(t, conns, &f)
            medAcrossASNs(t, conns, &f)
            staticBesideBGP(t, conns, &f)
        }
        for g in t.transitGateways { tgwStaticBesideBGP(t, g, &f) }
    }

    /// Two customer gateways (different names) with one IP on one Amazon-side gateway.
    func duplicateIPs(_ t: Topology, _ conns: [VPNConnection], _ f: inout Findings) {
        var first: [OuterAddress: CustomerGateway] = [:]
        var reported = Set<String>()
        for c in conns {
            guard let cgw = t.customerGateway(c.customerGateway), let ip = cgw.ipAddress else { continue }
            if let other = first[ip] {
                guard other.name != cgw.name, reported.insert(cgw.name).inserted else { continue }
                f.add(Self.rule.cgwIPDuplicate, "customer gateway `\(cgw.name)` has IP address \(ip), as customer gateway `\(other.name)` does, and both have a VPN connection on \(t.gatewayName(c)); AWS refuses the second connection: give each device its own public address (a second device needs its own public IP)",
                      at: ipPath(t, cgw, f))
            } else {
                first[ip] = cgw
            }
        }
    }

    func ipPath(_ t: Topology, _ cgw: CustomerGateway, _ f: Findings) -> String {
        if f.isWritten("\(cgw.path).ip") { return "\(cgw.path).ip" }
        if let s = cgw.site.flatMap({ t.site($0) }), let d = s.gateway, f.isWritten("\(d.path).public_ip") { return "\(d.path).public_ip" }
        return cgw.path
    }

    /// One BGP connection's best path for a prefix as AWS sees it: AS_PATH length (the
    /// device's ASN plus its prepends) and MED, over the tunnel that advertises the shortest.
    struct Offer {
        var connection: VPNConnection
        var asn: ASN
        var length: Int
        var med: UInt32?
        var medPath: String?
    }

    func bgpOffers(_ t: Topology, _ conns: [VPNConnection]) -> [IPv4Prefix: [Offer]] {
        var out: [IPv4Prefix: [Offer]] = [:]
        for c in conns where c.routing == .bgp {
            guard let cgw = t.customerGateway(c.customerGateway), let (site, d) = t.device(of: c) else { continue }
            let tunnels = (1...2).map { d.tunnel(c.name, $0) }
            let best = tunnels.compactMap { $0 }.min { $0.asPathPrepend < $1.asPathPrepend }
            let withMED = tunnels.compactMap { $0 }.first { $0.med != nil }
            let offer = Offer(connection: c, asn: d.asn ?? cgw.asn, length: 1 + (best?.asPathPrepend ?? 0),
                              med: withMED?.med, medPath: withMED.map { "\($0.path).med" })
            for p in d.advertise.isEmpty ? site.cidrs : d.advertise { out[p, default: []].append(offer) }
        }
        return out
    }

    /// A MED meant to make one device the backup, where AWS never compares it.
    func medAcrossASNs(_ t: Topology, _ conns: [VPNConnection], _ f: inout Findings) {
        var reported = Set<String>()
        for (p, offers) in bgpOffers(t, conns).sorted(by: { $0.key < $1.key }) {
            guard let shortest = offers.map(\.length).min() else { continue }
            let tied = offers.filter { $0.length == shortest }
            for o in tied where o.med != nil {
                guard let other = tied.first(where: { $0.asn != o.asn }), let at = o.medPath,
                      reported.insert(o.connection.name).inserted else { continue }
                f.add(Self.rule.medNotCompared, "VPN connection `\(o.connection.name)` sends \(p) with MED \(o.med!) from AS \(o.asn), and `\(other.connection.name)` sends it from AS \(other.asn) over an AS_PATH as long (\(shortest)); \(t.gatewayName(o.connection)) compares MEDs only between paths from the same first AS, so it picks one of them itself: make the backup's AS_PATH longer with `as_path_prepend` on its tunnels",
                      at: at)
            }
        }
    }

    /// On a TGW, a static route toward a VPN attachment in a table that also has the prefix
    /// propagated over BGP from another VPN attachment: the static route wins.
    func tgwStaticBesideBGP(_ t: Topology, _ g: TransitGateway, _ f: inout Findings) {
        let offers = bgpOffers(t, t.vpnConnections.filter { $0.gateway == .transitGateway(g.name) })
        for table in g.routeTables {
            for r in table.routes {
                guard let a = r.attachment, let att = g.attachments.first(where: { $0.name == a }), case .vpn(let staticConn) = att.resource else { continue }
                let propagated = Set(table.propagations.compactMap { p -> String? in
                    guard let pa = g.attachments.first(where: { $0.name == p }), case .vpn(let c) = pa.resource else { return nil }
                    return c
                })
                guard let bgp = offers[r.destination]?.first(where: { $0.connection.name != staticConn && propagated.contains($0.connection.name) }) else { continue }
                f.add(Self.rule.staticOverBGP, "TGW route table `\(table.name)` has a static route \(r.destination) to VPN attachment `\(a)` and the same prefix propagated over BGP from `\(bgp.connection.name)`; the static route wins, so `\(bgp.connection.name)` carries nothing for \(r.destination) from this table: if it should be the primary, drop the static route and let BGP choose (prepend on the backup)",
                      at: f.written("\(r.path).destination", r.path))
            }
        }
    }

    /// A prefix that is a VPN static route of one connection and a BGP advertisement of another.
    func staticBesideBGP(_ t: Topology, _ conns: [VPNConnection], _ f: inout Findings) {
        let offers = bgpOffers(t, conns)
        for c in conns where c.routing == .static {
            for (i, p) in c.staticRoutes.enumerated() {
                guard let bgp = offers[p]?.first(where: { $0.connection.name != c.name }) else { continue }
                f.add(Self.rule.staticOverBGP, "\(p) is a static route of VPN connection `\(c.name)` and is advertised over BGP on `\(bgp.connection.name)`; \(t.gatewayName(c)) prefers the static route, so `\(bgp.connection.name)` carries nothing for \(p) while `\(c.name)` is up, whatever its AS_PATH or MED: if `\(c.name)` should be the backup, make it a BGP connection and prepend its AS_PATH",
                      at: f.written("\(c.path).static_routes.\(i)", "\(c.path).static_routes"))
            }
        }
    }
}
