import CausewayCore

/// Phase 1 (IKE) parameters of one tunnel, in the document's words (`sha1`, `aes-128-cbc`, `group2`).
public struct IKEParameters: Sendable, Hashable {
    public var authenticationProtocol: String
    public var encryptionProtocol: String
    public var lifetimeSeconds: Int
    public var perfectForwardSecrecy: String
    /// `main` for IKEv1 main mode.
    public var mode: String?
}

/// Phase 2 (IPsec) parameters of one tunnel.
public struct IPsecParameters: Sendable, Hashable {
    public var `protocol`: String
    public var authenticationProtocol: String
    public var encryptionProtocol: String
    public var lifetimeSeconds: Int
    public var perfectForwardSecrecy: String
    public var mode: String?
    public var clearDFBit: Bool?
    public var fragmentationBeforeEncryption: Bool?
    /// AWS's advised TCP MSS inside the tunnel.
    public var tcpMSSAdjustment: Int?
    /// Dead peer detection interval (`dead_peer_detection/interval`, or `delay`) and retries.
    public var dpdDelaySeconds: Int?
    public var dpdRetries: Int?
}

/// What AWS's document says about one tunnel.
public struct TunnelFacts: Sendable, Hashable {
    public var cgwOutsideIP: String
    public var awsOutsideIP: String
    public var cgwInsideAddress: String
    public var awsInsideAddress: String
    /// The /30 both inside addresses are in, `169.254.x.y/30`.
    public var insideCIDR: String
    public var preSharedKey: Secret
    public var cgwASN: Int?
    public var awsASN: Int?
    public var holdTimeSeconds: Int?
    public var ike: IKEParameters
    public var ipsec: IPsecParameters

    init(_ tunnel: XMLTree, reader r: Reader) throws {
        cgwOutsideIP = try r.outsideAddress(tunnel, "customer_gateway", "tunnel_outside_address", "ip_address")
        awsOutsideIP = try r.outsideAddress(tunnel, "vpn_gateway", "tunnel_outside_address", "ip_address")
        cgwInsideAddress = try r.ipv4(tunnel, "customer_gateway", "tunnel_inside_address", "ip_address")
        awsInsideAddress = try r.ipv4(tunnel, "vpn_gateway", "tunnel_inside_address", "ip_address")

        let lengthPath = ["customer_gateway", "tunnel_inside_address", "network_cidr"]
        let length = try r.int(tunnel, "customer_gateway", "tunnel_inside_address", "network_cidr", range: 0...32)
        // AWS's inside CIDRs are always /30 (Site-to-Site VPN user guide, tunnel options).
        guard length == 30 else {
            throw VpnConfigurationError.invalid(path: r.path(lengthPath), value: String(length), expected: "30")
        }
        if let mask = r.optionalText(tunnel, "customer_gateway", "tunnel_inside_address", "network_mask"),
           mask != "255.255.255.252" {
            throw VpnConfigurationError.invalid(
                path: r.path(["customer_gateway", "tunnel_inside_address", "network_mask"]), value: mask,
                expected: "255.255.255.252 (a /30)")
        }
        let cgwInside = IPv4Bits(cgwInsideAddress)!.value, awsInside = IPv4Bits(awsInsideAddress)!.value
        let network = cgwInside & 0xFFFF_FFFC
        guard awsInside & 0xFFFF_FFFC == network, awsInside != cgwInside else {
            throw VpnConfigurationError.invalid(
                path: r.path(["vpn_gateway", "tunnel_inside_address", "ip_address"]), value: awsInsideAddress,
                expected: "another address in the customer gateway's /30 \(IPv4Bits(value: network).dotted)/30")
        }
        insideCIDR = "\(IPv4Bits(value: network).dotted)/30"

        let key = try r.text(tunnel, "ike", "pre_shared_key")
        preSharedKey = Secret(key)

        cgwASN = try r.optionalInt(tunnel, "customer_gateway", "bgp", "asn", range: 1...4_294_967_295)
        awsASN = try r.optionalInt(tunnel, "vpn_gateway", "bgp", "asn", range: 1...4_294_967_295)
        holdTimeSeconds = try r.optionalInt(tunnel, "vpn_gateway", "bgp", "hold_time")
            ?? r.optionalInt(tunnel, "customer_gateway", "bgp", "hold_time")
        if (cgwASN == nil) != (awsASN == nil) {
            throw VpnConfigurationError.missing(r.path([cgwASN == nil ? "customer_gateway" : "vpn_gateway", "bgp", "asn"]))
        }

        ike = IKEParameters(
            authenticationProtocol: try r.text(tunnel, "ike", "authentication_protocol"),
            encryptionProtocol: try r.text(tunnel, "ike", "encryption_protocol"),
            lifetimeSeconds: try r.int(tunnel, "ike", "lifetime"),
            perfectForwardSecrecy: try r.text(tunnel, "ike", "perfect_forward_secrecy"),
            mode: r.optionalText(tunnel, "ike", "mode"))
        ipsec = IPsecParameters(
            protocol: try r.text(tunnel, "ipsec", "protocol"),
            authenticationProtocol: try r.text(tunnel, "ipsec", "authentication_protocol"),
            encryptionProtocol: try r.text(tunnel, "ipsec", "encryption_protocol"),
            lifetimeSeconds: try r.int(tunnel, "ipsec", "lifetime"),
            perfectForwardSecrecy: try r.text(tunnel, "ipsec", "perfect_forward_secrecy"),
            mode: r.optionalText(tunnel, "ipsec", "mode"),
            clearDFBit: try r.bool(tunnel, "ipsec", "clear_df_bit"),
            fragmentationBeforeEncryption: try r.bool(tunnel, "ipsec", "fragmentation_before_encryption"),
            tcpMSSAdjustment: try r.optionalInt(tunnel, "ipsec", "tcp_mss_adjustment", range: 1...65535),
            dpdDelaySeconds: try r.optionalInt(tunnel, "ipsec", "dead_peer_detection", "interval")
                ?? r.optionalInt(tunnel, "ipsec", "dead_peer_detection", "delay"),
            dpdRetries: try r.optionalInt(tunnel, "ipsec", "dead_peer_detection", "retries"))
    }
}
