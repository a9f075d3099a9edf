import CausewayCore

/// Compares a topology with what exists (`ObservedState`) and lists the steps that make AWS
/// match it, in dependency order. Pure: no calls, so it is tested without an endpoint.
///
/// Order (the S1 "six steps", then the transit gateway side as S4 did it): VPCs, internet
/// gateways, subnets, route tables and subnet associations; virtual private gateways and their
/// attachment; customer gateways; transit gateways, their route tables and VPC attachments; VPN
/// connections (a connection to a TGW brings its own attachment) and their static routes; VPC
/// routes; VGW route propagation; TGW associations (leaving the default table first),
/// propagations and routes; last, deletion of tagged resources the topology no longer has.
public struct Planner: Sendable {
    public let topology: Topology
    public let observed: ObservedState
    /// Pre-shared keys by `connection/tunnel`, where the topology gives them.
    public let secrets: [String: PreSharedKey]

    public init(topology: Topology, observed: ObservedState, secrets: [String: PreSharedKey] = [:]) {
        self.topology = topology
        self.observed = observed
        self.secrets = secrets
    }

    public func plan() -> Plan {
        var b = Builder(t: topology, o: observed, secrets: secrets)
        b.vpcs()
        b.gateways()
        b.transitGateways()
        b.vpnConnections()
        b.vpcRoutes()
        b.tgwLinks()
        b.strays()
        var p = Plan(topology: topology.name, region: topology.region)
        p.steps = b.phases.flatMap { $0 }
        p.conflicts = b.conflicts
        p.notes = b.notes
        p.existing = observed.ids
        return p
    }
}

private struct Builder {
    let t: Topology
    let o: ObservedState
    let secrets: [String: PreSharedKey]
    let ids: [String: String]
    var phases: [[PlanStep]] = Array(repeating: [], count: 14)
    var conflicts: [Diagnostic] = []
    var notes: [Diagnostic] = []

    init(t: Topology, o: ObservedState, secrets: [String: PreSharedKey]) {
        self.t = t
        self.o = o
        self.secrets = secrets
        ids = o.ids
    }

    enum Phase: Int {
        case vpc, igw, subnet, routeTable, vgw, cgw, tgw, tgwTable, tgwAttachment, vpn, vpcRoute, propagation, tgwLink, stray
    }

    mutating func add(_ phase: Phase, _ action: PlanStep.Action, _ resource: String, _ key: String, _ detail: String, _ op: Operation) {
        phases[phase.rawValue].append(PlanStep(action: action, resource: resource, key: key, detail: detail, operation: op))
    }

    /// A conflict (`rule` an error) or a note about the topology node at `path`.
    mutating func report(_ rule: Rule, _ message: String, at path: String) {
        let d = Diagnostic(rule, message, at: t.locate(path))
        if d.severity == .error { conflicts.append(d) } else { notes.append(d) }
    }

    /// A resource exists or a step earlier in the plan creates it.
    func known(_ key: String) -> Bool {
        ids[key] != nil || phases.joined().contains { $0.key == key && ($0.action == .create || $0.action == .adopt) }
    }

    // MARK: VPCs, subnets, route tables

