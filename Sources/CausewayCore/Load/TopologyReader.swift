import Yams

/// Reads the top-level sections, then fills in AWS's defaults and the implicit parts
/// (customer-gateway per-tunnel settings, VPN attachments, the default TGW route table).
struct TopologyReader {
    let ctx: LoadContext

    static let sections = ["name", "region", "sites", "vpcs", "vpn_gateways", "transit_gateways",
                           "customer_gateways", "vpn_connections", "prefix_lists", "vpc_peerings", "transit_gateway_peerings",
                           "dx_gateways", "virtual_interfaces", "health_checks", "health_check_sources", "file_systems", "eks_clusters", "dns", "client_vpn_endpoints", "expect"]

    func read(_ root: Node, defaultName: String) -> Topology? {
        guard let top = MappingReader(root, path: "", ctx: ctx, what: "the topology") else { return nil }
        var t = Topology(name: top.string("name") ?? defaultName, region: top.string("region") ?? "us-east-1", sourceMap: ctx.sourceMap)
        t.accountID = top.take("account_id").flatMap { accountID($0, "account_id") }
        t.sites = ctx.named(top.take("sites"), "sites", what: "site") { readSite($0, $1, $2) }
        t.vpcs = ctx.named(top.take("vpcs"), "vpcs", what: "VPC") { readVPC($0, $1, $2) }
        t.vpnGateways = ctx.named(top.take("vpn_gateways"), "vpn_gateways", what: "virtual private gateway") { readVGW($0, $1, $2) }
        t.transitGateways = ctx.named(top.take("transit_gateways"), "transit_gateways", what: "transit gateway") { readTGW($0, $1, $2) }
        t.customerGateways = ctx.named(top.take("customer_gateways"), "customer_gateways", what: "customer gateway") { readCGW($0, $1, $2) }
        t.vpnConnections = ctx.named(top.take("vpn_connections"), "vpn_connections", what: "VPN connection") { readVPN($0, $1, $2) }
        t.prefixLists = ctx.named(top.take("prefix_lists"), "prefix_lists", what: "prefix list") { readPrefixList($0, $1, $2) }
        t.vpcPeerings = ctx.named(top.take("vpc_peerings"), "vpc_peerings", what: "VPC peering") { readVPCPeering($0, $1, $2) }
        t.transitGatewayPeerings = ctx.named(top.take("transit_gateway_peerings"), "transit_gateway_peerings", what: "transit gateway peering") { readTGWPeering($0, $1, $2) }
        t.dxGateways = ctx.named(top.take("dx_gateways"), "dx_gateways", what: "Direct Connect gateway") { readDXGateway($0, $1, $2) }
        t.virtualInterfaces = ctx.named(top.take("virtual_interfaces"), "virtual_interfaces", what: "virtual interface") { readVirtualInterface($0, $1, $2) }
        if let n = top.take("dns") { t.dns = readDNS(n, "dns") }
        t.healthChecks = ctx.named(top.take("health_checks"), "health_checks", what: "health check") { readHealthCheck($0, $1, $2) }
        t.healthCheckSources = ctx.named(top.take("health_check_sources"), "health_check_sources", what: "health check source") { readHealthCheckSource($0, $1, $2) }
        t.fileSystems = ctx.named(top.take("file_systems"), "file_systems", what: "file system") { readFileSystem($0, $1, $2) }
        t.eksClusters = ctx.named(top.take("eks_clusters"), "eks_clusters", what: "EKS cluster") { readEKSCluster($0, $1, $2) }
        t.clientVPNEndpoints = ctx.named(top.take("client_vpn_endpoints"), "client_vpn_endpoints", what: "Client VPN endpoint") { readClientVPNEndpoint($0, $1, $2) }
        if let old = top.take("client_vpn") {
            ctx.report(LoadRules.unknownKey, "`client_vpn` is now `client_vpn_endpoints`: a mapping of endpoint names to their settings (docs/topology.md)", at: old)
        }
        let expect = top.take("expect")
        top.finish(what: "the topology (sections: \(Self.sections.joined(separator: ", ")))")
        uniqueNames(t)
        normalise(&t)
        if let expect { t.intents = readIntents(expect, "expect", in: t) }
        t.sourceMap = ctx.sourceMap
        return t
    }

    /// Names must be unique across AWS resources that routes and attachments refer to by name.
    func uniqueNames(_ t: Topology) {
        var seen: [String: String] = [:]
        func claim(_ name: String, _ kind: String, _ path: String) {
            if let other = seen[name], other != kind {
                ctx.report(LoadRules.invalidValue, "the name `\(name)` is used for a \(other) and a \(kind); give each its own name", path: path)
            }
            seen[name] = kind
        }
        for g in t.vpnGateways { claim(g.name, "virtual private gateway", g.path) }
        for g in t.transitGateways { claim(g.name, "transit gateway", g.path) }
    }

    // MARK: defaults and implicit parts

