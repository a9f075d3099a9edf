import Foundation
import Testing
import CausewayCore
@testable import CausewayAWS

/// One request both signers sign.
private struct Case {
    var name: String
    var method = "POST"
    var scheme = "https"
    var host = "ec2.us-east-1.amazonaws.com"
    var port: Int? = nil
    var path = "/"
    var query: [QueryItem] = []
    var headers: [HTTPHeader] = []
    var body: [UInt8] = []
    var region = "us-east-1"
    var service = "ec2"
    var token: String? = nil
    var secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    var url: String {
        var hostPart = host
        if let port { hostPart += ":\(port)" }
        return "\(scheme)://\(hostPart)\(path)"
    }
    var credentials: Credentials {
        Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: secret, sessionToken: token)
    }
}

private let fixedDate = Date(timeIntervalSince1970: 1_440_938_160) // 2015-08-30T12:36:00Z

private let cases: [Case] = {
    let form = Array("Action=DescribeVpcs&Version=2016-11-15".utf8)
    let big = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    return [
        Case(name: "ec2 query body", headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body: form),
        Case(name: "empty GET", method: "GET"),
        Case(name: "session token", headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")], body: form,
             token: "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+token/with=chars"),
        Case(name: "reserved characters in query", method: "GET",
             query: [QueryItem("a", "b&c=d"), QueryItem("e", "/?#[]@!$'()*+,;"), QueryItem("f", "%2F")]),
        Case(name: "spaces in query", method: "GET", query: [QueryItem("name", "hello world"), QueryItem("plus", "a+b")]),
        Case(name: "unicode in query", method: "GET", query: [QueryItem("näme", "ünïcødé ✓"), QueryItem("emoji", "🚀")]),
        Case(name: "repeated query keys", method: "GET",
             query: [QueryItem("k", "3"), QueryItem("k", "1"), QueryItem("a", ""), QueryItem("k", "2")]),
        Case(name: "keys sorting by code point", method: "GET",
             query: [QueryItem("b", "1"), QueryItem("B", "2"), QueryItem("_", "3"), QueryItem("a~", "4"), QueryItem("a-", "5")]),
        Case(name: "large body", body: big),
        Case(name: "eu-west-1", host: "ec2.eu-west-1.amazonaws.com", body: form, region: "eu-west-1"),
        Case(name: "ap-southeast-2 sts", host: "sts.ap-southeast-2.amazonaws.com", body: Array("Action=GetCallerIdentity&Version=2011-06-15".utf8),
             region: "ap-southeast-2", service: "sts"),
        Case(name: "iam us-east-1 global", host: "iam.amazonaws.com", body: Array("Action=ListUsers&Version=2010-05-08".utf8), service: "iam"),
        Case(name: "route53 path", method: "GET", host: "route53.amazonaws.com", path: "/2013-04-01/hostedzone/Z1D633PJN98FT9/rrset",
             query: [QueryItem("maxitems", "10")], service: "route53"),
        Case(name: "path with spaces and unicode", method: "GET", path: "/a b/ünï/c+d"),
        Case(name: "path with encoded chars", method: "GET", path: "/foo%20bar/baz%2Fqux"),
        Case(name: "path with dot segments", method: "GET", path: "/a/./b/../c//d/"),
        Case(name: "path special chars", method: "GET", path: "/x/$&'()*+,;=:@/~tilde"),
        Case(name: "whitespace in header values", headers: [HTTPHeader("X-Amz-Meta", "  a   b \t c  "), HTTPHeader("Content-Type", "text/plain")]),
        Case(name: "repeated headers", headers: [HTTPHeader("X-Multi", "one"), HTTPHeader("x-multi", " two  "), HTTPHeader("X-Other", "z")]),
        Case(name: "unsigned headers ignored", headers: [HTTPHeader("User-Agent", "causeway/0.1"), HTTPHeader("Expect", "100-continue")]),
        Case(name: "http with custom port (moto)", scheme: "http", host: "127.0.0.1", port: 5000, body: form),
        Case(name: "https default port", scheme: "https", host: "EC2.US-EAST-1.AMAZONAWS.COM", port: 443, body: form),
        Case(name: "explicit host header", headers: [HTTPHeader("Host", "ec2.us-east-1.amazonaws.com")], body: form),
        Case(name: "secret with symbols", body: form, secret: "a+b/c=d%e&f"),
        Case(name: "us-gov region", host: "ec2.us-gov-west-1.amazonaws.com", body: form, region: "us-gov-west-1"),
    ]
}()

