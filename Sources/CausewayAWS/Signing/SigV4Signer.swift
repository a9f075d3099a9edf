import Crypto
import Foundation

/// Everything a SigV4 signature produced: the headers to add, and the intermediate strings
/// (useful when AWS answers `SignatureDoesNotMatch` and prints its own canonical request).
public struct SigV4Signature: Sendable, Hashable {
    public let canonicalRequest: String
    public let stringToSign: String
    public let signature: String
    public let authorization: String
    public let amzDate: AmzDate
    /// `X-Amz-Date`, `X-Amz-Security-Token` (when a session token is set) and `Authorization`.
    public let headersToAdd: [HTTPHeader]
}

/// AWS Signature Version 4 (header form) for any service and region.
///
/// Follows botocore's `SigV4Auth` byte for byte: the canonical URI is the path with dot segments
/// and empty segments removed, then URI-encoded again (`/` and `~` kept); the query is
/// encoded and sorted by key then value; header values are trimmed with inner whitespace runs
/// collapsed; the payload hash is SHA-256 of the body.
public struct SigV4Signer: Sendable {
    public let credentials: Credentials
    public let region: String
    public let service: String

    /// Headers never signed: hop-by-hop ones a proxy may change, and ones clients rewrite.
    static let unsignedHeaders: Set<String> = [
        "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id", "authorization",
    ]

    /// Signs `request` as of `date`.
    public func sign(_ request: SignableRequest, at date: Date) -> SigV4Signature {
        let amzDate = AmzDate(date)
        var headers = request.headers.filter {
            let lower = $0.name.lowercased()
            return lower != "authorization" && lower != "x-amz-date"
                && !(credentials.sessionToken != nil && lower == "x-amz-security-token")
        }
        headers.append(HTTPHeader("X-Amz-Date", amzDate.timestamp))
        if let token = credentials.sessionToken {
            headers.append(HTTPHeader("X-Amz-Security-Token", token.revealed))
        }

        // Group by lower-case name, keeping the order values were given in.
        var grouped: [String: [String]] = [:]
        for header in headers {
            let lower = header.name.lowercased()
            if Self.unsignedHeaders.contains(lower) { continue }
            grouped[lower, default: []].append(header.value)
        }
        if grouped["host"] == nil { grouped["host"] = [request.hostHeader] }
        let names = grouped.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let canonicalHeaders = names.map { name in
            name + ":" + grouped[name]!.map(Self.trimAll).joined(separator: ",")
        }.joined(separator: "\n")
        let signedHeaders = names.joined(separator: ";")

        let canonicalRequest = [
            request.method.uppercased(),
            Self.canonicalURI(request.path),
            Self.canonicalQuery(request.query),
            canonicalHeaders + "\n",
            signedHeaders,
            Self.hex(SHA256.hash(data: request.body)),
        ].joined(separator: "\n")

        let scope = "\(amzDate.day)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256",
            amzDate.timestamp,
            scope,
            Self.hex(SHA256.hash(data: Array(canonicalRequest.utf8))),
        ].joined(separator: "\n")

        let signature = Self.hex(signingKey(day: amzDate.day).authenticate(stringToSign))
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"

        var added = [HTTPHeader("X-Amz-Date", amzDate.timestamp)]
        if let token = credentials.sessionToken { added.append(HTTPHeader("X-Amz-Security-Token", token.revealed)) }
        added.append(HTTPHeader("Authorization", authorization))
        return SigV4Signature(canonicalRequest: canonicalRequest, stringToSign: stringToSign,
                              signature: signature, authorization: authorization,
                              amzDate: amzDate, headersToAdd: added)
    }

    /// Returns `request` with the signature headers added (replacing stale ones).
    public func signed(_ request: SignableRequest, at date: Date) -> SignableRequest {
        let signature = sign(request, at: date)
        var copy = request
        let replaced = Set(signature.headersToAdd.map { $0.name.lowercased() })
        copy.headers.removeAll { replaced.contains($0.name.lowercased()) }
        copy.headers += signature.headersToAdd
        return copy
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request")
    func signingKey(day: String) -> SigningKey {
        var key = SymmetricKey(data: Array(("AWS4" + credentials.secretAccessKey.revealed).utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return SigningKey(key: key)
    }

    struct SigningKey {
        let key: SymmetricKey
        func authenticate(_ message: String) -> HMAC<SHA256>.MAC {
            HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: key)
        }
    }

    static func canonicalURI(_ path: String) -> String {
        PercentEncoding.encode(removeDotSegments(path.isEmpty ? "/" : path),
                               alsoKeep: [UInt8(ascii: "/")])
    }

    /// RFC 3986 §5.2.4, plus dropping empty segments as AWS requires (botocore does the same).
    static func removeDotSegments(_ path: String) -> String {
        if path.isEmpty { return "" }
        var output: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) where segment != "." {
            if segment == ".." {
                if !output.isEmpty { output.removeLast() }
            } else {
                output.append(segment)
            }
        }
        let first = path.hasPrefix("/") ? "/" : ""
        let last = path.hasSuffix("/") && !output.isEmpty ? "/" : ""
        return first + output.joined(separator: "/") + last
    }

    static func canonicalQuery(_ items: [QueryItem]) -> String {
        items.map { (PercentEncoding.encode($0.name), PercentEncoding.encode($0.value)) }
            .sorted { a, b in
                if a.0 != b.0 { return Array(a.0.utf8).lexicographicallyPrecedes(Array(b.0.utf8)) }
                return Array(a.1.utf8).lexicographicallyPrecedes(Array(b.1.utf8))
            }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// Trims the value and collapses inner whitespace runs to one space (SigV4's Trimall).
    static func trimAll(_ value: String) -> String {
        value.split(whereSeparator: { $0.isWhitespace || ("\u{1C}"..."\u{1F}").contains($0) })
            .joined(separator: " ")
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in digest { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 0x0F)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
