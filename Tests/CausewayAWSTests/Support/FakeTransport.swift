import Foundation
@testable import CausewayAWS

/// An `HTTPTransport` that answers from a script and records what it was sent.
final class FakeTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var sent: [HTTPRequest] = []
    private let respond: @Sendable (HTTPRequest, Int) throws -> HTTPResponse

    /// `respond` gets the request and its 1-based call number.
    init(_ respond: @escaping @Sendable (HTTPRequest, Int) throws -> HTTPResponse) { self.respond = respond }

    var requests: [HTTPRequest] { lock.lock(); defer { lock.unlock() }; return sent }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let number = lock.withLock { sent.append(request); return sent.count }
        return try respond(request, number)
    }

    static func xml(_ status: Int, _ body: String, headers: [HTTPHeader] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: [HTTPHeader("Content-Type", "text/xml")] + headers, body: Data(body.utf8))
    }

    static func error(_ status: Int, code: String, message: String, headers: [HTTPHeader] = []) -> HTTPResponse {
        xml(status, "<Response><Errors><Error><Code>\(code)</Code><Message>\(message)</Message></Error></Errors>"
                + "<RequestID>req-123</RequestID></Response>", headers: headers)
    }
}

/// Passes calls to another transport, except that call number `failOn` throws.
struct FailingOnNthTransport: HTTPTransport {
    let inner: any HTTPTransport
    let failOn: Int
    let counter = LockedBox(0)

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let number = counter.value + 1
        counter.set(number)
        if number == failOn {
            throw HTTPTransportError(kind: .other, url: request.url.absoluteString, detail: "injected failure on call \(number)")
        }
        return try await inner.send(request)
    }
}

/// Records waits instead of waiting.
final class RecordingSleeper: Sleeper, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Duration] = []
    var sleeps: [Duration] { lock.lock(); defer { lock.unlock() }; return recorded }
    func sleep(for duration: Duration) async throws { lock.withLock { recorded.append(duration) } }
}

extension HTTPRequest {
    /// The form body decoded into pairs (for assertions).
    var formPairs: [(String, String)] {
        String(decoding: body, as: UTF8.self).split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
    func form(_ name: String) -> String? { formPairs.first { $0.0 == name }?.1 }
}
