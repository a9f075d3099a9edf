import Foundation
import Testing
import CausewayTestSupport
import CausewayCore
@testable import CausewayAWS

private let credentials = Credentials(accessKeyID: "AKIDTEST", secretAccessKey: "testsecret")
private let now = Date(timeIntervalSince1970: 1_700_000_000)

private func client(_ transport: any HTTPTransport, sleeper: RecordingSleeper = RecordingSleeper(),
                    retry: RetryPolicy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(100), maxDelay: .seconds(1)),
                    clock: @escaping @Sendable () -> Date = { now }) -> EC2Client {
    EC2Client(credentials: credentials, region: "eu-west-1", transport: transport, retry: retry,
              sleeper: sleeper, clock: clock, jitter: { 0.5 })
}

private let vpcResponse = """
<CreateVpcResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>
<vpc><vpcId>vpc-1</vpcId><state>available</state><cidrBlock>10.0.0.0/16</cidrBlock>
<tagSet><item><key>Name</key><value>lab</value></item></tagSet></vpc></CreateVpcResponse>
"""

@Suite struct EC2ClientTests {
    @Test func requestIsASignedQueryPost() async throws {
        let transport = FakeTransport { _, _ in FakeTransport.xml(200, vpcResponse) }
        let vpc = try await client(transport).createVpc(cidrBlock: "10.0.0.0/16", tags: [ResourceTag("Name", "lab a")])
        #expect(vpc == Vpc(xml: try XMLTree.parse(vpcResponse).child("vpc")!))
        #expect(vpc.tags == [ResourceTag("Name", "lab")])
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url.absoluteString == "https://ec2.eu-west-1.amazonaws.com")
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(body == "Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0%2F16&TagSpecification.1.ResourceType=vpc"
                + "&TagSpecification.1.Tag.1.Key=Name&TagSpecification.1.Tag.1.Value=lab+a")
        let authorization = try #require(request.headers.first { $0.name == "Authorization" }?.value)
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDTEST/20231114/eu-west-1/ec2/aws4_request, "
                                        + "SignedHeaders=content-type;host;x-amz-date, Signature="))
    }

    @Test func vpnConnectionParametersAreFlattenedTheEC2Way() async throws {
        let transport = FakeTransport { _, _ in
            FakeTransport.xml(200, "<CreateVpnConnectionResponse><vpnConnection><vpnConnectionId>vpn-1</vpnConnectionId>"
                                + "<state>pending</state></vpnConnection></CreateVpnConnectionResponse>")
        }
        let tunnel1 = VpnTunnelOptions(tunnelInsideCidr: "169.254.10.0/30", preSharedKey: Secret("first.Key_123"),
                                       phase1LifetimeSeconds: 28800, phase2LifetimeSeconds: 3600, rekeyMarginTimeSeconds: 270,
                                       rekeyFuzzPercentage: 100, replayWindowSize: 1024, dpdTimeoutSeconds: 30,
                                       dpdTimeoutAction: "restart", phase1EncryptionAlgorithms: ["AES256", "AES128"],
                                       phase2EncryptionAlgorithms: ["AES256-GCM-16"], phase1IntegrityAlgorithms: ["SHA2-256"],
                                       phase2IntegrityAlgorithms: ["SHA2-256"], phase1DHGroupNumbers: [14, 20],
                                       phase2DHGroupNumbers: [14], ikeVersions: ["ikev2"], startupAction: "start")
        let tunnel2 = VpnTunnelOptions(tunnelInsideCidr: "169.254.11.0/30", preSharedKey: Secret("second.Key_456"))
        let connection = try await client(transport).createVpnConnection(
            customerGatewayId: "cgw-1", target: .transitGateway("tgw-1"), staticRoutesOnly: true,
            tunnels: [tunnel1, tunnel2], tags: [ResourceTag("Name", "site")])
        #expect(connection.id == "vpn-1")
        let request = try #require(transport.requests.first)
        let expected: [(String, String)] = [
            ("Type", "ipsec.1"), ("CustomerGatewayId", "cgw-1"), ("TransitGatewayId", "tgw-1"),
            ("Options.StaticRoutesOnly", "true"),
            ("Options.TunnelOptions.1.TunnelInsideCidr", "169.254.10.0/30"),
            ("Options.TunnelOptions.1.PreSharedKey", "first.Key_123"),
            ("Options.TunnelOptions.1.Phase1LifetimeSeconds", "28800"),
            ("Options.TunnelOptions.1.Phase2LifetimeSeconds", "3600"),
            ("Options.TunnelOptions.1.RekeyMarginTimeSeconds", "270"),
            ("Options.TunnelOptions.1.RekeyFuzzPercentage", "100"),
            ("Options.TunnelOptions.1.ReplayWindowSize", "1024"),
            ("Options.TunnelOptions.1.DPDTimeoutSeconds", "30"),
            ("Options.TunnelOptions.1.DPDTimeoutAction", "restart"),
            ("Options.TunnelOptions.1.Phase1EncryptionAlgorithm.1.Value", "AES256"),
            ("Options.TunnelOptions.1.Phase1EncryptionAlgorithm.2.Value", "AES128"),
            ("Options.TunnelOptions.1.Phase2EncryptionAlgorithm.1.Value", "AES256-GCM-16"),
            ("Options.TunnelOptions.1.Phase1IntegrityAlgorithm.1.Value", "SHA2-256"),
            ("Options.TunnelOptions.1.Phase2IntegrityAlgorithm.1.Value", "SHA2-256"),
            ("Options.TunnelOptions.1.Phase1DHGroupNumber.1.Value", "14"),
            ("Options.TunnelOptions.1.Phase1DHGroupNumber.2.Value", "20"),
            ("Options.TunnelOptions.1.Phase2DHGroupNumber.1.Value", "14"),
            ("Options.TunnelOptions.1.IKEVersion.1.Value", "ikev2"),
            ("Options.TunnelOptions.1.StartupAction", "start"),
            ("Options.TunnelOptions.2.TunnelInsideCidr", "169.254.11.0/30"),
            ("Options.TunnelOptions.2.PreSharedKey", "second.Key_456"),
            ("TagSpecification.1.ResourceType", "vpn-connection"),
            ("TagSpecification.1.Tag.1.Key", "Name"), ("TagSpecification.1.Tag.1.Value", "site"),
        ]
        let sent = Array(request.formPairs.dropFirst(2))
        #expect(sent.map(\.0) == expected.map(\.0))
        #expect(sent.map(\.1) == expected.map(\.1))
    }

    @Test func filtersAndListsAndPagination() async throws {
        let transport = FakeTransport { request, number in
            let token = number == 1 ? "<nextToken>page2</nextToken>" : ""
            return FakeTransport.xml(200, "<DescribeVpcsResponse><vpcSet><item><vpcId>vpc-\(number)</vpcId>"
                                        + "<cidrBlock>10.\(number).0.0/16</cidrBlock></item></vpcSet>\(token)</DescribeVpcsResponse>")
        }
        let vpcs = try await client(transport).describeVpcs(ids: ["vpc-1", "vpc-2"], filters: [EC2Filter("tag:Name", ["a", "b"])])
        #expect(vpcs.map(\.id) == ["vpc-1", "vpc-2"])
        #expect(transport.requests.count == 2)
        let first = transport.requests[0], second = transport.requests[1]
        #expect(first.form("VpcId.1") == "vpc-1" && first.form("VpcId.2") == "vpc-2")
        #expect(first.form("Filter.1.Name") == "tag:Name" && first.form("Filter.1.Value.2") == "b")
        #expect(first.form("NextToken") == nil)
        #expect(second.form("NextToken") == "page2")
    }

    @Test func awsErrorBecomesTypedError() async throws {
        let transport = FakeTransport { _, _ in
            FakeTransport.error(400, code: "InvalidVpcID.NotFound", message: "The vpc ID 'vpc-9' does not exist")
        }
        await #expect(throws: EC2Error.service(action: "DeleteVpc", AWSErrorResponse(
            code: "InvalidVpcID.NotFound", message: "The vpc ID 'vpc-9' does not exist", requestID: "req-123", httpStatus: 400))) {
            try await client(transport).deleteVpc(id: "vpc-9")
        }
        #expect(transport.requests.count == 1) // not retried
    }

    @Test func throttlingIsRetriedWithJitteredBackoff() async throws {
        let transport = FakeTransport { _, number in
            number < 3 ? FakeTransport.error(503, code: "RequestLimitExceeded", message: "Request limit exceeded.")
                : FakeTransport.xml(200, "<DeleteVpcResponse><return>true</return></DeleteVpcResponse>")
        }
        let sleeper = RecordingSleeper()
        try await client(transport, sleeper: sleeper).deleteVpc(id: "vpc-1")
        #expect(transport.requests.count == 3)
        // full jitter with unit 0.5: half of 100 ms, then half of 200 ms
        #expect(sleeper.sleeps == [.milliseconds(50), .milliseconds(100)])
    }

    @Test func retriesStopAtMaxAttempts() async throws {
        let transport = FakeTransport { _, _ in FakeTransport.error(400, code: "Throttling", message: "Rate exceeded") }
        let sleeper = RecordingSleeper()
        await #expect(throws: EC2Error.self) { try await client(transport, sleeper: sleeper).deleteVpc(id: "vpc-1") }
        #expect(transport.requests.count == 4)
        #expect(sleeper.sleeps.count == 3)
        #expect(RetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(5)).delay(beforeRetry: 10, unit: 0.999_999) <= .seconds(5))
    }

    @Test func plain5xxIsRetriedButHTMLNotImplementedIsNot() async throws {
        let flaky = FakeTransport { _, number in
            number == 1 ? HTTPResponse(status: 502, body: Data("bad gateway".utf8))
                : FakeTransport.xml(200, "<DeleteVpcResponse><return>true</return></DeleteVpcResponse>")
        }
        try await client(flaky).deleteVpc(id: "vpc-1")
        #expect(flaky.requests.count == 2)

        let html = FakeTransport { _, _ in
            HTTPResponse(status: 500, headers: [HTTPHeader("Content-Type", "text/html; charset=utf-8")],
                         body: Data("<!doctype html><html><title>500 Internal Server Error</title></html>".utf8))
        }
        await #expect(throws: EC2Error.notImplemented(action: "CreateVpnConnectionRoute", httpStatus: 500)) {
            try await client(html).createVpnConnectionRoute(vpnConnectionId: "vpn-1", destinationCidrBlock: "10.0.0.0/16")
        }
        #expect(html.requests.count == 1)
    }

    @Test func clockSkewFromDateHeader() async throws {
        // The server's clock reads 10 minutes before ours.
        let transport = FakeTransport { _, _ in
            FakeTransport.error(403, code: "SignatureDoesNotMatch", message: "Signature expired",
                                headers: [HTTPHeader("Date", "Tue, 14 Nov 2023 22:03:20 GMT")])
        }
        do {
            try await client(transport).deleteVpc(id: "vpc-1")
            Issue.record("expected a clock skew error")
        } catch let error as EC2Error {
            guard case .clockSkew(_, let offset, let response) = error else { Issue.record("got \(error)"); return }
            #expect(offset == 600)
            #expect(response.code == "SignatureDoesNotMatch")
            #expect("\(error)".contains("off by 600 seconds"))
            #expect("\(error)".contains("chrony"))
        }
        #expect(transport.requests.count == 1)
    }

    @Test func clockSkewFromMessageHint() async throws {
        let transport = FakeTransport { _, _ in
            FakeTransport.error(400, code: "RequestExpired",
                                message: "Request has expired. Signature expired: 20231114T221320Z is now earlier than "
                                    + "20231114T223320Z (20231114T224820Z - 15 min.)")
        }
        await #expect(throws: EC2Error.self) { try await client(transport).deleteVpc(id: "vpc-1") }
        do { try await client(transport).deleteVpc(id: "vpc-1") } catch let error as EC2Error {
            guard case .clockSkew(_, let offset, _) = error else { Issue.record("got \(error)"); return }
            #expect(offset == -2100) // signed 35 minutes before the server's now: the local clock is behind
            #expect("\(error)".contains("off by 2100 seconds (behind"))
        }
    }

    @Test func authFailureWithinToleranceIsNotSkew() async throws {
        let transport = FakeTransport { _, _ in
            FakeTransport.error(401, code: "AuthFailure", message: "AWS was not able to validate the provided access credentials",
                                headers: [HTTPHeader("Date", "Tue, 14 Nov 2023 22:13:25 GMT")])
        }
        await #expect(throws: EC2Error.service(action: "DeleteVpc", AWSErrorResponse(
            code: "AuthFailure", message: "AWS was not able to validate the provided access credentials",
            requestID: "req-123", httpStatus: 401))) {
            try await client(transport).deleteVpc(id: "vpc-1")
        }
    }

    @Test func preSharedKeysNeverReachErrorMessages() async throws {
        let transport = FakeTransport { _, _ in
            FakeTransport.error(400, code: "InvalidParameterValue", message: "Invalid pre-shared key 0badKey_value: must not start with 0")
        }
        do {
            _ = try await client(transport).createVpnConnection(
                customerGatewayId: "cgw-1", target: .virtualPrivateGateway("vgw-1"), staticRoutesOnly: false,
                tunnels: [VpnTunnelOptions(preSharedKey: Secret("0badKey_value"))])
            Issue.record("expected an error")
        } catch {
            #expect(!"\(error)".contains("0badKey_value"))
            #expect("\(error)".contains("‹redacted›"))
        }
    }

    // CreateRoute has no client token (botocore's EC2 model): when the first attempt landed and
    // its answer was lost, the retry finds the route already there (RouteAlreadyExists). That is
    // success once the route points where it should: ReplaceRoute makes sure of it.
    @Test func aCreateRouteWhoseAnswerWasLostIsCompletedByReplace() async throws {
        let transport = FakeTransport { request, number in
            let body = String(decoding: request.body, as: UTF8.self)
            if number == 1 { throw HTTPTransportError(kind: .timedOut, url: "http://x", detail: "answer lost") }
            if body.contains("Action=CreateRoute") {
                return FakeTransport.error(400, code: "RouteAlreadyExists", message: "The route identified by 10.0.0.0/16 already exists.")
            }
            #expect(body.contains("Action=ReplaceRoute") && body.contains("TransitGatewayId=tgw-1"))
            return FakeTransport.xml(200, "<ReplaceRouteResponse><return>true</return></ReplaceRouteResponse>")
        }
        try await client(transport).createRoute(routeTableId: "rtb-1", destinationCidrBlock: "10.0.0.0/16", target: .transitGateway("tgw-1"))
        #expect(transport.requests.count == 3)
    }

    @Test func transportFailureOnNthCall() async throws {
        let inner = FakeTransport { _, _ in FakeTransport.xml(200, "<DeleteVpcResponse><return>true</return></DeleteVpcResponse>") }
        let failing = FailingOnNthTransport(inner: inner, failOn: 2)
        let ec2 = client(failing, retry: .none)
        try await ec2.deleteVpc(id: "vpc-1")
        do {
            try await ec2.deleteVpc(id: "vpc-2")
            Issue.record("expected the second call to fail")
        } catch let error as EC2Error {
            guard case .transport(let action, let underlying) = error else { Issue.record("got \(error)"); return }
            #expect(action == "DeleteVpc")
            #expect(underlying.detail.contains("call 2"))
        }
        try await ec2.deleteVpc(id: "vpc-3")
        // With retries, the same failure is absorbed.
        let retried = client(FailingOnNthTransport(inner: inner, failOn: 1))
        try await retried.deleteVpc(id: "vpc-4")
    }

    @Test func closedPortGivesConnectionRefused() async throws {
        let port = try freeTCPPort()
        let ec2 = EC2Client(credentials: credentials, region: "us-east-1", endpoint: URL(string: "http://127.0.0.1:\(port)")!,
                            transport: URLSessionTransport(requestTimeout: 5, resourceTimeout: 10),
                            retry: RetryPolicy(maxAttempts: 2), sleeper: RecordingSleeper())
        do {
            _ = try await ec2.describeVpcs()
            Issue.record("expected a connection error")
        } catch let error as EC2Error {
            guard case .transport(let action, let underlying) = error else { Issue.record("got \(error)"); return }
            #expect(action == "DescribeVpcs")
            #expect(underlying.kind == .connectionRefused)
            #expect("\(error)".contains("connection refused by http://127.0.0.1:\(port)"))
        }
    }

    @Test func clientTokens() {
        #expect(ClientToken.derived(from: "plan-1/vpn-a") == ClientToken.derived(from: "plan-1/vpn-a"))
        #expect(ClientToken.derived(from: "plan-1/vpn-a") != ClientToken.derived(from: "plan-1/vpn-b"))
        #expect(ClientToken.derived(from: "x").value.count <= 64)
        #expect(ClientToken.random() != ClientToken.random())
    }

    @Test func xmlTreeDropsNamespacePrefixesAndDecodesEntities() throws {
        let tree = try XMLTree.parse("<a:Root xmlns:a=\"urn:x\"><a:b>x &amp; y &lt;z&gt;</a:b></a:Root>")
        #expect(tree.name == "Root")
        #expect(tree.string("b") == "x & y <z>")
        #expect(throws: XMLParseError.self) { try XMLTree.parse("<a><b></a>") }
    }
}
