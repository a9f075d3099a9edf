/// An AWS Client VPN endpoint (`client_vpn_endpoints:`): remote users connect with an OpenVPN
/// client, get an address from the client CIDR and reach the VPC (and what the VPC reaches, such
/// as on-premises networks over Site-to-Site VPN) through network interfaces in the associated
/// subnets. In AWS's words (AWS Client VPN administrator guide, "How AWS Client VPN works",
/// https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/how-it-works.html; API:
/// CreateClientVpnEndpoint, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateClientVpnEndpoint.html).
public struct ClientVPNEndpoint: Sendable, Encodable {
    public var name: String
    public var path: String
    /// An existing endpoint's id (`cvpn-endpoint-…`), adopted instead of created.
    public var id: String?
    /// The VPC of the associated subnets and the security groups.
    public var vpc: String
    /// `client_cidr_block`: the range clients' addresses come from (fixed once created).
    public var clientCIDR: IPv4Prefix
    /// `server_certificate`: the certificate the endpoint presents (imported into ACM).
    public var serverCertificate: CertificateSource
    /// `authentication`: how clients prove who they are. Mutual TLS is modelled; Active
    /// Directory and SAML are read and reported as not modelled.
    public var authentication: ClientAuthentication
    /// `split_tunnel`: only routes of the endpoint's route table go through the VPN (AWS's
    /// default: off, every client route goes through the endpoint).
    public var splitTunnel: Bool = false
    /// `transport_protocol` and `vpn_port` (AWS: UDP or TCP; port 443 or 1194, default 443).
    public var transportProtocol: ClientVPNTransport = .udp
    public var vpnPort: Int = AWSNumbers.ClientVPN.defaultPort
    /// `dns_servers`: up to two addresses the clients resolve with (none: the clients' own).
    public var dnsServers: [IPv4Address] = []
    /// `target_networks`: the associated subnets, one per Availability Zone.
    public var targetNetworks: [ClientVPNTargetNetwork] = []
    /// `security_groups`: applied to the endpoint's interfaces (none: the VPC's default group).
    public var securityGroups: [String] = []
    public var authorizationRules: [ClientVPNAuthorizationRule] = []
    public var routes: [ClientVPNRoute] = []
    /// `connection_log`: CloudWatch Logs for connection attempts (off unless written).
    public var connectionLog: ClientVPNConnectionLog = ClientVPNConnectionLog()
    /// `client_connect_handler`: a Lambda function that admits or refuses each new connection.
    public var connectHandler: ClientConnectHandler?
    /// `session_timeout_hours` (AWS: 8, 10, 12 or 24; default 24).
    public var sessionTimeoutHours: Int = AWSNumbers.ClientVPN.defaultSessionTimeoutHours
    /// `users`: remote users, the test clients of `trace`, `matrix` and the lab.
    public var users: [RemoteUser] = []
    public var tags: [String: String] = [:]

    public init(name: String, path: String, vpc: String, clientCIDR: IPv4Prefix,
                serverCertificate: CertificateSource, authentication: ClientAuthentication) {
        self.name = name
        self.path = path
        self.vpc = vpc
        self.clientCIDR = clientCIDR
        self.serverCertificate = serverCertificate
        self.authentication = authentication
    }

    enum CodingKeys: String, CodingKey {
        case name, id, vpc, authentication, routes, users, tags
        case clientCIDR = "client_cidr_block", serverCertificate = "server_certificate"
        case splitTunnel = "split_tunnel", transportProtocol = "transport_protocol", vpnPort = "vpn_port"
        case dnsServers = "dns_servers", targetNetworks = "target_networks", securityGroups = "security_groups"
        case authorizationRules = "authorization_rules", connectionLog = "connection_log"
        case connectHandler = "client_connect_handler", sessionTimeoutHours = "session_timeout_hours"
    }

    public func user(_ name: String) -> RemoteUser? { users.first { $0.name == name } }
    public func targetNetwork(subnet: String) -> ClientVPNTargetNetwork? { targetNetworks.first { $0.subnet == subnet } }
}

/// UDP or TCP between the client and the endpoint.
public enum ClientVPNTransport: String, Sendable, Encodable, CaseIterable {
    case udp, tcp
}

