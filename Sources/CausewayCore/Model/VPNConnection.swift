/// An AWS Site-to-Site VPN connection: two tunnels between a customer gateway and a virtual
/// private gateway or a transit gateway.
public struct VPNConnection: Sendable, Encodable {
    public var name: String
    public var path: String
    public var id: String?
    public var customerGateway: String
    public var gateway: VPNGatewayTarget
    /// `static` = AWS's StaticRoutesOnly; `bgp` = dynamic routing.
    public var routing: RoutingMode
    /// VPN connection routes (static connections only). AWS allows at most 100.
    public var staticRoutes: [IPv4Prefix] = []
    /// Traffic selectors AWS offers (LocalIpv4NetworkCidr / RemoteIpv4NetworkCidr).
    public var localNetworkCIDR: IPv4Prefix = .any
    public var remoteNetworkCIDR: IPv4Prefix = .any
    /// Exactly two, index 1 and 2.
    public var tunnels: [Tunnel]
    /// AWS's 2025–26 connection options (`VPNConnectionOptions`); AWS's defaults when absent.
    public var options = VPNConnectionOptions()
    /// `failover_profile`: the customer side's DPD and BGP timers (`FailoverProfile`); nil is `standard`.
    public var failoverProfile: FailoverProfile?

    public func tunnel(_ index: Int) -> Tunnel? { tunnels.first { $0.index == index } }
}

/// The options AWS sets once per connection (CreateVpnConnection's VpnConnectionOptionsSpecification),
/// each AWS's default unless the topology says otherwise. Both tunnels share them: a connection's
/// tunnels are alike in bandwidth, outer address family and acceleration by construction.
public struct VPNConnectionOptions: Sendable, Encodable, Equatable {
    /// `OutsideIpAddressType`: the tunnels' outer addresses (AWS's and the customer gateway's).
    /// IPv6 only on a transit gateway or Cloud WAN (https://docs.aws.amazon.com/vpn/latest/s2svpn/ipv4-ipv6.html).
    public var outsideIPAddressType: OutsideIPAddressType = .publicIpv4
    /// `TunnelBandwidth`: `standard` (1.25 Gbps a tunnel) or `large` (5 Gbps a tunnel, both
    /// tunnels), a transit gateway or Cloud WAN only (`AWSNumbers.VPNOptions`).
    public var tunnelBandwidth: TunnelBandwidth = .standard
    /// `EnableAcceleration`: through AWS Global Accelerator; transit gateway only, needs NAT-T on
    /// the device, fixed at creation (https://docs.aws.amazon.com/vpn/latest/s2svpn/accelerated-vpn.html).
    public var enableAcceleration = false

    public init() {}
    /// True when every option is AWS's default (nothing new is printed or sent).
    public var isDefault: Bool { self == VPNConnectionOptions() }

    enum CodingKeys: String, CodingKey {
        case outsideIPAddressType = "outside_ip_address_type", tunnelBandwidth = "tunnel_bandwidth", enableAcceleration = "enable_acceleration"
    }
}

/// AWS's `OutsideIpAddressType` values, spelt as AWS spells them. (`PrivateIpv4`, over Direct
/// Connect with a transport attachment, is not modelled.)
public enum OutsideIPAddressType: String, Sendable, Encodable, CaseIterable {
    case publicIpv4 = "PublicIpv4", ipv6 = "Ipv6"
}

/// AWS's `TunnelBandwidth` values.
public enum TunnelBandwidth: String, Sendable, Encodable, CaseIterable {
    case standard, large
}

/// A tunnel's CloudWatch Logs options (`LogOptions.CloudWatchLogOptions`): the IKE/IPsec tunnel
/// log and the BGP log, each to a log group by ARN, `json` (AWS's default) or `text`.
/// https://docs.aws.amazon.com/vpn/latest/s2svpn/monitoring-logs.html
public struct TunnelLogOptions: Sendable, Encodable, Equatable {
    public var logEnabled = false
    public var logGroupARN: String?
    public var logOutputFormat: LogOutputFormat?
    public var bgpLogEnabled = false
    public var bgpLogGroupARN: String?
    public var bgpLogOutputFormat: LogOutputFormat?

    public init() {}
    public var isDefault: Bool { self == TunnelLogOptions() }

    enum CodingKeys: String, CodingKey {
        case logEnabled = "log_enabled", logGroupARN = "log_group_arn", logOutputFormat = "log_output_format"
        case bgpLogEnabled = "bgp_log_enabled", bgpLogGroupARN = "bgp_log_group_arn", bgpLogOutputFormat = "bgp_log_output_format"
    }
}

public enum LogOutputFormat: String, Sendable, Encodable, CaseIterable {
    case json, text
}

