import CausewayCore
import Foundation
import SwiftASN1
import X509

/// Parsing and checking PEM certificates and keys: what a certificate file the topology names,
/// or one kept in the PKI folder, must be before causeway uses it. Each answer is a problem in
/// words (how to fix it) or the parsed value, never a crash.
enum PEMCheck {
    /// Every certificate of a PEM text (a chain file may hold several), or why not.
    static func certificates(_ text: String, what: String) -> Result<[Certificate], CheckFailure> {
        guard text.contains("-----BEGIN CERTIFICATE-----") else {
            return .failure(CheckFailure("\(what) is not a PEM certificate (no `-----BEGIN CERTIFICATE-----` block); convert it with `openssl x509 -in FILE -out FILE.pem -outform PEM`"))
        }
        do {
            let docs = try PEMDocument.parseMultiple(pemString: text).filter { $0.discriminator == "CERTIFICATE" }
            let certs = try docs.map { try Certificate(derEncoded: $0.derBytes) }
            return certs.isEmpty ? .failure(CheckFailure("\(what) holds no certificate")) : .success(certs)
        } catch {
            return .failure(CheckFailure("\(what) is not a readable PEM certificate (its DER does not parse as X.509)"))
        }
    }

    static func privateKey(_ text: String, what: String) -> Result<Certificate.PrivateKey, CheckFailure> {
        guard text.contains("-----BEGIN"), text.contains("PRIVATE KEY-----") else {
            return .failure(CheckFailure("\(what) is not a PEM private key (no `-----BEGIN PRIVATE KEY-----` block)"))
        }
        if text.contains("ENCRYPTED") {
            return .failure(CheckFailure("\(what) is encrypted; ACM imports only unencrypted keys (`openssl pkey -in FILE -out FILE.key`)"))
        }
        do { return .success(try Certificate.PrivateKey(pemEncoded: text)) }
        catch { return .failure(CheckFailure("\(what) is not a private key causeway can read (PKCS#8, PKCS#1 RSA or SEC1 EC)")) }
    }

    /// Why `certificate` is not valid at `now`, if it is not.
    static func validity(_ c: Certificate, what: String, now: Date) -> CheckFailure? {
        let f = ISO8601DateFormatter()
        if now > c.notValidAfter { return CheckFailure("\(what) expired on \(f.string(from: c.notValidAfter)); issue a new one") }
        if now < c.notValidBefore.addingTimeInterval(-Issuer.backdate) { return CheckFailure("\(what) is not valid before \(f.string(from: c.notValidBefore))") }
        return nil
    }

    static func keyMatches(_ key: Certificate.PrivateKey, _ c: Certificate) -> Bool { key.publicKey == c.publicKey }

    /// Whether `issuer` signed `c`.
    static func isSigned(_ c: Certificate, by issuer: Certificate) -> Bool {
        c.issuer == issuer.subject && issuer.publicKey.isValidSignature(c.signature, for: c)
    }

    /// Why `chain` does not lead from `c` to a self-signed CA, each link signed and valid at `now`.
    static func chainProblem(_ c: Certificate, chain: [Certificate], what: String, now: Date) -> CheckFailure? {
        var current = c
        var left = chain
        while !(current.issuer == current.subject && isSigned(current, by: current)) {
            guard let i = left.firstIndex(where: { isSigned(current, by: $0) }) else {
                return CheckFailure("\(what) does not verify: no certificate of the chain signed `\(current.subject)`; give the CA that issued it (and any intermediate)")
            }
            current = left.remove(at: i)
            if let v = validity(current, what: "the chain's `\(current.subject)`", now: now) { return v }
        }
        return nil
    }
}

struct CheckFailure: Error, Equatable {
    var message: String
    init(_ m: String) { message = m }
}
