import CausewayCore

/// Synthetic topologies for the benchmark. The base (scale 1): 100 VPCs on one transit gateway
/// with 10 route tables, 10 sites each with one BGP VPN connection whose customer gateway
/// advertises 50 prefixes. Scale `k` has `k` such transit gateways (k·100 VPCs, k·10 TGW route
/// tables, k·10 VPN connections and sites).
///
/// Per transit gateway: table `rt-vpn` holds every VPC CIDR (VPN attachments are associated
/// with it); VPCs are associated round-robin with `rt-1`…`rt-9`, which hold every site prefix and
/// the CIDRs of the VPCs sharing the table. So VPCs reach every site of their TGW and the VPCs
/// of their segment, and nothing else.
public enum SyntheticTopology {
    public static let vpcsPerTGW = 100
    public static let tablesPerTGW = 10
    public static let sitesPerTGW = 10
    public static let prefixesPerSite = 50

    public static func make(scale: Int, subnetsPerVPC: Int = 1) -> Topology {
        precondition(scale >= 1 && scale * sitesPerTGW <= 256 && scale * vpcsPerTGW <= 4096, "scale out of range")
        var t = Topology(name: "synthetic-\(scale)x", region: "us-east-1", sourceMap: SourceMap(file: "synthetic"))
        for g in 0..<scale {
            let tgwName = "tgw-\(g)"
            var tgw = TransitGateway(name: tgwName, path: "transit_gateways.\(tgwName)")
            tgw.defaultRouteTableAssociation = false
            tgw.defaultRouteTablePropagation = false
            var tables = (0..<tablesPerTGW).map { k -> TransitGatewayRouteTable in
                let name = k == 0 ? "rt-vpn" : "rt-\(k)"
                return TransitGatewayRouteTable(name: name, path: "\(tgw.path).route_tables.\(name)")
            }
            for j in 0..<vpcsPerTGW {
                let i = g * vpcsPerTGW + j
                let vpc = makeVPC(i, tgw: tgwName, subnets: subnetsPerVPC)
                t.vpcs.append(vpc)
                let att = "att-\(vpc.name)"
                tgw.attachments.append(TransitGatewayAttachment(name: att, path: "\(tgw.path).attachments.\(att)",
                                                                resource: .vpc(vpc.name, subnets: [vpc.subnets[0].name])))
                let segment = 1 + j % (tablesPerTGW - 1)
                tables[segment].associations.append(att)
                tables[segment].propagations.append(att)
                tables[0].propagations.append(att)
            }
            for m in 0..<sitesPerTGW {
                let s = g * sitesPerTGW + m
                let (site, cgw, conn) = makeSite(s, standby: m % 2 == 1, tgw: tgwName)
                t.sites.append(site)
                t.customerGateways.append(cgw)
                t.vpnConnections.append(conn)
                let att = "att-\(conn.name)"
                tgw.attachments.append(TransitGatewayAttachment(name: att, path: "\(tgw.path).attachments.\(att)", resource: .vpn(conn.name)))
                tables[0].associations.append(att)
                for k in 1..<tablesPerTGW { tables[k].propagations.append(att) }
            }
            tgw.routeTables = tables
            t.transitGateways.append(tgw)
        }
        return t
    }

    static func makeVPC(_ i: Int, tgw: String, subnets: Int) -> VPC {
        let name = "vpc-\(i)"
        let p = "vpcs.\(name)"
        let cidr = IPv4Prefix(IPv4Address(10 << 24 | UInt32(i) << 12), 20)
        var v = VPC(name: name, path: p, cidrs: [cidr])
        v.internetGateway = true
        var rt = RouteTable(name: "rt", path: "\(p).route_tables.rt")
        rt.main = true
        rt.routes = [
            Route(path: "\(rt.path).routes.0", destination: .any, target: .internetGateway),
            Route(path: "\(rt.path).routes.1", destination: IPv4Prefix("10.0.0.0/8")!, target: .transitGateway(tgw)),
            Route(path: "\(rt.path).routes.2", destination: IPv4Prefix("100.64.0.0/10")!, target: .transitGateway(tgw)),
        ]
        v.routeTables = [rt]
        for k in 0..<subnets {
            let s = Subnet(name: "s\(k)", path: "\(p).subnets.s\(k)", cidr: IPv4Prefix(cidr.network.advanced(by: k * 256), 24))
            v.subnets.append(s)
        }
        var sg = SecurityGroup(name: "app", path: "\(p).security_groups.app")
        sg.ingress = [
            SecurityGroupRule(path: "\(sg.path).ingress.0", protocol: .icmp, ports: nil, peer: .cidr(IPv4Prefix("10.0.0.0/8")!)),
            SecurityGroupRule(path: "\(sg.path).ingress.1", protocol: .all, ports: nil, peer: .cidr(IPv4Prefix("100.64.0.0/10")!)),
        ]
        v.securityGroups = [sg]
        var inst = Instance(name: "vm", path: "\(p).instances.vm", subnet: "s0", address: cidr.network.advanced(by: 10))
        inst.securityGroups = ["app"]
        v.instances = [inst]
        return v
    }

    static func makeSite(_ s: Int, standby: Bool, tgw: String) -> (Site, CustomerGateway, VPNConnection) {
        let name = "site-\(s)"
        let p = "sites.\(name)"
        let cidr = IPv4Prefix(IPv4Address(100 << 24 | 64 << 16 | UInt32(s) << 14), 18)
        var site = Site(name: name, path: p, cidrs: [cidr])
        let asn = ASN(65000 + UInt32(s))
        var d = GatewayDevice(path: "\(p).gateway")
        d.publicIP = .v4(IPv4Address(198 << 24 | 18 << 16 | UInt32(s)))
        d.asn = asn
        d.routing = .bgp
        d.lanAddress = cidr.address(1)
        d.redundancy = standby ? .activeStandby : .activeActive
        d.advertise = (0..<prefixesPerSite).map { IPv4Prefix(cidr.network.advanced(by: $0 * 256), 24) }
        let conn = "vpn-\(s)"
        d.tunnels = (1...2).map { n in
            DeviceTunnel(path: "\(d.path).tunnels", connection: conn, index: n, mark: UInt32(n * 100), interface: "vti\(n)",
                         metric: DeviceTunnel.defaultMetric(index: n, standby: standby, staticRouting: false), asPathPrepend: standby && n == 2 ? 2 : 0)
        }
        site.gateway = d
        site.hosts = [Host(name: "h", path: "\(p).hosts.h", address: cidr.address(10))]
        var cgw = CustomerGateway(name: "cgw-\(s)", path: "customer_gateways.cgw-\(s)", asn: asn)
        cgw.site = name
        cgw.ipAddress = d.publicIP
        let tunnels = (1...2).map { n -> Tunnel in
            var t = Tunnel(index: n, path: "vpn_connections.\(conn).tunnels.\(n)")
            t.insideCIDR = IPv4Prefix(IPv4Address(169 << 24 | 254 << 16 | UInt32(10 + s / 32) << 8 | UInt32((s % 32) * 8 + (n - 1) * 4)), 30)
            return t
        }
        let c = VPNConnection(name: conn, path: "vpn_connections.\(conn)", customerGateway: cgw.name,
                              gateway: .transitGateway(tgw), routing: .bgp, tunnels: tunnels)
        return (site, cgw, c)
    }
}
