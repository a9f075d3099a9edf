import CausewayCore

/// Compares the AWS resources a topology wants (`AWSResources`) with what exists
/// (`ObservedState`) and lists the steps that make AWS match, in dependency order. Pure: no
/// calls, so it is tested without an endpoint.
///
/// Order (the S1 "six steps", then the transit gateway side as S4 did it): VPCs, internet
/// gateways, subnets, route tables and subnet associations; virtual private gateways and their
/// attachment; customer gateways; transit gateways, their route tables and VPC attachments; VPN
/// connections (a connection to a TGW brings its own attachment) and their static routes; VPC
/// routes; VGW route propagation; TGW associations (leaving the default table first),
/// propagations and routes; Route 53 and Resolver resources (DNS/DNSPlan.swift); Client VPN with
/// its ACM certificates and connect handler (ClientVPN/ClientVPNPlan.swift); last, deletion
/// of tagged resources the topology no longer has.
public struct Planner: Sendable {
    public let resources: AWSResources
    public let observed: ObservedState
    /// Pre-shared keys by `connection/tunnel`, where the topology gives them.
    public let secrets: [String: PreSharedKey]

    public init(resources: AWSResources, observed: ObservedState, secrets: [String: PreSharedKey] = [:]) {
        self.resources = resources
        self.observed = observed
        self.secrets = secrets
    }

    public init(topology: Topology, observed: ObservedState, secrets: [String: PreSharedKey] = [:]) {
        self.init(resources: AWSResources(topology), observed: observed, secrets: secrets)
    }

    public func plan() -> Plan {
        var b = PlanBuilder(d: resources, o: observed, secrets: secrets)
        b.prefixLists()
        b.vpcs()
        b.gateways()
        b.customerGateways()
        b.transitGateways()
        b.vpnConnections()
        b.vpcRoutes()
        b.tgwLinks()
        b.notManaged()
        b.directConnect()
        b.route53()
        b.clientVPN()
        b.strays()
        var p = Plan(topology: resources.topology, region: resources.region)
        p.steps = b.phases.flatMap { $0 }
        p.conflicts = b.conflicts
        p.notes = b.notes
        p.existing = observed.ids
        p.reRender = b.reRender
        return p
    }
}

struct PlanBuilder {
    let d: AWSResources
    let o: ObservedState
    let secrets: [String: PreSharedKey]
    let ids: [String: String]
    var phases: [[PlanStep]] = Array(repeating: [], count: Phase.stray.rawValue + 1)
    var conflicts: [Diagnostic] = []
    var notes: [Diagnostic] = []
    /// Customer gateways made again (their IP or ASN changed), by key, with the old id.
    var replacedCustomerGateways: [String: String] = [:]
    var reRender: [ReRender] = []

    init(d: AWSResources, o: ObservedState, secrets: [String: PreSharedKey]) {
        self.d = d
        self.o = o
        self.secrets = secrets
        ids = o.ids
    }

    enum Phase: Int {
        case vpc, igw, subnet, routeTable, vgw, cgw, tgw, tgwTable, tgwAttachment, vpn, vpcRoute, propagation, tgwLink, dns, clientVPN, stray
    }

    mutating func add(_ phase: Phase, _ action: PlanStep.Action, _ resource: String, _ key: String, _ detail: String, _ op: Operation, outage: ChangeOutage = .inPlace) {
        phases[phase.rawValue].append(PlanStep(action: action, resource: resource, key: key, detail: detail, outage: outage, operation: op))
    }

    /// A conflict (`rule` an error) or a note about the resource `key` (located at its topology node).
    mutating func report(_ rule: Rule, _ message: String, key: String) {
        let d = Diagnostic(rule, message, at: self.d.locate(key))
        if d.severity == .error { conflicts.append(d) } else { notes.append(d) }
    }

    /// A resource exists or a step earlier in the plan creates it.
    func known(_ key: String) -> Bool {
        ids[key] != nil || phases.joined().contains { $0.key == key && ($0.action == .create || $0.action == .adopt) }
    }

