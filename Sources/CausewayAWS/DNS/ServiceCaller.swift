import Foundation

/// Signs and sends one request to an AWS service other than EC2 (Route 53's REST-XML API,
/// Route 53 Resolver's JSON 1.1 API) with the EC2 client's credentials, transport (bounded
/// timeouts), retry policy and clock. Errors come back as `EC2Error`, so the waiters and the
/// "not found means gone" rules of apply and destroy read them the same way.
struct ServiceCaller: Sendable {
    let service: String
    let region: String
    let endpoint: URL
    let ec2: EC2Client

    /// The error document of a failed call: (code, message), when the body holds one.
    typealias ErrorReader = @Sendable (Data) -> (code: String, message: String)?

    /// Sends `method path?query` with `body` and returns the body of a 2xx answer.
    func send(_ action: String, method: String, path: String, query: [QueryItem] = [], headers: [HTTPHeader] = [],
              body: [UInt8] = [], errors: ErrorReader) async throws -> Data {
        var attempt = 1
        while true {
            do {
                return try await once(action, method: method, path: path, query: query, headers: headers, body: body, errors: errors)
            } catch let error as EC2Error where EC2Client.isRetryable(error) && attempt < ec2.retry.maxAttempts {
                try await ec2.sleeper.sleep(for: ec2.retry.delay(beforeRetry: attempt, unit: ec2.jitter()))
                attempt += 1
            }
        }
    }

    private func once(_ action: String, method: String, path: String, query: [QueryItem], headers: [HTTPHeader],
                      body: [UInt8], errors: ErrorReader) async throws -> Data {
        let base = endpoint.path.hasSuffix("/") ? String(endpoint.path.dropLast()) : endpoint.path
        let fullPath = base + path
        let unsigned = SignableRequest(method: method, scheme: endpoint.scheme ?? "https", host: endpoint.host ?? "",
                                       port: endpoint.port, path: fullPath, query: query, headers: headers, body: body)
        let signed = SigV4Signer(credentials: ec2.credentials, region: region, service: service).signed(unsigned, at: ec2.clock())
        var components = URLComponents()
        components.scheme = endpoint.scheme
        components.host = endpoint.host
        components.port = endpoint.port
        components.percentEncodedPath = fullPath
        if !query.isEmpty {
            components.percentEncodedQuery = query.map { "\(PercentEncoding.encode($0.name))=\(PercentEncoding.encode($0.value))" }
                .joined(separator: "&")
        }
        let url = components.url ?? endpoint
        let response: HTTPResponse
        do {
            response = try await ec2.transport.send(HTTPRequest(method: method, url: url, headers: signed.headers, body: Data(body)))
        } catch let error as HTTPTransportError {
            throw EC2Error.transport(action: action, error)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw EC2Error.transport(action: action, HTTPTransportError(kind: .other, url: url.absoluteString, detail: "\(error)"))
        }
        if (200..<300).contains(response.status) { return response.body }
        if response.status >= 500 && EC2Client.looksLikeHTML(response) {
            throw EC2Error.notImplemented(action: action, httpStatus: response.status)
        }
        guard let e = errors(response.body) else {
            throw EC2Error.unexpectedResponse(action: action, httpStatus: response.status,
                                              detail: String(decoding: response.body.prefix(200), as: UTF8.self))
        }
        throw EC2Error.service(action: action, AWSErrorResponse(code: e.code, message: e.message,
                                                                 requestID: response.header("x-amzn-RequestId"), httpStatus: response.status))
    }
}

extension ServiceCaller {
    /// A caller beside `ec2` for `service`: the same credentials, transport and region; AWS's
    /// regional endpoint `https://HOST.REGION.amazonaws.com`, or `ec2`'s endpoint when that is not
    /// AWS's (moto serves every service on one).
    init(beside ec2: EC2Client, service: String, host: String? = nil) {
        let endpoint = ec2.usesDefaultEndpoint ? URL(string: "https://\(host ?? service).\(ec2.region).amazonaws.com")! : ec2.endpoint
        self.init(service: service, region: ec2.region, endpoint: endpoint, ec2: ec2)
    }

    /// One JSON 1.1 call (`POST /`, `X-Amz-Target: TARGET.<op>`): the request object in, the
    /// response object out.
    func json(_ op: String, target: String, _ request: [String: Any], errors: @escaping ErrorReader) async throws -> [String: Any] {
        let body = try JSONSerialization.data(withJSONObject: request, options: [.sortedKeys])
        let data = try await send(op, method: "POST", path: "/", headers: [
            HTTPHeader("X-Amz-Target", "\(target).\(op)"), HTTPHeader("Content-Type", "application/x-amz-json-1.1"),
        ], body: Array(body), errors: errors)
        return try Self.object(data, op)
    }

    /// A JSON response body as an object (an empty body is an empty object).
    static func object(_ data: Data, _ op: String) throws -> [String: Any] {
        guard !data.isEmpty else { return [:] }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw EC2Error.malformedResponse(action: op, detail: "not a JSON object")
        }
        return object
    }

    /// One REST-JSON call (AWS RAM, Amazon EFS): `method path?query` with the request object as
    /// the JSON body (none for GET and DELETE), the response object out (empty for no body).
    func restJSON(_ op: String, method: String, _ path: String, query: [QueryItem] = [], _ request: [String: Any] = [:]) async throws -> [String: Any] {
        let hasBody = method == "POST" || method == "PUT"
        let body = hasBody ? Array(try JSONSerialization.data(withJSONObject: request, options: [.sortedKeys])) : []
        let data = try await send(op, method: method, path: path, query: query,
                                  headers: hasBody ? [HTTPHeader("Content-Type", "application/json")] : [],
                                  body: body, errors: Self.restJSONError)
        return try Self.object(data, op)
    }

    /// A REST-JSON error body: the code under `__type` (moto, and AWS beside its
    /// `x-amzn-ErrorType` header), `code` or EFS's `ErrorCode`; the message under `message` or `Message`.
    static let restJSONError: ErrorReader = { data in
        guard let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let type = (o["__type"] as? String) ?? (o["code"] as? String) ?? (o["ErrorCode"] as? String) else { return nil }
        let code = type.split(separator: "#").last.map(String.init) ?? type
        return (code, (o["message"] as? String) ?? (o["Message"] as? String) ?? "")
    }
}

extension Pages {
    /// Every object under `list` of a JSON operation, calling `page` with the request and the
    /// token (under `tokenKey`, which the services spell `NextToken` or `nextToken`) until none comes back.
    static func json(_ op: String, list: String, tokenKey: String, _ request: [String: Any],
                     _ page: ([String: Any]) async throws -> [String: Any]) async throws -> [[String: Any]] {
        var out: [[String: Any]] = []
        var token: String?
        var pages = Pages(op)
        repeat {
            var r = request
            if let token { r[tokenKey] = token }
            let response = try await page(r)
            out += (response[list] as? [[String: Any]]) ?? []
            token = try pages.next(response[tokenKey] as? String)
        } while token != nil
        return out
    }
}

extension EC2Client {
    /// Whether the client talks to AWS's own EC2 endpoint (not `--endpoint`, e.g. moto).
    var usesDefaultEndpoint: Bool { endpoint == URL(string: "https://ec2.\(region).amazonaws.com")! }
}
