/// IPv6 outer (outside) tunnel addresses: the connection's `outside_ip_address_type`, its customer
/// gateway's address and its tunnels' AWS addresses must be of one family, and an IPv6 customer
/// gateway must be reachable over the internet. (`Ipv6` on a virtual private gateway is
/// `outside-ipv6-needs-tgw`, in `VPNOptionChecks`.)
public struct OuterAddressChecks: FindingsCheck {
    typealias Pages = AWSNumbers.VPNOptions

    /// The rules this check reports, in the catalog's order.
    public struct Rules: RuleCatalogue {
        public let ipv6TypeIPv4Gateway = Rule("outside-ipv6-cgw-ipv4", .error,
            "`outside_ip_address_type: Ipv6` with a customer gateway whose address is IPv4: the IPv6 outer tunnel endpoints need the customer gateway's IPv6 address.",
            reference: "\(Pages.ipv6OutsidePage); \(Pages.customerGatewayPage), IPv6 customer gateway options: an IPv6 customer gateway for connections with IPv6 outer addresses")
        public let ipv6GatewayIPv4Type = Rule("cgw-ipv6-outside-ipv4", .error,
            "A customer gateway with an IPv6 address on a connection whose `outside_ip_address_type` is `PublicIpv4` (the default): the outer address types must agree; write `outside_ip_address_type: Ipv6` (transit gateway connections only).",
            reference: "\(Pages.customerGatewayPage): an IPv6 customer gateway address is supported only for connections on a transit gateway or Cloud WAN, with IPv6 outer tunnel addresses")
        public let familyMismatch = Rule("outside-ip-family", .error,
            "A tunnel's `outside_ip` (AWS's endpoint), or the gateway device's `private_ip`, is of another address family than the connection's outer addresses (`outside_ip_address_type`).",
            reference: "\(Pages.ipv6OutsidePage): with `Ipv6` both outer tunnel endpoints are IPv6; \(Pages.customerGatewayPage): NAT in front of the device applies to IPv4 addresses")
        public let ipv6NotRoutable = Rule("cgw-ipv6-not-routable", .error,
            "A customer gateway IPv6 address outside global unicast (2000::/3; link-local, unique local, multicast, loopback, IPv4-mapped): AWS needs an internet-routable IPv6 address.",
            reference: "\(Pages.customerGatewayPage), IPv6 customer gateway options: the address must be a valid, internet-routable IPv6 address")
    }
    public static let rule = Rules()

    public init() {}

    func find(_ t: Topology, _ f: inout Findings) {
        for cgw in t.customerGateways {
            guard let v6 = cgwAddress(t, cgw)?.ipv6, !v6.isGlobalUnicast else { continue }
            f.add(Self.rule.ipv6NotRoutable, "customer gateway `\(cgw.name)` has IPv6 address \(v6), which is not internet-routable (outside global unicast 2000::/3): use the device's public IPv6 address", at: CustomerGatewayChecks().ipPath(t, cgw, f))
        }
        for c in t.vpnConnections { connection(c, t, &f) }
    }

    func cgwAddress(_ t: Topology, _ cgw: CustomerGateway) -> OuterAddress? {
        cgw.ipAddress ?? cgw.site.flatMap { t.site($0)?.gateway?.publicIP }
    }

    func connection(_ c: VPNConnection, _ t: Topology, _ f: inout Findings) {
        let wantsV6 = c.options.outsideIPAddressType == .ipv6
        let typePath = f.written("\(c.path).outside_ip_address_type", c.path)
        if let cgw = t.customerGateway(c.customerGateway), let ip = cgwAddress(t, cgw) {
            if wantsV6 && !ip.isIPv6, case .transitGateway = c.gateway {
                f.add(Self.rule.ipv6TypeIPv4Gateway, "`\(c.name)` asks for IPv6 outer tunnel addresses, but its customer gateway `\(cgw.name)` has the IPv4 address \(ip): give the device's IPv6 address (`public_ip` or the customer gateway's `ip`) or use `PublicIpv4`", at: typePath)
            } else if !wantsV6 && ip.isIPv6 {
                f.add(Self.rule.ipv6GatewayIPv4Type, "customer gateway `\(cgw.name)` has the IPv6 address \(ip), but `\(c.name)` has IPv4 outer addresses (`\(c.options.outsideIPAddressType.rawValue)`): write `outside_ip_address_type: Ipv6` on it (a transit gateway connection) or give the device's IPv4 address", at: typePath)
            }
            if ip.isIPv6, let s = cgw.site.flatMap({ t.site($0) }), let d = s.gateway, d.publicIP == ip, let p = d.privateIP {
                f.add(Self.rule.familyMismatch, "site `\(s.name)`'s gateway has the IPv6 address \(ip) and `private_ip: \(p)`; NAT in front of the device is for IPv4 only: drop `private_ip` (the device holds its IPv6 address itself)", at: f.written("\(d.path).private_ip", d.path))
            }
        }
        for tun in c.tunnels {
            guard let ip = tun.outsideIP, ip.isIPv6 != wantsV6 else { continue }
            f.add(Self.rule.familyMismatch, "tunnel \(tun.index) of `\(c.name)` has `outside_ip: \(ip)`, but the connection's outer addresses are \(wantsV6 ? "IPv6" : "IPv4") (`\(c.options.outsideIPAddressType.rawValue)`): write AWS's \(wantsV6 ? "IPv6" : "IPv4") endpoint address (`causeway import` reads it)", at: f.written("\(tun.path).outside_ip", tun.path))
        }
    }
}