    /// The topology name a key ends in.
    func name(_ key: String) -> String { d[key]?.name ?? key.split(separator: "/").last.map(String.init) ?? key }

    // MARK: VPCs, subnets, route tables

    mutating func vpcs() {
        for v in d.all(.vpc) {
            guard case .vpc(let cidrs, let userTags) = v.properties, let primary = cidrs.first else { continue }
            let vk = v.key
            defer { tag(.vpc, vk, userTags, have: o.vpcs[vk]?.tags) }
            if let ov = o.vpcs[vk] {
                if !o.adopted.contains(vk) && ov.cidrBlock != primary.description {
                    report(PlanRules.immutableChanged, "\(vk): the VPC has CIDR \(ov.cidrBlock), the topology asks for \(primary); a VPC's primary CIDR cannot change (destroy it, or adopt it with `id:`)", key: vk)
                }
            } else {
                if let id = v.adoptedID {
                    report(PlanRules.adoptedMissing, "\(vk): adopted VPC \(id) was not found", key: vk)
                    continue
                }
                add(.vpc, .create, "vpc", vk, primary.description, .createVpc(cidr: primary.description))
            }
            if cidrs.count > 1 {
                report(PlanRules.notApplied, "\(vk): secondary CIDRs \(cidrs.dropFirst().map(\.description).joined(separator: ", ")) are not applied (not modelled yet)", key: vk)
            }
            for i in d.children(of: vk, .internetGateway) {
                let ik = i.key
                let igw = o.internetGateways[ik]
                if igw == nil { add(.igw, .create, "internet-gateway", ik, "for \(v.name)", .createInternetGateway) }
                let vpcID = o.vpcs[vk]?.id
                let attached = igw?.attachments.contains { $0.vpcId == vpcID && ["available", "attached", "attaching"].contains($0.state) } ?? false
                if !attached {
                    add(.igw, .attach, "internet-gateway-attachment", LogicalKey.attachment(of: ik), "to \(v.name)", .attachInternetGateway(igw: ik, vpc: vk))
                }
            }
            for s in d.children(of: vk, .subnet) {
                guard case .subnet(_, let cidr, let zone, let userTags) = s.properties else { continue }
                let sk = s.key
                defer { tag(.subnet, sk, userTags, have: o.subnets[sk]?.tags) }
                if let os = o.subnets[sk] {
                    if !o.adopted.contains(sk) {
                        if os.cidrBlock != cidr.description {
                            report(PlanRules.immutableChanged, "\(sk): the subnet has CIDR \(os.cidrBlock), the topology asks for \(cidr); a subnet cannot change its CIDR", key: sk)
                        }
                        if let az = zone, let oaz = os.availabilityZone, az != oaz {
                            report(PlanRules.immutableChanged, "\(sk): the subnet is in \(oaz), the topology asks for \(az); a subnet cannot move", key: sk)
                        }
                    }
                } else if let id = s.adoptedID {
                    report(PlanRules.adoptedMissing, "\(sk): adopted subnet \(id) was not found", key: sk)
                } else {
                    add(.subnet, .create, "subnet", sk, cidr.description + (zone.map { " in \($0)" } ?? ""),
                        .createSubnet(vpc: vk, cidr: cidr.description, zone: zone))
                }
            }
            for r in d.children(of: vk, .routeTable) { routeTable(r, in: v) }
        }
    }

    /// The topology's own tags (`tags:`) a VPC or subnet lacks, added with CreateTags after it
    /// exists: no traffic effect. Adopted resources are never tagged.
    mutating func tag(_ phase: Phase, _ key: String, _ wanted: [String: String], have: [ResourceTag]?) {
        guard !o.adopted.contains(key), have != nil || known(key) else { return }
        let missing = wanted.sorted { $0.key < $1.key }.filter { w in !(have ?? []).contains { $0.key == w.key && $0.value == w.value } }
        guard !missing.isEmpty else { return }
        add(phase, .update, "tags", key, missing.map { "\($0.key)=\($0.value)" }.joined(separator: ", "),
            .tag(resource: key, tags: missing.map { ResourceTag($0.key, $0.value) }))
    }