    mutating func vpcs() {
        for v in t.vpcs {
            let vk = LogicalKey.vpc(v.name)
            guard let primary = v.cidrs.first else { continue }
            if let ov = o.vpcs[vk] {
                if !o.adopted.contains(vk) && ov.cidrBlock != primary.description {
                    report(PlanRules.immutableChanged, "\(vk): the VPC has CIDR \(ov.cidrBlock), the topology asks for \(primary); a VPC's primary CIDR cannot change (destroy it, or adopt it with `id:`)", at: v.path)
                }
            } else {
                if let id = v.id {
                    report(PlanRules.adoptedMissing, "\(vk): adopted VPC \(id) was not found", at: v.path)
                    continue
                }
                add(.vpc, .create, "vpc", vk, primary.description, .createVpc(cidr: primary.description))
            }
            if v.cidrs.count > 1 {
                report(PlanRules.notApplied, "\(vk): secondary CIDRs \(v.cidrs.dropFirst().map(\.description).joined(separator: ", ")) are not applied (not modelled yet)", at: v.path)
            }
            if v.internetGateway {
                let ik = LogicalKey.internetGateway(v.name)
                let igw = o.internetGateways[ik]
                if igw == nil { add(.igw, .create, "internet-gateway", ik, "for \(v.name)", .createInternetGateway) }
                let vpcID = o.vpcs[vk]?.id
                let attached = igw?.attachments.contains { $0.vpcId == vpcID && ["available", "attached", "attaching"].contains($0.state) } ?? false
                if !attached {
                    add(.igw, .attach, "internet-gateway-attachment", ik + "/attachment", "to \(v.name)", .attachInternetGateway(igw: ik, vpc: vk))
                }
            }
            for s in v.subnets {
                let sk = LogicalKey.subnet(v.name, s.name)
                if let os = o.subnets[sk] {
                    if !o.adopted.contains(sk) {
                        if os.cidrBlock != s.cidr.description {
                            report(PlanRules.immutableChanged, "\(sk): the subnet has CIDR \(os.cidrBlock), the topology asks for \(s.cidr); a subnet cannot change its CIDR", at: s.path)
                        }
                        if let az = s.availabilityZone, let oaz = os.availabilityZone, az != oaz {
                            report(PlanRules.immutableChanged, "\(sk): the subnet is in \(oaz), the topology asks for \(az); a subnet cannot move", at: s.path)
                        }
                    }
                } else if let id = s.id {
                    report(PlanRules.adoptedMissing, "\(sk): adopted subnet \(id) was not found", at: s.path)
                } else {
                    add(.subnet, .create, "subnet", sk, s.cidr.description + (s.availabilityZone.map { " in \($0)" } ?? ""),
                        .createSubnet(vpc: vk, cidr: s.cidr.description, zone: s.availabilityZone))
                }
            }
            for r in v.routeTables {
                let rk = LogicalKey.routeTable(v.name, r.name)
                let table = o.routeTables[rk]
                if table == nil {
                    if let id = r.id {
                        report(PlanRules.adoptedMissing, "\(rk): adopted route table \(id) was not found", at: r.path)
                        continue
                    }
                    if r.main {
                        let id = o.mainRouteTables[vk]?.id
                        add(.routeTable, .adopt, "route-table", rk, "the main route table of \(v.name)" + (id.map { ", \($0)" } ?? ""),
                            .adoptMainRouteTable(vpc: vk))
                    } else {
                        add(.routeTable, .create, "route-table", rk, "in \(v.name)", .createRouteTable(vpc: vk))
                    }
                }
                for sn in r.subnets {
                    let sk = LogicalKey.subnet(v.name, sn)
                    let sid = o.subnets[sk]?.id
                    if sid == nil || !(table?.associations.contains { $0.subnetId == sid } ?? false) {
                        add(.routeTable, .associate, "route-table-association", "\(rk)/association/\(sn)", "subnet \(sn)",
                            .associateSubnet(table: rk, subnet: sk))
                    }
                }
            }
        }
    }

    // MARK: VGWs and customer gateways

    mutating func gateways() {
        for g in t.vpnGateways {
            let gk = LogicalKey.vpnGateway(g.name)
            let og = o.vpnGateways[gk]
            if let og {
                if !o.adopted.contains(gk), let asn = og.amazonSideAsn, asn != Int(g.asn.value) {
                    report(PlanRules.immutableChanged, "\(gk): the gateway has Amazon-side ASN \(asn), the topology asks for \(g.asn); the ASN cannot change", at: g.path)
                }
            } else if let id = g.id {
                report(PlanRules.adoptedMissing, "\(gk): adopted virtual private gateway \(id) was not found", at: g.path)
                continue
            } else {
                add(.vgw, .create, "vpn-gateway", gk, "ASN \(g.asn)", .createVpnGateway(asn: Int(g.asn.value)))
            }
            let live = og?.attachments.filter { ["attached", "attaching"].contains($0.state) } ?? []
            if let vpc = g.attachedTo {
                let vk = LogicalKey.vpc(vpc)
                let vid = o.vpcs[vk]?.id
                if vid == nil || !live.contains(where: { $0.vpcId == vid }) {
                    add(.vgw, .attach, "vpn-gateway-attachment", gk + "/attachment", "to \(vpc)" + (live.isEmpty ? "" : ", leaving \(live.map(\.vpcId).joined(separator: ", "))"),
                        .attachVpnGateway(vgw: gk, vpc: vk))
                }
            } else if !live.isEmpty {
                add(.vgw, .detach, "vpn-gateway-attachment", gk + "/attachment", "from \(live.map(\.vpcId).joined(separator: ", "))", .detachVpnGateway(vgw: gk))
            }
        }
        for c in t.customerGateways {
            let ck = LogicalKey.customerGateway(c.name)
            let ip = c.ipAddress ?? c.site.flatMap { t.site($0)?.gateway?.publicIP }
            if let oc = o.customerGateways[ck] {
                guard !o.adopted.contains(ck) else { continue }
                if let ip, let oip = oc.ipAddress, oip != ip.description {
                    report(PlanRules.immutableChanged, "\(ck): the customer gateway has IP \(oip), the topology asks for \(ip); a customer gateway cannot change its IP (a new one needs a new VPN connection)", at: c.path)
                }
                if let asn = oc.bgpAsn, asn != Int(c.asn.value) {
                    report(PlanRules.immutableChanged, "\(ck): the customer gateway has ASN \(asn), the topology asks for \(c.asn); it cannot change", at: c.path)
                }
            } else if let id = c.id {
                report(PlanRules.adoptedMissing, "\(ck): adopted customer gateway \(id) was not found", at: c.path)
            } else if let ip {
                add(.cgw, .create, "customer-gateway", ck, "\(ip), ASN \(c.asn)",
                    .createCustomerGateway(ip: ip.description, asn: Int(c.asn.value), deviceName: c.deviceName))
            } else {
                report(PlanRules.missingValue, "\(ck): no public IP (give the customer gateway `ip:` or its site's gateway `public_ip:`)", at: c.path)
            }
        }
    }

