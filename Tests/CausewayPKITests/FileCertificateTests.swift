import CausewayCore
import CausewayPKI
import CausewayRender
import Foundation
import Testing

/// Certificates the topology gives as `{certificate_file, private_key_file, chain_file}`: read
/// and checked before ACM would see them (ImportCertificate refuses a key that does not match,
/// and a chain that does not verify: AWS Certificate Manager user guide, "Prerequisites for
/// importing certificates"); each problem at the node of the file it is about, never a crash.
@Suite struct FileCertificateTests {
    static let now = Date()

    /// S3's endpoint with its server certificate in files (names as written in the topology).
    func filesEndpoint() throws -> ClientVPNEndpoint {
        var e = try #require(try Repo.s3().clientVPNEndpoint("remote-access"))
        e.serverCertificate = .files(certificate: "certs/server.crt", privateKey: "certs/server.key", chain: "certs/ca.crt")
        return e
    }

    /// A made PKI's files by name.
    func pki(_ e: ClientVPNEndpoint, now: Date = now) -> [String: String] {
        Dictionary(uniqueKeysWithValues: ClientVPNPKI.make(for: e, now: now).newFiles.map { ($0.name, $0.contents.revealed) })
    }

    func problems(cert: String, key: String, chain: String) throws -> [CertificateProblem] {
        let e = try filesEndpoint()
        let files = ["certs/server.crt": cert, "certs/server.key": key, "certs/ca.crt": chain]
        return ClientVPNPKI.make(for: e, existing: [:], read: { p in
            guard let t = files[p] else { throw CocoaError(.fileNoSuchFile) }
            return t
        }, now: Self.now).problems
    }

    @Test func soundFilesAreTakenAsTheyAre() throws {
        let a = pki(try #require(try Repo.s3().clientVPNEndpoint("remote-access")))
        let e = try filesEndpoint()
        let files = ["certs/server.crt": a["server.crt"]!, "certs/server.key": a["server.key"]!, "certs/ca.crt": a["ca.crt"]!]
        let o = ClientVPNPKI.make(for: e, existing: [:], read: { files[$0]! }, now: Self.now)
        #expect(o.problems.isEmpty, "\(o.problems)")
        #expect(o.material.server?.certificate == a["server.crt"])
        #expect(o.material.serverCA == a["ca.crt"])
    }

    @Test func aFileThatIsNotPEM() throws {
        let a = pki(try #require(try Repo.s3().clientVPNEndpoint("remote-access")))
        let p = try problems(cert: "not a certificate\n", key: a["server.key"]!, chain: a["ca.crt"]!)
        #expect(p.contains { $0.path == "client_vpn_endpoints.remote-access.server_certificate.certificate_file" && $0.message.contains("is not a PEM certificate") }, "\(p)")
        let der = try problems(cert: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", key: a["server.key"]!, chain: a["ca.crt"]!)
        #expect(der.contains { $0.message.contains("certs/server.crt") }, "\(der)")
    }

    @Test func aKeyThatIsNotTheCertificates() throws {
        let root = try #require(try Repo.s3().clientVPNEndpoint("remote-access"))
        let a = pki(root), b = pki(root)
        let p = try problems(cert: a["server.crt"]!, key: b["server.key"]!, chain: a["ca.crt"]!)
        #expect(p.map(\.path) == ["client_vpn_endpoints.remote-access.server_certificate.private_key_file"], "\(p)")
        #expect(p.first?.message.contains("is not the private key of certs/server.crt") == true)
    }

    @Test func aChainThatDoesNotVerify() throws {
        let root = try #require(try Repo.s3().clientVPNEndpoint("remote-access"))
        let a = pki(root), b = pki(root)
        let p = try problems(cert: a["server.crt"]!, key: a["server.key"]!, chain: b["ca.crt"]!)
        #expect(p.map(\.path) == ["client_vpn_endpoints.remote-access.server_certificate.chain_file"], "\(p)")
        #expect(p.first?.message.contains("does not verify") == true)
    }

    @Test func anExpiredCA() throws {
        // A CA made 900 days ago for 825 days, its server certificate for 2000.
        var root = try #require(try Repo.s3().clientVPNEndpoint("remote-access"))
        if case .generated(var g) = root.serverCertificate {
            g.validityDays = 2000
            root.serverCertificate = .generated(g)
        }
        let old = pki(root, now: Self.now.addingTimeInterval(-900 * 86400))
        let p = try problems(cert: old["server.crt"]!, key: old["server.key"]!, chain: old["ca.crt"]!)
        #expect(p.map(\.path) == ["client_vpn_endpoints.remote-access.server_certificate.chain_file"], "\(p)")
        #expect(p.first?.message.contains("expired") == true)
    }

    @Test func aFileThatCannotBeRead() throws {
        let e = try filesEndpoint()
        let o = ClientVPNPKI.make(for: e, existing: [:], read: { _ in throw CocoaError(.fileNoSuchFile) }, now: Self.now)
        #expect(o.problems.first?.path == "client_vpn_endpoints.remote-access.server_certificate.certificate_file")
    }
}
