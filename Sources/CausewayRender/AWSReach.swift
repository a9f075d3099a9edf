import CausewayCore

extension Topology {
    /// The AWS-side prefixes a VPN connection carries traffic to, as the model states them:
    /// the traffic selector when narrowed, else the attached VPC's CIDRs (virtual private
    /// gateway), else the routes of the transit-gateway route table the VPN attachment is
    /// associated with (static routes to other attachments and the CIDRs of VPC attachments
    /// propagating into it). A static customer gateway routes these into its tunnels.
    public func awsPrefixes(of connection: VPNConnection) -> [IPv4Prefix] {
        if connection.remoteNetworkCIDR != .any { return [connection.remoteNetworkCIDR] }
        switch connection.gateway {
        case .vpnGateway(let name):
            guard let vgw = vpnGateway(name), let vpc = attachedVPC(of: vgw) else { return [] }
            return vpc.cidrs
        case .transitGateway(let name):
            guard let tgw = transitGateway(name), let own = tgw.attachment(forVPN: connection.name),
                  let table = tgw.associatedTable(of: own.name) else { return [] }
            var out: [IPv4Prefix] = []
            for r in table.routes where !r.blackhole && r.attachment != own.name { out.append(r.destination) }
            for p in table.propagations where p != own.name {
                guard let a = tgw.attachment(p) else { continue }
                switch a.resource {
                case .vpc(let v, _):
                    if let vpc = vpc(v) { out += vpc.cidrs }
                case .vpn(let other):
                    // Another site's VPN propagates what its gateway advertises (BGP) or the
                    // connection's static routes (Transit Gateway guide, "Route propagation").
                    guard let oc = vpnConnection(other) else { continue }
                    if oc.routing == .static { out += oc.staticRoutes }
                    else if let s = site(of: oc), let d = s.gateway { out += d.advertise.isEmpty ? s.cidrs : d.advertise }
                }
            }
            return out.uniqued().sorted()
        }
    }

    /// The ASN of the Amazon side of a VPN connection.
    func amazonASN(of connection: VPNConnection) -> ASN {
        switch connection.gateway {
        case .vpnGateway(let n): return vpnGateway(n)?.asn ?? .amazonDefault
        case .transitGateway(let n): return transitGateway(n)?.asn ?? .amazonDefault
        }
    }

    /// "virtual private gateway `vgw`" / "transit gateway `tgw`".
    func describeAmazonSide(of connection: VPNConnection) -> String {
        switch connection.gateway {
        case .vpnGateway(let n): return "virtual private gateway `\(n)`"
        case .transitGateway(let n): return "transit gateway `\(n)`"
        }
    }

    /// An instance a ping across a connection can aim at: the first instance in a VPC whose
    /// CIDR the connection reaches.
    func pingTarget(through connection: VPNConnection) -> (name: String, address: IPv4Address)? {
        let reach = awsPrefixes(of: connection)
        for v in vpcs {
            for i in v.instances where reach.contains(where: { $0.contains(i.address) }) { return (i.name, i.address) }
        }
        return nil
    }
}

/// What AWS accepts as a tunnel pre-shared key, for the templates' own input checks
/// (CloudFormation's `AllowedPattern`, Terraform's `validation`): 8 to 64 letters, digits, `.`
/// and `_`, not starting with `0`.
/// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpnTunnelOptionsSpecification.html
enum AWSPreSharedKeyRule {
    static let minLength = PreSharedKey.allowedLengths.lowerBound
    static let maxLength = PreSharedKey.allowedLengths.upperBound
    static let first = "[A-Za-z1-9._]"
    static let rest = "[A-Za-z0-9._]"
    /// With `MinLength`/`MaxLength` beside it.
    static var cloudFormationPattern: String { "^\(first)\(rest)*$" }
    /// Length and characters in one expression (RE2, Terraform's `regex`).
    static var terraformPattern: String { "^\(first)\(rest){\(minLength - 1),\(maxLength - 1)}$" }
    static let description = "8 to 64 letters, digits, `.` and `_`, not starting with 0"
}