    // MARK: Transit gateways

    mutating func transitGateways() {
        for g in t.transitGateways {
            let gk = LogicalKey.transitGateway(g.name)
            let og = o.transitGateways[gk]
            if let og {
                if !o.adopted.contains(gk) {
                    if let asn = og.amazonSideAsn, asn != Int(g.asn.value) {
                        report(PlanRules.immutableChanged, "\(gk): the transit gateway has Amazon-side ASN \(asn), the topology asks for \(g.asn); it cannot change", at: g.path)
                    }
                    let want = [("default route table association", g.defaultRouteTableAssociation, og.defaultRouteTableAssociation),
                                ("default route table propagation", g.defaultRouteTablePropagation, og.defaultRouteTablePropagation),
                                ("VPN ECMP support", g.vpnECMP, og.vpnEcmpSupport)]
                    for (name, wanted, have) in want where have != nil && (have == "enable") != wanted {
                        report(PlanRules.notApplied, "\(gk): \(name) is \(have!)d, the topology asks for \(wanted ? "enable" : "disable")d; causeway does not modify transit gateway options yet (ModifyTransitGateway)", at: g.path)
                    }
                }
            } else if let id = g.id {
                report(PlanRules.adoptedMissing, "\(gk): adopted transit gateway \(id) was not found", at: g.path)
                continue
            } else {
                let options = TransitGatewayOptions(amazonSideAsn: Int(g.asn.value), defaultRouteTableAssociation: g.defaultRouteTableAssociation,
                                                    defaultRouteTablePropagation: g.defaultRouteTablePropagation, vpnEcmpSupport: g.vpnECMP)
                add(.tgw, .create, "transit-gateway", gk, "ASN \(g.asn), default association \(g.defaultRouteTableAssociation ? "on" : "off"), default propagation \(g.defaultRouteTablePropagation ? "on" : "off")",
                    .createTransitGateway(options: options))
            }
            for r in g.routeTables {
                let rk = LogicalKey.tgwRouteTable(g.name, r.name)
                guard o.tgwRouteTables[rk] == nil else { continue }
                if let id = r.id {
                    report(PlanRules.adoptedMissing, "\(rk): adopted transit gateway route table \(id) was not found", at: r.path)
                } else if r.isDefault && (g.defaultRouteTableAssociation || g.defaultRouteTablePropagation) {
                    add(.tgwTable, .adopt, "transit-gateway-route-table", rk, "the default route table of \(g.name)", .adoptDefaultTgwRouteTable(tgw: gk))
                } else {
                    add(.tgwTable, .create, "transit-gateway-route-table", rk, "on \(g.name)", .createTgwRouteTable(tgw: gk))
                }
            }
            for a in g.attachments {
                guard case .vpc(let vpc, let subnets) = a.resource else { continue }
                let ak = LogicalKey.tgwAttachment(g.name, a.name)
                if o.tgwAttachments[ak] != nil { continue }
                if let id = a.id {
                    report(PlanRules.adoptedMissing, "\(ak): adopted transit gateway attachment \(id) was not found", at: a.path)
                    continue
                }
                add(.tgwAttachment, .create, "transit-gateway-vpc-attachment", ak, "\(vpc) in \(subnets.joined(separator: ", "))",
                    .createTgwVpcAttachment(tgw: gk, vpc: LogicalKey.vpc(vpc), subnets: subnets.map { LogicalKey.subnet(vpc, $0) }))
            }
        }
    }