@Suite struct SigV4SignerTests {
    @Test func matchesBotocoreByteForByte() throws {
        #expect(cases.count >= 20)
        let payload: [[String: Any]] = cases.map { c in
            [
                "method": c.method, "url": c.url,
                "params": c.query.map { [$0.name, $0.value] },
                "headers": c.headers.map { [$0.name, $0.value] },
                "body_hex": c.body.map { String(format: "%02x", $0) }.joined(),
                "access_key": "AKIDEXAMPLE", "secret_key": c.secret,
                "token": c.token.map { $0 as Any } ?? NSNull(),
                "region": c.region, "service": c.service,
                "timestamp": fixedDate.timeIntervalSince1970,
            ]
        }
        let script = TestPaths.support.appendingPathComponent("botocore_sign.py").path
        let result: ProcessResult
        do {
            result = try runProcess(["python3", script], stdin: try JSONSerialization.data(withJSONObject: payload))
        } catch {
            Issue.record("could not run python3 (install python3 and `pip install botocore`, see Support/REQUIREMENTS.txt): \(error)")
            return
        }
        guard result.status == 0 else {
            Issue.record("botocore_sign.py failed with status \(result.status) — is botocore installed? (`pip install botocore`, see Support/REQUIREMENTS.txt)\n\(result.stderr)")
            return
        }
        let expected = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
        try #require(expected.count == cases.count)
        for (c, reference) in zip(cases, expected) {
            let request = SignableRequest(method: c.method, scheme: c.scheme, host: c.host, port: c.port, path: c.path,
                                          query: c.query, headers: c.headers, body: c.body)
            let ours = SigV4Signer(credentials: c.credentials, region: c.region, service: c.service).sign(request, at: fixedDate)
            #expect(ours.canonicalRequest == reference["canonical_request"] as? String, "canonical request: \(c.name)")
            #expect(ours.stringToSign == reference["string_to_sign"] as? String, "string to sign: \(c.name)")
            #expect(ours.authorization == reference["authorization"] as? String, "Authorization: \(c.name)")
            #expect(ours.amzDate.timestamp == reference["amz_date"] as? String, "X-Amz-Date: \(c.name)")
            let token = ours.headersToAdd.first { $0.name == "X-Amz-Security-Token" }?.value
            #expect(token == reference["token"] as? String, "X-Amz-Security-Token: \(c.name)")
        }
    }

    /// AWS's own published example (SigV4 test suite "get-vanilla").
    @Test func awsGetVanillaExample() {
        let request = SignableRequest(method: "GET", host: "example.amazonaws.com", path: "/")
        let credentials = Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        let signature = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service")
            .sign(request, at: fixedDate)
        #expect(signature.signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    @Test func credentialsNeverPrintSecrets() {
        let credentials = Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "topsecretvalue", sessionToken: "tokenvalue")
        for text in [credentials.description, credentials.debugDescription, "\(credentials)", String(reflecting: credentials)] {
            #expect(!text.contains("topsecretvalue"))
            #expect(!text.contains("tokenvalue"))
            #expect(text.contains("‹redacted›") || text.contains("AKIDEXAMPLE"))
        }
        var dumped = ""
        dump(credentials, to: &dumped)
        #expect(!dumped.contains("topsecretvalue"))
        #expect(Secret("x").description == "‹redacted›")
    }

    @Test func formEncodingMatchesPythonUrlencode() {
        #expect(FormEncoding.encode([("Action", "CreateTags"), ("Tag.1.Value", "a b/c+d&e=f~_.-ü")])
            == "Action=CreateTags&Tag.1.Value=a+b%2Fc%2Bd%26e%3Df~_.-%C3%BC")
    }
}