/// A certificate: made by causeway's render (a PKI per endpoint), read from PEM files the
/// topology names, or already in AWS Certificate Manager.
public enum CertificateSource: Sendable, Encodable, Hashable {
    /// `{common_name: …}`: made by `render` (key type and validity as written).
    case generated(GeneratedCertificate)
    /// `{certificate_file, private_key_file, chain_file}`: PEM files, paths as written (relative to
    /// the topology file's folder). Read by the command line, never by the core.
    case files(certificate: String, privateKey: String?, chain: String?)
    /// `{arn: …}`: a certificate already in ACM (nothing is imported).
    case acm(arn: String)

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case .generated(let g):
            try c.encode(g.commonName, forKey: .commonName)
            try c.encode(g.keyType, forKey: .keyType)
            try c.encode(g.validityDays, forKey: .validityDays)
        case .files(let cert, let key, let chain):
            try c.encode(cert, forKey: .certificateFile)
            try c.encodeIfPresent(key, forKey: .privateKeyFile)
            try c.encodeIfPresent(chain, forKey: .chainFile)
        case .acm(let arn): try c.encode(arn, forKey: .arn)
        }
    }

    enum Keys: String, CodingKey {
        case commonName = "common_name", keyType = "key_type", validityDays = "validity_days"
        case certificateFile = "certificate_file", privateKeyFile = "private_key_file", chainFile = "chain_file", arn
    }

    /// The common name, when causeway makes the certificate.
    public var generated: GeneratedCertificate? {
        if case .generated(let g) = self { return g }
        return nil
    }
}

/// A certificate causeway makes.
public struct GeneratedCertificate: Sendable, Encodable, Hashable {
    public var commonName: String
    public var keyType: CertificateKeyType = .rsa2048
    public var validityDays: Int = 825

    public init(commonName: String) { self.commonName = commonName }
}

/// Key types for certificates causeway makes. ACM imports RSA 1024/2048/3072/4096 and ECDSA P-256/
/// P-384 keys; Client VPN's mutual authentication takes RSA 1024 or 2048 (checked, not assumed here).
public enum CertificateKeyType: String, Sendable, Encodable, CaseIterable {
    case rsa2048 = "rsa-2048"
    case rsa3072 = "rsa-3072"
    case rsa4096 = "rsa-4096"
    case ecdsaP256 = "ecdsa-p256"
    case ecdsaP384 = "ecdsa-p384"
}

/// How clients authenticate (`authentication:`).
public enum ClientAuthentication: Sendable, Encodable {
    /// `{type: certificate-authentication, client_root_certificate: …}`: mutual TLS; clients
    /// present certificates issued by this CA.
    case mutualTLS(clientRootCertificate: CertificateSource)
    /// `directory-service-authentication` or `federated-authentication`: read, not modelled.
    case notModelled(type: String)

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case .mutualTLS(let ca):
            try c.encode("certificate-authentication", forKey: .type)
            try c.encode(ca, forKey: .clientRootCertificate)
        case .notModelled(let t): try c.encode(t, forKey: .type)
        }
    }

    enum Keys: String, CodingKey { case type, clientRootCertificate = "client_root_certificate" }

    /// The CA that issues client certificates (mutual TLS only).
    public var clientRootCertificate: CertificateSource? {
        if case .mutualTLS(let ca) = self { return ca }
        return nil
    }
}

/// One associated subnet (`target_networks` entry): AWS creates the endpoint's network interface
/// in it; clients' traffic leaves from that interface's address (source NAT).
public struct ClientVPNTargetNetwork: Sendable, Encodable, Hashable {
    public var path: String
    public var subnet: String

    public init(path: String, subnet: String) {
        self.path = path
        self.subnet = subnet
    }

    enum CodingKeys: String, CodingKey { case subnet }
}

/// An authorization rule: which clients may reach a destination network.
public struct ClientVPNAuthorizationRule: Sendable, Encodable, Hashable {
    public var path: String
    /// `destination` (TargetNetworkCidr).
    public var destination: IPv4Prefix
    /// `access_group_id`: only members of the group; nil with `all_users: true` (AuthorizeAllGroups).
    public var accessGroup: String?
    public var description: String?

    public init(path: String, destination: IPv4Prefix, accessGroup: String? = nil, description: String? = nil) {
        self.path = path
        self.destination = destination
        self.accessGroup = accessGroup
        self.description = description
    }

    /// AuthorizeAllGroups.
    public var allUsers: Bool { accessGroup == nil }

    enum CodingKeys: String, CodingKey {
        case destination, description
        case accessGroup = "access_group_id", allUsers = "all_users"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(destination, forKey: .destination)
        try c.encodeIfPresent(description, forKey: .description)
        if let g = accessGroup { try c.encode(g, forKey: .accessGroup) } else { try c.encode(true, forKey: .allUsers) }
    }
}

/// A route of the endpoint's route table: a destination reached through one associated subnet
/// (TargetVpcSubnetId). With several subnets, the same destination is written once per subnet.
public struct ClientVPNRoute: Sendable, Encodable, Hashable {
    public var path: String
    public var destination: IPv4Prefix
    /// `target_subnet`: the associated subnet the traffic leaves through.
    public var targetSubnet: String
    public var description: String?

