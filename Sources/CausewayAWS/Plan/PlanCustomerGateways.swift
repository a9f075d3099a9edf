import CausewayCore

/// Customer gateways, and the changes that move a VPN connection to another one.
extension PlanBuilder {
    /// A customer gateway takes its IP and ASN only at creation (EC2 API reference,
    /// CreateCustomerGateway; there is no Modify call). A changed one is replaced: a new gateway is
    /// created, its connections move to it with ModifyVpnConnection (Site-to-Site VPN User Guide,
    /// "Change the customer gateway of a Site-to-Site VPN connection"), and the old one is deleted.
    mutating func customerGateways() {
        for c in d.all(.customerGateway) {
            guard case .customerGateway(let ip, let asn, let deviceName) = c.properties else { continue }
            let ck = c.key
            if let oc = o.customerGateways[ck] {
                guard !o.adopted.contains(ck) else { continue }
                var changed: [String] = []
                if let ip, let oip = oc.ipAddress, OuterAddress(oip) != ip {  // AWS may print an IPv6 address in another form
                    changed.append("IP \(oip) → \(ip)")
                }
                if let have = oc.bgpAsn, have != Int(asn.value) { changed.append("ASN \(have) → \(asn)") }
                guard !changed.isEmpty, let ip else { continue }
                replacedCustomerGateways[ck] = oc.id
                add(.cgw, .replace, "customer-gateway", ck, "\(changed.joined(separator: ", ")): a customer gateway cannot change, a new one replaces \(oc.id)",
                    .createCustomerGateway(ip: ip.description, asn: Int(asn.value), deviceName: deviceName), outage: .replacement)
                add(.stray, .delete, "customer-gateway", ck, "\(oc.id): replaced", .delete(OwnedResource(kind: .customerGateway, key: ck, id: oc.id)))
            } else if let id = c.adoptedID {
                report(PlanRules.adoptedMissing, "\(ck): adopted customer gateway \(id) was not found", key: ck)
            } else if let ip {
                add(.cgw, .create, "customer-gateway", ck, "\(ip), ASN \(asn)",
                    .createCustomerGateway(ip: ip.description, asn: Int(asn.value), deviceName: deviceName))
            } else {
                report(PlanRules.missingValue, "\(ck): no public IP (give the customer gateway `ip:` or its site's gateway `public_ip:`)", key: ck)
            }
        }
    }

    /// An existing connection whose customer gateway is replaced, or which the topology ends on
    /// another customer gateway, moves with ModifyVpnConnection: AWS keeps the tunnels' outside
    /// addresses and options, and both tunnels are down while it provisions new endpoints
    /// ("Tunnel endpoint replacements", "Customer initiated endpoint replacements"). The customer
    /// side holds the gateway's address and ASN, so its files are rendered again.
    mutating func moveIfNeeded(_ ck: String, connection: String, cgw: String, have: String?) {
        let replaced = replacedCustomerGateways[cgw] != nil
        guard let have, replaced || ids[cgw] != have else { return }
        let why = replaced ? "customer gateway \(name(cgw)) replaced" : "moved to customer gateway \(name(cgw)) from \(have)"
        add(.vpn, .update, "vpn-connection", ck, "\(why) (ModifyVpnConnection; outside addresses and tunnel options stay)",
            .moveVpnConnection(vpn: ck, customerGateway: cgw), outage: .bothTunnelsDown(connection: connection))
        reRender.append(ReRender(connection: connection, customerGateway: name(cgw), reason: why))
    }