/// The Amazon end of a VPN connection.
public enum VPNGatewayTarget: Sendable, Hashable, Encodable, CustomStringConvertible, EncodesAsDescription {
    case vpnGateway(String)
    case transitGateway(String)
    public var description: String {
        switch self {
        case .vpnGateway(let n): return "vgw:\(n)"
        case .transitGateway(let n): return "tgw:\(n)"
        }
    }
    /// The virtual private gateway's name, for `.vpnGateway`.
    public var vpnGateway: String? { if case .vpnGateway(let n) = self { return n } else { return nil } }
}

/// One of the two tunnels, with AWS's tunnel options.
public struct Tunnel: Sendable, Encodable {
    /// 1 or 2.
    public var index: Int
    public var path: String
    /// A /30 inside 169.254.0.0/16; nil = AWS picks one (known after apply or import).
    public var insideCIDR: IPv4Prefix?
    public var psk: SecretReference = .generated
    public var options: TunnelOptions = TunnelOptions()
    /// AWS's outside (public) address for this tunnel: chosen by AWS, learned from apply or an
    /// imported configuration, or written by hand.
    public var outsideIP: OuterAddress?

    /// AWS's side of the inside /30: the first usable address (.1).
    public var awsInsideAddress: IPv4Address? { insideCIDR.map { $0.address(1) } }
    /// The customer gateway's side: the second usable address (.2).
    public var customerInsideAddress: IPv4Address? { insideCIDR.map { $0.address(2) } }
}

public enum IKEVersion: String, Sendable, Encodable, CaseIterable, Comparable {
    case ikev1, ikev2
    public static func < (l: Self, r: Self) -> Bool { l.rawValue < r.rawValue }
}

public enum DPDTimeoutAction: String, Sendable, Encodable, CaseIterable {
    case clear, none, restart
}

public enum StartupAction: String, Sendable, Encodable, CaseIterable {
    case add, start
}

/// An encryption algorithm by AWS's name. Unknown names are kept so the checker can report them.
public struct EncryptionAlgorithm: Hashable, Sendable, Encodable, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name.uppercased() }
    public var description: String { name }
    public static let aes128 = Self("AES128"), aes256 = Self("AES256")
    public static let aes128gcm = Self("AES128-GCM-16"), aes256gcm = Self("AES256-GCM-16")
    /// What AWS accepts (docs/aws-behaviour.md, "Tunnel options").
    public static let supported: [Self] = [.aes128, .aes256, .aes128gcm, .aes256gcm]
    public var isGCM: Bool { name.contains("GCM") }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}

/// An integrity algorithm by AWS's name.
public struct IntegrityAlgorithm: Hashable, Sendable, Encodable, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name.uppercased() }
    public var description: String { name }
    public static let sha1 = Self("SHA1"), sha256 = Self("SHA2-256"), sha384 = Self("SHA2-384"), sha512 = Self("SHA2-512")
    public static let supported: [Self] = [.sha1, .sha256, .sha384, .sha512]
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}

/// A set of algorithms for one IKE phase: what AWS permits on a tunnel, or what a device
/// offers. Order is preference.
public struct Proposal: Hashable, Sendable, Encodable {
    public var encryption: [EncryptionAlgorithm]
    public var integrity: [IntegrityAlgorithm]
    public var dhGroups: [Int]

    public init(encryption: [EncryptionAlgorithm], integrity: [IntegrityAlgorithm], dhGroups: [Int]) {
        self.encryption = encryption
        self.integrity = integrity
        self.dhGroups = dhGroups
    }

    enum CodingKeys: String, CodingKey { case encryption, integrity, dhGroups = "dh_groups" }

    /// AWS's defaults: everything allowed.
    public static let awsPhase1Default = Proposal(encryption: EncryptionAlgorithm.supported,
                                                  integrity: IntegrityAlgorithm.supported,
                                                  dhGroups: [2, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24])
    public static let awsPhase2Default = Proposal(encryption: EncryptionAlgorithm.supported,
                                                  integrity: IntegrityAlgorithm.supported,
                                                  dhGroups: [2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24])

    /// The algorithms both sides accept, in this proposal's order (nil when a part is empty).
    public func intersection(_ other: Proposal) -> Proposal? {
        let e = encryption.filter(other.encryption.contains)
        let i = integrity.filter(other.integrity.contains)
        let d = dhGroups.filter(other.dhGroups.contains)
        // GCM carries its own integrity: AWS still lists integrity, and peers ignore it.
        guard !e.isEmpty, !d.isEmpty, !i.isEmpty || e.allSatisfy(\.isGCM) else { return nil }
        return Proposal(encryption: e, integrity: i, dhGroups: d)
    }

