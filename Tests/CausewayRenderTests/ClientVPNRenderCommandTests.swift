import CausewayCore
import CausewayPKI
import CausewayRender
import Foundation
import Testing

/// `causeway render` of S3's Client VPN endpoint with the built binary: the PKI made once and
/// kept (a second render reuses the CA and keys, never mints new ones), keys 0600 and never
/// printed, `openssl verify` accepting the chain, and certificate files that cannot be used
/// reported at their topology node.
@Suite struct ClientVPNRenderCommandTests {
    let cli = RenderCommandTests()

    func pkiFiles(_ out: URL) -> [String: String] {
        cli.listing(out.appendingPathComponent("client-vpn/remote-access/pki")).filter { $0.value != "<dir>" }
    }

    @Test func aSecondRenderReusesThePKI() throws {
        let dir = try Scratch()
        let out = dir.url.appendingPathComponent("out")
        let file = Repo.root.appendingPathComponent(Scenario.s3.file).path
        guard let first = try cli.causeway(["render", file, "--out", out.path]) else { return }
        #expect(first.status == 0, "\(first)")
        #expect(first.stderr.contains("made 10 Client VPN certificate and key files"), "\(first)")
        let pki = pkiFiles(out)
        #expect(Set(pki.keys) == ["/ca.crt", "/ca.key", "/server.crt", "/server.key", "/client-root.crt", "/client-root.key",
                                  "/users/client1.domain.tld.crt", "/users/client1.domain.tld.key", "/users/home-user.crt", "/users/home-user.key"])
        for name in pki.keys where name.hasSuffix(".key") {
            #expect(try cli.mode(out.path + "/client-vpn/remote-access/pki" + name) == 0o600, "\(name)")
        }
        #expect(try cli.mode(out.path + "/client-vpn/remote-access/pki") == 0o700)
        #expect(try cli.mode(out.path + "/client-vpn/remote-access/client1.domain.tld.ovpn") == 0o600)
        #expect(try cli.mode(out.path + "/client-vpn/remote-access/acm/server.key") == 0o600)
        // The PKI is the user's, not the render's: the manifest does not list it.
        let manifest = try String(contentsOf: out.appendingPathComponent(".causeway-render.json"), encoding: .utf8)
        #expect(!manifest.contains("/pki/"))
        #expect(manifest.contains("client-vpn/remote-access/home-user.ovpn"))
        for r in [first] { #expect(!r.output.contains("PRIVATE KEY"), "a key was printed") }
        // openssl accepts the chain: the server certificate and every user's from the one CA.
        let pkiDir = out.path + "/client-vpn/remote-access/pki"
        let verify = try Tools.run("/usr/bin/env", ["openssl", "verify", "-CAfile", "\(pkiDir)/ca.crt", out.path + "/client-vpn/remote-access/acm/server.crt",
                                                    "\(pkiDir)/users/client1.domain.tld.crt", "\(pkiDir)/users/home-user.crt"])
        #expect(verify.status == 0, "\(verify)")

        let profile = try String(contentsOf: out.appendingPathComponent("client-vpn/remote-access/home-user.ovpn"), encoding: .utf8)
        guard let second = try cli.causeway(["render", file, "--out", out.path]) else { return }
        #expect(second.status == 0, "\(second)")
        #expect(!second.stderr.contains("made "), "\(second)")
        #expect(pkiFiles(out) == pki, "the second render changed the PKI")
        #expect(try String(contentsOf: out.appendingPathComponent("client-vpn/remote-access/home-user.ovpn"), encoding: .utf8) == profile)
        #expect(!second.output.contains("PRIVATE KEY"))

        // A user's files moved away: only theirs are made again, by the same CA.
        try FileManager.default.removeItem(atPath: "\(pkiDir)/users/home-user.crt")
        try FileManager.default.removeItem(atPath: "\(pkiDir)/users/home-user.key")
        guard let third = try cli.causeway(["render", file, "--out", out.path]) else { return }
        #expect(third.status == 0 && third.stderr.contains("made 2 Client VPN"), "\(third)")
        #expect(pkiFiles(out)["/ca.key"] == pki["/ca.key"])
        let again = try Tools.run("/usr/bin/env", ["openssl", "verify", "-CAfile", "\(pkiDir)/ca.crt", "\(pkiDir)/users/home-user.crt"])
        #expect(again.status == 0, "\(again)")
    }

    /// Certificate files the topology names, unusable: a diagnostic at the node of the file,
    /// exit 1, nothing written, never a crash.
    @Test(arguments: [("not PEM\n", "certificate_file", "is not a PEM certificate"), ("", "private_key_file", "is not the private key")])
    func certificateFilesThatCannotBeUsed(_ serverText: String, _ field: String, _ message: String) throws {
        let dir = try Scratch()
        let s3 = try String(contentsOf: Repo.root.appendingPathComponent(Scenario.s3.file), encoding: .utf8)
        // Two certificates of a PKI made elsewhere: the server's with another one's key.
        let e = try #require(try Scenario.s3.topology().clientVPNEndpoint("remote-access"))
        let a = try #require(Self.pki(e)), b = try #require(Self.pki(e))
        _ = try dir.write("certs/server.crt", serverText.isEmpty ? a.server.certificate : serverText)
        _ = try dir.write("certs/server.key", b.server.privateKey!.revealed)
        _ = try dir.write("certs/ca.crt", a.serverCA)
        let yaml = s3.breaking("    server_certificate: {common_name: server}", with: """
                server_certificate:
                  certificate_file: certs/server.crt
                  private_key_file: certs/server.key
                  chain_file: certs/ca.crt
            """)
        let file = try dir.write("s3.yaml", yaml)
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.contains("\(field):") }) + 1
        let out = dir.url.appendingPathComponent("out")
        guard let r = try cli.causeway(["render", file, "--out", out.path]) else { return }
        #expect(r.status == 1, "\(r)")
        #expect(r.stderr.contains("s3.yaml:\(line):") && r.stderr.contains(message) && r.stderr.contains("[render-certificate-invalid]"), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(!r.output.contains("PRIVATE KEY"))
    }

    /// A made PKI's server certificate, its key and CA.
    static func pki(_ e: ClientVPNEndpoint) -> (server: CertificateMaterial, serverCA: String)? {
        let m = ClientVPNPKI.make(for: e).material
        guard let s = m.server, let ca = m.serverCA else { return nil }
        return (s, ca)
    }
}