    // MARK: VPN connections

    mutating func vpnConnections() {
        for c in t.vpnConnections {
            let ck = LogicalKey.vpnConnection(c.name)
            let cgw = LogicalKey.customerGateway(c.customerGateway)
            let target: RouteTargetKey
            var attachment: String?
            switch c.gateway {
            case .vpnGateway(let n): target = .gateway(LogicalKey.vpnGateway(n))
            case .transitGateway(let n):
                target = .transitGateway(LogicalKey.transitGateway(n))
                attachment = t.transitGateway(n)?.attachment(forVPN: c.name).map { LogicalKey.tgwAttachment(n, $0.name) }
            }
            let tunnels = c.tunnels.sorted { $0.index < $1.index }.map { desiredOptions(c, $0) }
            if let oc = o.vpnConnections[ck] {
                if !o.adopted.contains(ck) {
                    checkImmutable(c, oc, cgw: cgw, target: target)
                    for (i, want) in tunnels.enumerated() where i < oc.tunnelOptions.count {
                        let have = oc.tunnelOptions[i]
                        let diffs = PlanDiff.differences(want, have)
                        guard !diffs.isEmpty else { continue }
                        guard let outside = have.outsideIpAddress ?? (i < oc.telemetry.count ? oc.telemetry[i].outsideIpAddress : nil) else {
                            report(PlanRules.notApplied, "\(ck)/\(i + 1): differs (\(diffs.joined(separator: ", "))) but AWS gave no outside address to name the tunnel by", at: c.path)
                            continue
                        }
                        add(.vpn, .update, "vpn-tunnel-options", "\(ck)/tunnel/\(i + 1)", diffs.joined(separator: ", "),
                            .modifyTunnel(vpn: ck, outsideIP: outside, options: want))
                    }
                }
            } else if let id = c.id {
                report(PlanRules.adoptedMissing, "\(ck): adopted VPN connection \(id) was not found", at: c.path)
                continue
            } else {
                add(.vpn, .create, "vpn-connection", ck, "\(c.routing == .static ? "static" : "BGP") to \(c.gateway), customer gateway \(c.customerGateway)",
                    .createVpnConnection(customerGateway: cgw, target: target, staticRoutesOnly: c.routing == .static,
                                         tunnels: tunnels, attachment: attachment))
            }
            guard c.routing == .static else { continue }
            if case .transitGateway = c.gateway {
                // CreateVpnConnectionRoute serves VGW connections only; a TGW sends traffic to a
                // static VPN through TGW route table routes to its attachment (TGW guide, "Transit
                // gateway route tables").
                if !c.staticRoutes.isEmpty {
                    report(PlanRules.notApplied, "\(ck): static routes \(c.staticRoutes.map(\.description).joined(separator: ", ")) of a transit gateway connection are TGW routes to its attachment; they are not VPN connection routes", at: c.path)
                }
                continue
            }
            let have = Set((o.vpnConnections[ck]?.routes ?? []).filter { !["deleted", "deleting"].contains($0.state ?? "") }.map(\.destinationCidrBlock))
            for p in c.staticRoutes where !have.contains(p.description) {
                add(.vpn, .create, "vpn-connection-route", "\(ck)/route/\(p)", "", .createVpnRoute(vpn: ck, destination: p.description))
            }
            if !o.adopted.contains(ck) {
                let want = Set(c.staticRoutes.map(\.description))
                for p in have.sorted() where !want.contains(p) {
                    add(.vpn, .delete, "vpn-connection-route", "\(ck)/route/\(p)", "not in the topology", .deleteVpnRoute(vpn: ck, destination: p))
                }
            }
        }
    }

