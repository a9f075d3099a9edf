import CausewayCore

/// The planner's second half: VPN connections, then what links resources already planned
/// (VPC routes, VGW propagation, TGW associations, propagations and routes).
extension PlanBuilder {
    // MARK: VPN connections

    mutating func vpnConnections() {
        for r in d.all(.vpnConnection) {
            guard case .vpnConnection(let c) = r.properties else { continue }
            let ck = r.key
            let cgw = c.customerGateway
            let target: RouteTargetKey = c.onTransitGateway ? .transitGateway(c.gatewayKey) : .gateway(c.gatewayKey)
            let attachment = c.attachment
            let tunnels = c.tunnels.map { PlanDiff.desiredOptions($0, key: secrets["\(r.name)/\($0.index)"]) }
            if let oc = o.vpnConnections[ck] {
                if !o.adopted.contains(ck) {
                    checkImmutable(ck, c, oc)
                    moveTargetIfNeeded(ck, connection: r.name, c, oc, target: target)
                    moveIfNeeded(ck, connection: r.name, cgw: cgw, have: oc.customerGatewayId)
                    trafficSelectors(ck, connection: r.name, c, oc.options)
                    for (i, want) in tunnels.enumerated() where i < oc.tunnelOptions.count {
                        let have = oc.tunnelOptions[i]
                        let want = PlanDiff.switchingOff(want, have)
                        let diffs = PlanDiff.differences(want, have)
                        guard !diffs.isEmpty else { continue }
                        guard let outside = have.outsideIpAddress ?? (i < oc.telemetry.count ? oc.telemetry[i].outsideIpAddress : nil) else {
                            report(PlanRules.notApplied, "\(ck)/\(i + 1): differs (\(diffs.joined(separator: ", "))) but AWS gave no outside address to name the tunnel by", key: ck)
                            continue
                        }
                        // ModifyVpnTunnelOptions changes one tunnel per call; apply waits for the
                        // connection to be available again before the next, so the other tunnel
                        // carries traffic meanwhile.
                        add(.vpn, .update, "vpn-tunnel-options", "\(ck)/tunnel/\(i + 1)", diffs.joined(separator: ", "),
                            .modifyTunnel(vpn: ck, outsideIP: outside, options: want), outage: .oneTunnelDown(connection: r.name, tunnel: i + 1))
                        reRenderIfNeeded(connection: r.name, cgw: cgw, tunnel: i + 1, differences: diffs)
                    }
                }
            } else if let id = r.adoptedID {
                report(PlanRules.adoptedMissing, "\(ck): adopted VPN connection \(id) was not found", key: ck)
                continue
            } else {
                add(.vpn, .create, "vpn-connection", ck, "\(c.routing == .static ? "static" : "BGP") to \(c.gateway), customer gateway \(name(cgw))",
                    .createVpnConnection(customerGateway: cgw, target: target, staticRoutesOnly: c.routing == .static,
                                         options: PlanDiff.desiredOptions(c), tunnels: tunnels, attachment: attachment))
            }
            guard c.routing == .static else { continue }
            if c.onTransitGateway {
                // CreateVpnConnectionRoute serves VGW connections only (the description has no
                // VPN connection routes for a TGW connection).
                if !c.staticRoutes.isEmpty {
                    report(PlanRules.notApplied, "\(ck): static routes \(c.staticRoutes.map(\.description).joined(separator: ", ")) of a transit gateway connection are TGW routes to its attachment; they are not VPN connection routes", key: ck)
                }
                continue
            }
            let have = Set((o.vpnConnections[ck]?.routes ?? []).filter { !["deleted", "deleting"].contains($0.state ?? "") }.map(\.destinationCidrBlock))
            var want = Set<String>()
            for route in d.children(of: ck, .vpnConnectionRoute) {
                guard case .vpnConnectionRoute(_, let p) = route.properties else { continue }
                want.insert(p.description)
                if have.contains(p.description) { continue }
                add(.vpn, .create, "vpn-connection-route", route.key, "", .createVpnRoute(vpn: ck, destination: p.description))
            }
            if !o.adopted.contains(ck) {
                for p in have.sorted() where !want.contains(p) {
                    add(.vpn, .delete, "vpn-connection-route", LogicalKey.route(ck, p), "not in the topology", .deleteVpnRoute(vpn: ck, destination: p))
                }
            }
        }
    }

