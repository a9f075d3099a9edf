/// AWS's 2025–26 VPN connection options and their rules: IPv6 outer tunnel addresses (the
/// address families themselves: `OuterAddressChecks`), Large
/// (5 Gbps) tunnels, accelerated VPN, and tunnel and BGP logs to CloudWatch Logs. (Tunnel endpoint
/// lifecycle control has no rule: AWS accepts it on any connection. Large tunnels apply to both
/// tunnels because the topology writes the bandwidth once per connection, as AWS does.)
public struct VPNOptionChecks: FindingsCheck {
    typealias Pages = AWSNumbers.VPNOptions

    /// The rules this check reports, in the catalog's order.
    public struct Rules: RuleCatalogue {
        public let outsideIPv6NeedsTGW = Rule("outside-ipv6-needs-tgw", .error,
            "`outside_ip_address_type: Ipv6` on a connection to a virtual private gateway: IPv6 outer tunnel addresses need a transit gateway (or Cloud WAN).",
            reference: "\(Pages.ipv6OutsidePage); how_it_works.html, Virtual private gateway: \"A virtual private gateway does not support IPv6 for Site-to-Site VPN connections. If you need IPv6 support, use a transit gateway or Cloud WAN\"")
        public let largeNeedsTGW = Rule("large-tunnels-need-tgw", .error,
            "`tunnel_bandwidth: large` on a connection to a virtual private gateway: Large (5 Gbps) tunnels need a transit gateway (or Cloud WAN).",
            reference: "\(Pages.bandwidthPage), Tunnel bandwidth options: Large tunnels on transit gateway and Cloud WAN connections only")
        public let largeAccelerated = Rule("large-tunnels-accelerated", .error,
            "`tunnel_bandwidth: large` with `enable_acceleration: true`: AWS offers Large tunnels only on connections without acceleration.",
            reference: "\(Pages.bandwidthPage), Tunnel bandwidth options: Large tunnels are not supported on accelerated connections")
        public let accelerationNeedsTGW = Rule("acceleration-needs-tgw", .error,
            "`enable_acceleration: true` on a connection to a virtual private gateway: acceleration needs a transit gateway.",
            reference: "\(Pages.accelerationPage), Rules and restrictions: \"Acceleration is only supported for Site-to-Site VPN connections that are attached to a transit gateway. Virtual private gateways do not support accelerated VPN connections\"")
        public let logGroupMissing = Rule("tunnel-log-group-missing", .error,
            "A tunnel or BGP log turned on (`log_enabled`, `bgp_log_enabled`) without a CloudWatch Logs log group ARN (`arn:aws:logs:REGION:ACCOUNT:log-group:NAME`), or with an ARN that names no log group.",
            reference: "\(Pages.logsPage); EC2 API reference, CloudWatchLogOptionsSpecification: LogGroupArn / BgpLogGroupArn, \"The Amazon Resource Name (ARN) of the CloudWatch log group to send logs to\"")
    }
    public static let rule = Rules()

    public init() {}

    func find(_ t: Topology, _ f: inout Findings) {
        for c in t.vpnConnections {
            connection(c, t, &f)
            for tun in c.tunnels { logs(c, tun, &f) }
        }
    }

    func connection(_ c: VPNConnection, _ t: Topology, _ f: inout Findings) {
        let o = c.options
        guard case .vpnGateway = c.gateway else {
            if o.tunnelBandwidth == .large && o.enableAcceleration {
                f.add(Self.rule.largeAccelerated, "`\(c.name)` asks for Large (\(AWSNumbers.VPNOptions.largeTunnelGbps) Gbps) tunnels and acceleration; AWS offers Large tunnels only without acceleration: drop one of them", at: f.written("\(c.path).tunnel_bandwidth", c.path))
            }
            return
        }
        let on = t.gatewayName(c)
        if o.outsideIPAddressType == .ipv6 {
            f.add(Self.rule.outsideIPv6NeedsTGW, "`\(c.name)` ends on \(on), which does not support IPv6 outer tunnel addresses; end it on a transit gateway or use `PublicIpv4`", at: f.written("\(c.path).outside_ip_address_type", c.path))
        }
        if o.tunnelBandwidth == .large {
            f.add(Self.rule.largeNeedsTGW, "`\(c.name)` ends on \(on); Large (\(AWSNumbers.VPNOptions.largeTunnelGbps) Gbps) tunnels need a transit gateway: end it on one or use `standard` (\(AWSNumbers.VPNOptions.standardTunnelGbps) Gbps)", at: f.written("\(c.path).tunnel_bandwidth", c.path))
        }
        if o.enableAcceleration {
            f.add(Self.rule.accelerationNeedsTGW, "`\(c.name)` ends on \(on), which does not support accelerated VPN; end it on a transit gateway or drop `enable_acceleration`", at: f.written("\(c.path).enable_acceleration", c.path))
        }
    }

    func logs(_ c: VPNConnection, _ tun: Tunnel, _ f: inout Findings) {
        let o = tun.options.logOptions
        for (enabled, arn, what, key) in [(o.logEnabled, o.logGroupARN, "tunnel log", "log"), (o.bgpLogEnabled, o.bgpLogGroupARN, "BGP log", "bgp_log")] {
            let place = TunnelOptionChecks().place(c, tun, "cloudwatch_log_options.\(key)_group_arn", f)
            if let arn, !Self.isLogGroupARN(arn) {
                f.add(Self.rule.logGroupMissing, "\(place.label): `\(arn)` is not a CloudWatch Logs log group ARN (arn:aws:logs:REGION:ACCOUNT:log-group:NAME)", at: place.path)
            } else if enabled && arn == nil {
                let at = TunnelOptionChecks().place(c, tun, "cloudwatch_log_options.\(key)_enabled", f)
                f.add(Self.rule.logGroupMissing, "\(at.label): the \(what) is turned on but names no log group; add `\(key)_group_arn: arn:aws:logs:REGION:ACCOUNT:log-group:NAME`", at: at.path)
            }
        }
    }

    /// `arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME` (a trailing `:*` allowed).
    static func isLogGroupARN(_ s: String) -> Bool {
        let parts = s.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
        guard parts.count == 7, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "logs",
              !parts[3].isEmpty, parts[4].count == 12, parts[4].allSatisfy(\.isNumber), parts[5] == "log-group" else { return false }
        let name = parts[6].hasSuffix(":*") ? parts[6].dropLast(2) : parts[6]
        return !name.isEmpty
    }
}