    mutating func checkImmutable(_ c: VPNConnection, _ oc: VpnConnection, cgw: String, target: RouteTargetKey) {
        let ck = LogicalKey.vpnConnection(c.name)
        if let want = ids[cgw], let have = oc.customerGatewayId, want != have {
            report(PlanRules.immutableChanged, "\(ck): the connection uses customer gateway \(have), the topology's is \(want); replacing it changes the tunnels' outside addresses (destroy the connection first)", at: c.path)
        }
        let haveTarget = oc.vpnGatewayId ?? oc.transitGatewayId
        if let want = ids[target.key], let haveTarget, want != haveTarget {
            report(PlanRules.immutableChanged, "\(ck): the connection ends on \(haveTarget), the topology asks for \(want); it cannot move", at: c.path)
        }
        if let staticOnly = oc.staticRoutesOnly, staticOnly != (c.routing == .static) {
            report(PlanRules.immutableChanged, "\(ck): the connection is \(staticOnly ? "static" : "BGP"), the topology asks for \(c.routing.rawValue); the routing type cannot change", at: c.path)
        }
    }

    /// The options to send for one tunnel: inside CIDR and key when the topology gives them,
    /// and every option whose value is not AWS's default.
    func desiredOptions(_ c: VPNConnection, _ tunnel: Tunnel) -> VpnTunnelOptions {
        let d = TunnelOptions(), w = tunnel.options
        var v = VpnTunnelOptions()
        v.tunnelInsideCidr = tunnel.insideCIDR?.description
        v.preSharedKey = secrets["\(c.name)/\(tunnel.index)"].map { Secret($0.revealed) }
        if w.ikeVersions != d.ikeVersions { v.ikeVersions = w.ikeVersions.map(\.rawValue) }
        if w.phase1 != d.phase1 {
            v.phase1EncryptionAlgorithms = w.phase1.encryption.map(\.name)
            v.phase1IntegrityAlgorithms = w.phase1.integrity.map(\.name)
            v.phase1DHGroupNumbers = w.phase1.dhGroups
        }
        if w.phase2 != d.phase2 {
            v.phase2EncryptionAlgorithms = w.phase2.encryption.map(\.name)
            v.phase2IntegrityAlgorithms = w.phase2.integrity.map(\.name)
            v.phase2DHGroupNumbers = w.phase2.dhGroups
        }
        if w.phase1Lifetime != d.phase1Lifetime { v.phase1LifetimeSeconds = w.phase1Lifetime }
        if w.phase2Lifetime != d.phase2Lifetime { v.phase2LifetimeSeconds = w.phase2Lifetime }
        if w.rekeyMarginTime != d.rekeyMarginTime { v.rekeyMarginTimeSeconds = w.rekeyMarginTime }
        if w.rekeyFuzz != d.rekeyFuzz { v.rekeyFuzzPercentage = w.rekeyFuzz }
        if w.replayWindow != d.replayWindow { v.replayWindowSize = w.replayWindow }
        if w.dpdTimeout != d.dpdTimeout { v.dpdTimeoutSeconds = w.dpdTimeout }
        if w.dpdTimeoutAction != d.dpdTimeoutAction { v.dpdTimeoutAction = w.dpdTimeoutAction.rawValue }
        if w.startupAction != d.startupAction { v.startupAction = w.startupAction.rawValue }
        return v
    }

    // MARK: VPC routes and VGW propagation

