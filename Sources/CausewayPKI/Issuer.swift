import CausewayCore
import Crypto
import _CryptoExtras
import Foundation
import SwiftASN1
import X509

/// A certificate with its private key, both parsed.
struct KeyPair {
    var certificate: Certificate
    var key: Certificate.PrivateKey

    var certificatePEM: String { get throws { try certificate.serializeAsPEM().pemString } }
    var keyPEM: String { get throws { try Issuer.pem(key) } }
}

/// What a certificate is for: the CA that signs, the endpoint's server certificate, a client.
enum CertificatePurpose {
    case authority
    case server
    case client
}

/// Makes keys and certificates the way easy-rsa does for AWS's mutual-authentication guide: one
/// CA, a server certificate (EKU serverAuth, the common name also as its DNS name) and client
/// certificates (EKU clientAuth) it issues. The one place causeway draws random keys.
enum Issuer {
    /// Tolerance for a clock behind the one that made the certificate.
    static let backdate: TimeInterval = 3600

    static func key(_ type: CertificateKeyType) throws -> Certificate.PrivateKey {
        switch type {
        case .rsa2048: return Certificate.PrivateKey(try _RSA.Signing.PrivateKey(keySize: .bits2048))
        case .rsa3072: return Certificate.PrivateKey(try _RSA.Signing.PrivateKey(keySize: .bits3072))
        case .rsa4096: return Certificate.PrivateKey(try _RSA.Signing.PrivateKey(keySize: .bits4096))
        case .ecdsaP256: return Certificate.PrivateKey(P256.Signing.PrivateKey())
        case .ecdsaP384: return Certificate.PrivateKey(P384.Signing.PrivateKey())
        }
    }

    /// A key as PEM: PKCS#8 (`BEGIN PRIVATE KEY`), as easy-rsa writes it and ACM imports it.
    static func pem(_ key: Certificate.PrivateKey) throws -> String {
        try key.serializeAsPEM().pemString.contains("RSA PRIVATE KEY") ? rsaPKCS8(key) : key.serializeAsPEM().pemString
    }

    private static func rsaPKCS8(_ key: Certificate.PrivateKey) throws -> String {
        let pkcs1 = try key.serializeAsPEM().pemString
        return try _RSA.Signing.PrivateKey(pemRepresentation: pkcs1).pkcs8PEMRepresentation
    }

    static func signatureAlgorithm(_ key: Certificate.PrivateKey) -> Certificate.SignatureAlgorithm {
        switch key.publicKey.keyAlgorithm {
        case .p384: .ecdsaWithSHA384
        case .p256: .ecdsaWithSHA256
        default: .sha256WithRSAEncryption
        }
    }

    /// A new key and certificate for `commonName`, signed by `issuer` (self-signed when nil).
    static func issue(_ purpose: CertificatePurpose, commonName: String, keyType: CertificateKeyType, validityDays: Int,
                      by issuer: KeyPair?, now: Date) throws -> KeyPair {
        let key = try key(keyType)
        let subject = try DistinguishedName { CommonName(commonName) }
        let signer = issuer?.key ?? key
        let isRSA = key.publicKey.keyAlgorithm == .rsa
        let extensions = try Certificate.Extensions {
            switch purpose {
            case .authority:
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            case .server:
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: isRSA))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([.dnsName(commonName)])
            case .client:
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: isRSA))
                try ExtendedKeyUsage([.clientAuth])
            }
            SubjectKeyIdentifier(hash: key.publicKey)
            if let issuer { AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: issuer.certificate.publicKey).keyIdentifier) }
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
            notValidBefore: now.addingTimeInterval(-backdate), notValidAfter: now.addingTimeInterval(TimeInterval(validityDays) * 86400),
            issuer: issuer?.certificate.subject ?? subject, subject: subject,
            signatureAlgorithm: signatureAlgorithm(signer), extensions: extensions, issuerPrivateKey: signer)
        return KeyPair(certificate: certificate, key: key)
    }
}

extension Certificate.PublicKey {
    enum Algorithm { case rsa, p256, p384, other }

    /// The key's algorithm, from its SubjectPublicKeyInfo.
    var keyAlgorithm: Algorithm {
        if _RSA.Signing.PublicKey(self) != nil { return .rsa }
        if P256.Signing.PublicKey(self) != nil { return .p256 }
        if P384.Signing.PublicKey(self) != nil { return .p384 }
        return .other
    }
}
