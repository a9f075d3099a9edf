/// Address plans: VPC and subnet sizes, subnets inside their VPC and apart from each other,
/// instance addresses, and address spaces that must not overlap because traffic flows between them.
public struct AddressingChecks: FindingsCheck {
    /// The rules this check reports, in the catalog's order.
    public struct Rules: RuleCatalogue {
        public let cidrOverlap = Rule("cidr-overlap", .warning,
            "Two networks that exchange traffic use overlapping addresses: an on-premises site and a VPC it connects to, two sites on one gateway, or two VPCs on one transit gateway; an error for two VPCs joined by a peering.",
            reference: "AWS Site-to-Site VPN user guide, Site-to-Site VPN limitations (\"non-overlapping CIDR blocks for your networks\"); Amazon VPC peering guide, VPC peering limitations (no overlapping CIDRs); Transit Gateway guide, How transit gateways work (routes to overlapping CIDRs)")
        public let subnetOutsideVPC = Rule("subnet-outside-vpc", .error,
            "A subnet whose CIDR is not inside any of its VPC's CIDR blocks.",
            reference: "Amazon VPC user guide, Subnet CIDR blocks (\"The CIDR block of a subnet can be the same as the CIDR block for the VPC … or a subset of the CIDR block for the VPC\")")
        public let subnetOverlap = Rule("subnet-overlap", .error,
            "Two subnets of one VPC with overlapping CIDR blocks.",
            reference: "Amazon VPC user guide, Subnet CIDR blocks (\"The CIDR blocks of the subnets cannot overlap\")")
        public let cidrSize = Rule("cidr-size", .error,
            "A VPC or subnet CIDR block outside AWS's allowed sizes /16 … /28.",
            reference: "Amazon VPC user guide, VPC CIDR blocks and Subnet CIDR blocks (\"between a /16 netmask … and /28 netmask\")")
        public let addressOutsideSubnet = Rule("address-outside-subnet", .error,
            "An instance address not inside its subnet, or one of the five addresses AWS reserves in every subnet (the first four and the last).",
            reference: "Amazon VPC user guide, Subnet CIDR blocks (\"The first four IP addresses and the last IP address in each subnet CIDR block are not available\")")
    }
    public static let rule = Rules()

    public init() {}

    func find(_ t: Topology, _ f: inout Findings) {
        for vpc in t.vpcs {
            for (i, c) in vpc.cidrs.enumerated() where !(16...28).contains(c.length) {
                f.add(Self.rule.cidrSize, "VPC `\(vpc.name)` CIDR \(c) is a /\(c.length); AWS allows /16 to /28 (split a larger block into several /16 CIDRs)", at: cidrPath(f, vpc.path, i, keys: ["cidr", "cidrs"]))
            }
            for s in vpc.subnets {
                let at = f.written("\(s.path).cidr", s.path)
                if !(16...28).contains(s.cidr.length) {
                    f.add(Self.rule.cidrSize, "subnet `\(s.name)` \(s.cidr) is a /\(s.cidr.length); AWS allows /16 to /28", at: at)
                } else if !vpc.cidrs.isEmpty, !vpc.cidrs.contains(where: { $0.contains(s.cidr) }) {
                    f.add(Self.rule.subnetOutsideVPC, "subnet `\(s.name)` \(s.cidr) is not inside VPC `\(vpc.name)` (\(vpc.cidrs.map(\.description).joined(separator: ", "))); pick a CIDR within the VPC's block", at: at)
                }
            }
            for (i, a) in vpc.subnets.enumerated() {
                for b in vpc.subnets[(i + 1)...] where a.cidr.overlaps(b.cidr) {
                    f.add(Self.rule.subnetOverlap, "subnets `\(a.name)` \(a.cidr) and `\(b.name)` \(b.cidr) overlap; give `\(b.name)` a CIDR of its own", at: f.written("\(b.path).cidr", b.path))
                }
            }
            for inst in vpc.instances {
                guard let s = vpc.subnet(inst.subnet) else { continue }
                let at = f.written("\(inst.path).address", inst.path)
                if !s.cidr.contains(inst.address) {
                    f.add(Self.rule.addressOutsideSubnet, "instance `\(inst.name)` address \(inst.address) is not in its subnet `\(s.name)` \(s.cidr); use an address from \(s.cidr.address(4))–\(s.cidr.last.advanced(by: -1))", at: at)
                } else if s.cidr.length <= 28 {
                    let offset = Int(inst.address.value - s.cidr.network.value)
                    if offset < 4 || inst.address == s.cidr.last {
                        f.add(Self.rule.addressOutsideSubnet, "instance `\(inst.name)` address \(inst.address) is reserved by AWS in subnet `\(s.name)` (the first four addresses and the last are the network, VPC router, DNS, future use and broadcast); use one from \(s.cidr.address(4))–\(s.cidr.last.advanced(by: -1))", at: at)
                    }
                }
            }
        }
        overlaps(t, &f)
    }

    func cidrPath(_ f: Findings, _ base: String, _ i: Int, keys: [String]) -> String {
        for k in keys where f.isWritten("\(base).\(k).\(i)") { return "\(base).\(k).\(i)" }
        for k in keys where f.isWritten("\(base).\(k)") { return "\(base).\(k)" }
        return base
    }

