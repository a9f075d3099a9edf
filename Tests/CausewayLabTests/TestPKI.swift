import CausewayCore
import CausewayLab
import CausewayRender
import Foundation

/// A PKI made with `openssl` for the lab's plan tests, as AWS's mutual-authentication guide makes
/// it with easy-rsa (one CA; a server certificate; a client certificate per user, one more as the
/// client root chain ACM imports), made once per test run. The lab takes whatever PKI it is handed.
enum TestPKI {
    static let users = ["client1.domain.tld", "home-user"]

    static let made: Result<ClientVPNMaterial, Error> = Result { try make(users: users) }
    static var shared: ClientVPNMaterial { get throws { try made.get() } }

    static func make(users: [String]) throws -> ClientVPNMaterial {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cvpn-pki-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func sh(_ script: String) throws {
            let r = try ProcessRunner().run(["sh", "-c", "cd \(dir) && \(script)"])
            guard r.succeeded else { throw CommandError(["sh", "-c", script], r.stderr) }
        }
        func read(_ f: String) throws -> String { try String(contentsOfFile: "\(dir)/\(f)", encoding: .utf8) }
        try sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30 -subj '/CN=Easy-RSA CA' 2>/dev/null")
        try sh("printf 'basicConstraints=CA:FALSE\\nkeyUsage=digitalSignature,keyEncipherment\\nextendedKeyUsage=serverAuth\\nsubjectAltName=DNS:server\\n' > server.ext"
               + " && printf 'basicConstraints=CA:FALSE\\nkeyUsage=digitalSignature\\nextendedKeyUsage=clientAuth\\n' > client.ext")
        func issue(_ name: String, _ ext: String) throws -> CertificateMaterial {
            try sh("openssl req -newkey rsa:2048 -nodes -keyout '\(name).key' -out '\(name).csr' -subj '/CN=\(name)' 2>/dev/null"
                   + " && openssl x509 -req -in '\(name).csr' -CA ca.crt -CAkey ca.key -CAcreateserial -out '\(name).crt' -days 30 -extfile \(ext) 2>/dev/null")
            return CertificateMaterial(certificate: try read("\(name).crt"), privateKey: Secret(try read("\(name).key")), chain: try read("ca.crt"))
        }
        var m = ClientVPNMaterial(server: try issue("server", "server.ext"), clientRoot: try issue("client-root", "client.ext"), serverCA: try read("ca.crt"))
        for u in users { m.users[u] = try issue(u, "client.ext") }
        return m
    }

    /// The table every side of the connect policy is tested against (the model's, the rendered
    /// handler's, the lab's).
    struct PolicyCase: Sendable, CustomStringConvertible {
        var at: String
        var source: String
        var admit: Bool
        var description: String { "\(at) \(source)" }
    }

    static let policyCases = [
        PolicyCase(at: "2026-12-07T10:00:00+09:00", source: "72.21.10.20", admit: true),     // Monday in Seoul
        PolicyCase(at: "2026-12-07T10:00:00+09:00", source: "203.0.113.77", admit: false),   // outside the pool
        PolicyCase(at: "2026-12-05T10:00:00+09:00", source: "72.21.10.20", admit: false),    // Saturday
        PolicyCase(at: "2026-12-06T23:30:00Z", source: "72.21.10.20", admit: true),          // Sunday in UTC, Monday 08:30 in Seoul
    ]
}
