import CausewayCore
import Foundation
import Testing
@testable import CausewayAWS

/// The wire form of the Client VPN, ACM and Lambda calls, without an endpoint: EC2 requests
/// against botocore's EC2 model, responses from the recorded AWS-format fixtures.
@Suite struct ClientVPNRequestTests {
    let credentials = Credentials(accessKeyID: "AKIDTEST", secretAccessKey: "secret")

    func ec2(_ t: FakeTransport, endpoint: URL? = nil) -> EC2Client {
        EC2Client(credentials: credentials, region: "ap-northeast-2", endpoint: endpoint, transport: t,
                  retry: RetryPolicy(maxAttempts: 1, baseDelay: .milliseconds(1)))
    }

    /// An EC2 transport answering each action with its fixture (describe items filled in).
    func recorded() -> FakeTransport {
        FakeTransport { request, _ in
            let action = request.form("Action") ?? ""
            let values = ["endpoint": "cvpn-endpoint-0123456789abcdef0", "association": "cvpn-assoc-0123456789abcdef0", "status": "available",
                          "subnet": "subnet-0aaa", "vpc": "vpc-0bbb", "destination": "192.168.0.0/16", "origin": "add-route", "group": "", "accessAll": "true",
                          "description": "IDC", "cidr": "172.16.0.0/22", "dns": "", "splitTunnel": "true", "transport": "udp", "port": "443",
                          "server": "arn:aws:acm:ap-northeast-2:123456789012:certificate/server", "root": "arn:aws:acm:ap-northeast-2:123456789012:certificate/root",
                          "tags": "<item><key>causeway:key</key><value>client-vpn/remote-access</value></item>", "groups": "<item>sg-0ccc</item>",
                          "handlerEnabled": "true", "handler": "arn:aws:lambda:ap-northeast-2:123456789012:function:AWSClientVPN-weekday-ip-policy",
                          "sessionTimeout": "24"]
            return FakeTransport.xml(200, FakeClientVPN.fill(try FakeClientVPN.template(action), values))
        }
    }