    enum CodingKeys: String, CodingKey {
        case destination, description
        case targetSubnet = "target_subnet"
    }
}

/// Connection logging to CloudWatch Logs.
public struct ClientVPNConnectionLog: Sendable, Encodable, Hashable {
    public var enabled: Bool = false
    public var logGroup: String?
    public var logStream: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case enabled
        case logGroup = "log_group", logStream = "log_stream"
    }
}

/// The client connect handler: a Lambda function AWS calls for each new connection; causeway
/// renders its source from `policy` (AWS Client VPN administrator guide, "Client connect handler").
public struct ClientConnectHandler: Sendable, Encodable, Hashable {
    public var path: String
    /// `function_name`: AWS requires the `AWSClientVPN-` prefix.
    public var functionName: String
    /// An existing function's ARN, used instead of the rendered one.
    public var functionARN: String?
    /// `role_arn`: the execution role apply gives the function it creates (Lambda CreateFunction's
    /// `Role`); causeway does not create IAM roles.
    public var roleARN: String?
    public var policy: ConnectPolicy

    public init(path: String, functionName: String, policy: ConnectPolicy) {
        self.path = path
        self.functionName = functionName
        self.policy = policy
    }

    enum CodingKeys: String, CodingKey {
        case policy
        case functionName = "function_name", functionARN = "function_arn", roleARN = "role_arn"
    }
}

/// What the connect handler admits: every condition written must hold.
public struct ConnectPolicy: Sendable, Encodable, Hashable {
    /// `weekdays`: the days connections are allowed (none written: every day).
    public var weekdays: [Weekday] = []
    /// `hours`: the time of day connections are allowed, start inclusive, end exclusive, minutes
    /// after midnight in `time_zone` (nil: all day).
    public var hours: MinuteRange?
    /// `source_cidrs`: the public source addresses allowed (none written: any).
    public var sourceCIDRs: [IPv4Prefix] = []
    /// `time_zone`: an IANA name (`Asia/Seoul`); the handler evaluates days and hours there.
    public var timeZone: String = "UTC"
    /// `error_message`: what the client is told when refused.
    public var errorMessage: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case weekdays, hours
        case sourceCIDRs = "source_cidrs", timeZone = "time_zone", errorMessage = "error_message"
    }
}

/// A day of the week, Monday first (ISO 8601, and Python's `weekday()` order).
public enum Weekday: String, Sendable, Encodable, CaseIterable, Comparable {
    case mon, tue, wed, thu, fri, sat, sun

    /// 0 = Monday … 6 = Sunday.
    public var index: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (l: Self, r: Self) -> Bool { l.index < r.index }
}

/// A time-of-day window in minutes after midnight (`"09:00-18:00"`); start < end.
public struct MinuteRange: Sendable, Encodable, Hashable, CustomStringConvertible, EncodesAsDescription {
    public var start: Int
    public var end: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let s = Self.minutes(parts[0]), let e = Self.minutes(parts[1]), s < e else { return nil }
        start = s
        end = e
    }

    /// `HH:MM` (00:00…24:00) as minutes after midnight.
    static func minutes(_ t: String) -> Int? {
        let hm = t.split(separator: ":", omittingEmptySubsequences: false)
        guard hm.count == 2, hm[0].count == 2, hm[1].count == 2, let h = Int(hm[0]), let m = Int(hm[1]),
              (0...24).contains(h), (0...59).contains(m), h * 60 + m <= 24 * 60 else { return nil }
        return h * 60 + m
    }

    public func contains(minute: Int) -> Bool { minute >= start && minute < end }

    public var description: String {
        "\(Self.clock(start))-\(Self.clock(end))"
    }

}

/// A remote user: a test client that connects from a public address with a certificate the
/// endpoint's client CA issues (common name = the user's name unless written).
public struct RemoteUser: Sendable, Encodable, Hashable {
    public var name: String
    public var path: String
    /// `public_ip`: where the user connects from (what the connect handler sees as `public-ip`).
    public var publicIP: IPv4Address
    /// `groups`: directory groups, for authorization rules with `access_group_id`.
    public var groups: [String] = []

    public init(name: String, path: String, publicIP: IPv4Address) {
        self.name = name
        self.path = path
        self.publicIP = publicIP
    }

    enum CodingKeys: String, CodingKey {
        case name, groups
        case publicIP = "public_ip"
    }
}

extension Topology {
    public func clientVPNEndpoint(_ name: String) -> ClientVPNEndpoint? { clientVPNEndpoints.first { $0.name == name } }
}
