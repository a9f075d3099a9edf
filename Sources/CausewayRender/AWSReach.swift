import CausewayCore

extension Topology {
    /// The virtual private gateway a route names; an empty name means the one attached to the
    /// route's VPC (else the only one in the topology), as the loader documents.
    func resolveVPNGateway(_ name: String, in vpc: VPC) -> VirtualPrivateGateway? {
        if !name.isEmpty { return vpnGateway(name) }
        return vpnGateways.first { $0.attachedTo == vpc.name } ?? (vpnGateways.count == 1 ? vpnGateways.first : nil)
    }

    /// The transit gateway a route names; empty: the one the route's VPC is attached to (else the only one).
    func resolveTransitGateway(_ name: String, in vpc: VPC) -> TransitGateway? {
        if !name.isEmpty { return transitGateway(name) }
        return transitGateways.first { $0.attachment(forVPC: vpc.name) != nil } ?? (transitGateways.count == 1 ? transitGateways.first : nil)
    }
}

extension VPC {
    /// The NAT gateway a route names; empty: the VPC's only one.
    func resolveNATGateway(_ name: String) -> NATGateway? {
        if !name.isEmpty { return natGateway(name) }
        return natGateways.count == 1 ? natGateways.first : nil
    }
}

extension VPC {
    /// The subnets no route table names: AWS associates them implicitly with the VPC's main
    /// route table (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-route-tables.html#main-route-table).
    var subnetsOnMainTable: [Subnet] {
        subnets.filter { s in !routeTables.contains { $0.subnets.contains(s.name) } }
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

extension Topology {
    /// A tunnel the customer gateway's device keeps administratively down (`disabled: true`).
    func tunnelDisabledOnDevice(_ connection: VPNConnection, _ index: Int) -> Bool {
        sites.contains { $0.gateway?.tunnel(connection.name, index)?.disabled == true }
    }
}