    /// EC2 API reference, the Client VPN actions' "Request Parameters": every call apply, status
    /// and destroy make, with every option set, fits botocore's EC2 model (names, nesting, enum
    /// values, required members) and serializes as botocore does.
    @Test func everyClientVPNRequestFitsBotocoresEC2Model() async throws {
        let t = recorded(), c = ec2(t), e = "cvpn-endpoint-0123456789abcdef0", token = ClientToken.derived(from: "x")
        var log = ClientVPNConnectionLog()
        log.enabled = true
        log.logGroup = "client-vpn"
        log.logStream = "connections"
        let request = ClientVPNEndpointRequest(
            clientCIDR: "172.16.0.0/22", serverCertificateARN: "arn:server", clientRootCertificateARN: "arn:root", connectionLog: log,
            dnsServers: ["10.0.0.2", "192.168.2.250"], transportProtocol: "tcp", vpnPort: 1194, description: "causeway s3", splitTunnel: true,
            securityGroupIds: ["sg-1", "sg-2"], vpcId: "vpc-1", connectHandlerARN: "arn:aws:lambda:ap-northeast-2:123456789012:function:AWSClientVPN-x",
            sessionTimeoutHours: 12)
        _ = try await c.createClientVpnEndpoint(request, clientToken: token, tags: [ResourceTag("causeway:topology", "s3"), ResourceTag("causeway:key", "client-vpn/r")])
        var off = request
        off.connectHandlerARN = nil
        off.connectionLog = ClientVPNConnectionLog()
        _ = try await c.createClientVpnEndpoint(off, clientToken: token, tags: [])
        var change = ClientVPNEndpointChange()
        change.serverCertificateARN = "arn:server2"
        change.dnsServers = ["10.0.0.2"]
        change.vpnPort = 443
        change.splitTunnel = false
        change.connectHandlerARN = .some(nil)
        change.sessionTimeoutHours = 24
        try await c.modifyClientVpnEndpoint(id: e, change)
        _ = try await c.describeClientVpnEndpoints(ids: [e])
        _ = try await c.associateClientVpnTargetNetwork(endpointId: e, subnetId: "subnet-1", clientToken: token)
        _ = try await c.describeClientVpnTargetNetworks(endpointId: e)
        _ = try await c.authorizeClientVpnIngress(endpointId: e, destination: "192.168.0.0/16", group: nil, description: "IDC", clientToken: token)
        _ = try await c.authorizeClientVpnIngress(endpointId: e, destination: "10.0.0.0/16", group: "S-1-5-21", description: nil, clientToken: token)
        _ = try await c.describeClientVpnAuthorizationRules(endpointId: e)
        _ = try await c.createClientVpnRoute(endpointId: e, destination: "192.168.0.0/16", subnetId: "subnet-1", description: "IDC", clientToken: token)
        _ = try await c.describeClientVpnRoutes(endpointId: e)
        try await c.deleteClientVpnRoute(endpointId: e, destination: "192.168.0.0/16", subnetId: "subnet-1")
        try await c.revokeClientVpnIngress(endpointId: e, destination: "192.168.0.0/16", group: nil)
        try await c.revokeClientVpnIngress(endpointId: e, destination: "10.0.0.0/16", group: "S-1-5-21")
        try await c.disassociateClientVpnTargetNetwork(endpointId: e, associationId: "cvpn-assoc-1")
        try await c.deleteClientVpnEndpoint(id: e)
        let requests = t.requests.map { r in (action: r.form("Action") ?? "", pairs: r.formPairs.filter { !["Action", "Version"].contains($0.0) }) }
        #expect(requests.count == 16)
        #expect(try botocoreProblems(requests) == [])
        // A wrong name, a wrong enum value and a missing required member are caught.
        let bad = try botocoreProblems([(action: "CreateClientVpnEndpoint", pairs: [("ClientCidrBlock", "172.16.0.0/22"), ("TransportProtocol", "icmp"), ("SplitTunel", "true")])])
        #expect(bad.count == 4, "\(bad)")
    }

    /// EC2 API reference, DescribeClientVpnEndpoints / TargetNetworks / AuthorizationRules / Routes,
    /// "Response Elements" (ClientVpnEndpoint, TargetNetwork, AuthorizationRule, ClientVpnRoute).
    @Test func recordedDescribeResponsesParse() async throws {
        let c = ec2(recorded()), e = "cvpn-endpoint-0123456789abcdef0"
        let endpoint = try #require(try await c.describeClientVpnEndpoints(ids: [e]).first)
        #expect(endpoint.id == e && endpoint.status.code == "available" && endpoint.clientCIDR == "172.16.0.0/22")
        #expect(endpoint.splitTunnel == true && endpoint.transportProtocol == "udp" && endpoint.vpnPort == 443 && endpoint.sessionTimeoutHours == 24)
        #expect(endpoint.serverCertificateARN?.hasSuffix("/server") == true && endpoint.clientRootCertificateARN?.hasSuffix("/root") == true)
        #expect(endpoint.connectHandlerEnabled == true && endpoint.connectHandlerARN?.hasSuffix(":AWSClientVPN-weekday-ip-policy") == true)
        #expect(endpoint.securityGroupIds == ["sg-0ccc"] && endpoint.vpcId == "vpc-0bbb" && endpoint.connectionLogEnabled == false && endpoint.dnsServers == [])
        #expect(LogicalKey.key(in: endpoint.tags) == "client-vpn/remote-access")
        let association = try #require(try await c.describeClientVpnTargetNetworks(endpointId: e).first)
        #expect(association.associationId == "cvpn-assoc-0123456789abcdef0" && association.subnetId == "subnet-0aaa")
        let rule = try #require(try await c.describeClientVpnAuthorizationRules(endpointId: e).first)
        #expect(rule.destination == "192.168.0.0/16" && rule.accessAll && rule.groupId == nil)
        let route = try #require(try await c.describeClientVpnRoutes(endpointId: e).first)
        #expect(route.destination == "192.168.0.0/16" && route.targetSubnet == "subnet-0aaa" && route.origin == "add-route")
        let created = try await c.createClientVpnEndpoint(ClientVPNEndpointRequest(
            clientCIDR: "172.16.0.0/22", serverCertificateARN: "a", clientRootCertificateARN: "b", connectionLog: ClientVPNConnectionLog(), dnsServers: [],
            transportProtocol: "udp", vpnPort: 443, description: nil, splitTunnel: true, securityGroupIds: [], vpcId: nil, connectHandlerARN: nil,
            sessionTimeoutHours: 24), clientToken: .random(), tags: [])
        #expect(created.id == e && created.status.code == "pending-associate")
    }

