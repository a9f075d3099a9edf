import CausewayCore
import CausewayPKI
import CausewayRender
import Foundation
import Testing

/// The Client VPN files of S3 with the real tools: the connect handler under `python3` against
/// the shared case table, its rendered unit test, and the `.ovpn` profiles under `openvpn`.
@Suite struct ClientVPNRenderTests {
    /// The shared case table of the connect policy (the Swift evaluation in the core tests the
    /// same rows): S3's handler admits Mon–Fri in Asia/Seoul from 72.21.0.0/16 (AWS Client VPN
    /// administrator guide, "Connection authorization" (connection-authorization.html): the function answers `allow` for the
    /// connection's `public-ip`).
    static let cases: [(at: String, ip: String, allow: Bool)] = [
        ("2026-12-07T10:00:00+09:00", "72.21.10.20", true),     // Monday 10:00 in Seoul, inside the pool
        ("2026-12-07T10:00:00+09:00", "203.0.113.77", false),   // same time, outside the pool
        ("2026-12-05T10:00:00+09:00", "72.21.10.20", false),    // Saturday
        ("2026-12-06T23:30:00+00:00", "72.21.10.20", true),     // Sunday in UTC, Monday 08:30 in Seoul
    ]

    func s3Files(_ material: [String: ClientVPNMaterial]? = nil) throws -> [RenderedFile] {
        let t = try Scenario.s3.topology()
        var ctx = try Scenario.s3.context()
        if let material { ctx.clientVPN = material }
        return try RenderPlan(t, only: [.clientVPN]).run(t, context: ctx)
    }

    @Test func theHandlerAnswersTheCaseTable() throws {
        guard let python = Tools.require("python3", skipName: "PYTHON", install: "python3") else { return }
        let scratch = try Scratch(try s3Files())
        let handler = scratch.path("client-vpn/remote-access/connect-handler/lambda_function.py")
        for c in Self.cases {
            let r = try Tools.run(python, [handler, c.at], stdin: #"{"public-ip": "\#(c.ip)", "connection-id": "cvpn-connection-1", "schema-version": "v1"}"#)
            #expect(r.status == 0, "\(r)")
            let answer = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            #expect(answer?["allow"] as? Bool == c.allow, "\(c): \(r.stdout)")
            #expect(answer?["schema-version"] as? String == "v1")
            #expect((answer?["error-msg-on-failed-posture-compliance"] as? String)?.isEmpty == c.allow)
        }
    }

    @Test(arguments: [nil, "09:00-18:00", "00:00-24:00"])
    func theRenderedUnitTestPasses(_ hours: String?) throws {
        guard let python = Tools.require("python3", skipName: "PYTHON", install: "python3") else { return }
        var policy = try #require(try Scenario.s3.topology().clientVPNEndpoint("remote-access")?.connectHandler?.policy)
        policy.hours = hours.flatMap(MinuteRange.init)
        let scratch = try Scratch([
            RenderedFile(path: ConnectHandlerSource.fileName, contents: ConnectHandlerSource.render(policy, functionName: "AWSClientVPN-test", topology: "t")),
            RenderedFile(path: ConnectHandlerSource.testFileName, contents: ConnectHandlerSource.renderTest(functionName: "AWSClientVPN-test", topology: "t")),
        ])
        let r = try Tools.run("/bin/sh", ["-c", "cd '\(scratch.url.path)' && '\(python)' -m unittest -q test_lambda_function"])
        #expect(r.status == 0, "\(r)")
        #expect(r.stderr.contains("OK"), "\(r)")
    }

    @Test func thePoliciesTextIsPython() {
        var p = ConnectPolicy()
        p.errorMessage = "Say \"no\" \\ twice\nplease"
        let src = ConnectHandlerSource.render(p, functionName: "AWSClientVPN-x", topology: "t")
        #expect(src.contains(#"ERROR_MESSAGE = "Say \"no\" \\ twice\nplease""#))
        #expect(src.contains("WEEKDAYS = []"))
        #expect(src.contains("SOURCE_CIDRS = []"))
        #expect(src.contains("HOURS = None"))
    }

    /// Each profile as the client reads it: `openvpn` parses it (`--show-ciphers` exits after
    /// reading the options), loads the inline CA, certificate and key and gets as far as
    /// resolving the endpoint's name (the placeholder does not resolve); a broken profile and a
    /// key not the certificate's are refused.
    @Test func openvpnReadsTheProfiles() throws {
        guard let openvpn = Tools.require("openvpn", skipName: "OPENVPN", install: "openvpn (apt-get install -y openvpn)") else { return }
        let e = try #require(try Scenario.s3.topology().clientVPNEndpoint("remote-access"))
        let pki = ClientVPNPKI.make(for: e)
        let files = try s3Files([e.name: pki.material])
        let scratch = try Scratch(files)
        let profile = scratch.path("client-vpn/remote-access/client1.domain.tld.ovpn")
        #expect(files.file("client-vpn/remote-access/client1.domain.tld.ovpn")?.mode == 0o600)
        let parse = try Tools.run(openvpn, ["--config", profile, "--verb", "0", "--show-ciphers"])
        #expect(parse.status == 0, "\(parse)")
        let text = try String(contentsOfFile: profile, encoding: .utf8)
        let broken = try scratch.write("broken.ovpn", text.breaking("nobind", with: "nobind-please"))
        #expect(try Tools.run(openvpn, ["--config", broken, "--verb", "0", "--show-ciphers"]).status != 0)
        // The load runs in a network namespace of its own with no interface up (`unshare --net`):
        // the name lookup fails there, and nothing leaves the test (it needs root, as CI has).
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return }
        let isolated = ["30", "/usr/bin/unshare", "--net", openvpn]
        let load = ["--verb", "3", "--resolv-retry", "0", "--connect-retry-max", "1", "--dev", "null", "--route-noexec", "--ifconfig-noexec"]
        let loaded = try Tools.run("/usr/bin/timeout", isolated + ["--config", profile] + load)
        #expect(loaded.output.contains("RESOLVE"), "\(loaded)")
        #expect(!loaded.output.contains("Cannot load"), "\(loaded)")

        // home-user's key in client1's profile.
        let other = try #require(pki.material.users["home-user"]?.privateKey?.revealed)
        let mine = try #require(pki.material.users["client1.domain.tld"]?.privateKey?.revealed)
        let swapped = try scratch.write("swapped.ovpn", text.replacingOccurrences(of: mine.trimmingCharacters(in: .newlines), with: other.trimmingCharacters(in: .newlines)))
        let refused = try Tools.run("/usr/bin/timeout", isolated + ["--config", swapped] + load)
        #expect(refused.output.contains("Cannot load private key"), "\(refused)")
    }

