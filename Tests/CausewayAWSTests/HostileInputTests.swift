import Foundation
import Testing
import CausewayTestSupport
@testable import CausewayAWS

/// XML and endpoints that try to crash or stall causeway (issue #11, "Data safety and hostile
/// peers"). AWS's own documents are a few levels deep: the generic customer gateway
/// configuration (https://docs.aws.amazon.com/vpn/latest/s2svpn/SetUpVPNConnections.html,
/// "Download the configuration file") and EC2 Query responses
/// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html).
@Suite struct HostileInputTests {
    static func nested(_ depth: Int) -> String {
        String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
    }

    private static let credentials = Credentials(accessKeyID: "AKIDTEST", secretAccessKey: "testsecret")

    /// A client whose deadline task runs on this suite's own thread: on the shared cooperative
    /// pool, beside the suites that run labs and tools, a peer's answer waited past the deadline.
    static func client(_ url: URL, timeout: Duration, retry: RetryPolicy = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10))) -> EC2Client {
        EC2Client(credentials: credentials, region: "eu-west-1", endpoint: url,
                  transport: DeadlineTransport(URLSessionTransport(), timeout: timeout, executor: DedicatedThreadExecutor.timing), retry: retry)
    }

    // Before the fix the tree parsed and the process died freeing it (a recursive free of
    // 60,000 nested arrays overflowed the stack).
    @Test func sixtyThousandLevelsAreRefusedWithTheLimit() {
        #expect {
            _ = try XMLTree.parse(Self.nested(60_000))
        } throws: { error in
            guard case XMLParseError.tooDeep(_, _, let limit) = error else { return false }
            return limit == XMLTree.maxDepth && "\(error)".contains("deeper than \(XMLTree.maxDepth)")
        }
    }

    @Test func theDepthLimitItselfIsAccepted() throws {
        var tree = try XMLTree.parse(Self.nested(XMLTree.maxDepth))
        var depth = 1
        while let next = tree.child("a") { tree = next; depth += 1 }
        #expect(depth == XMLTree.maxDepth)
        #expect(throws: XMLParseError.self) { try XMLTree.parse(Self.nested(XMLTree.maxDepth + 1)) }
    }

    @Test func aWellFormedDocumentOverTheSizeLimitSaysSo() {
        let big = "<r>" + String(repeating: "x", count: XMLTree.maxDocumentBytes) + "</r>"
        #expect {
            _ = try XMLTree.parse(big)
        } throws: { error in
            "\(error)".contains("larger than \(XMLTree.maxDocumentBytes) bytes") && !"\(error)".contains("malformed")
        }
    }

    @Test func treesCompareAndCopyWithoutRecursion() throws {
        let doc = "<r><a x=\"1\">t<b/></a><a x=\"2\"/></r>"
        let one = try XMLTree.parse(doc), two = try XMLTree.parse(doc)
        #expect(one == two && one.hashValue == two.hashValue)
        #expect(one.children[0] != one.children[1])
        let built = XMLTree(name: "r", children: [XMLTree(name: "a", attributes: ["x": "1"], children: [XMLTree(name: "b")], text: "t"),
                                                  XMLTree(name: "a", attributes: ["x": "2"])])
        #expect(built == one)
        #expect(one.descendants(named: "a").map { $0.attributes["x"] } == ["1", "2"])
    }

    // The deadline only bounds a hung test here (what is checked is the depth error): a CI run
    // on a loaded 2-core machine took more than 10 s to receive the 360 kB answer.
    @Test func aDeepResponseFromAnEndpointIsAClearError() async throws {
        try await withOwnThread {
            let peer = try HostilePeer(.respond(status: 200, body: Data(Self.nested(60_000).utf8)))
            defer { peer.stop() }
            await #expect {
                _ = try await Self.client(peer.url, timeout: .seconds(60)).call("DescribeVpcs")
            } throws: { error in
                guard case EC2Error.malformedResponse = error else { return false }
                return "\(error)".contains("deeper than \(XMLTree.maxDepth)")
            }
        }
    }

    // URLSession on Linux (libcurl) let a peer that trickles one byte every 2 s hold a request
    // forever; the deadline must hold whatever the peer does.
    @Test(arguments: [HostilePeer.Behaviour.trickle(interval: 2), .silent])
    func aStallingEndpointTimesOutAtTheDeadline(_ behaviour: HostilePeer.Behaviour) async throws {
        try await withOwnThread {
            let peer = try HostilePeer(behaviour)
            defer { peer.stop() }
            let start = ContinuousClock.now
            await #expect {
                _ = try await Self.client(peer.url, timeout: .seconds(2)).call("DescribeVpcs")
            } throws: { error in
                guard case EC2Error.transport(let action, let e) = error else { return false }
                return action == "DescribeVpcs" && e.kind == .timedOut && "\(error)".contains("within 2 s")
            }
            // Two attempts of 2 s each, a short backoff, and slack for a busy test machine (the
            // trickle alone would never end).
            #expect(ContinuousClock.now - start < .seconds(15))
        }
    }

    /// A transport that ignores cancellation and answers after `delay`.
    struct Stubborn: HTTPTransport {
        let delay: Duration
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { c.resume() }
            }
            return HTTPResponse(status: 200)
        }
    }

    @Test func theCallerReturnsAtTheDeadlineEvenWhenTheTransportIgnoresCancellation() async throws {
        await withOwnThread {
            // The stubborn transport answers after 20 s; the caller must be back long before (the
            // bound leaves room for a test machine whose cooperative pool is busy with other suites).
            let transport = DeadlineTransport(Stubborn(delay: .seconds(20)), timeout: .milliseconds(500))
            let start = ContinuousClock.now
            await #expect(throws: HTTPTransportError.self) {
                _ = try await transport.send(HTTPRequest(method: "POST", url: URL(string: "http://127.0.0.1:9")!))
            }
            #expect(ContinuousClock.now - start < .seconds(10))
        }
    }

    @Test func afterTwoTimeoutsInARowTheEndpointIsNotTriedAgain() async throws {
        await withOwnThread {
            let transport = DeadlineTransport(Stubborn(delay: .seconds(3)), timeout: .milliseconds(200), maxConsecutiveTimeouts: 2)
            let request = HTTPRequest(method: "POST", url: URL(string: "http://127.0.0.1:9")!)
            for _ in 0..<2 { await #expect(throws: HTTPTransportError.self) { _ = try await transport.send(request) } }
            let start = ContinuousClock.now
            await #expect {
                _ = try await transport.send(request)
            } throws: { error in
                "\(error)".contains("2 times in a row; not calling it again")
            }
            #expect(ContinuousClock.now - start < .milliseconds(100))
        }
    }

    @Test func aFastAnswerResetsTheCount() async throws {
        try await withOwnThread {
            // A functional check, not a timing one: the answer's task runs on this test's own thread
            // (the shared pool can be busy with other suites' blocking tests for minutes), and the
            // deadline is generous.
            let transport = DeadlineTransport(Stubborn(delay: .zero), timeout: .seconds(120), executor: DedicatedThreadExecutor.timing)
            let response = try await transport.send(HTTPRequest(method: "POST", url: URL(string: "http://127.0.0.1:9")!))
            #expect(response.status == 200)
        }
    }
}
