import Foundation

/// The EC2 Query API (version 2016-11-15): `POST /` with a signed form body, XML back.
///
/// Retries throttling, transient AWS errors, 5xx and lost connections with exponential backoff
/// and full jitter; turns signature errors caused by a wrong local clock into `.clockSkew`.
public struct EC2Client: Sendable {
    public static let apiVersion = "2016-11-15"

    public let region: String
    public let endpoint: URL
    public let retry: RetryPolicy
    let credentials: Credentials
    let transport: any HTTPTransport
    let sleeper: any Sleeper
    let clock: @Sendable () -> Date
    let jitter: @Sendable () -> Double

    /// - Parameters:
    ///   - endpoint: defaults to `https://ec2.REGION.amazonaws.com`; moto is `http://127.0.0.1:PORT`.
    ///   - clock: the local clock (signing time and skew detection).
    ///   - jitter: a uniform number in 0..<1 for backoff.
    public init(credentials: Credentials, region: String, endpoint: URL? = nil,
                transport: any HTTPTransport = URLSessionTransport(), retry: RetryPolicy = RetryPolicy(),
                sleeper: any Sleeper = TaskSleeper(), clock: @escaping @Sendable () -> Date = { Date() },
                jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.credentials = credentials
        self.region = region
        self.endpoint = endpoint ?? URL(string: "https://ec2.\(region).amazonaws.com")!
        self.transport = transport
        self.retry = retry
        self.sleeper = sleeper
        self.clock = clock
        self.jitter = jitter
    }

    /// Sends one action and returns the root element of its XML response.
    public func call(_ action: String, _ parameters: QueryParameters = QueryParameters()) async throws -> XMLTree {
        var attempt = 1
        while true {
            do {
                return try await attemptOnce(action, parameters)
            } catch let error as EC2Error where Self.isRetryable(error) && attempt < retry.maxAttempts {
                try await sleeper.sleep(for: retry.delay(beforeRetry: attempt, unit: jitter()))
                attempt += 1
            }
        }
    }

    /// Calls a paginated Describe action until `NextToken` runs out; returns the `<item>`s of `listElement`.
    public func callPaginated(_ action: String, _ parameters: QueryParameters, listElement: String) async throws -> [XMLTree] {
        var items: [XMLTree] = []
        var token: String?
        var pages = Pages(action)
        repeat {
            var page = parameters
            page.add("NextToken", token)
            let response = try await call(action, page)
            items += response.items(listElement)
            token = try pages.next(response.string("nextToken"))
        } while token != nil
        return items
    }

    static func isRetryable(_ error: EC2Error) -> Bool {
        switch error {
        case .service(_, let response):
            return RetryPolicy.retryableCodes.contains(response.code) || response.httpStatus >= 500
        case .unexpectedResponse(_, let status, _):
            return status >= 500 || status == 429
        case .transport:
            return true
        case .notImplemented, .clockSkew, .malformedResponse:
            return false
        }
    }

    func attemptOnce(_ action: String, _ parameters: QueryParameters) async throws -> XMLTree {
        var pairs = [("Action", action), ("Version", Self.apiVersion)]
        pairs += parameters.items.map { ($0.name, $0.value) }
        let body = Array(FormEncoding.encode(pairs).utf8)

        var path = endpoint.path
        if path.isEmpty { path = "/" }
        let unsigned = SignableRequest(
            method: "POST", scheme: endpoint.scheme ?? "https", host: endpoint.host ?? "", port: endpoint.port,
            path: path, headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: body)
        let signedAt = clock()
        let signed = SigV4Signer(credentials: credentials, region: region, service: "ec2").signed(unsigned, at: signedAt)

        let response: HTTPResponse
        do {
            response = try await transport.send(HTTPRequest(method: "POST", url: endpoint, headers: signed.headers, body: Data(body)))
        } catch let error as HTTPTransportError {
            throw EC2Error.transport(action: action, error)
        } catch let error as EC2Error {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw EC2Error.transport(action: action, HTTPTransportError(kind: .other, url: endpoint.absoluteString,
                                                                         detail: parameters.redact("\(error)")))
        }
        return try interpret(response, action: action, parameters: parameters, signedAt: signedAt)
    }

    func interpret(_ response: HTTPResponse, action: String, parameters: QueryParameters, signedAt: Date) throws -> XMLTree {
        if (200..<300).contains(response.status) {
            do {
                return try XMLTree.parse(response.body)
            } catch {
                throw EC2Error.malformedResponse(action: action, detail: "\(error)")
            }
        }
        if response.status >= 500 && Self.looksLikeHTML(response) {
            throw EC2Error.notImplemented(action: action, httpStatus: response.status)
        }
        guard let tree = try? XMLTree.parse(response.body), let error = Self.errorDocument(tree, status: response.status) else {
            let snippet = parameters.redact(String(decoding: response.body.prefix(200), as: UTF8.self))
            throw EC2Error.unexpectedResponse(action: action, httpStatus: response.status, detail: snippet)
        }
        let safe = AWSErrorResponse(code: error.code, message: parameters.redact(error.message),
                                    requestID: error.requestID, httpStatus: error.httpStatus)
        if ClockSkew.signatureCodes.contains(safe.code),
           let offset = ClockSkew.offset(localAtSigning: signedAt, localNow: clock(),
                                         serverDateHeader: response.header("Date"), message: safe.message) {
            throw EC2Error.clockSkew(action: action, offsetSeconds: offset, safe)
        }
        throw EC2Error.service(action: action, safe)
    }

    static func looksLikeHTML(_ response: HTTPResponse) -> Bool {
        if let type = response.header("Content-Type"), type.lowercased().contains("text/html") { return true }
        let start = String(decoding: response.body.prefix(64), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return start.hasPrefix("<!doctype html") || start.hasPrefix("<html")
    }

    /// Reads `<Response><Errors><Error>` (EC2) or `<ErrorResponse><Error>` (other Query services).
    static func errorDocument(_ tree: XMLTree, status: Int) -> AWSErrorResponse? {
        let error = tree["Errors", "Error"] ?? tree.child("Error")
        guard let error, let code = error.string("Code") else { return nil }
        let requestID = tree.string("RequestID") ?? tree.string("RequestId") ?? error.string("RequestId")
        return AWSErrorResponse(code: code, message: error.string("Message") ?? "", requestID: requestID, httpStatus: status)
    }
}