    mutating func checkImmutable(_ ck: String, _ c: AWSVPNConnection, _ oc: VpnConnection) {
        if let staticOnly = oc.staticRoutesOnly, staticOnly != (c.routing == .static) {
            report(PlanRules.immutableChanged, "\(ck): the connection is \(staticOnly ? "static" : "BGP"), the topology asks for \(c.routing.rawValue); the routing type cannot change", key: ck)
        }
        vpnOptions(ck, c.options, oc.options)
    }

    /// The connection options, compared only where AWS reported them: acceleration and the outer
    /// address type are fixed at creation (accelerated-vpn.html: "You can't enable or disable
    /// acceleration for an existing Site-to-Site VPN connection"); the bandwidth is changed by
    /// ModifyVpnConnectionOptions, which apply does not issue.
    mutating func vpnOptions(_ ck: String, _ want: VPNConnectionOptions, _ have: VpnConnectionOptions) {
        if let h = have.enableAcceleration, h != want.enableAcceleration {
            report(PlanRules.immutableChanged, "\(ck): the connection is \(h ? "" : "not ")accelerated, the topology asks for enable_acceleration: \(want.enableAcceleration); acceleration is fixed at creation (destroy the connection first)", key: ck)
        }
        if let h = have.outsideIpAddressType, h.lowercased() != want.outsideIPAddressType.rawValue.lowercased() {
            report(PlanRules.immutableChanged, "\(ck): the connection's outside addresses are \(h), the topology asks for \(want.outsideIPAddressType.rawValue); the outer address type is fixed at creation", key: ck)
        }
        if let h = have.tunnelBandwidth, h.lowercased() != want.tunnelBandwidth.rawValue {
            report(PlanRules.notApplied, "\(ck): the tunnels are \(h), the topology asks for \(want.tunnelBandwidth.rawValue); apply does not call ModifyVpnConnectionOptions (it interrupts both tunnels): change it in the console or with the CLI", key: ck)
        }
    }

    // MARK: VPC routes and VGW propagation

