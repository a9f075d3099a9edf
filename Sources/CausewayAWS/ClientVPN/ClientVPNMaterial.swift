import CausewayCore
import Foundation

/// Where apply gets what it uploads for Client VPN: the PEM certificates and keys it imports into
/// ACM, and the connect handler's deployment package. The render's PKI and handler source supply
/// them (the command line wires them); tests pass PEMs made by `openssl`.
public protocol ClientVPNMaterialSource: Sendable {
    /// The certificate, its private key and its chain for the certificate resource `key`.
    func certificate(forKey key: String, role: ClientVPNCertificateRole, source: CertificateSource) throws -> CertificateMaterial
    /// The connect handler's code for the resource `key` (a `.zip` Lambda runs).
    func connectHandler(forKey key: String, functionName: String, policy: ConnectPolicy) throws -> FunctionCode
}

/// A certificate ACM imports (ImportCertificate: Certificate, PrivateKey, CertificateChain, PEM).
/// Its description never shows the private key.
public struct CertificateMaterial: Sendable, CustomStringConvertible {
    public var certificate: String
    public var privateKey: PrivateKeyPEM
    public var chain: String?

    public init(certificate: String, privateKey: PrivateKeyPEM, chain: String? = nil) {
        (self.certificate, self.privateKey, self.chain) = (certificate, privateKey, chain)
    }

    public var description: String { "certificate (\(certificate.utf8.count) bytes), private key ‹redacted›" + (chain == nil ? "" : ", chain") }
}

/// A PEM private key: sent to ACM, never printed (`description` is `‹redacted›`).
public struct PrivateKeyPEM: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let pem: String
    public init(_ pem: String) { self.pem = pem }
    public var description: String { "‹redacted›" }
    public var debugDescription: String { "‹redacted›" }
}

/// A Lambda deployment package: the `.zip` bytes, the handler (`module.function`) and the runtime.
public struct FunctionCode: Sendable {
    public var zip: [UInt8]
    public var handler: String
    public var runtime: String

    public init(zip: [UInt8], handler: String, runtime: String = "python3.12") {
        (self.zip, self.handler, self.runtime) = (zip, handler, runtime)
    }
}

/// No material: apply stops at the first import or function it would create, saying what the
/// command line must pass.
public struct NoClientVPNMaterial: ClientVPNMaterialSource {
    public init() {}
    public func certificate(forKey key: String, role: ClientVPNCertificateRole, source: CertificateSource) throws -> CertificateMaterial {
        throw ClientVPNMaterialUnavailable(what: "the certificate and private key of \(key)", how: "render the topology's PKI, or give PEM files")
    }
    public func connectHandler(forKey key: String, functionName: String, policy: ConnectPolicy) throws -> FunctionCode {
        throw ClientVPNMaterialUnavailable(what: "the deployment package of \(key)", how: "render the connect handler")
    }
}

/// Apply was given no material for a certificate or function it must upload.
public struct ClientVPNMaterialUnavailable: Error, Sendable, CustomStringConvertible {
    public var what: String
    public var how: String
    public var description: String { "apply has no \(what) to upload (\(how))" }
}

/// The certificates a topology names as PEM files (`{certificate_file, private_key_file,
/// chain_file}`, relative to the topology file's folder); a certificate causeway makes and the
/// connect handler's package come from `fallback` (the render's PKI and handler, wired by the
/// command line). A file that is not PEM is named, its content never shown.
public struct PEMFileMaterial: ClientVPNMaterialSource {
    public let folder: URL
    public let fallback: any ClientVPNMaterialSource

    public init(topologyFile: String, fallback: any ClientVPNMaterialSource = NoClientVPNMaterial()) {
        folder = URL(fileURLWithPath: topologyFile).deletingLastPathComponent()
        self.fallback = fallback
    }

    func pem(_ path: String, _ what: String, key: String) throws -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
        guard let text = try? String(contentsOf: url, encoding: .utf8), text.contains("-----BEGIN ") else {
            throw ClientVPNMaterialUnavailable(what: "\(what) of \(key)", how: "\(url.path) is missing or not PEM")
        }
        return text
    }

    public func certificate(forKey key: String, role: ClientVPNCertificateRole, source: CertificateSource) throws -> CertificateMaterial {
        guard case .files(let certificate, let privateKey, let chain) = source else {
            return try fallback.certificate(forKey: key, role: role, source: source)
        }
        guard let privateKey else {
            throw ClientVPNMaterialUnavailable(what: "private key of \(key)", how: "give `private_key_file`: ACM imports a certificate only with its key")
        }
        return CertificateMaterial(certificate: try pem(certificate, "the certificate", key: key),
                                   privateKey: PrivateKeyPEM(try pem(privateKey, "the private key", key: key)),
                                   chain: try chain.map { try pem($0, "the chain", key: key) })
    }

    public func connectHandler(forKey key: String, functionName: String, policy: ConnectPolicy) throws -> FunctionCode {
        try fallback.connectHandler(forKey: key, functionName: functionName, policy: policy)
    }
}
