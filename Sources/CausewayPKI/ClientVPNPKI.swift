import CausewayCore
import CausewayRender
import Foundation
import X509

/// A problem with a certificate or key, at the topology node it is about (`…server_certificate`,
/// `….certificate_file`): the command line reports it as a diagnostic at that node's file:line:col.
public struct CertificateProblem: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { message }
}

/// A file of an endpoint's PKI folder (`client-vpn/ENDPOINT/pki/`): `name` relative to it. Keys
/// are secrets (mode 0600); certificates are public (0644).
public struct PKIFile: Sendable, Equatable {
    public var name: String
    public var contents: Secret
    public var mode: UInt16
}

/// The certificates and keys of Client VPN endpoints, as AWS's mutual-authentication guide makes
/// them with easy-rsa (AWS Client VPN administrator guide, "Mutual authentication"): one CA per
/// endpoint (the `client_root_certificate` when causeway makes it) issues the server certificate
/// and one client certificate per remote user (common name = the user's name); ACM imports the
/// server certificate and, as the client root certificate chain, a client certificate the same CA
/// issued. What exists in the PKI folder is reused, never replaced: causeway makes only what is
/// missing. Certificates the topology names as PEM files are read through `read` and checked.
public enum ClientVPNPKI {
    /// The PKI folder's file names.
    public static let caCertificate = "ca.crt", caKey = "ca.key"
    static func certificateName(_ base: String) -> String { "\(base).crt" }
    static func keyName(_ base: String) -> String { "\(base).key" }
    public static func userBase(_ user: String) -> String { "users/\(user)" }
    static let serverBase = "server", clientRootBase = "client-root"

    /// What `make` found and made.
    public struct Outcome: Sendable {
        /// The endpoint's material for the render (meaningful only without problems).
        public var material: ClientVPNMaterial
        /// Files to add to the PKI folder (never one that exists there).
        public var newFiles: [PKIFile]
        /// Why a certificate cannot be used; with any, nothing should be written.
        public var problems: [CertificateProblem]
    }

    /// The endpoint's certificates and keys. `existing`: the PKI folder's files by name (as
    /// `PKIFile.name`); `read`: the text of a file the topology names (path as written), or a
    /// thrown error saying why not.
    public static func make(for e: ClientVPNEndpoint, existing: [String: String], read: (String) throws -> String,
                            now: Date = Date()) -> Outcome {
        var b = Builder(endpoint: e, existing: existing, now: now)
        b.run(read: read)
        return Outcome(material: b.material, newFiles: b.newFiles, problems: b.problems)
    }

    /// A fresh PKI for an endpoint, nothing reused (tests, the lab).
    public static func make(for e: ClientVPNEndpoint, now: Date = Date()) -> Outcome {
        make(for: e, existing: [:], read: { throw CheckFailure("no file \($0)") }, now: now)
    }
}

/// One endpoint's run of `ClientVPNPKI.make`.
private struct Builder {
    let endpoint: ClientVPNEndpoint
    let existing: [String: String]
    let now: Date
    var material = ClientVPNMaterial()
    var newFiles: [PKIFile] = []
    var problems: [CertificateProblem] = []

    init(endpoint: ClientVPNEndpoint, existing: [String: String], now: Date) {
        self.endpoint = endpoint
        self.existing = existing
        self.now = now
    }

    var serverPath: String { "\(endpoint.path).server_certificate" }
    var clientRootPath: String { "\(endpoint.path).authentication.client_root_certificate" }
    var pkiFolder: String { ClientVPNPaths.pki(endpoint.name) }

    mutating func run(read: (String) throws -> String) {
        let root = endpoint.authentication.clientRootCertificate
        // The CA: the client root causeway makes, or one of the endpoint's own for its server certificate.
        var ca: KeyPair?
        if let spec = root?.generated ?? endpoint.serverCertificate.generated.map({ g -> GeneratedCertificate in
            var c = GeneratedCertificate(commonName: "\(endpoint.name) CA")
            c.keyType = g.keyType
            c.validityDays = g.validityDays
            return c
        }) {
            ca = keep(base: nil, .authority, spec, issuer: nil, path: root?.generated != nil ? clientRootPath : serverPath)
        }
        let caPEM = (try? ca?.certificatePEM) ?? nil

        switch endpoint.serverCertificate {
        case .generated(let g):
            if let ca, let s = keep(base: ClientVPNPKI.serverBase, .server, g, issuer: ca, path: serverPath) {
                material.server = Self.material(s, chain: caPEM)
                material.serverCA = caPEM
            }
        case .files(let cert, let key, let chain):
            if let m = files(cert, key, chain, path: serverPath, read: read) {
                material.server = m
                material.serverCA = m.chain ?? m.certificate
            }
        case .acm: break
        }

        switch root {
        case .generated(let g)?:
            guard let ca else { break }
            var leaf = GeneratedCertificate(commonName: "\(endpoint.name)-client-root")
            leaf.keyType = g.keyType
            leaf.validityDays = g.validityDays
            if let c = keep(base: ClientVPNPKI.clientRootBase, .client, leaf, issuer: ca, path: clientRootPath) {
                material.clientRoot = Self.material(c, chain: caPEM)
            }
            for u in endpoint.users {
                var spec = GeneratedCertificate(commonName: u.name)
                spec.keyType = g.keyType
                spec.validityDays = g.validityDays
                if let c = keep(base: ClientVPNPKI.userBase(u.name), .client, spec, issuer: ca, path: u.path) {
                    material.users[u.name] = Self.material(c, chain: caPEM)
                }
            }
        case .files(let cert, let key, let chain)?:
            material.clientRoot = files(cert, key, chain, path: clientRootPath, read: read)
        case .acm?, nil: break
        }
    }