    /// ACM API reference, "Actions" and ImportCertificate: JSON 1.1 with `X-Amz-Target:
    /// CertificateManager.ImportCertificate`, signed for `acm`, the PEM blobs base64-encoded. An
    /// error ACM sends back never carries the private key, and the material never prints it.
    @Test func acmImportIsJSONSignedForACMAndNeverShowsTheKey() async throws {
        let key = "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END PRIVATE KEY-----\n"
        let material = CertificateMaterial(certificate: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", privateKey: PrivateKeyPEM(key), chain: "chain")
        let t = FakeTransport { _, n in
            n == 1 ? HTTPResponse(status: 200, body: Data(#"{"CertificateArn":"arn:aws:acm:ap-northeast-2:123456789012:certificate/1"}"#.utf8))
                : HTTPResponse(status: 400, body: Data(#"{"__type":"ValidationException","message":"The private key is not supported"}"#.utf8))
        }
        let acm = ACMClient(ec2: ec2(t))
        #expect(try await acm.importCertificate(material, tags: [ResourceTag("causeway:key", "acm/r/server")]) == "arn:aws:acm:ap-northeast-2:123456789012:certificate/1")
        let r = try #require(t.requests.first)
        #expect(r.url.absoluteString == "https://acm.ap-northeast-2.amazonaws.com/")
        #expect(r.headers.contains(HTTPHeader("X-Amz-Target", "CertificateManager.ImportCertificate")))
        #expect(try #require(r.headers.first { $0.name == "Authorization" }?.value).contains("/ap-northeast-2/acm/aws4_request"))
        let body = try #require(try JSONSerialization.jsonObject(with: r.body) as? [String: Any])
        #expect((body["PrivateKey"] as? String).flatMap { Data(base64Encoded: $0) } == Data(key.utf8))
        #expect((body["Tags"] as? [[String: String]]) == [["Key": "causeway:key", "Value": "acm/r/server"]])
        do {
            _ = try await acm.importCertificate(material, tags: [])
            Issue.record("ACM's error was not thrown")
        } catch {
            #expect(!"\(error)".contains("PRIVATE KEY") && "\(error)".contains("ValidationException"))
        }
        #expect(!"\(material)".contains("PRIVATE KEY") && !"\(material.privateKey)".contains("PRIVATE KEY") && !String(reflecting: material.privateKey).contains("PRIVATE KEY"))
    }

    /// Lambda API reference, CreateFunction (`POST /2015-03-31/functions`, 201, `Code.ZipFile`
    /// base64), GetFunction and DeleteFunction (`/2015-03-31/functions/NAME`), signed for `lambda`;
    /// a 404 is "no such function".
    @Test func lambdaCallsAreRESTJSONSignedForLambda() async throws {
        let t = FakeTransport { request, _ in
            switch request.method {
            case "POST": HTTPResponse(status: 201, body: Data(#"{"FunctionName":"AWSClientVPN-x","FunctionArn":"arn:aws:lambda:ap-northeast-2:1:function:AWSClientVPN-x","State":"Pending"}"#.utf8))
            case "GET": HTTPResponse(status: 404, headers: [HTTPHeader("x-amzn-ErrorType", "ResourceNotFoundException:")], body: Data(#"{"Type":"User","message":"Function not found"}"#.utf8))
            default: HTTPResponse(status: 204)
            }
        }
        let lambda = LambdaClient(ec2: ec2(t))
        let f = try await lambda.createFunction(name: "AWSClientVPN-x", role: "arn:aws:iam::1:role/r", code: FunctionCode(zip: [0x50, 0x4b], handler: "handler.handler"),
                                                description: "d", tags: [ResourceTag("causeway:key", "lambda/r/connect-handler")])
        #expect(f.state == "Pending" && f.arn.hasSuffix(":AWSClientVPN-x"))
        #expect(try await lambda.getFunction("arn:aws:lambda:ap-northeast-2:1:function:AWSClientVPN-x") == nil)
        try await lambda.deleteFunction("AWSClientVPN-x")
        #expect(t.requests.map { "\($0.method) \($0.url.absoluteString)" } == [
            "POST https://lambda.ap-northeast-2.amazonaws.com/2015-03-31/functions",
            "GET https://lambda.ap-northeast-2.amazonaws.com/2015-03-31/functions/AWSClientVPN-x",
            "DELETE https://lambda.ap-northeast-2.amazonaws.com/2015-03-31/functions/AWSClientVPN-x",
        ])
        #expect(try #require(t.requests[0].headers.first { $0.name == "Authorization" }?.value).contains("/ap-northeast-2/lambda/aws4_request"))
        let body = try #require(try JSONSerialization.jsonObject(with: t.requests[0].body) as? [String: Any])
        #expect((body["Code"] as? [String: String])?["ZipFile"] == "UEs=" && body["Role"] as? String == "arn:aws:iam::1:role/r" && body["Runtime"] as? String == "python3.12")
        #expect((body["Tags"] as? [String: String]) == ["causeway:key": "lambda/r/connect-handler"])
    }
}

/// Certificates given as PEM files are read relative to the topology's folder; a file that is
/// not PEM, or a certificate without its key, is an error that names the file, never its content.
@Suite struct PEMFileMaterialTests {
    @Test func filesAreReadBesideTheTopologyAndNeverShown() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-pem-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("pki"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let openssl = try OpenSSLMaterial()
        try openssl.server.certificate.write(to: dir.appendingPathComponent("pki/server.crt"), atomically: true, encoding: .utf8)
        try openssl.server.privateKey.pem.write(to: dir.appendingPathComponent("pki/server.key"), atomically: true, encoding: .utf8)
        try "not a certificate, secret bytes".write(to: dir.appendingPathComponent("pki/bad.crt"), atomically: true, encoding: .utf8)
        let source = PEMFileMaterial(topologyFile: dir.appendingPathComponent("s3.yaml").path)
        let m = try source.certificate(forKey: "acm/r/server", role: .server, source: .files(certificate: "pki/server.crt", privateKey: "pki/server.key", chain: nil))
        #expect(m.certificate.hasPrefix("-----BEGIN CERTIFICATE-----") && m.privateKey.pem.contains("PRIVATE KEY") && m.chain == nil)
        #expect(throws: ClientVPNMaterialUnavailable.self) {
            try source.certificate(forKey: "acm/r/server", role: .server, source: .files(certificate: "pki/server.crt", privateKey: nil, chain: nil))
        }
        do {
            _ = try source.certificate(forKey: "acm/r/server", role: .server, source: .files(certificate: "pki/bad.crt", privateKey: "pki/server.key", chain: nil))
            Issue.record("a file that is not PEM was read")
        } catch {
            #expect("\(error)".contains("bad.crt is missing or not PEM") && !"\(error)".contains("secret bytes"))
        }
        #expect(throws: ClientVPNMaterialUnavailable.self) {
            try source.certificate(forKey: "acm/r/server", role: .server, source: .generated(GeneratedCertificate(commonName: "server")))
        }
    }
}
