import CausewayCore
import Foundation
import Testing
import CausewayTestSupport
@testable import CausewayAWS

private let credentials = Credentials(accessKeyID: "AKIDMOTO", secretAccessKey: "motosecret")
private let instant = WaitPolicy(pollInterval: .milliseconds(20), timeout: .seconds(10))

/// S3's remote access through plan, apply, status and destroy: ACM and Lambda against moto's
/// server, the EC2 Client VPN calls against the recorded responses (`FakeClientVPN`; moto 5.2.1
/// answers them with HTTP 500), every Client VPN request checked against botocore's EC2 model.
@Suite(.serialized) struct ClientVPNApplyTests {
    final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ e: ApplyEvent) { lock.withLock { lines.append("\(e)") } }
        var all: [String] { lock.withLock { lines } }
    }

    func client(_ transport: any HTTPTransport, _ endpoint: URL) -> EC2Client {
        EC2Client(credentials: credentials, region: "ap-northeast-2", endpoint: endpoint, transport: transport,
                  retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(20)))
    }

    /// An IAM role Lambda can assume, made in moto with IAM's Query API (causeway makes none).
    func lambdaRole(_ c: EC2Client) async throws -> String {
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
        let form = FormEncoding.encode([("Action", "CreateRole"), ("Version", "2010-05-08"), ("RoleName", "cvpn-connect-handler"), ("AssumeRolePolicyDocument", policy)])
        let data = try await ServiceCaller(beside: c, service: "iam").send("CreateRole", method: "POST", path: "/", headers: [
            HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
        ], body: Array(form.utf8), errors: { _ in nil })
        return try #require(try XMLTree.parse(data).string("CreateRoleResult", "Role", "Arn"))
    }

    func plan(_ t: Topology, _ c: EC2Client) async throws -> (Plan, ObservedState) {
        let o = try await ObservedStateReader(client: c).read(t)
        return (Planner(topology: t, observed: o).plan(), o)
    }

    func apply(_ plan: Plan, _ c: EC2Client, _ events: Events, keeping keep: (PlanStep) -> Bool) async -> Applier.Result {
        var p = plan
        p.steps = p.steps.filter(keep)
        var applier = Applier(client: c, topology: p.topology, waits: instant, sleeper: RecordingSleeper())
        applier.clientVPNMaterial = (try? OpenSSLMaterial()) ?? NoClientVPNMaterial()
        return await applier.apply(p) { events.add($0) }
    }

    /// AWS Client VPN administrator guide, "Get started with AWS Client VPN" (steps: import the
    /// server and client certificates into ACM, create the endpoint with mutual authentication,
    /// associate a target network, add an authorization rule) and "Routes" (a route through each
    /// associated subnet); "Connection authorization in AWS Client VPN" (a Lambda function named
    /// `AWSClientVPN-…` in the endpoint's Region).
    /// EC2 API reference: DeleteClientVpnEndpoint needs every target network disassociated first.
    @Test func s3RemoteAccessApplyThenNoChangesThenModifyThenDestroy() async throws {
        let moto = try await SharedMoto.clientVPN.reset()
        let fake = FakeClientVPN(inner: URLSessionTransport(requestTimeout: 30, resourceTimeout: 60), vpcCIDR: "10.0.0.0/16")
        let c = client(fake, moto.endpoint)
        let events = Events()
        var t = try Topologies.example("s3-tgw-bgp-strongswan")
        t.clientVPNEndpoints[0].connectHandler?.roleARN = try await lambdaRole(c)

        // The VPC and its subnets first (moto), then the endpoint's security group, which apply
        // does not create.
        let (first, _) = try await plan(t, c)
        let vpc = await apply(first, c, events) { $0.key == "vpc/seoul" || $0.key.hasPrefix("subnet/seoul/") }
        #expect(vpc.failure == nil, "\(vpc.failure?.description ?? "")")
        var sg = QueryParameters()
        sg.add("GroupName", "client-vpn")
        sg.add("GroupDescription", "Client VPN interfaces")
        sg.add("VpcId", try #require(vpc.ids["vpc/seoul"]))
        let groupID = try #require(try await c.call("CreateSecurityGroup", sg).string("groupId"))

        let (second, _) = try await plan(t, c)
        let steps = second.steps.filter(\.isClientVPN)
        #expect(steps.map(\.resource) == ["acm-certificate", "acm-certificate", "lambda-function", "client-vpn-endpoint", "client-vpn-target-network",
                                          "client-vpn-target-network", "client-vpn-authorization-rule", "client-vpn-route", "client-vpn-route"])
        #expect(!second.notes.contains { $0.message.contains("role_arn") }, "the handler has its role")
        let result = await apply(second, c, events, keeping: \.isClientVPN)
        #expect(result.failure == nil, "\(result.failure?.description ?? "")")

        // What the endpoint was made with, as the fake recorded it.
        let endpoint = try #require(fake.live.first)
        let acm = ACMClient(ec2: c)
        let arns = try await acm.listCertificates()
        #expect(arns.count == 2)
        let serverARN = try #require(result.ids["acm/remote-access/server"]), rootARN = try #require(result.ids["acm/remote-access/client-root"])
        #expect(Set(arns) == [serverARN, rootARN])
        #expect(try await acm.listTagsForCertificate(arn: serverARN).contains(ResourceTag("causeway:key", "acm/remote-access/server")))
        #expect(try await acm.describeCertificate(arn: rootARN)?.domainName == "Easy-RSA CA")
        let function = try #require(try await LambdaClient(ec2: c).getFunction("AWSClientVPN-weekday-ip-policy"))
        let r = endpoint.request
        #expect(r["ClientCidrBlock"] == "172.16.0.0/22" && r["ServerCertificateArn"] == serverARN && r["SplitTunnel"] == "true")
        #expect(r["Authentication.1.MutualAuthentication.ClientRootCertificateChainArn"] == rootARN)
        #expect(r["ClientConnectOptions.Enabled"] == "true" && r["ClientConnectOptions.LambdaFunctionArn"] == function.arn)
        #expect(r["SecurityGroupId.1"] == groupID && r["VpcId"] == vpc.ids["vpc/seoul"] && r["TransportProtocol"] == "udp" && r["VpnPort"] == "443")
        #expect(endpoint.associations.map(\.status) == ["associated", "associated"], "apply waited out associating")
        #expect(endpoint.routes.filter { $0.origin == "add-route" }.map { "\($0.destination) \($0.status)" } == ["192.168.0.0/16 active", "192.168.0.0/16 active"])

        // Second plan: nothing to do; status shows every Client VPN resource.
        let (again, observed) = try await plan(t, c)
        let left = again.steps.filter(\.isClientVPN).map(\.summary)
        #expect(left.isEmpty, "\(left)")
        let rows = StatusReport(topology: t, observed: observed).resources.filter { $0.key.hasPrefix("client-vpn/") || $0.key.hasPrefix("acm/") || $0.key.hasPrefix("lambda/") }
        #expect(rows.count == 9 && rows.allSatisfy { $0.state != "missing" }, "\(rows.map { "\($0.key) \($0.state)" })")

        // What changes in place is modified; a new client CIDR is a replacement the plan names.
        var changed = t
        changed.clientVPNEndpoints[0].splitTunnel = false
        let (modify, _) = try await plan(changed, c)
        #expect(modify.steps.filter(\.isClientVPN).map(\.summary) == ["~ update client-vpn-endpoint client-vpn/remote-access (split tunnel)"])
        #expect(await apply(modify, c, events, keeping: \.isClientVPN).failure == nil)
        #expect(fake.live.first?.request["SplitTunnel"] == "false")
        changed.clientVPNEndpoints[0].clientCIDR = try #require(IPv4Prefix("172.20.0.0/22"))
        let (replace, _) = try await plan(changed, c)
        let replaced = replace.steps.filter(\.isClientVPN)
        #expect(replaced.first?.action == .replace && replaced.first?.detail.hasPrefix("client CIDR 172.16.0.0/22 there, 172.20.0.0/22 here") == true)
        #expect(replaced.map(\.resource).dropFirst() == ["client-vpn-target-network", "client-vpn-target-network", "client-vpn-authorization-rule", "client-vpn-route", "client-vpn-route"])

        // Destroy: routes, the rule, the associations, the endpoint, the function, the certificates.
        var p = QueryParameters()
        p.add("GroupId", groupID)
        _ = try await c.call("DeleteSecurityGroup", p)
        let (_, before) = try await plan(t, c)
        let destroyed = await Destroyer(client: c, waits: instant, sleeper: RecordingSleeper()).destroy(before) { events.add($0) }
        #expect(destroyed.failure == nil, "\(destroyed.failure.map { "\($0.resource.key): \($0.error)" } ?? "")")
        #expect(Array(destroyed.deleted.prefix(9).map(\.kind.rawValue)) == [
            "client-vpn-route", "client-vpn-route", "client-vpn-authorization-rule", "client-vpn-target-network", "client-vpn-target-network",
            "client-vpn-endpoint", "lambda-function", "acm-certificate", "acm-certificate",
        ])
        #expect(fake.live.isEmpty)
        #expect(try await acm.listCertificates().isEmpty)
        #expect(try await LambdaClient(ec2: c).getFunction("AWSClientVPN-weekday-ip-policy") == nil)
        #expect(Destroyer.targets(try await ObservedStateReader(client: c).read(t)).isEmpty)

        // Every Client VPN request fits botocore's EC2 model; no key was ever printed.
        let calls = Set(fake.requests.map(\.action))
        #expect(calls.isSuperset(of: ["CreateClientVpnEndpoint", "AssociateClientVpnTargetNetwork", "AuthorizeClientVpnIngress", "CreateClientVpnRoute",
                                      "ModifyClientVpnEndpoint", "DeleteClientVpnRoute", "RevokeClientVpnIngress", "DisassociateClientVpnTargetNetwork",
                                      "DeleteClientVpnEndpoint", "DescribeClientVpnEndpoints", "DescribeClientVpnTargetNetworks",
                                      "DescribeClientVpnAuthorizationRules", "DescribeClientVpnRoutes"]), "\(calls.sorted())")
        #expect(try botocoreProblems(fake.requests) == [])
        let printed = events.all + [first, second, again, modify, replace].flatMap { $0.steps.map(\.summary) + ($0.notes + $0.conflicts).map(\.message) }
        #expect(!printed.contains { $0.contains("PRIVATE KEY") })
    }

    /// Without `role_arn` the connect handler is a plan note, and the endpoint is made without
    /// it; an adopted certificate that does not exist is a conflict at its node.
    @Test func aHandlerWithoutRoleIsANoteAndAMissingAdoptedCertificateAConflict() throws {
        var t = try Topologies.example("s3-tgw-bgp-strongswan")
        t.clientVPNEndpoints[0].serverCertificate = .acm(arn: "arn:aws:acm:ap-northeast-2:123456789012:certificate/0000")
        let plan = Planner(topology: t, observed: ObservedState()).plan()
        let note = try #require(plan.notes.first { $0.message.hasPrefix("lambda/remote-access/connect-handler:") })
        #expect(note.message.contains("role_arn") && note.location.line == 151)
        let conflict = try #require(plan.conflicts.first)
        #expect(conflict.rule == "plan-adopted-missing" && conflict.message.contains("certificate/0000") && conflict.location.line == 137)
        #expect(!plan.steps.contains { $0.key == "acm/remote-access/server" || $0.resource == "lambda-function" })
    }
}