    static func material(_ k: KeyPair, chain: String?) -> CertificateMaterial {
        CertificateMaterial(certificate: (try? k.certificatePEM) ?? "", privateKey: (try? k.keyPEM).map(Secret.init), chain: chain)
    }

    /// The PKI folder's certificate and key `base` (`ca` when nil) if both are there and sound
    /// (key matching, issued by `issuer`, valid now); made when neither is there; a problem otherwise.
    mutating func keep(base: String?, _ purpose: CertificatePurpose, _ spec: GeneratedCertificate, issuer: KeyPair?, path: String) -> KeyPair? {
        let certName = base.map(ClientVPNPKI.certificateName) ?? ClientVPNPKI.caCertificate
        let keyName = base.map(ClientVPNPKI.keyName) ?? ClientVPNPKI.caKey
        let what = "\(pkiFolder)/\(certName)"
        switch (existing[certName], existing[keyName]) {
        case (nil, nil):
            do {
                let made = try Issuer.issue(purpose, commonName: spec.commonName, keyType: spec.keyType, validityDays: spec.validityDays, by: issuer, now: now)
                newFiles.append(PKIFile(name: certName, contents: Secret(try made.certificatePEM), mode: 0o644))
                newFiles.append(PKIFile(name: keyName, contents: Secret(try made.keyPEM), mode: 0o600))
                return made
            } catch {
                problems.append(CertificateProblem(path: path, message: "cannot make \(what): \(error)"))
                return nil
            }
        case (let c?, let k?):
            let fix = "; move \(certName) and \(keyName) out of \(pkiFolder) to have causeway make new ones (see client-vpn/README.md on rotating)"
            switch (PEMCheck.certificates(c, what: what), PEMCheck.privateKey(k, what: "\(pkiFolder)/\(keyName)")) {
            case (.success(let certs), .success(let key)):
                let cert = certs[0]
                var why: String?
                if !PEMCheck.keyMatches(key, cert) { why = "\(pkiFolder)/\(keyName) is not the key of \(what)" }
                else if !PEMCheck.isSigned(cert, by: issuer?.certificate ?? cert) { why = "\(what) was not issued by \(issuer == nil ? "itself" : "\(pkiFolder)/\(ClientVPNPKI.caCertificate)")" }
                else if let v = PEMCheck.validity(cert, what: what, now: now) { why = v.message }
                if let why {
                    problems.append(CertificateProblem(path: path, message: why + fix))
                    return nil
                }
                return KeyPair(certificate: cert, key: key)
            case (.failure(let f), _), (_, .failure(let f)):
                problems.append(CertificateProblem(path: path, message: f.message + fix))
                return nil
            }
        default:
            problems.append(CertificateProblem(path: path, message: "\(pkiFolder) has only one of \(certName) and \(keyName); put the other back, or move both away to have causeway make new ones"))
            return nil
        }
    }

    /// A certificate the topology gives as PEM files, checked: PEM, valid now, the key its own,
    /// the chain signing it up to a self-signed CA.
    mutating func files(_ cert: String, _ key: String?, _ chain: String?, path: String, read: (String) throws -> String) -> CertificateMaterial? {
        func text(_ file: String, _ field: String) -> String? {
            do { return try read(file) } catch {
                problems.append(CertificateProblem(path: "\(path).\(field)", message: "cannot read \(file): \(error)"))
                return nil
            }
        }
        /// The parsed value, or nil after recording its problem (or the one `then` finds) at `field`.
        func checked<T>(_ r: Result<T, CheckFailure>, _ field: String, then: (T) -> CheckFailure? = { _ in nil }) -> T? {
            switch r.flatMap({ v in then(v).map { .failure($0) } ?? .success(v) }) {
            case .success(let v): return v
            case .failure(let f):
                problems.append(CertificateProblem(path: "\(path).\(field)", message: f.message))
                return nil
            }
        }
        let before = problems.count
        guard let certText = text(cert, "certificate_file") else { return nil }
        let certificate = checked(PEMCheck.certificates(certText, what: cert), "certificate_file") { PEMCheck.validity($0[0], what: cert, now: now) }?[0]
        let keyText = key.flatMap { text($0, "private_key_file") }
        if let key, let keyText {
            _ = checked(PEMCheck.privateKey(keyText, what: key), "private_key_file") { k in
                certificate.map { PEMCheck.keyMatches(k, $0) } == false ? CheckFailure("\(key) is not the private key of \(cert); give the key the certificate was issued for") : nil
            }
        } else if key == nil {
            problems.append(CertificateProblem(path: "\(path).certificate_file", message: "ACM imports a certificate with its private key: add `private_key_file` (or import it yourself and write `arn`)"))
        }
        let chainText = chain.flatMap { text($0, "chain_file") }
        if let chain, let chainText {
            _ = checked(PEMCheck.certificates(chainText, what: chain), "chain_file") { cs in
                certificate.flatMap { PEMCheck.chainProblem($0, chain: cs, what: "\(cert) with chain \(chain)", now: now) }
            }
        }
        guard problems.count == before else { return nil }
        return CertificateMaterial(certificate: certText, privateKey: keyText.map(Secret.init), chain: chainText)
    }
}
