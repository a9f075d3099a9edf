/// BGP autonomous system numbers on both sides of the VPN.
public struct ASNChecks: FindingsCheck {
    static let cgwPage = "AWS Site-to-Site VPN user guide, Customer gateway options (cgw-options); EC2 API reference, CreateCustomerGateway (BgpAsn 1–2,147,483,647, BgpAsnExtended 2,147,483,648–4,294,967,295)"

    /// The rules this check reports, in the catalog's order.
    public struct Rules: RuleCatalogue {
        public let asnRange = Rule("asn-range", .error,
            "An ASN outside what AWS accepts: customer gateway \(AWSNumbers.ASNs.customerBgpAsn.lowerBound)–\(AWSNumbers.ASNs.customerBgpAsnExtended.upperBound) (above \(AWSNumbers.ASNs.customerBgpAsn.upperBound) only through BgpAsnExtended, a warning); Amazon side (VGW, TGW) \(AWSNumbers.ASNs.amazonPrivate).",
            reference: "\(cgwPage); AWS Site-to-Site VPN user guide, Virtual private gateway (private ASN); Transit Gateway guide, Transit gateway options: Amazon side ASN")
        public let asnReserved = Rule("asn-reserved", .error,
            "A customer gateway ASN AWS reserves: 7224 (all Regions), 9059 (eu-west-1), 10124 (ap-northeast-1), 17943 (ap-southeast-1).",
            reference: "\(cgwPage): \"with the exception of 7224 – reserved in all Regions; 9059 – eu-west-1; 10124 – ap-northeast-1; 17943 – ap-southeast-1\" (older API texts list 7224 for us-east-1 only)")
        public let asnSameAsAmazon = Rule("asn-same-as-amazon", .error,
            "A BGP connection whose customer gateway ASN equals the Amazon-side ASN; eBGP needs two different ASNs.",
            reference: "AWS Site-to-Site VPN user guide, Customer gateway options: BGP ASN (\"must differ from the Amazon side ASN\"); RFC 4271 eBGP")
        public let bgpASNMismatch = Rule("bgp-asn-mismatch", .warning,
            "The gateway device's ASN differs from its customer gateway's, or a tunnel's `peer_asn` differs from the Amazon-side ASN; the BGP session will not establish.",
            reference: "AWS Site-to-Site VPN user guide, Troubleshooting BGP: the customer gateway's ASN and the Amazon side ASN must match the peers' configuration")
    }
    public static let rule = Rules()

    public init() {}

    /// Customer gateway ASNs AWS reserves, with the Region (nil = every Region).
    public static let reserved: [(asn: UInt32, region: String?)] = [(7224, nil), (9059, "eu-west-1"), (10124, "ap-northeast-1"), (17943, "ap-southeast-1")]

    public static func isAmazonSideValid(_ a: ASN) -> Bool {
        AWSNumbers.ASNs.amazonPrivate16.contains(a.value) || AWSNumbers.ASNs.amazonPrivate32.contains(a.value)
    }

    func find(_ t: Topology, _ f: inout Findings) {
        for g in t.vpnGateways where !Self.isAmazonSideValid(g.asn) {
            f.add(Self.rule.asnRange, "virtual private gateway `\(g.name)` ASN \(g.asn) is not a private ASN AWS accepts on its side; use \(AWSNumbers.ASNs.amazonPrivate) (default \(AWSNumbers.ASNs.amazonDefault))", at: f.written("\(g.path).asn", g.path))
        }
        for g in t.transitGateways where !Self.isAmazonSideValid(g.asn) {
            f.add(Self.rule.asnRange, "transit gateway `\(g.name)` ASN \(g.asn) is not a private ASN AWS accepts on its side; use \(AWSNumbers.ASNs.amazonPrivate) (default \(AWSNumbers.ASNs.amazonDefault))", at: f.written("\(g.path).asn", g.path))
        }
        for c in t.customerGateways {
            let at = asnPath(c, t, f)
            let a = c.asn.value
            if a == 0 {
                f.add(Self.rule.asnRange, "customer gateway `\(c.name)` ASN 0 is not a valid AS number; use your public ASN or a private one (\(AWSNumbers.ASNs.amazonPrivate))", at: at)
            } else if a > AWSNumbers.ASNs.customerBgpAsn.upperBound {
                f.add(Self.rule.asnRange, "customer gateway `\(c.name)` ASN \(a) is above \(AWSNumbers.ASNs.customerBgpAsn.upperBound): AWS takes it only as BgpAsnExtended, which older tools (CloudFormation BgpAsn, Terraform bgp_asn) cannot send; prefer a 2-byte private ASN (\(AWSNumbers.ASNs.amazonPrivate16.dashed))", at: at, severity: .warning)
            }
            if let r = Self.reserved.first(where: { $0.asn == a && ($0.region == nil || $0.region == t.region) }) {
                f.add(Self.rule.asnReserved, "customer gateway `\(c.name)` ASN \(a) is reserved by AWS \(r.region.map { "in \($0)" } ?? "in every Region"); use another ASN, e.g. a private one (\(AWSNumbers.ASNs.amazonPrivate16.dashed))", at: at)
            }
        }
        for c in t.vpnConnections where c.routing == .bgp {
            guard let cgw = t.customerGateway(c.customerGateway) else { continue }
            let amazon: ASN?
            switch c.gateway {
            case .vpnGateway(let n): amazon = t.vpnGateway(n)?.asn
            case .transitGateway(let n): amazon = t.transitGateway(n)?.asn
            }
            guard let amazon else { continue }
            if cgw.asn == amazon {
                f.add(Self.rule.asnSameAsAmazon, "VPN connection `\(c.name)` peers BGP between ASN \(amazon) on \(t.gatewayName(c)) and ASN \(cgw.asn) on customer gateway `\(cgw.name)`; they must differ: change the customer gateway's ASN (e.g. 65000) or the Amazon side's", at: asnPath(cgw, t, f))
            }
            guard let (site, dev) = t.device(of: c) else { continue }
            if let d = dev.asn, d != cgw.asn {
                f.add(Self.rule.bgpASNMismatch, "site `\(site.name)`'s gateway runs BGP as ASN \(d), but customer gateway `\(cgw.name)` tells AWS to expect ASN \(cgw.asn); make them equal (or drop the customer gateway's `asn` to take the device's)", at: f.written("\(cgw.path).asn", "\(dev.path).asn"))
            }
            for tun in c.tunnels {
                guard let dt = dev.tunnel(c.name, tun.index), let peer = dt.peerASN, peer != amazon else { continue }
                f.add(Self.rule.bgpASNMismatch, "the device's settings for tunnel \(tun.index) of `\(c.name)` expect the AWS peer as ASN \(peer), but \(t.gatewayName(c)) uses ASN \(amazon); fix `peer_asn` or drop it", at: "\(dt.path).peer_asn")
            }
        }
    }

    /// Where a customer gateway's ASN came from: written on it, else its site's device, else the gateway.
    func asnPath(_ c: CustomerGateway, _ t: Topology, _ f: Findings) -> String {
        if f.isWritten("\(c.path).asn") { return "\(c.path).asn" }
        if let s = c.site.flatMap({ t.site($0) }), let d = s.gateway, f.isWritten("\(d.path).asn") { return "\(d.path).asn" }
        return c.path
    }
}
