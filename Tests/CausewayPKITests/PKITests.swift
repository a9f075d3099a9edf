import CausewayCore
import CausewayPKI
import CausewayRender
import Foundation
import Testing

/// The PKI of a Client VPN endpoint as AWS's mutual-authentication guide makes it with easy-rsa
/// (AWS Client VPN administrator guide, "Mutual authentication": a CA, a server certificate and
/// key, a client certificate and key, the CA as both imports' chain).
@Suite struct PKITests {
    static let now = Date()

    func endpoint() throws -> ClientVPNEndpoint { try #require(try Repo.s3().clientVPNEndpoint("remote-access")) }

    @Test func makesTheCAServerAndOneClientCertificatePerUser() throws {
        let e = try endpoint()
        let o = ClientVPNPKI.make(for: e, now: Self.now)
        #expect(o.problems.isEmpty, "\(o.problems)")
        let names = Set(o.newFiles.map(\.name))
        #expect(names == ["ca.crt", "ca.key", "server.crt", "server.key", "client-root.crt", "client-root.key",
                          "users/client1.domain.tld.crt", "users/client1.domain.tld.key", "users/home-user.crt", "users/home-user.key"])
        #expect(o.newFiles.filter { $0.name.hasSuffix(".key") }.allSatisfy { $0.mode == 0o600 })
        #expect(o.newFiles.filter { $0.name.hasSuffix(".crt") }.allSatisfy { $0.mode == 0o644 })
        let m = o.material
        #expect(m.server?.privateKey?.revealed.hasPrefix("-----BEGIN PRIVATE KEY-----") == true)
        #expect(m.server?.chain == m.serverCA)
        #expect(m.clientRoot?.chain == m.serverCA)
        #expect(Set(m.users.keys) == ["client1.domain.tld", "home-user"])
        // Keys never show themselves.
        #expect(!"\(m)".contains("PRIVATE KEY"))
    }

    /// `openssl verify -CAfile ca.crt server.crt client.crt` accepts the chain; the server has
    /// EKU serverAuth and its common name as DNS name, each client EKU clientAuth and CN = user.
    @Test func opensslVerifiesTheChainAndReadsThePurposes() throws {
        let o = ClientVPNPKI.make(for: try endpoint(), now: Self.now)
        let dir = try Folder()
        for f in o.newFiles { try dir.write(f.name, f.contents.revealed) }
        let v = try run("openssl", ["verify", "-CAfile", "ca.crt", "server.crt", "client-root.crt", "users/client1.domain.tld.crt", "users/home-user.crt"], in: dir.url)
        #expect(v.status == 0, "\(v.output)")
        let purpose = try run("openssl", ["verify", "-CAfile", "ca.crt", "-purpose", "sslserver", "server.crt"], in: dir.url)
        #expect(purpose.status == 0, "\(purpose.output)")
        let client = try run("openssl", ["verify", "-CAfile", "ca.crt", "-purpose", "sslclient", "users/home-user.crt"], in: dir.url)
        #expect(client.status == 0, "\(client.output)")
        let server = try run("openssl", ["x509", "-in", "server.crt", "-noout", "-text"], in: dir.url).output
        #expect(server.contains("TLS Web Server Authentication"))
        #expect(server.contains("DNS:server"))
        #expect(server.contains("Subject: CN = server"))
        #expect(server.contains("Issuer: CN = Easy-RSA CA"))
        #expect(server.contains("Digital Signature, Key Encipherment"))
        let user = try run("openssl", ["x509", "-in", "users/client1.domain.tld.crt", "-noout", "-text"], in: dir.url).output
        #expect(user.contains("TLS Web Client Authentication"))
        #expect(user.contains("Subject: CN = client1.domain.tld"))
        for key in ["ca.key", "server.key", "users/home-user.key"] {
            let k = try run("openssl", ["pkey", "-in", key, "-noout"], in: dir.url)
            #expect(k.status == 0, "\(key): \(k.output)")
        }
        // RSA 2048, the size Client VPN takes for mutual authentication.
        #expect(server.contains("Public-Key: (2048 bit)"))
    }

    @Test func aSecondRunReusesWhatIsThereAndMakesOnlyWhatIsMissing() throws {
        var e = try endpoint()
        let first = ClientVPNPKI.make(for: e, now: Self.now)
        var existing = Dictionary(uniqueKeysWithValues: first.newFiles.map { ($0.name, $0.contents.revealed) })
        let again = ClientVPNPKI.make(for: e, existing: existing, read: { _ in "" }, now: Self.now)
        #expect(again.problems.isEmpty, "\(again.problems)")
        #expect(again.newFiles.isEmpty)
        #expect(again.material == first.material)
        // A new user: only their certificate and key are made, by the same CA.
        e.users.append(RemoteUser(name: "new-user", path: "\(e.path).users.new-user", publicIP: IPv4Address("72.21.1.1")!))
        existing.removeValue(forKey: "users/home-user.crt")
        existing.removeValue(forKey: "users/home-user.key")
        let grown = ClientVPNPKI.make(for: e, existing: existing, read: { _ in "" }, now: Self.now)
        #expect(Set(grown.newFiles.map(\.name)) == ["users/new-user.crt", "users/new-user.key", "users/home-user.crt", "users/home-user.key"])
        #expect(grown.material.serverCA == first.material.serverCA)
    }

    @Test func aKeptFileThatDoesNotFitIsAProblemNotAReplacement() throws {
        let e = try endpoint()
        let a = ClientVPNPKI.make(for: e, now: Self.now), b = ClientVPNPKI.make(for: e, now: Self.now)
        var existing = Dictionary(uniqueKeysWithValues: a.newFiles.map { ($0.name, $0.contents.revealed) })
        // The server certificate of another CA.
        existing["server.crt"] = b.newFiles.first { $0.name == "server.crt" }!.contents.revealed
        existing["server.key"] = b.newFiles.first { $0.name == "server.key" }!.contents.revealed
        existing["users/home-user.key"] = nil
        let o = ClientVPNPKI.make(for: e, existing: existing, read: { _ in "" }, now: Self.now)
        #expect(o.newFiles.isEmpty)
        #expect(o.problems.contains { $0.path == "\(e.path).server_certificate" && $0.message.contains("was not issued by") })
        #expect(o.problems.contains { $0.path.hasPrefix("\(e.path).users") && $0.message.contains("only one of") })
        // An expired kept CA.
        let later = Self.now.addingTimeInterval(3000 * 86400)
        let expired = ClientVPNPKI.make(for: e, existing: Dictionary(uniqueKeysWithValues: a.newFiles.map { ($0.name, $0.contents.revealed) }), read: { _ in "" }, now: later)
        #expect(expired.problems.contains { $0.message.contains("ca.crt expired") })
    }
}
