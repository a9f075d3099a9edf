import Foundation
import Testing
@testable import CausewayAWS

/// The wire form of the Route 53 and Resolver calls, checked without an endpoint against the
/// services' models (botocore's `route53/2013-04-01` and `route53resolver/2018-04-01`).
@Suite struct DNSClientRequestTests {
    let credentials = Credentials(accessKeyID: "AKIDTEST", secretAccessKey: "secret")

    func ec2(_ t: FakeTransport, endpoint: URL? = nil) -> EC2Client {
        EC2Client(credentials: credentials, region: "ap-northeast-2", endpoint: endpoint, transport: t,
                  retry: RetryPolicy(maxAttempts: 1, baseDelay: .milliseconds(1)))
    }

    /// Route 53 Resolver API reference, "Actions": JSON 1.1, `X-Amz-Target:
    /// Route53Resolver.<Operation>`, the regional endpoint, signed for `route53resolver`.
    @Test func resolverCallsAreJSONWithTheTargetHeaderSignedForTheRegion() async throws {
        let t = FakeTransport { _, _ in
            HTTPResponse(status: 200, body: Data(#"{"ResolverRule":{"Id":"rslvr-rr-1","Arn":"arn:r","DomainName":"anycompany.corp.","RuleType":"FORWARD","TargetIps":[{"Ip":"192.168.2.250","Port":53}]}}"#.utf8))
        }
        let rule = try await ResolverClient(ec2: ec2(t)).createResolverRule(
            name: "s3-rule", ruleType: "FORWARD", domainName: "anycompany.corp", targets: [("192.168.2.250", 53)],
            endpointId: "rslvr-out-1", creatorRequestId: "ref-1", tags: [ResourceTag("causeway:key", "dns/rule/r")])
        #expect(rule.targets == ["192.168.2.250:53"])
        let r = try #require(t.requests.first)
        #expect(r.url.absoluteString == "https://route53resolver.ap-northeast-2.amazonaws.com/")
        #expect(r.headers.contains(HTTPHeader("X-Amz-Target", "Route53Resolver.CreateResolverRule")))
        #expect(r.headers.contains(HTTPHeader("Content-Type", "application/x-amz-json-1.1")))
        let auth = try #require(r.headers.first { $0.name == "Authorization" }?.value)
        #expect(auth.contains("/ap-northeast-2/route53resolver/aws4_request"))
        let body = try #require(try JSONSerialization.jsonObject(with: r.body) as? [String: Any])
        #expect((body["TargetIps"] as? [[String: Any]])?.first?["Port"] as? Int == 53, "every target carries its port")
        #expect(body["ResolverEndpointId"] as? String == "rslvr-out-1" && body["CreatorRequestId"] as? String == "ref-1")
    }

    /// Route 53 API reference, "REST Requests" and ChangeResourceRecordSets: REST-XML under
    /// `/2013-04-01/`, the global endpoint signed for `us-east-1`, elements in the schema's order.
    @Test func route53CallsAreRESTXMLSignedForUSEast1() async throws {
        let t = FakeTransport { _, _ in FakeTransport.xml(200, "<ChangeResourceRecordSetsResponse><ChangeInfo><Id>/change/C1</Id></ChangeInfo></ChangeResourceRecordSetsResponse>") }
        var set = RecordSetInfo(name: "gslb.skk2022.shop", type: "A")
        set.setIdentifier = "seoul"
        set.failover = "PRIMARY"
        set.ttl = 60
        set.values = ["203.0.113.80"]
        set.healthCheckId = "hc-1"
        try await Route53Client(ec2: ec2(t)).changeResourceRecordSets(zoneId: "/hostedzone/Z1", [("UPSERT", set)])
        let r = try #require(t.requests.first)
        #expect(r.method == "POST" && r.url.absoluteString == "https://route53.amazonaws.com/2013-04-01/hostedzone/Z1/rrset/")
        let auth = try #require(r.headers.first { $0.name == "Authorization" }?.value)
        #expect(auth.contains("/us-east-1/route53/aws4_request"))
        #expect(String(decoding: r.body, as: UTF8.self) == #"<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeBatch><Changes><Change><Action>UPSERT</Action><ResourceRecordSet><Name>gslb.skk2022.shop.</Name><Type>A</Type><SetIdentifier>seoul</SetIdentifier><Failover>PRIMARY</Failover><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>203.0.113.80</Value></ResourceRecord></ResourceRecords><HealthCheckId>hc-1</HealthCheckId></ResourceRecordSet></Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>"#)
    }

    /// With `--endpoint` both services go to that endpoint (moto serves them all on one port);
    /// AWS's error documents come back as codes the waiters read ("gone" = deleted).
    @Test func aCustomEndpointCarriesBothServicesAndErrorsKeepTheirCodes() async throws {
        let t = FakeTransport { request, _ in
            request.url.path.hasPrefix("/2013-04-01")
                ? FakeTransport.xml(404, "<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchHostedZone</Code><Message>No hosted zone found with ID: Z9</Message></Error><RequestId>r</RequestId></ErrorResponse>")
                : HTTPResponse(status: 400, body: Data(#"{"__type":"com.amazonaws#ResourceNotFoundException","message":"no endpoint"}"#.utf8))
        }
        let c = ec2(t, endpoint: URL(string: "http://127.0.0.1:5999")!)
        await #expect(throws: EC2Error.self) { try await Route53Client(ec2: c).deleteHostedZone(id: "Z9") }
        do { try await Route53Client(ec2: c).deleteHostedZone(id: "Z9") } catch let e as EC2Error { #expect(e.code == "NoSuchHostedZone" && e.isGone) }
        do { try await ResolverClient(ec2: c).deleteResolverEndpoint(id: "rslvr-in-9") } catch let e as EC2Error { #expect(e.code == "ResourceNotFoundException" && e.isGone) }
        #expect(t.requests.map(\.url.absoluteString) == [
            "http://127.0.0.1:5999/2013-04-01/hostedzone/Z9", "http://127.0.0.1:5999/2013-04-01/hostedzone/Z9", "http://127.0.0.1:5999/",
        ])
    }

    /// AWS RAM API reference, "Actions" (botocore's `ram/2018-01-04`: protocol rest-json, endpoint
    /// prefix `ram`): CreateResourceShare is `POST /createresourceshare` with camelCase members and
    /// `tags` of `{key, value}`; GetResourceShareAssociations pages with `nextToken`;
    /// DeleteResourceShare is `DELETE /deleteresourceshare` with its members in the query string.
    @Test func ramCallsAreRESTJSONSignedForRAM() async throws {
        let t = FakeTransport { request, _ in
            switch request.url.path {
            case "/createresourceshare":
                return HTTPResponse(status: 200, body: Data(#"{"resourceShare":{"resourceShareArn":"arn:aws:ram:ap-northeast-2:123456789012:resource-share/s1","name":"s3-corp","status":"ACTIVE"}}"#.utf8))
            case "/getresourceshareassociations":
                let body = (try? JSONSerialization.jsonObject(with: request.body) as? [String: Any]) ?? [:]
                return body["nextToken"] == nil
                    ? HTTPResponse(status: 200, body: Data(#"{"resourceShareAssociations":[{"associatedEntity":"210987654321","status":"ASSOCIATED"}],"nextToken":"t2"}"#.utf8))
                    : HTTPResponse(status: 200, body: Data(#"{"resourceShareAssociations":[{"associatedEntity":"111122223333","status":"DISASSOCIATED"}]}"#.utf8))
            default:
                return HTTPResponse(status: 400, body: Data(#"{"__type":"UnknownResourceException","message":"no share"}"#.utf8))
            }
        }
        let ram = RAMClient(ec2: ec2(t))
        let share = try await ram.createResourceShare(
            name: "s3-corp", resourceArns: ["arn:aws:route53resolver:ap-northeast-2:123456789012:resolver-rule/rslvr-rr-1"],
            principals: ["210987654321"], allowExternalPrincipals: true, clientToken: "tok-1", tags: [ResourceTag("causeway:key", "dns/resource-share/corp")])
        #expect(share.arn.hasSuffix("resource-share/s1") && share.isLive)
        let create = try #require(t.requests.first)
        #expect(create.method == "POST" && create.url.absoluteString == "https://ram.ap-northeast-2.amazonaws.com/createresourceshare")
        #expect(create.headers.contains(HTTPHeader("Content-Type", "application/json")))
        #expect(try #require(create.headers.first { $0.name == "Authorization" }?.value).contains("/ap-northeast-2/ram/aws4_request"))
        let body = try #require(try JSONSerialization.jsonObject(with: create.body) as? [String: Any])
        #expect(Set(body.keys) == ["name", "resourceArns", "principals", "allowExternalPrincipals", "clientToken", "tags"])
        #expect(body["principals"] as? [String] == ["210987654321"] && body["allowExternalPrincipals"] as? Bool == true)
        #expect(body["tags"] as? [[String: String]] == [["key": "causeway:key", "value": "dns/resource-share/corp"]])

        // Two pages; only what is associated counts.
        #expect(try await ram.associatedEntities(shareArn: share.arn, type: "PRINCIPAL") == ["210987654321"])
        let second = try #require(try JSONSerialization.jsonObject(with: t.requests[2].body) as? [String: Any])
        #expect(second["nextToken"] as? String == "t2" && second["associationType"] as? String == "PRINCIPAL")
        #expect(second["resourceShareArns"] as? [String] == [share.arn])

        // Delete: no body, the ARN and token in the query; RAM's "unknown resource" reads as gone.
        do {
            try await ram.deleteResourceShare(arn: share.arn, clientToken: "tok-2")
            Issue.record("the fake answers 400")
        } catch let e as EC2Error { #expect(e.code == "UnknownResourceException" && e.isGone) }
        let delete = try #require(t.requests.last)
        #expect(delete.method == "DELETE" && delete.body.isEmpty)
        #expect(delete.url.absoluteString == "https://ram.ap-northeast-2.amazonaws.com/deleteresourceshare?clientToken=tok-2&resourceShareArn=arn%3Aaws%3Aram%3Aap-northeast-2%3A123456789012%3Aresource-share%2Fs1")
    }

    /// Amazon EFS API reference, "Actions" (botocore's `efs/2015-02-01`: rest-json, endpoint
    /// prefix `elasticfilesystem`): CreateMountTarget is `POST /2015-02-01/mount-targets` with
    /// its members in the JSON body; DescribeMountTargets is a GET with `FileSystemId` and
    /// `Marker` in the query and `NextMarker` back; DeleteFileSystem is `DELETE
    /// /2015-02-01/file-systems/{FileSystemId}`; EFS's `ErrorCode` is the error's code.
    @Test func efsCallsAreRESTJSONSignedForElasticFileSystem() async throws {
        let t = FakeTransport { request, _ in
            switch (request.method, request.url.path) {
            case ("POST", "/2015-02-01/mount-targets"):
                return HTTPResponse(status: 200, body: Data(#"{"MountTargetId":"fsmt-1","FileSystemId":"fs-1","SubnetId":"subnet-1","IpAddress":"10.0.2.100","LifeCycleState":"creating"}"#.utf8))
            case ("GET", "/2015-02-01/mount-targets"):
                return request.url.query?.contains("Marker=") == true
                    ? HTTPResponse(status: 200, body: Data(#"{"MountTargets":[{"MountTargetId":"fsmt-2","LifeCycleState":"deleting"}]}"#.utf8))
                    : HTTPResponse(status: 200, body: Data(#"{"MountTargets":[{"MountTargetId":"fsmt-1","LifeCycleState":"available"}],"NextMarker":"m2"}"#.utf8))
            default:
                return HTTPResponse(status: 404, body: Data(#"{"ErrorCode":"FileSystemNotFound","Message":"File system 'fs-9' does not exist."}"#.utf8))
            }
        }
        let efs = EFSClient(ec2: ec2(t))
        let target = try await efs.createMountTarget(fileSystemId: "fs-1", subnetId: "subnet-1", ip: "10.0.2.100", securityGroups: ["sg-1"])
        #expect(target.id == "fsmt-1" && target.isLive)
        let create = try #require(t.requests.first)
        #expect(create.url.absoluteString == "https://elasticfilesystem.ap-northeast-2.amazonaws.com/2015-02-01/mount-targets")
        #expect(try #require(create.headers.first { $0.name == "Authorization" }?.value).contains("/ap-northeast-2/elasticfilesystem/aws4_request"))
        let body = try #require(try JSONSerialization.jsonObject(with: create.body) as? [String: Any])
        #expect(Set(body.keys) == ["FileSystemId", "SubnetId", "IpAddress", "SecurityGroups"] && body["SecurityGroups"] as? [String] == ["sg-1"])

        let targets = try await efs.describeMountTargets(fileSystemId: "fs-1")
        #expect(targets.map(\.id) == ["fsmt-1", "fsmt-2"] && targets.map(\.isLive) == [true, false])
        #expect(t.requests[1].url.query == "FileSystemId=fs-1" && t.requests[2].url.query == "FileSystemId=fs-1&Marker=m2" && t.requests[1].body.isEmpty)

        do {
            try await efs.deleteFileSystem(id: "fs-9")
            Issue.record("the fake answers 404")
        } catch let e as EC2Error { #expect(e.code == "FileSystemNotFound" && e.isGone) }
        #expect(t.requests.last?.method == "DELETE" && t.requests.last?.url.path == "/2015-02-01/file-systems/fs-9")
    }
}