    /// The VPCs a VPN connection's site reaches: the VGW's VPC, or every VPC attached to the TGW.
    static func reachableVPCs(_ t: Topology, _ c: VPNConnection) -> [VPC] {
        switch c.gateway {
        case .vpnGateway(let g): return t.vpnGateway(g).flatMap { t.attachedVPC(of: $0) }.map { [$0] } ?? []
        case .transitGateway(let g):
            guard let tgw = t.transitGateway(g) else { return [] }
            return t.vpcs.filter { tgw.attachment(forVPC: $0.name) != nil }
        }
    }

    func overlaps(_ t: Topology, _ f: inout Findings) {
        var reported = Set<String>()
        func report(_ key: String, _ message: String, _ at: String, severity: Severity? = nil) {
            guard reported.insert(key).inserted else { return }
            f.add(Self.rule.cidrOverlap, message, at: at, severity: severity)
        }
        // A site and the VPCs its VPN connections reach.
        for c in t.vpnConnections {
            guard let site = t.site(of: c) else { continue }
            for vpc in Self.reachableVPCs(t, c) {
                for (i, sc) in site.cidrs.enumerated() {
                    for vc in vpc.cidrs where sc.overlaps(vc) {
                        report("\(site.name)|\(vpc.name)|\(sc)|\(vc)",
                               "site `\(site.name)` \(sc) overlaps VPC `\(vpc.name)` \(vc), which it reaches over VPN connection `\(c.name)`; the VPC's local route wins and on-premises hosts in the overlap are unreachable: renumber one side",
                               cidrPath(f, site.path, i, keys: ["cidrs", "cidr"]))
                    }
                }
            }
        }
        // Two sites on the same gateway, unless they are gateways of one network (`network`).
        var byGateway: [String: [(Site, VPNConnection)]] = [:]
        for c in t.vpnConnections {
            guard let s = t.site(of: c) else { continue }
            byGateway[c.gateway.description, default: []].append((s, c))
        }
        for (_, members) in byGateway.sorted(by: { $0.key < $1.key }) {
            for (i, (a, _)) in members.enumerated() {
                for (b, cb) in members[(i + 1)...] where !t.sameNetwork(a, b) {
                    for (j, bc) in b.cidrs.enumerated() {
                        for ac in a.cidrs where ac.overlaps(bc) {
                            report("\(a.name)|\(b.name)|\(ac)|\(bc)",
                                   "site `\(b.name)` \(bc) overlaps site `\(a.name)` \(ac); both connect to \(t.gatewayName(cb)), which cannot route to both: renumber one site or NAT it",
                                   cidrPath(f, b.path, j, keys: ["cidrs", "cidr"]))
                        }
                    }
                }
            }
        }
        // VPCs joined by a peering route: AWS refuses the peering itself (an error).
        for vpc in t.vpcs {
            for rt in vpc.routeTables {
                for r in rt.routes {
                    guard case .vpcPeering(let n) = r.target, let other = t.vpc(n), other.name != vpc.name else { continue }
                    for a in vpc.cidrs {
                        for b in other.cidrs where a.overlaps(b) {
                            report([vpc.name, other.name].sorted().joined(separator: "|") + "|pcx",
                                   "VPC `\(vpc.name)` \(a) and VPC `\(other.name)` \(b) overlap; AWS does not peer VPCs with overlapping CIDRs: renumber one",
                                   "\(r.path).target", severity: .error)
                        }
                    }
                }
            }
        }
        // VPCs on the same transit gateway.
        for g in t.transitGateways {
            let attached = t.vpcs.compactMap { v in g.attachment(forVPC: v.name).map { (v, $0) } }
            for (i, (a, aa)) in attached.enumerated() {
                for (b, ba) in attached[(i + 1)...] {
                    for ac in a.cidrs {
                        for (j, bc) in b.cidrs.enumerated() where ac.overlaps(bc) {
                            let reach = Self.routes(g, from: aa.name, to: ba.name) || Self.routes(g, from: ba.name, to: aa.name)
                            report("\(a.name)|\(b.name)|tgw",
                                   reach
                                   ? "VPC `\(b.name)` \(bc) overlaps VPC `\(a.name)` \(ac), and transit gateway `\(g.name)` routes between them; traffic for the overlap reaches only one: renumber one VPC"
                                   : "VPC `\(b.name)` \(bc) overlaps VPC `\(a.name)` \(ac) on transit gateway `\(g.name)`; their route tables keep them apart today, but any shared table will conflict",
                                   cidrPath(f, b.path, j, keys: ["cidr", "cidrs"]))
                        }
                    }
                }
            }
        }
    }

    /// True when the table associated with attachment `from` has a route (static or propagated)
    /// toward attachment `to`.
    static func routes(_ g: TransitGateway, from: String, to: String) -> Bool {
        guard let table = g.associatedTable(of: from) else { return false }
        return table.propagations.contains(to) || table.routes.contains { $0.attachment == to }
    }
}