    mutating func vpcRoutes() {
        for v in t.vpcs {
            for r in v.routeTables {
                let rk = LogicalKey.routeTable(v.name, r.name)
                let table = o.routeTables[rk]
                var wanted = Set<String>()
                for route in r.routes {
                    let target: RouteTargetKey
                    guard let resolved = t.resolve(route.target, in: v).target else {
                        report(PlanRules.missingValue, "\(rk): route \(route.destination) → \(route.target) names no gateway of the topology", at: route.path)
                        continue
                    }
                    switch resolved {
                    case .local: continue
                    case .internetGateway: target = .gateway(LogicalKey.internetGateway(v.name))
                    case .vpnGateway(let n): target = .gateway(LogicalKey.vpnGateway(n))
                    case .transitGateway(let n): target = .transitGateway(LogicalKey.transitGateway(n))
                    case .natGateway, .instance, .vpcPeering:
                        report(PlanRules.notApplied, "\(rk): route \(route.destination) → \(route.target) is not applied (NAT gateways, instances and peerings are not managed yet)", at: route.path)
                        continue
                    }
                    let dest = route.destination.description
                    wanted.insert(dest)
                    guard known(target.key) else {
                        report(PlanRules.missingValue, "\(rk): route \(dest) → \(resolved): the topology has no such gateway to create", at: route.path)
                        continue
                    }
                    let key = "\(rk)/route/\(dest)"
                    let detail = "→ \(resolved)"
                    guard let have = table?.routes.first(where: { $0.destinationCidrBlock == dest }) else {
                        add(.vpcRoute, .create, "route", key, detail, .createRoute(table: rk, destination: dest, target: target, replace: false))
                        continue
                    }
                    let wantID = ids[target.key]
                    let haveID: String? = {
                        switch target {
                        case .gateway: have.gatewayId
                        case .transitGateway: have.transitGatewayId
                        }
                    }()
                    if wantID == nil || haveID != wantID {
                        add(.vpcRoute, .update, "route", key, detail + " (now \(have.gatewayId ?? have.transitGatewayId ?? "another target"))",
                            .createRoute(table: rk, destination: dest, target: target, replace: true))
                    }
                }
                if let table, !o.adopted.contains(rk) {
                    for route in table.routes {
                        guard let dest = route.destinationCidrBlock, !wanted.contains(dest), route.gatewayId != "local",
                              route.origin == nil || route.origin == "CreateRoute" else { continue }
                        add(.vpcRoute, .delete, "route", "\(rk)/route/\(dest)", "not in the topology", .deleteRoute(table: rk, destination: dest))
                    }
                }
                var wantedVGWs = Set<String>()
                for g in r.propagations {
                    let gk = LogicalKey.vpnGateway(g)
                    if let id = ids[gk] { wantedVGWs.insert(id) }
                    if let id = ids[gk], table?.propagatingGateways.contains(id) == true { continue }
                    add(.propagation, .enable, "vgw-route-propagation", "\(rk)/propagation/\(g)", "from \(g)",
                        .enableVgwPropagation(table: rk, vgw: gk))
                }
                if let table, !o.adopted.contains(rk) {
                    for id in table.propagatingGateways where !wantedVGWs.contains(id) {
                        add(.propagation, .disable, "vgw-route-propagation", "\(rk)/propagation/\(id)", "not in the topology",
                            .disableVgwPropagation(table: rk, vgwID: id))
                    }
                }
            }
        }
    }

    // MARK: TGW associations, propagations, routes

    mutating func tgwLinks() {
        for g in t.transitGateways {
            for a in g.attachments {
                guard let table = g.associatedTable(of: a.name) else { continue }
                let rk = LogicalKey.tgwRouteTable(g.name, table.name), ak = LogicalKey.tgwAttachment(g.name, a.name)
                if let id = ids[ak], o.tgwAssociations[rk]?.contains(id) == true { continue }
                add(.tgwLink, .associate, "transit-gateway-association", "\(rk)/association/\(a.name)", "\(a.name) with \(table.name)",
                    .associateTgw(table: rk, attachment: ak))
            }
            for r in g.routeTables {
                let rk = LogicalKey.tgwRouteTable(g.name, r.name)
                var propagating = r.propagations
                if r.isDefault && g.defaultRouteTablePropagation {
                    propagating += g.attachments.map(\.name).filter { !propagating.contains($0) }
                }
                var wantedIDs = Set<String>()
                for a in propagating {
                    let ak = LogicalKey.tgwAttachment(g.name, a)
                    if let id = ids[ak] { wantedIDs.insert(id) }
                    if let id = ids[ak], o.tgwPropagations[rk]?.contains(id) == true { continue }
                    add(.tgwLink, .enable, "transit-gateway-propagation", "\(rk)/propagation/\(a)", "\(a) into \(r.name)",
                        .enableTgwPropagation(table: rk, attachment: ak))
                }
                let owned = o.tgwRouteTables[rk] != nil && !o.adopted.contains(rk)
                if owned {
                    for id in o.tgwPropagations[rk] ?? [] where !wantedIDs.contains(id) {
                        add(.tgwLink, .disable, "transit-gateway-propagation", "\(rk)/propagation/\(id)", "not in the topology",
                            .disableTgwPropagation(table: rk, attachmentID: id))
                    }
                }
                let have = o.tgwRoutes[rk] ?? []
                var wanted = Set<String>()
                for route in r.routes {
                    let dest = route.destination.description
                    wanted.insert(dest)
                    let ak = route.attachment.map { LogicalKey.tgwAttachment(g.name, $0) }
                    let detail = route.attachment.map { "→ \($0)" } ?? "blackhole"
                    let key = "\(rk)/route/\(dest)"
                    guard let h = have.first(where: { $0.destinationCidrBlock == dest }) else {
                        add(.tgwLink, .create, "transit-gateway-route", key, detail, .createTgwRoute(table: rk, destination: dest, attachment: ak, replace: false))
                        continue
                    }
                    let matches: Bool
                    if let ak {
                        let haveIDs = h.attachments.compactMap(\.attachmentId)
                        // AWS lists the route's attachment; moto 5.2.1 returns an empty list, and an
                        // active static route with no attachment listed is taken as matching.
                        matches = h.state != "blackhole" && (haveIDs.isEmpty || (ids[ak].map { haveIDs.contains($0) } ?? false))
                    } else {
                        matches = h.state == "blackhole"
                    }
                    if !matches {
                        add(.tgwLink, .replace, "transit-gateway-route", key, detail, .createTgwRoute(table: rk, destination: dest, attachment: ak, replace: true))
                    }
                }
                if owned {
                    for h in have where !wanted.contains(h.destinationCidrBlock) {
                        add(.tgwLink, .delete, "transit-gateway-route", "\(rk)/route/\(h.destinationCidrBlock)", "not in the topology",
                            .deleteTgwRoute(table: rk, destination: h.destinationCidrBlock))
                    }
                }
            }
        }
    }

