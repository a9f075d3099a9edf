import CausewayCore

/// The names, ASNs and advertisements the converger resolves from the topology itself. Each
/// is one function here so a resolve stage can replace it; the behaviour is today's, including
/// where the three customer-side ASNs below disagree.
extension Converger {
    /// The ASN of the connection's VGW or TGW; nil when it is not in the topology.
    func awsASN(_ c: VPNConnection) -> ASN? {
        switch c.gateway {
        case .vpnGateway(let n): return t.vpnGateway(n)?.asn
        case .transitGateway(let n): return t.transitGateway(n)?.asn
        }
    }

    /// The customer ASN AWS expects on a BGP session: the customer gateway's (65000 unset).
    func sessionCustomerASN(_ cgw: CustomerGateway?) -> ASN { cgw?.asn ?? ASN(65000) }

    /// The ASN a device's advertisements carry: the device's, else the customer gateway's.
    func advertisingASN(_ d: GatewayDevice, _ c: VPNConnection) -> ASN {
        d.asn ?? t.customerGateway(c.customerGateway)?.asn ?? ASN(65000)
    }

    /// The ASN a device drops received paths containing (eBGP loop prevention): its own.
    func receivingASN(_ d: GatewayDevice) -> ASN { d.asn ?? ASN(65000) }

    /// The site and device at the customer end of a connection.
    func device(of c: VPNConnection) -> (Site, GatewayDevice)? {
        guard let s = t.site(of: c), let d = s.gateway else { return nil }
        return (s, d)
    }

    /// A VPC route's `vgw` target: the named VGW, or for a bare `vgw` the one attached to the
    /// VPC, else the only one.
    func resolveVGW(_ name: String, vpc: VPC) -> VirtualPrivateGateway? {
        if !name.isEmpty { return t.vpnGateway(name) }
        return t.vpnGateways.first { $0.attachedTo == vpc.name } ?? (t.vpnGateways.count == 1 ? t.vpnGateways[0] : nil)
    }

    /// A VPC route's `tgw` target: the named TGW, or for a bare `tgw` the one the VPC is
    /// attached to, else the only one.
    func resolveTGW(_ name: String, vpc: VPC) -> TransitGateway? {
        if !name.isEmpty { return t.transitGateway(name) }
        return t.transitGateways.first { $0.attachment(forVPC: vpc.name) != nil } ?? (t.transitGateways.count == 1 ? t.transitGateways[0] : nil)
    }

    /// VPCs whose route tables name this VGW (propagation or a route target).
    func vpcsReferencing(_ vgw: String) -> [VPCIndex] {
        var out: [VPCIndex] = []
        for (vi, v) in t.vpcs.enumerated() {
            let refers = v.routeTables.contains { rt in
                rt.propagations.contains(vgw) || rt.routes.contains { r in
                    if case .vpnGateway(let n) = r.target { return n == vgw || (n.isEmpty && t.vpnGateways.count == 1) }
                    return false
                }
            } || t.vpnGateway(vgw)?.attachedTo == v.name
            if refers { out.append(VPCIndex(vi)) }
        }
        return out
    }

    /// Prefixes the AWS side of a connection offers the customer gateway: for a VGW its VPC's
    /// CIDRs, for a TGW the selected routes of the table associated with the VPN attachment
    /// (except those leading back into this connection, and blackholes, which AWS does not
    /// advertise over BGP). Inactive = would be offered, but cannot (reason).
    func awsRoutes(_ c: VPNConnection) -> [SimRoute] {
        let ci = connIndex[c.name]!
        var out: [SimRoute] = []
        switch c.gateway {
        case .vpnGateway(let n):
            guard let g = t.vpnGateway(n) else { return [] }
            if let attached = vgwAttached[n] {
                for p in t.vpcs[attached.int].cidrs {
                    var r = SimRoute(p, .bgp, .vpnGateway(n))
                    r.asPath = [g.asn]
                    out.append(r)
                }
            } else {
                for vi in vpcsReferencing(n) {
                    for p in t.vpcs[vi.int].cidrs {
                        var r = SimRoute(p, .bgp, .vpnGateway(n)).inactive(.vgwNotAttached, "vgw:\(n) is not attached to VPC \(t.vpcs[vi.int].name)")
                        r.asPath = [g.asn]
                        out.append(r)
                    }
                }
            }
        case .transitGateway(let n):
            guard let g = t.transitGateway(n), let node = f.conns[ci].awsNode else { return [] }
            let att = g.attachment(forVPN: c.name)?.name
            var last: IPv4Prefix?
            for r in f.nodes[node].table.routes where r.selected && r.state == .active && r.destination != last {
                last = r.destination
                if case .tunnel(let tr) = r.nextHop, tr.connection == c.name { continue }
                if case .attachment(let a) = r.nextHop, a == att { continue }
                var o = SimRoute(r.destination, .bgp, .transitGateway(n))
                o.asPath = [g.asn] + (r.asPath ?? [])
                out.append(o)
            }
        }
        return out
    }
}