    mutating func vpcRoutes() {
        for r in d.all(.routeTable) {
            let rk = r.key
            let table = o.routeTables[rk]
            var wanted = Set<String>()
            for res in d.children(of: rk, .route) {
                guard case .route(let route) = res.properties else { continue }
                let target: RouteTargetKey
                guard route.unresolved == nil, let targetKey = route.targetKey else {
                    if route.unresolved != nil {
                        report(PlanRules.missingValue, "\(rk): route \(route.destination) → \(route.written) names no gateway of the topology", key: res.key)
                    } else {
                        report(PlanRules.notApplied, "\(rk): route \(route.destination) → \(route.written) is not applied (NAT gateways, instances and peerings are not managed yet)", key: res.key)
                    }
                    continue
                }
                let resolved = route.target
                switch resolved {
                case .transitGateway: target = .transitGateway(targetKey)
                case .natGateway:
                    report(PlanRules.notApplied, "\(rk): route \(route.destination) → \(route.written) is not applied (NAT gateways, instances and peerings are not managed yet)", key: res.key)
                    continue
                default: target = .gateway(targetKey)
                }
                let dest = route.destination.description
                wanted.insert(dest)
                guard known(target.key) else {
                    report(PlanRules.missingValue, "\(rk): route \(dest) → \(resolved): the topology has no such gateway to create", key: res.key)
                    continue
                }
                let key = res.key
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
                    add(.vpcRoute, .delete, "route", LogicalKey.route(rk, dest), "not in the topology", .deleteRoute(table: rk, destination: dest))
                }
            }
            var wantedVGWs = Set<String>()
            for p in d.children(of: rk, .vgwPropagation) {
                guard case .vgwPropagation(_, let gk) = p.properties else { continue }
                let g = p.name
                if let id = ids[gk] { wantedVGWs.insert(id) }
                if let id = ids[gk], table?.propagatingGateways.contains(id) == true { continue }
                add(.propagation, .enable, "vgw-route-propagation", p.key, "from \(g)",
                    .enableVgwPropagation(table: rk, vgw: gk))
            }
            if let table, !o.adopted.contains(rk) {
                for id in table.propagatingGateways where !wantedVGWs.contains(id) {
                    add(.propagation, .disable, "vgw-route-propagation", LogicalKey.propagation(rk, id), "not in the topology",
                        .disableVgwPropagation(table: rk, vgwID: id))
                }
            }
        }
    }

    // MARK: TGW associations, propagations, routes

    mutating func tgwLinks() {
        for g in d.all(.transitGateway) {
            let tables = d.children(of: g.key, .tgwRouteTable)
            // In attachment order: an attachment's association leaves the default table first.
            let associations = tables.flatMap { d.children(of: $0.key, .tgwAssociation) }.compactMap { a -> (AWSResource, String, String, Int)? in
                guard case .tgwAssociation(let rk, let ak, _, _) = a.properties, let i = d.position(of: ak) else { return nil }
                return (a, rk, ak, i)
            }.sorted { $0.3 < $1.3 }
            for (a, rk, ak, _) in associations {
                if d[ak]?.kind == .tgwDXAttachment {
                    // AWS associates it by itself with default association on.
                    if case .tgwAssociation(_, _, true, _) = a.properties { continue }
                    report(PlanRules.notApplied, "\(a.key): the association of Direct Connect gateway attachment \(name(ak)) with \(name(rk)) is not applied (Direct Connect is not applied; see the Terraform render)", key: a.key)
                    continue
                }
                if let id = ids[ak], o.tgwAssociations[rk]?.contains(id) == true { continue }
                add(.tgwLink, .associate, "transit-gateway-association", a.key, "\(a.name) with \(name(rk))",
                    .associateTgw(table: rk, attachment: ak))
            }
            for r in tables { tgwTableLinks(r) }
        }
    }

    mutating func tgwTableLinks(_ r: AWSResource) {
        let rk = r.key
        var wantedIDs = Set<String>()
        for p in d.children(of: rk, .tgwPropagation) {
            guard case .tgwPropagation(_, let ak, let automatic) = p.properties else { continue }
            if d[ak]?.kind == .tgwDXAttachment {
                if automatic { continue }
                report(PlanRules.notApplied, "\(p.key): propagation from Direct Connect gateway attachment \(name(ak)) into \(r.name) is not applied (Direct Connect is not applied; see the Terraform render)", key: p.key)
                continue
            }
            if let id = ids[ak] { wantedIDs.insert(id) }
            if let id = ids[ak], o.tgwPropagations[rk]?.contains(id) == true { continue }
            add(.tgwLink, .enable, "transit-gateway-propagation", p.key, "\(p.name) into \(r.name)",
                .enableTgwPropagation(table: rk, attachment: ak))
        }
        let owned = o.tgwRouteTables[rk] != nil && !o.adopted.contains(rk)
        if owned {
            for id in o.tgwPropagations[rk] ?? [] where !wantedIDs.contains(id) {
                add(.tgwLink, .disable, "transit-gateway-propagation", LogicalKey.propagation(rk, id), "not in the topology",
                    .disableTgwPropagation(table: rk, attachmentID: id))
            }
        }
        let have = o.tgwRoutes[rk] ?? []
        var wanted = Set<String>()
        for route in d.children(of: rk, .tgwRoute) {
            guard case .tgwRoute(_, let destination, let ak) = route.properties else { continue }
            let dest = destination.description
            wanted.insert(dest)
            if let ak, d[ak]?.kind == .tgwDXAttachment {
                report(PlanRules.notApplied, "\(route.key): route \(destination) to Direct Connect gateway attachment \(name(ak)) is not applied (Direct Connect is not applied; see the Terraform render)", key: route.key)
                continue
            }
            let detail = ak.map { "→ \(name($0))" } ?? "blackhole"
            let key = route.key
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
                add(.tgwLink, .delete, "transit-gateway-route", LogicalKey.route(rk, h.destinationCidrBlock), "not in the topology",
                    .deleteTgwRoute(table: rk, destination: h.destinationCidrBlock))
            }
        }
    }
}
