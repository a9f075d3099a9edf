import CausewayCore

/// A certificate as ACM imports it (ImportCertificate: certificate body, private key, chain), in
/// PEM. The key is a `Secret`: it reaches only 0600 files.
public struct CertificateMaterial: Sendable, Equatable {
    public var certificate: String
    public var privateKey: Secret?
    public var chain: String?

    public init(certificate: String, privateKey: Secret? = nil, chain: String? = nil) {
        self.certificate = certificate
        self.privateKey = privateKey
        self.chain = chain
    }
}

/// A Client VPN endpoint's certificates and keys, made by CausewayPKI or read from the files the
/// topology names (both outside the pure render: keys are random, files are I/O). The render only
/// prints them: the ACM import files, the users' `.ovpn` profiles.
public struct ClientVPNMaterial: Sendable, Equatable {
    /// The server certificate with key and chain (nil: already in ACM, `{arn}`).
    public var server: CertificateMaterial?
    /// What ACM imports as the client root certificate chain: a client certificate whose chain
    /// is the CA that issues the users' certificates (AWS Client VPN administrator guide, "Mutual
    /// authentication"); nil when it is already in ACM or authentication is not mutual TLS.
    public var clientRoot: CertificateMaterial?
    /// The CA the clients verify the server with (the `.ovpn`'s `<ca>`).
    public var serverCA: String?
    /// Each remote user's certificate and key, by user name (empty when causeway holds no CA
    /// for the clients).
    public var users: [String: CertificateMaterial]

    public init(server: CertificateMaterial? = nil, clientRoot: CertificateMaterial? = nil, serverCA: String? = nil,
                users: [String: CertificateMaterial] = [:]) {
        self.server = server
        self.clientRoot = clientRoot
        self.serverCA = serverCA
        self.users = users
    }

    /// The material of one certificate role.
    public func certificate(_ role: ClientVPNCertificateRole) -> CertificateMaterial? {
        switch role {
        case .server: server
        case .clientRoot: clientRoot
        }
    }
}

/// Where the render puts an endpoint's files (`client-vpn/ENDPOINT/…`), the one statement of the
/// layout: the Client VPN render writes there, Terraform's `file()` and the README point there,
/// the lab reads there.
public enum ClientVPNPaths {
    public static func folder(_ endpoint: String) -> String { "client-vpn/\(endpoint)" }
    /// The ACM import files of a certificate role: body, key (0600), chain.
    public static func certificate(_ endpoint: String, _ role: ClientVPNCertificateRole) -> String { "\(folder(endpoint))/acm/\(role.rawValue).crt" }
    public static func privateKey(_ endpoint: String, _ role: ClientVPNCertificateRole) -> String { "\(folder(endpoint))/acm/\(role.rawValue).key" }
    public static func chain(_ endpoint: String, _ role: ClientVPNCertificateRole) -> String { "\(folder(endpoint))/acm/\(role.rawValue)-chain.crt" }
    /// A remote user's client profile (certificate and key inline, mode 0600).
    public static func profile(_ endpoint: String, user: String) -> String { "\(folder(endpoint))/\(user).ovpn" }
    /// The connect handler's folder, its Lambda source and its unit test.
    public static func handlerFolder(_ endpoint: String) -> String { "\(folder(endpoint))/connect-handler" }
    public static func handler(_ endpoint: String) -> String { "\(handlerFolder(endpoint))/\(ConnectHandlerSource.fileName)" }
    public static func handlerTest(_ endpoint: String) -> String { "\(handlerFolder(endpoint))/\(ConnectHandlerSource.testFileName)" }
    /// The PKI causeway makes and keeps (not in the render's manifest: a later render reuses it,
    /// never replaces or removes it).
    public static func pki(_ endpoint: String) -> String { "\(folder(endpoint))/pki" }
}
