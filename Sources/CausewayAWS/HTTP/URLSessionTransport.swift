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
            (data, response) = try await Self.data(session, urlRequest)
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

    /// `session.data(for:)` with a cancellation that cannot deadlock: FoundationNetworking's own
    /// async `data(for:)` cancels the URLSessionTask inside the Swift task's cancellation
    /// handler, which waits on the session's queue while that queue may be completing the same
    /// task (both threads then wait forever). Here the cancel is sent from another queue.
    static func data(_ session: URLSession, _ request: URLRequest) async throws -> (Data, URLResponse) {
        let handle = TaskHandle()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(Data, URLResponse), any Error>) in
                let task = session.dataTask(with: request) { data, response, error in
                    if let data, let response {
                        continuation.resume(returning: (data, response))
                    } else {
                        continuation.resume(throwing: error ?? URLError(.badServerResponse))
                    }
                }
                handle.set(task)
                task.resume()
            }
        } onCancel: {
            DispatchQueue.global().async { handle.cancel() }
        }
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

/// The URLSessionTask of one request, cancellable before it exists (then it is cancelled on creation).
private final class TaskHandle: @unchecked Sendable {
    private let lock = NSLock()
    private var task: URLSessionTask?
    private var cancelled = false

    func set(_ task: URLSessionTask) {
        let cancelNow: Bool = lock.withLock {
            self.task = task
            return cancelled
        }
        if cancelNow { DispatchQueue.global().async { task.cancel() } }
    }

    func cancel() {
        let task: URLSessionTask? = lock.withLock {
            cancelled = true
            return self.task
        }
        task?.cancel()
    }
}