    /// Parses a strongSwan-style proposal such as `aes128-sha1-modp1024` or
    /// `aes256gcm16-modp2048`, with several algorithms per kind allowed. Nil when a token is unknown.
    public init?(strongSwan text: String) {
        var enc: [EncryptionAlgorithm] = [], integ: [IntegrityAlgorithm] = [], dh: [Int] = []
        for token in text.lowercased().split(separator: "-") {
            if let e = Proposal.strongSwanEncryption[String(token)] { enc.append(e) }
            else if let i = Proposal.strongSwanIntegrity[String(token)] { integ.append(i) }
            else if let g = Proposal.strongSwanDH[String(token)] { dh.append(g) }
            else { return nil }
        }
        guard !enc.isEmpty else { return nil }
        self.init(encryption: enc, integrity: integ, dhGroups: dh)
    }

    static let strongSwanEncryption: [String: EncryptionAlgorithm] = [
        "aes128": .aes128, "aes": .aes128, "aes256": .aes256,
        "aes128gcm16": .aes128gcm, "aes128gcm": .aes128gcm, "aes256gcm16": .aes256gcm, "aes256gcm": .aes256gcm,
        "3des": EncryptionAlgorithm("3DES"), "aes192": EncryptionAlgorithm("AES192"),
    ]
    static let strongSwanIntegrity: [String: IntegrityAlgorithm] = [
        "sha1": .sha1, "sha": .sha1, "sha256": .sha256, "sha2_256": .sha256, "sha384": .sha384, "sha2_384": .sha384,
        "sha512": .sha512, "sha2_512": .sha512, "md5": IntegrityAlgorithm("MD5"),
    ]
    /// strongSwan's DH keywords by IANA group number.
    public static let dhGroupKeywords: [Int: String] = [
        1: "modp768", 2: "modp1024", 5: "modp1536", 14: "modp2048", 15: "modp3072", 16: "modp4096",
        17: "modp6144", 18: "modp8192", 19: "ecp256", 20: "ecp384", 21: "ecp521", 22: "modp1024s160",
        23: "modp2048s224", 24: "modp2048s256",
    ]
    static let strongSwanDH: [String: Int] = {
        var m: [String: Int] = [:]
        for (g, k) in dhGroupKeywords { m[k] = g }
        for g in 1...32 { m["dh\(g)"] = g }
        return m
    }()
}

/// AWS's per-tunnel options, with AWS's defaults.
public struct TunnelOptions: Sendable, Encodable {
    public var ikeVersions: [IKEVersion] = [.ikev1, .ikev2]
    public var phase1: Proposal = .awsPhase1Default
    public var phase2: Proposal = .awsPhase2Default
    /// Seconds (ranges and defaults: `AWSNumbers.Tunnel`).
    public var phase1Lifetime: Int = AWSNumbers.Tunnel.phase1LifetimeDefault
    /// Seconds, below phase 1.
    public var phase2Lifetime: Int = AWSNumbers.Tunnel.phase2LifetimeDefault
    /// Seconds, at most half of the phase 2 lifetime.
    public var rekeyMarginTime: Int = AWSNumbers.Tunnel.rekeyMarginTimeDefault
    /// Percent.
    public var rekeyFuzz: Int = AWSNumbers.Tunnel.rekeyFuzzDefault
    /// Packets.
    public var replayWindow: Int = AWSNumbers.Tunnel.replayWindowDefault
    /// Seconds.
    public var dpdTimeout: Int = AWSNumbers.Tunnel.dpdTimeoutDefault
    public var dpdTimeoutAction: DPDTimeoutAction = .clear
    public var startupAction: StartupAction = .add
    /// `EnableTunnelLifecycleControl`: AWS waits for the customer to replace the tunnel's endpoint
    /// during maintenance (https://docs.aws.amazon.com/vpn/latest/s2svpn/tunnel-endpoint-lifecycle.html).
    public var enableTunnelLifecycleControl = false
    /// Tunnel and BGP logs to CloudWatch Logs.
    public var logOptions = TunnelLogOptions()

    public init() {}

    enum CodingKeys: String, CodingKey {
        case ikeVersions = "ike_versions", phase1, phase2
        case phase1Lifetime = "phase1_lifetime", phase2Lifetime = "phase2_lifetime"
        case rekeyMarginTime = "rekey_margin_time", rekeyFuzz = "rekey_fuzz", replayWindow = "replay_window"
        case dpdTimeout = "dpd_timeout", dpdTimeoutAction = "dpd_timeout_action", startupAction = "startup_action"
        case enableTunnelLifecycleControl = "enable_tunnel_lifecycle_control", logOptions = "cloudwatch_log_options"
    }
}
