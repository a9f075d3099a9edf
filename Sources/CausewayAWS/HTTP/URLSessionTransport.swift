import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `HTTPTransport` over Foundation's `URLSession`, with a per-request and a total timeout.
public struct URLSessionTransport: HTTPTransport {
    private let session: URLSession

    /// - Parameters:
    ///   - requestTimeout: longest wait for the next bytes of a response.
    ///   - resourceTimeout: longest time one request may take in all.
    public init(requestTimeout: TimeInterval = 30, resourceTimeout: TimeInterval = 120) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = requestTimeout
        configuration.timeoutIntervalForResource = resourceTimeout
        configuration.httpCookieAcceptPolicy = .never
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        for header in request.headers where header.name.lowercased() != "host" {
            urlRequest.addValue(header.value, forHTTPHeaderField: header.name)
        }
        if !request.body.isEmpty { urlRequest.httpBody = request.body }
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await session.data(for: urlRequest)
        } catch let error as URLError {
            throw HTTPTransportError(kind: Self.kind(of: error), url: request.url.absoluteString,
                                     detail: error.localizedDescription)
        } catch {
            throw HTTPTransportError(kind: .other, url: request.url.absoluteString, detail: "\(error)")
        }
        guard let http = response as? HTTPURLResponse else {
            throw HTTPTransportError(kind: .other, url: request.url.absoluteString, detail: "not an HTTP response")
        }
        let headers = http.allHeaderFields.compactMap { key, value -> HTTPHeader? in
            guard let name = key as? String else { return nil }
            return HTTPHeader(name, "\(value)")
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: data)
    }

    static func kind(of error: URLError) -> HTTPTransportError.Kind {
        switch error.code {
        case .cannotConnectToHost, .networkConnectionLost: .connectionRefused
        case .timedOut: .timedOut
        case .cannotFindHost, .dnsLookupFailed: .cannotResolveHost
        default: .other
        }
    }
}