    @Test func theProfileIsWhatAWSGivesWithTheUsersCertificateAndKey() throws {
        let files = try s3Files()
        let text = try #require(files.file("client-vpn/remote-access/home-user.ovpn")?.contents)
        for line in ["client", "dev tun", "proto udp", "remote cvpn-endpoint-00c5d11fc4EXAMPLE.prod.clientvpn.ap-northeast-2.amazonaws.com 443",
                     "remote-random-hostname", "resolv-retry infinite", "nobind", "remote-cert-tls server", "cipher AES-256-GCM", "verb 3",
                     "<ca>", "</ca>", "<cert>", "</cert>", "<key>", "</key>", "reneg-sec 0"] {
            #expect(text.split(separator: "\n").contains(Substring(line)), "\(line)")
        }
        #expect(!text.contains("verify-x509-name"))
        // Keys only in 0600 files.
        for f in files where f.contents.contains("PRIVATE KEY-----") { #expect(f.mode == 0o600, "\(f.path)") }
    }

    @Test func withoutItsCertificatesTheEndpointIsARenderGap() throws {
        let t = try Scenario.s3.topology()
        do {
            _ = try RenderPlan(t, only: [.clientVPN]).run(t, context: RenderContext())
            Issue.record("rendered without certificates")
        } catch let f as RenderFailure {
            let d = f.diagnostics(in: t)
            #expect(d.map(\.rule) == ["render-missing-value"])
            #expect(d.first?.location.line ?? 0 > 100, "at the endpoint's line: \(d)")
        }
        // The AWS templates need none: they read the files by path.
        #expect(throws: Never.self) { try RenderPlan(t, only: [.terraform, .cloudformation]).run(t, context: RenderContext()) }
    }
}

/// The templates print the Client VPN resources of the AWS description: imported certificates
/// from the rendered files (Terraform) or as ARN parameters (CloudFormation, which cannot import:
/// CloudFormation template reference, AWS::CertificateManager::Certificate), adopted ones by ARN.
@Suite struct ClientVPNTemplateTests {
    func render(_ edit: (inout ClientVPNEndpoint) -> Void = { _ in }) throws -> (tf: String, cfn: String) {
        var t = try Scenario.s3.topology()
        edit(&t.clientVPNEndpoints[0])
        let files = try RenderPlan(t, only: [.terraform, .cloudformation]).run(t, context: RenderContext())
        return (try #require(files.file("aws/terraform/main.tf")?.contents), try #require(files.file("aws/cloudformation/template.yaml")?.contents))
    }

    @Test func importedCertificatesComeFromTheRenderedFilesOrAsParameters() throws {
        let (tf, cfn) = try render()
        #expect(tf.contains(#"private_key       = file("${path.module}/../../client-vpn/remote-access/acm/server.key")"#))
        #expect(tf.contains("root_certificate_chain_arn = aws_acm_certificate.remote_access_client_root.arn"))
        #expect(tf.contains("target_vpc_subnet_id   = aws_ec2_client_vpn_network_association.remote_access_private_a.subnet_id"))
        #expect(!cfn.contains("AWS::CertificateManager::Certificate"))
        #expect(cfn.contains("RemoteAccessServerCertificateArn=… RemoteAccessClientRootCertificateArn=…"))
        #expect(cfn.contains("DependsOn: ClientVpnAssociationRemoteAccessPrivateA"))
        #expect(cfn.contains("Handler: index.lambda_handler"))
    }

    @Test func adoptedCertificatesAndHandlersAreReferredToByARN() throws {
        let server = "arn:aws:acm:ap-northeast-2:123456789012:certificate/11111111-2222-3333-4444-555555555555"
        let fn = "arn:aws:lambda:ap-northeast-2:123456789012:function:AWSClientVPN-existing"
        let (tf, cfn) = try render {
            $0.serverCertificate = .acm(arn: server)
            $0.connectHandler?.functionARN = fn
        }
        #expect(!tf.contains(#"resource "aws_acm_certificate" "remote_access_server""#))
        #expect(tf.contains("server_certificate_arn = \"\(server)\""))
        #expect(tf.contains("lambda_function_arn = \"\(fn)\""))
        #expect(!tf.contains(#"resource "aws_lambda_function""#))
        #expect(!cfn.contains("RemoteAccessServerCertificateArn"))
        #expect(cfn.contains("ServerCertificateArn: \(server)"))
        #expect(!cfn.contains("AWS::Lambda::Function"))
    }
}
