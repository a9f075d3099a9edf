import CausewayLab
import Foundation

/// A PKI made with `openssl` for the lab's plan tests (CA, a server certificate, one client
/// certificate per user) and profiles shaped as AWS's downloaded client configuration, made
/// once per test run.
enum TestPKI {
    static let users = ["client1.domain.tld", "home-user"]

    static let made: Result<LabClientVPNMaterial, Error> = Result { try make(users: users) }
    static var shared: LabClientVPNMaterial { get throws { try made.get() } }

    /// The shared PKI with `handler` as the connect handler's source (users beyond the shared
    /// ones are not made).
    static func material(users: [String], handler: String?) throws -> LabClientVPNMaterial {
        var m = try shared
        m.profiles = m.profiles.filter { users.contains($0.key) }
        m.handlerSource = handler
        return m
    }

    static func make(users: [String]) throws -> LabClientVPNMaterial {
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
        func issue(_ name: String, _ ext: String) throws {
            try sh("openssl req -newkey rsa:2048 -nodes -keyout '\(name).key' -out '\(name).csr' -subj '/CN=\(name)' 2>/dev/null"
                   + " && openssl x509 -req -in '\(name).csr' -CA ca.crt -CAkey ca.key -CAcreateserial -out '\(name).crt' -days 30 -extfile \(ext) 2>/dev/null")
        }
        try issue("server", "server.ext")
        var profiles: [String: String] = [:]
        for u in users {
            try issue(u, "client.ext")
            profiles[u] = """
            client
            dev tun
            proto udp
            remote cvpn-endpoint-0123456789abcdef0.prod.clientvpn.ap-northeast-2.amazonaws.com 443
            remote-random-hostname
            resolv-retry infinite
            nobind
            remote-cert-tls server
            cipher AES-256-GCM
            verb 3
            <ca>
            \(try read("ca.crt"))</ca>
            <cert>
            \(try read("\(u).crt"))</cert>
            <key>
            \(try read("\(u).key"))</key>
            reneg-sec 0

            """
        }
        return LabClientVPNMaterial(caCertificate: try read("ca.crt"), serverCertificate: try read("server.crt"), serverKey: try read("server.key"),
                                    profiles: profiles, handlerSource: nil)
    }

    /// A stand-in for the rendered handler of S3's policy (Mon–Fri in Asia/Seoul, from
    /// 72.21.0.0/16), answering in AWS's response schema.
    static let s3Handler = """
    import ipaddress
    from datetime import datetime
    from zoneinfo import ZoneInfo

    def lambda_handler(event, context):
        now = datetime.now(ZoneInfo("Asia/Seoul"))
        ok = now.weekday() < 5 and ipaddress.ip_address(event["public-ip"]) in ipaddress.ip_network("72.21.0.0/16")
        return {"allow": ok, "error-msg-on-failed-posture-compliance": "" if ok else "refused",
                "posture-compliance-statuses": [], "schema-version": "v1"}

    """

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
