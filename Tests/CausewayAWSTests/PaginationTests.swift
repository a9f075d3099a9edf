import Foundation
import Testing
@testable import CausewayAWS

/// List and Describe calls follow their pages to the end, but never without end: an endpoint
/// that answers a token it gave before is a clear error after two requests, not a loop (EC2 API
/// reference, "Pagination": a call is done when `NextToken` is absent; Route 53 API reference,
/// ListHealthChecks: `IsTruncated` with `NextMarker`).
@Suite struct PaginationTests {
    static let credentials = Credentials(accessKeyID: "AKIDTEST", secretAccessKey: "testsecret")

    static func client(_ t: FakeTransport) -> EC2Client {
        EC2Client(credentials: credentials, region: "eu-west-1", endpoint: URL(string: "http://127.0.0.1:9")!, transport: t)
    }

    @Test func ec2FollowsPagesAndStopsAtARepeatedToken() async throws {
        let fine = FakeTransport { _, n in
            FakeTransport.xml(200, "<DescribeVpcsResponse><vpcSet/>\(n < 3 ? "<nextToken>t\(n)</nextToken>" : "")</DescribeVpcsResponse>")
        }
        _ = try await Self.client(fine).describeVpcs()
        #expect(fine.requests.count == 3)
        let stuck = FakeTransport { _, _ in FakeTransport.xml(200, "<DescribeVpcsResponse><vpcSet/><nextToken>again</nextToken></DescribeVpcsResponse>") }
        await #expect { _ = try await Self.client(stuck).describeVpcs() } throws: { "\($0)".contains("a second time") }
        #expect(stuck.requests.count == 2)
    }

    @Test func route53StopsAtARepeatedMarker() async throws {
        let stuck = FakeTransport { _, _ in
            FakeTransport.xml(200, "<ListHealthChecksResponse><HealthChecks/><IsTruncated>true</IsTruncated><NextMarker>m</NextMarker></ListHealthChecksResponse>")
        }
        await #expect { _ = try await Route53Client(ec2: Self.client(stuck)).listHealthChecks() } throws: { "\($0)".contains("a second time") }
        #expect(stuck.requests.count == 2)
    }
}
