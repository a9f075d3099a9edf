/// Every name that refers to something resolves: route targets, subnet associations, instance
/// subnets and security groups, attachments, propagations, gateways of VPN connections.
public struct ReferenceChecks: FindingsCheck {
    /// The rules this check reports, in the catalog's order.
    public struct Rules: RuleCatalogue {
        public let subnetAssociationMultiple = Rule("subnet-association-multiple", .error,
            "A subnet listed in more than one route table; AWS associates a subnet with exactly one.",
            reference: "Amazon VPC user guide, Route tables: subnet route tables (\"Each subnet in your VPC must be associated with a route table … a subnet can only be associated with one route table at a time\")")
        public let mainRouteTableMultiple = Rule("main-route-table-multiple", .error,
            "More than one route table marked `main: true`; a VPC has exactly one main route table.",
            reference: "Amazon VPC user guide, Route tables: main route table")
    }
    public static let rule = Rules()

    public init() {}

    func find(_ t: Topology, _ f: inout Findings) {
        let dangling = LoadRules.danglingReference
        for vpc in t.vpcs {
            let subnetNames = vpc.subnets.map(\.name)
            func subnetMissing(_ n: String) -> String {
                "VPC `\(vpc.name)` has no subnet `\(n)` (subnets: \(subnetNames.listed))\(hint(n, subnetNames))"
            }
            var seenSubnet: [String: String] = [:]
            for rt in vpc.routeTables {
                for (i, s) in rt.subnets.enumerated() {
                    let p = "\(rt.path).subnets.\(i)"
                    if vpc.subnet(s) == nil {
                        f.add(dangling, "route table `\(rt.name)`: \(subnetMissing(s))", at: p)
                    } else if let other = seenSubnet[s], other != rt.name {
                        f.add(Self.rule.subnetAssociationMultiple, "subnet `\(s)` is associated with route tables `\(other)` and `\(rt.name)`; AWS allows one: remove it from one of them", at: p)
                    }
                    seenSubnet[s] = seenSubnet[s] ?? rt.name
                }
                for r in rt.routes {
                    if case .unresolved(let why) = t.resolve(r.target, in: vpc) {
                        f.add(dangling, "route to \(r.destination) in `\(rt.name)`: \(why)", at: "\(r.path).target")
                    }
                }
                for (i, g) in rt.propagations.enumerated() where t.vpnGateway(g) == nil {
                    f.add(dangling, "route table `\(rt.name)` propagates from `\(g)`, which is not a virtual private gateway (defined: \(t.vpnGateways.map(\.name).listed))\(hint(g, t.vpnGateways.map(\.name)))", at: "\(rt.path).propagations.\(i)")
                }
            }
            let mains = vpc.routeTables.filter(\.main)
            for extra in mains.dropFirst() {
                f.add(Self.rule.mainRouteTableMultiple, "VPC `\(vpc.name)` has several main route tables (\(mains.map(\.name).listed)); keep `main: true` on one", at: "\(extra.path).main")
            }
            for inst in vpc.instances {
                if vpc.subnet(inst.subnet) == nil {
                    f.add(dangling, "instance `\(inst.name)`: \(subnetMissing(inst.subnet))", at: "\(inst.path).subnet")
                }
                for (i, g) in inst.securityGroups.enumerated() where vpc.securityGroup(g) == nil {
                    let names = vpc.securityGroups.map(\.name)
                    f.add(dangling, "instance `\(inst.name)` uses security group `\(g)`, which VPC `\(vpc.name)` does not define (groups: \(names.listed))\(hint(g, names))", at: "\(inst.path).security_groups.\(i)")
                }
            }
            for nat in vpc.natGateways where vpc.subnet(nat.subnet) == nil {
                f.add(dangling, "NAT gateway `\(nat.name)`: \(subnetMissing(nat.subnet))", at: "\(nat.path).subnet")
            }
            for sg in vpc.securityGroups {
                for rule in sg.ingress + sg.egress {
                    if case .securityGroup(let g) = rule.peer, vpc.securityGroup(g) == nil {
                        f.add(dangling, "security group `\(sg.name)` refers to group `\(g)`, which VPC `\(vpc.name)` does not define", at: f.written("\(rule.path).source", "\(rule.path).destination"))
                    }
                }
            }
        }
        for g in t.vpnGateways {
            if let v = g.attachedTo, t.vpc(v) == nil {
                f.add(dangling, "virtual private gateway `\(g.name)` is attached to VPC `\(v)`, which is not defined (VPCs: \(t.vpcs.map(\.name).listed))\(hint(v, t.vpcs.map(\.name)))", at: "\(g.path).vpc")
            }
        }
        for c in t.customerGateways {
            if let s = c.site, t.site(s) == nil {
                f.add(dangling, "customer gateway `\(c.name)` names site `\(s)`, which is not defined (sites: \(t.sites.map(\.name).listed))\(hint(s, t.sites.map(\.name)))", at: "\(c.path).site")
            }
        }
        for c in t.vpnConnections {
            if t.customerGateway(c.customerGateway) == nil {
                let names = t.customerGateways.map(\.name) + t.sites.filter { $0.gateway != nil }.map(\.name)
                f.add(dangling, "VPN connection `\(c.name)` names customer gateway `\(c.customerGateway)`, which is neither a customer gateway nor a site with a `gateway:` (known: \(names.listed))\(hint(c.customerGateway, names))", at: "\(c.path).customer_gateway")
            }
            switch c.gateway {
            case .vpnGateway(let n) where t.vpnGateway(n) == nil:
                f.add(dangling, "VPN connection `\(c.name)` ends on virtual private gateway `\(n)`, which is not defined (defined: \(t.vpnGateways.map(\.name).listed)); add it under `vpn_gateways:`", at: "\(c.path).vpn_gateway")
            case .transitGateway(let n) where t.transitGateway(n) == nil:
                f.add(dangling, "VPN connection `\(c.name)` ends on transit gateway `\(n)`, which is not defined (defined: \(t.transitGateways.map(\.name).listed)); add it under `transit_gateways:`", at: "\(c.path).transit_gateway")
            default: break
            }
        }
        for g in t.transitGateways {
            let attachmentNames = g.attachments.map(\.name)
            for a in g.attachments {
                switch a.resource {
                case .vpc(let v, let subnets):
                    guard let vpc = t.vpc(v) else {
                        f.add(dangling, "attachment `\(a.name)` of transit gateway `\(g.name)` names VPC `\(v)`, which is not defined (VPCs: \(t.vpcs.map(\.name).listed))\(hint(v, t.vpcs.map(\.name)))", at: "\(a.path).vpc")
                        continue
                    }
                    if subnets.isEmpty {
                        f.add(LoadRules.invalidValue, "attachment `\(a.name)` needs `subnets:` (one subnet of VPC `\(v)` per Availability Zone the attachment serves)", at: "\(a.path).vpc")
                    }
                    for (i, s) in subnets.enumerated() where vpc.subnet(s) == nil {
                        f.add(dangling, "attachment `\(a.name)`: VPC `\(v)` has no subnet `\(s)` (subnets: \(vpc.subnets.map(\.name).listed))\(hint(s, vpc.subnets.map(\.name)))", at: "\(a.path).subnets.\(i)")
                    }
                case .vpn(let n):
                    guard let conn = t.vpnConnection(n) else {
                        f.add(dangling, "attachment `\(a.name)` of transit gateway `\(g.name)` names VPN connection `\(n)`, which is not defined (connections: \(t.vpnConnections.map(\.name).listed))", at: "\(a.path).vpn")
                        continue
                    }
                    if conn.gateway != .transitGateway(g.name) {
                        f.add(dangling, "attachment `\(a.name)` names VPN connection `\(n)`, but that connection ends on \(t.gatewayName(conn)); set `transit_gateway: \(g.name)` on the connection or remove the attachment", at: "\(a.path).vpn")
                    }
                case .peering(let n):
                    if let pc = t.transitGatewayPeering(n), pc.transitGateway != g.name && pc.peerTransitGateway != g.name {
                        f.add(dangling, "attachment `\(a.name)` of transit gateway `\(g.name)` names peering `\(n)`, which joins `\(pc.transitGateway)` and `\(pc.peerTransitGateway)`", at: a.path)
                    }
                case .directConnectGateway(let d):
                    guard let dx = t.dxGateway(d) else {
                        f.add(dangling, "attachment `\(a.name)` of transit gateway `\(g.name)` names Direct Connect gateway `\(d)`, which is not defined (defined: \(t.dxGateways.map(\.name).listed))", at: f.written("\(a.path).dx_gateway", a.path))
                        continue
                    }
                    if dx.association(transitGateway: g.name) == nil {
                        f.add(dangling, "attachment `\(a.name)` names Direct Connect gateway `\(d)`, which has no association with transit gateway `\(g.name)`; add `- {transit_gateway: \(g.name), allowed_prefixes: [...]}` under its `associations:`", at: f.written("\(a.path).dx_gateway", a.path))
                    }
                }
            }
            func attachmentMissing(_ n: String) -> String {
                "transit gateway `\(g.name)` has no attachment `\(n)` (attachments: \(attachmentNames.listed))\(hint(n, attachmentNames))"
            }
            for rt in g.routeTables {
                for (i, a) in rt.associations.enumerated() where g.attachment(a) == nil {
                    f.add(dangling, "TGW route table `\(rt.name)` associates \(attachmentMissing(a))", at: "\(rt.path).associations.\(i)")
                }
                for (i, a) in rt.propagations.enumerated() where g.attachment(a) == nil {
                    f.add(dangling, "TGW route table `\(rt.name)` propagates from \(attachmentMissing(a))", at: "\(rt.path).propagations.\(i)")
                }
                for r in rt.routes {
                    if let a = r.attachment, g.attachment(a) == nil {
                        f.add(dangling, "TGW route to \(r.destination) in `\(rt.name)`: \(attachmentMissing(a))", at: "\(r.path).attachment")
                    }
                }
            }
        }
    }
}

/// `; did you mean `x`?` when a close name exists.
func hint(_ word: String, _ candidates: [String]) -> String {
    guard !word.isEmpty, let s = suggestion(for: word, among: candidates), s != word else { return "" }
    return "; did you mean `\(s)`?"
}