    func normalise(_ t: inout Topology) {
        // Customer gateways named after a site, when the file has none for it.
        for c in t.vpnConnections where t.customerGateway(c.customerGateway) == nil {
            if let site = t.site(c.customerGateway), let dev = site.gateway {
                var cgw = CustomerGateway(name: site.name, path: site.path, asn: dev.asn ?? ASN(65000))
                cgw.site = site.name
                cgw.ipAddress = dev.publicIP
                t.customerGateways.append(cgw)
            }
        }
        // A customer gateway of a site takes the device's IP and ASN unless given.
        for i in t.customerGateways.indices {
            guard let s = t.customerGateways[i].site, let dev = t.site(s)?.gateway else { continue }
            if t.customerGateways[i].ipAddress == nil { t.customerGateways[i].ipAddress = dev.publicIP }
            if !ctx.sourceMap.isWritten("\(t.customerGateways[i].path).asn"), let a = dev.asn { t.customerGateways[i].asn = a }
        }
        addPeeringAttachments(&t)
        // Each transit gateway: an attachment per VPN connection, the default table.
        for gi in t.transitGateways.indices {
            let name = t.transitGateways[gi].name
            for c in t.vpnConnections where c.gateway == .transitGateway(name) {
                if t.transitGateways[gi].attachment(forVPN: c.name) == nil {
                    var a = TransitGatewayAttachment(name: c.name, path: c.path, resource: .vpn(c.name))
                    a.implicit = true
                    t.transitGateways[gi].attachments.append(a)
                }
            }
            // A Direct Connect gateway associated with the TGW appears as its attachment.
            for d in t.dxGateways where d.association(transitGateway: name) != nil {
                if t.transitGateways[gi].attachment(forDXGateway: d.name) == nil {
                    var a = TransitGatewayAttachment(name: d.name, path: d.association(transitGateway: name)?.path ?? d.path, resource: .directConnectGateway(d.name))
                    a.implicit = true
                    t.transitGateways[gi].attachments.append(a)
                }
            }
            var g = t.transitGateways[gi]
            if (g.defaultRouteTableAssociation || g.defaultRouteTablePropagation) && g.defaultRouteTable == nil {
                var rt = TransitGatewayRouteTable(name: "default", path: g.path)
                rt.isDefault = true
                g.routeTables.insert(rt, at: 0)
            }
            if g.defaultRouteTablePropagation, let di = g.routeTables.firstIndex(where: \.isDefault) {
                for a in g.attachments where !g.routeTables[di].propagations.contains(a.name) && !a.isPeering {
                    g.routeTables[di].propagations.append(a.name)
                }
            }
            t.transitGateways[gi] = g
        }
        // Device per-tunnel settings, one per tunnel of each of the site's connections.
        for si in t.sites.indices {
            guard var dev = t.sites[si].gateway else { continue }
            let site = t.sites[si]
            if dev.advertise.isEmpty { dev.advertise = site.cidrs }
            let conns = t.connections(of: site)
            // Unwritten, the device routes the way its connections do.
            if !ctx.sourceMap.isWritten("\(dev.path).routing"), let first = conns.first, conns.allSatisfy({ $0.routing == first.routing }) {
                dev.routing = first.routing
            }
            var filled: [DeviceTunnel] = []
            for (ci, c) in conns.enumerated() {
                for n in 1...2 {
                    let ordinal = ci * 2 + n
                    let standby = dev.redundancy == .activeStandby && n == 2
                    var d = DeviceTunnel(path: "\(dev.path).tunnels", connection: c.name, index: n,
                                         mark: UInt32(ordinal * 100), interface: "vti\(ordinal)",
                                         metric: DeviceTunnel.defaultMetric(index: n, standby: standby, staticRouting: c.routing == .static),
                                         asPathPrepend: standby ? 2 : 0)
                    if let written = dev.tunnels.first(where: { $0.connection == c.name && $0.index == n }) {
                        d = written.merged(over: d, written: { ctx.sourceMap.isWritten("\(written.path).\($0)") })
                    }
                    filled.append(d)
                }
            }
            for w in dev.tunnels where !conns.contains(where: { $0.name == w.connection }) {
                ctx.report(LoadRules.danglingReference,
                           "tunnel settings name VPN connection `\(w.connection)`, which does not end on site `\(site.name)`; connections here: \(conns.map(\.name).joined(separator: ", "))",
                           path: w.path)
            }
            dev.tunnels = filled
            t.sites[si].gateway = dev
        }
    }
}

extension DeviceTunnel {
    /// This (written) entry's fields over computed defaults: only keys the file wrote win.
    func merged(over d: DeviceTunnel, written: (String) -> Bool) -> DeviceTunnel {
        var r = d
        r.path = path
        if written("mark") { r.mark = mark }
        if written("interface") { r.interface = interface }
        if written("metric") { r.metric = metric }
        if written("as_path_prepend") { r.asPathPrepend = asPathPrepend }
        r.disabled = disabled
        r.ikeVersion = ikeVersion
        r.phase1 = phase1
        r.phase2 = phase2
        r.psk = psk
        r.insideCIDR = insideCIDR
        r.peerASN = peerASN
        r.med = med
        return r
    }
}