    mutating func routeTable(_ r: AWSResource, in v: AWSResource) {
        let rk = r.key, vk = v.key
        let table = o.routeTables[rk]
        if table == nil {
            if let id = r.adoptedID {
                report(PlanRules.adoptedMissing, "\(rk): adopted route table \(id) was not found", key: rk)
                return
            }
            if case .routeTable(_, true) = r.properties {
                let id = o.mainRouteTables[vk]?.id
                add(.routeTable, .adopt, "route-table", rk, "the main route table of \(v.name)" + (id.map { ", \($0)" } ?? ""),
                    .adoptMainRouteTable(vpc: vk))
            } else {
                add(.routeTable, .create, "route-table", rk, "in \(v.name)", .createRouteTable(vpc: vk))
            }
        }
        for a in d.children(of: rk, .subnetAssociation) {
            // AWS associates a subnet no table names with the main table by itself.
            guard case .subnetAssociation(_, let sk, false) = a.properties else { continue }
            let sn = a.name
            let sid = o.subnets[sk]?.id
            if sid == nil || !(table?.associations.contains { $0.subnetId == sid } ?? false) {
                add(.routeTable, .associate, "route-table-association", a.key, "subnet \(sn)",
                    .associateSubnet(table: rk, subnet: sk))
            }
        }
    }

    // MARK: VGWs

    mutating func gateways() {
        for g in d.all(.vpnGateway) {
            guard case .vpnGateway(let asn) = g.properties else { continue }
            let gk = g.key
            let og = o.vpnGateways[gk]
            if let og {
                if !o.adopted.contains(gk), let have = og.amazonSideAsn, have != Int(asn.value) {
                    report(PlanRules.immutableChanged, "\(gk): the gateway has Amazon-side ASN \(have), the topology asks for \(asn); the ASN cannot change", key: gk)
                }
            } else if let id = g.adoptedID {
                report(PlanRules.adoptedMissing, "\(gk): adopted virtual private gateway \(id) was not found", key: gk)
                continue
            } else {
                add(.vgw, .create, "vpn-gateway", gk, "ASN \(asn)", .createVpnGateway(asn: Int(asn.value)))
            }
            let live = og?.attachments.filter { ["attached", "attaching"].contains($0.state) } ?? []
            if let a = d.children(of: gk, .vpnGatewayAttachment).first, case .vpnGatewayAttachment(_, let vk) = a.properties {
                let vid = o.vpcs[vk]?.id
                if vid == nil || !live.contains(where: { $0.vpcId == vid }) {
                    add(.vgw, .attach, "vpn-gateway-attachment", a.key, "to \(name(vk))" + (live.isEmpty ? "" : ", leaving \(live.map(\.vpcId).joined(separator: ", "))"),
                        .attachVpnGateway(vgw: gk, vpc: vk))
                }
            } else if !live.isEmpty {
                add(.vgw, .detach, "vpn-gateway-attachment", LogicalKey.attachment(of: gk), "from \(live.map(\.vpcId).joined(separator: ", "))", .detachVpnGateway(vgw: gk))
            }
        }
    }

    // MARK: Transit gateways