    // MARK: Strays

    mutating func strays() {
        for s in o.strays.sorted(by: { ($0.kind, $0.key) > ($1.kind, $1.key) }) {
            add(.stray, .delete, s.kind.rawValue, s.key, "\(s.id): \(s.reason)", .delete(OwnedResource(kind: s.kind, key: s.key, id: s.id)))
        }
    }
}

/// Comparisons of desired and observed values.
enum PlanDiff {
    /// Option names that differ, comparing only what AWS reported (an endpoint that reports no
    /// options — moto drops them — shows no difference rather than a perpetual one).
    static func differences(_ want: VpnTunnelOptions, _ have: VpnTunnelOptions) -> [String] {
        var out: [String] = []
        func cmp<T: Equatable>(_ name: String, _ w: T?, _ h: T?) { if let w, let h, w != h { out.append(name) } }
        func set<T: Hashable>(_ name: String, _ w: [T], _ h: [T]) {
            if !w.isEmpty && !h.isEmpty && Set(w) != Set(h) { out.append(name) }
        }
        cmp("inside CIDR", want.tunnelInsideCidr, have.tunnelInsideCidr)
        if let w = want.preSharedKey, let h = have.preSharedKey, w.revealed != h.revealed { out.append("pre-shared key") }
        cmp("phase 1 lifetime", want.phase1LifetimeSeconds, have.phase1LifetimeSeconds)
        cmp("phase 2 lifetime", want.phase2LifetimeSeconds, have.phase2LifetimeSeconds)
        cmp("rekey margin", want.rekeyMarginTimeSeconds, have.rekeyMarginTimeSeconds)
        cmp("rekey fuzz", want.rekeyFuzzPercentage, have.rekeyFuzzPercentage)
        cmp("replay window", want.replayWindowSize, have.replayWindowSize)
        cmp("DPD timeout", want.dpdTimeoutSeconds, have.dpdTimeoutSeconds)
        cmp("DPD timeout action", want.dpdTimeoutAction, have.dpdTimeoutAction)
        cmp("startup action", want.startupAction, have.startupAction)
        set("IKE versions", want.ikeVersions, have.ikeVersions)
        set("phase 1 encryption", want.phase1EncryptionAlgorithms, have.phase1EncryptionAlgorithms)
        set("phase 1 integrity", want.phase1IntegrityAlgorithms, have.phase1IntegrityAlgorithms)
        set("phase 1 DH groups", want.phase1DHGroupNumbers, have.phase1DHGroupNumbers)
        set("phase 2 encryption", want.phase2EncryptionAlgorithms, have.phase2EncryptionAlgorithms)
        set("phase 2 integrity", want.phase2IntegrityAlgorithms, have.phase2IntegrityAlgorithms)
        set("phase 2 DH groups", want.phase2DHGroupNumbers, have.phase2DHGroupNumbers)
        return out
    }

}
