import Foundation

/// An HTTP request ready to send.
public struct HTTPRequest: Sendable, Hashable {
    public var method: String
    public var url: URL
    public var headers: [HTTPHeader]
    public var body: Data

    public init(method: String, url: URL, headers: [HTTPHeader] = [], body: Data = Data()) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// An HTTP response: status, headers, body.
public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: Data

    public init(status: Int, headers: [HTTPHeader] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Why a request got no HTTP response at all.
public struct HTTPTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case connectionRefused, timedOut, cannotResolveHost, other
    }
    public let kind: Kind
    public let url: String
    public let detail: String

    public var description: String {
        switch kind {
        case .connectionRefused: "connection refused by \(url) (is the endpoint running and the port right?)"
        case .timedOut: detail.isEmpty ? "no answer from \(url) in time" : "\(url) timed out: \(detail)"
        case .cannotResolveHost: "cannot resolve the host of \(url)"
        case .other: "request to \(url) failed: \(detail)"
        }
    }
}

/// Sends one HTTP request. The EC2 client talks only to this, so tests can put a fake behind it.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
