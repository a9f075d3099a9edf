import CausewayCore

/// The per-tunnel values Terraform can output for a VPN connection, by the `aws_vpn_connection`
/// attribute each one reads (`tunnel1_address`, `tunnel1_cgw_inside_address`, …).
public enum TerraformTunnelOutput: String, Sendable, CaseIterable {
    case address
    case cgwInsideAddress = "cgw_inside_address"
    case vgwInsideAddress = "vgw_inside_address"
    case insideCIDR = "inside_cidr"
    case presharedKey = "preshared_key"
    /// The Amazon side's ASN: the provider reads it from the configuration document's
    /// `vpn_gateway/bgp/asn`; empty for a static connection (its document has no BGP).
    case bgpASN = "bgp_asn"
    /// AWS's BGP hold time from the same document (`vpn_gateway/bgp/hold_time`); 0 when static.
    case bgpHoldTime = "bgp_holdtime"
}

extension TerraformOutputs {
    /// The deployed facts of the topology's connection `c` and its keys by `connection/tunnel`,
    /// from the outputs `names(tunnel, value)` lists (tried in order) and `idNames`. The tunnel
    /// outside address and both inside addresses are required; the inside CIDR is checked
    /// against them when output (else it is their /30); the key is optional (a connection whose
    /// keys the topology gives has no such output); so are the Amazon-side ASN and hold time
    /// (compared with the topology by `asnMismatches`). The customer gateway's outside address
    /// is the topology's: Terraform's outputs do not repeat it. Outputs carry no proposals.
    public func facts(connection c: VPNConnection, in topology: Topology, idNames: [String] = [],
                      names: (Int, TerraformTunnelOutput) -> [String]) throws(TerraformOutputsError)
        -> (facts: ConnectionFacts, keys: [String: PreSharedKey]) {
        var keys: [String: PreSharedKey] = [:]
        var tunnels: [ConnectionFacts.TunnelFacts] = []
        let cgwOutside = topology.customerGateway(c.customerGateway)?.ipAddress?.description ?? "(not in the topology)"
        for tunnel in c.tunnels.sorted(by: { $0.index < $1.index }) {
            let i = tunnel.index
            let label = "\(c.name)/\(i)"
            func required(_ v: TerraformTunnelOutput) throws(TerraformOutputsError) -> (String, String) {
                guard let name = first(names(i, v)) else { throw .missing(names: names(i, v), tunnel: label) }
                return (name, try text(name, expected: v == .address ? "an IP address" : "an IPv4 address"))
            }
            let (outsideName, outside) = try required(.address)
            guard let outsideIP = OuterAddress(outside) else { throw invalid(outsideName, outside, expected: "an IPv4 or IPv6 address") }
            let (cgwName, cgwText) = try required(.cgwInsideAddress)
            guard let cgwInside = IPv4Address(cgwText) else { throw invalid(cgwName, cgwText, expected: "an IPv4 address") }
            let (vgwName, vgwText) = try required(.vgwInsideAddress)
            guard let vgwInside = IPv4Address(vgwText) else { throw invalid(vgwName, vgwText, expected: "an IPv4 address") }

            // A tunnel's inside CIDR is a /30 of 169.254.0.0/16 holding both inside addresses
            // (EC2 API reference, VpnTunnelOptionsSpecification, TunnelInsideCidr).
            var cidr = IPv4Prefix(cgwInside, 30)
            if let name = first(names(i, .insideCIDR)) {
                let given = try text(name, expected: "a /30 IPv4 CIDR")
                guard let p = IPv4Prefix(given), p.length == 30 else { throw invalid(name, given, expected: "a /30 IPv4 CIDR (169.254.x.y/30)") }
                guard p.contains(cgwInside) else {
                    throw invalid(cgwName, cgwText, expected: "an address in \(p) (`\(name)`)")
                }
                cidr = p
            }
            guard cidr.contains(vgwInside), vgwInside != cgwInside else {
                throw invalid(vgwName, vgwText, expected: "the other address of \(cidr), beside the customer gateway's \(cgwInside)")
            }
            if let name = first(names(i, .presharedKey)) {
                switch values[name] {
                case .secret(let s)?: keys[label] = s
                case .text(let s)?: keys[label] = PreSharedKey(s)
                default: throw TerraformOutputsError.invalid(output: name, where: place(name), value: nil, expected: "a string")
                }
            }
            tunnels.append(ConnectionFacts.TunnelFacts(
                index: i, awsOutsideIP: outsideIP.description, customerOutsideIP: cgwOutside, insideCIDR: cidr.description,
                awsInsideAddress: vgwInside.description, customerInsideAddress: cgwInside.description,
                awsASN: try number(names(i, .bgpASN), in: 1...4_294_967_295, expected: "an ASN (1 to 4294967295), or empty for a static connection"),
                holdTimeSeconds: try number(names(i, .bgpHoldTime), in: 1...65535, expected: "a hold time in seconds, or 0 for a static connection")))
        }
        var id: String?
        if let name = first(idNames), case .text(let s)? = values[name] { id = s }
        return (ConnectionFacts(connection: c.name, vpnConnectionId: id, customerGatewayId: nil, vpnGatewayId: nil, tunnels: tunnels), keys)
    }

    /// The first of `names` output as a whole number in `range`; nil when none is output or it
    /// is empty or 0 (what the provider outputs for a connection without BGP).
    func number(_ names: [String], in range: ClosedRange<Int>, expected: String) throws(TerraformOutputsError) -> Int? {
        guard let name = first(names) else { return nil }
        let s = try text(name, expected: expected)
        guard !s.isEmpty, s != "0" else { return nil }
        guard let n = Int(s), range.contains(n) else { throw invalid(name, s, expected: expected) }
        return n
    }

    /// `outputs.NAME.value` (line:col of the name) for errors.
    func place(_ name: String) -> String {
        valuePath(name) + (locations[name].map { " at \($0.line):\($0.column)" } ?? "")
    }

    func text(_ name: String, expected: String) throws(TerraformOutputsError) -> String {
        switch values[name] {
        case .text(let s)?: return s
        case .secret(let s)?: return s.revealed
        case .other(let kind)?: throw .invalid(output: name, where: place(name), value: kind, expected: expected)
        case nil: throw .missing(names: [name], tunnel: "?")
        }
    }

    /// An error for output `name`, quoting its value unless Terraform marks it sensitive.
    func invalid(_ name: String, _ value: String, expected: String) -> TerraformOutputsError {
        if case .secret? = values[name] { return .invalid(output: name, where: place(name), value: nil, expected: expected) }
        return .invalid(output: name, where: place(name), value: value, expected: expected)
    }
}