    /// An existing connection the topology ends on another virtual private gateway or transit
    /// gateway (one that exists, or one this plan creates) moves with ModifyVpnConnection
    /// (EC2 API reference, ModifyVpnConnection: VGW → VGW, VGW → TGW, TGW → TGW, TGW → VGW; the
    /// new gateway must exist first). AWS keeps the outside addresses and tunnel options; both
    /// tunnels are down while it moves ("Tunnel endpoint replacements"). A static connection
    /// leaving a virtual private gateway for a transit gateway has its VPN static routes deleted
    /// first (the API reference: "You must delete the static routes before you migrate"); on the
    /// transit gateway the topology's TGW routes to the attachment replace them. The customer
    /// side peers with the gateway's ASN: its files are rendered again when that changes.
    mutating func moveTargetIfNeeded(_ ck: String, connection: String, _ c: AWSVPNConnection, _ oc: VpnConnection, target: RouteTargetKey) {
        guard let have = oc.vpnGatewayId ?? oc.transitGatewayId, ids[target.key] != have else { return }
        if c.onTransitGateway, oc.vpnGatewayId != nil, oc.staticRoutesOnly == true {
            for p in oc.routes.filter({ !["deleted", "deleting"].contains($0.state ?? "") }).map(\.destinationCidrBlock).sorted() {
                // The tunnels stay up; traffic to the prefix stops here, and the move that follows
                // takes both tunnels down anyway (counted once, on the move).
                add(.vpn, .delete, "vpn-connection-route", LogicalKey.route(ck, p),
                    "before the move to a transit gateway (AWS requires it); traffic to \(p) stops until the move and its TGW routes are done",
                    .deleteVpnRoute(vpn: ck, destination: p))
            }
        }
        let from = oc.vpnGatewayId.map { "virtual private gateway \($0)" } ?? "transit gateway \(have)"
        add(.vpn, .update, "vpn-connection", ck, "moved from \(from) to \(name(target.key)) (ModifyVpnConnection; outside addresses and tunnel options stay)",
            .moveVpnTarget(vpn: ck, target: target, attachment: c.onTransitGateway ? c.attachment : nil), outage: .bothTunnelsDown(connection: connection))
        let oldASN = (o.vpnGateways.values.first { $0.id == have }?.amazonSideAsn) ?? (o.transitGateways.values.first { $0.id == have }?.amazonSideAsn)
        let newASN: ASN? = switch d[target.key]?.properties {
        case .vpnGateway(let asn)?: asn
        case .transitGateway(let options)?: options.asn
        default: nil
        }
        if c.routing == .bgp, let newASN, oldASN.map({ UInt32(exactly: $0) != newASN.value }) ?? true {
            reRender.append(ReRender(connection: connection, customerGateway: name(c.customerGateway),
                                     reason: "moved to \(name(target.key)), Amazon side ASN \(oldASN.map(String.init) ?? "?") → \(newASN)"))
        }
    }

    /// A tunnel's key or inside CIDR changes: the customer side holds both.
    mutating func reRenderIfNeeded(connection: String, cgw: String, tunnel: Int, differences: [String]) {
        let held = differences.filter { ["pre-shared key", "inside CIDR"].contains($0) }
        guard !held.isEmpty else { return }
        reRender.append(ReRender(connection: connection, customerGateway: name(cgw), reason: "tunnel \(tunnel): \(held.joined(separator: ", "))"))
    }

    /// The traffic selectors, compared where AWS reported them, change with
    /// ModifyVpnConnectionOptions ("Modify Site-to-Site VPN connection options"): AWS keeps the
    /// outside addresses and tunnel options, and both tunnels are down while it provisions new
    /// endpoints ("Tunnel endpoint replacements").
    mutating func trafficSelectors(_ ck: String, connection: String, _ c: AWSVPNConnection, _ have: VpnConnectionOptions) {
        let want = (c.localNetworkCIDR.description, c.remoteNetworkCIDR.description)
        let changed = [("local", want.0, have.localIpv4NetworkCidr), ("remote", want.1, have.remoteIpv4NetworkCidr)]
            .filter { $0.2 != nil && $0.2 != $0.1 }
        guard !changed.isEmpty else { return }
        add(.vpn, .update, "vpn-connection-options", ck, changed.map { "\($0.0) network \($0.2 ?? "") → \($0.1)" }.joined(separator: ", "),
            .modifyTrafficSelectors(vpn: ck, local: want.0, remote: want.1), outage: .bothTunnelsDown(connection: connection))
    }
}
