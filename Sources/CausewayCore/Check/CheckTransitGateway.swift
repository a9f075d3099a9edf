/// Transit gateway attachments and their route-table associations.
public struct TransitGatewayChecks: FindingsCheck {
    /// The rules this check reports, in the catalog's order.
    public struct Rules: RuleCatalogue {
        public let associationMultiple = Rule("tgw-association-multiple", .error,
            "A transit gateway attachment associated with more than one TGW route table.",
            reference: "Transit Gateway guide, Transit gateway route tables: association (\"Each attachment is associated with exactly one route table\")")
        public let attachmentUnassociated = Rule("tgw-attachment-unassociated", .warning,
            "A transit gateway attachment with no route table association while default association is off: traffic entering through it is dropped.",
            reference: "Transit Gateway guide, Transit gateway route tables: association; Transit gateway options: default route table association")
        public let attachmentDuplicate = Rule("tgw-attachment-duplicate", .error,
            "Two attachments of one transit gateway for the same VPC (or the same VPN connection).",
            reference: "Transit Gateway guide, Quotas: \"A transit gateway cannot have more than one VPC attachment to the same VPC\"")
        public let staticVPNPropagation = Rule("tgw-propagation-static-vpn", .warning,
            "A TGW route table propagates the attachment of a static VPN connection: only routes learned over BGP propagate, so it brings no routes.",
            reference: "Transit Gateway guide, Site-to-Site VPN attachments (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpn-attachments.html): for static VPNs, add the static routes to the transit gateway route table")
    }
    public static let rule = Rules()


    public init() {}

    func find(_ t: Topology, _ f: inout Findings) {
        for g in t.transitGateways {
            let defaults = g.routeTables.filter(\.isDefault)
            for extra in defaults.dropFirst() {
                f.add(LoadRules.invalidValue, "transit gateway `\(g.name)` has several default route tables (\(defaults.map(\.name).listed)); keep `default: true` on one", at: f.written("\(extra.path).default", extra.path))
            }
            var vpcs: [String: String] = [:]
            for a in g.attachments {
                let key: String
                switch a.resource {
                case .vpc(let v, _): key = "vpc:\(v)"
                case .vpn(let c): key = "vpn:\(c)"
                case .peering(let p): key = "peering:\(p)"
                case .directConnectGateway(let d): key = "dx:\(d)"
                }
                if let first = vpcs[key] {
                    let what = key.hasPrefix("vpc:") ? "VPC `\(key.dropFirst(4))`" : key.hasPrefix("dx:") ? "Direct Connect gateway `\(key.dropFirst(3))`"
                        : key.hasPrefix("vpn:") ? "VPN connection `\(key.dropFirst(4))`" : "peering `\(key.dropFirst(8))`"
                    f.add(Self.rule.attachmentDuplicate, "attachments `\(first)` and `\(a.name)` of transit gateway `\(g.name)` both attach \(what); AWS allows one: remove `\(a.name)` and refer to `\(first)`", at: a.path)
                } else {
                    vpcs[key] = a.name
                }
                let tables = g.routeTables.filter { $0.associations.contains(a.name) }
                if tables.count > 1 {
                    for rt in tables.dropFirst() {
                        let i = rt.associations.firstIndex(of: a.name) ?? 0
                        f.add(Self.rule.associationMultiple, "attachment `\(a.name)` is associated with TGW route tables \(tables.map(\.name).listed); an attachment has exactly one association: remove it from all but one", at: "\(rt.path).associations.\(i)")
                    }
                } else if g.associatedTable(of: a.name) == nil {
                    f.add(Self.rule.attachmentUnassociated, "attachment `\(a.name)` of transit gateway `\(g.name)` is associated with no route table and default association is off, so traffic entering through it is dropped; list it under `associations:` of one TGW route table", at: a.path)
                }
            }
            for rt in g.routeTables {
                for (i, p) in rt.propagations.enumerated() {
                    guard case .vpn(let cn)? = g.attachment(p)?.resource, let c = t.vpnConnection(cn), c.routing == .static else { continue }
                    let missing = c.staticRoutes.filter { d in !rt.routes.contains { $0.destination == d && $0.attachment == p } }
                    let fix = c.staticRoutes.isEmpty ? "add its on-premises prefixes under the table's `routes:` with `attachment: \(p)`"
                        : missing.isEmpty ? "remove `\(p)` from `propagations:` (the table's static routes already carry the connection's prefixes)"
                        : "add \(missing.map(\.description).joined(separator: ", ")) under the table's `routes:` with `attachment: \(p)`"
                    f.add(Self.rule.staticVPNPropagation, "TGW route table `\(rt.name)` propagates attachment `\(p)` of static VPN connection `\(cn)`, but AWS propagates only routes learned over BGP, so this brings no routes: \(fix)", at: "\(rt.path).propagations.\(i)")
                }
            }
        }
    }
}