    mutating func transitGateways() {
        for t in d.all(.transitGateway) {
            guard case .transitGateway(let g) = t.properties else { continue }
            let gk = t.key
            let og = o.transitGateways[gk]
            if let og {
                if !o.adopted.contains(gk) {
                    if let asn = og.amazonSideAsn, asn != Int(g.asn.value) {
                        report(PlanRules.immutableChanged, "\(gk): the transit gateway has Amazon-side ASN \(asn), the topology asks for \(g.asn); it cannot change", key: gk)
                    }
                    let want = [("default route table association", g.defaultRouteTableAssociation, og.defaultRouteTableAssociation),
                                ("default route table propagation", g.defaultRouteTablePropagation, og.defaultRouteTablePropagation),
                                ("VPN ECMP support", g.vpnECMP, og.vpnEcmpSupport)]
                    for (name, wanted, have) in want where have != nil && (have == "enable") != wanted {
                        report(PlanRules.notApplied, "\(gk): \(name) is \(have!)d, the topology asks for \(wanted ? "enable" : "disable")d; causeway does not modify transit gateway options yet (ModifyTransitGateway)", key: gk)
                    }
                }
            } else if let id = t.adoptedID {
                report(PlanRules.adoptedMissing, "\(gk): adopted transit gateway \(id) was not found", key: gk)
                continue
            } else {
                let options = TransitGatewayOptions(amazonSideAsn: Int(g.asn.value), defaultRouteTableAssociation: g.defaultRouteTableAssociation,
                                                    defaultRouteTablePropagation: g.defaultRouteTablePropagation, vpnEcmpSupport: g.vpnECMP)
                add(.tgw, .create, "transit-gateway", gk, "ASN \(g.asn), default association \(g.defaultRouteTableAssociation ? "on" : "off"), default propagation \(g.defaultRouteTablePropagation ? "on" : "off")",
                    .createTransitGateway(options: options))
            }
            for r in d.children(of: gk, .tgwRouteTable) {
                let rk = r.key
                guard o.tgwRouteTables[rk] == nil else { continue }
                if let id = r.adoptedID {
                    report(PlanRules.adoptedMissing, "\(rk): adopted transit gateway route table \(id) was not found", key: rk)
                } else if case .tgwRouteTable(_, _, true) = r.properties {
                    add(.tgwTable, .adopt, "transit-gateway-route-table", rk, "the default route table of \(t.name)", .adoptDefaultTgwRouteTable(tgw: gk))
                } else {
                    add(.tgwTable, .create, "transit-gateway-route-table", rk, "on \(t.name)", .createTgwRouteTable(tgw: gk))
                }
            }
            for a in d.children(of: gk, .tgwVPCAttachment) {
                guard case .tgwVPCAttachment(_, let vpc, let subnets, _, _) = a.properties else { continue }
                let ak = a.key
                if o.tgwAttachments[ak] != nil { continue }
                if let id = a.adoptedID {
                    report(PlanRules.adoptedMissing, "\(ak): adopted transit gateway attachment \(id) was not found", key: ak)
                    continue
                }
                add(.tgwAttachment, .create, "transit-gateway-vpc-attachment", ak, "\(name(vpc)) in \(subnets.map(name).joined(separator: ", "))",
                    .createTgwVpcAttachment(tgw: gk, vpc: vpc, subnets: subnets))
            }
        }
    }

    // MARK: Strays

    mutating func strays() {
        for s in o.strays.sorted(by: { ($0.kind, $0.key) > ($1.kind, $1.key) }) {
            let outage: ChangeOutage = s.kind == .vpnConnection ? .bothTunnelsDown(connection: name(s.key)) : .inPlace
            add(.stray, .delete, s.kind.rawValue, s.key, "\(s.id): \(s.reason)", .delete(OwnedResource(kind: s.kind, key: s.key, id: s.id)), outage: outage)
        }
    }
}

extension PlanBuilder {
    /// Direct Connect rides on a physical connection the customer orders; apply creates none of
    /// it and says so for each resource (the Terraform render holds them).
    mutating func directConnect() {
        for r in d.resources where r.kind.isDirectConnect && r.kind != .tgwDXAttachment {
            report(PlanRules.notApplied, "\(r.key): Direct Connect resources are not applied (a virtual interface needs a physical Direct Connect connection); create them with the Terraform render or the Direct Connect API", key: r.key)
        }
    }
}
