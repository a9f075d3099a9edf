/// An error document AWS returned: `<Response><Errors><Error><Code>…<Message>…</Error></Errors><RequestID>…`.
public struct AWSErrorResponse: Sendable, Hashable {
    public let code: String
    public let message: String
    public let requestID: String?
    public let httpStatus: Int

    public init(code: String, message: String, requestID: String?, httpStatus: Int) {
        self.code = code
        self.message = message
        self.requestID = requestID
        self.httpStatus = httpStatus
    }
}

/// Everything an EC2 call can fail with. Messages never contain secrets.
public enum EC2Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// AWS answered with an error code (`InvalidVpcID.NotFound`, `AuthFailure`, …).
    case service(action: String, AWSErrorResponse)
    /// The endpoint does not implement the action (moto answers HTTP 500 with an HTML page).
    case notImplemented(action: String, httpStatus: Int)
    /// AWS rejected the signature and the local clock is off by `offsetSeconds` (positive: ahead).
    case clockSkew(action: String, offsetSeconds: Int, AWSErrorResponse)
    /// No HTTP response at all.
    case transport(action: String, HTTPTransportError)
    /// An HTTP error without an AWS error document.
    case unexpectedResponse(action: String, httpStatus: Int, detail: String)
    /// A success response whose XML lacked what the call needs.
    case malformedResponse(action: String, detail: String)

    /// The AWS error code, when AWS sent one.
    public var code: String? {
        switch self {
        case .service(_, let response), .clockSkew(_, _, let response): response.code
        default: nil
        }
    }

    public var action: String {
        switch self {
        case .service(let action, _), .notImplemented(let action, _), .clockSkew(let action, _, _),
             .transport(let action, _), .unexpectedResponse(let action, _, _), .malformedResponse(let action, _):
            action
        }
    }

    public var description: String {
        switch self {
        case .service(let action, let r):
            return "\(action) failed: \(r.code): \(r.message) (HTTP \(r.httpStatus)\(r.requestID.map { ", request id \($0)" } ?? ""))"
        case .notImplemented(let action, let status):
            return "\(action) is not implemented by this endpoint (HTTP \(status) with an HTML page; moto lacks some calls)"
        case .clockSkew(let action, let offset, let r):
            let direction = offset >= 0 ? "ahead of" : "behind"
            return "\(action) failed with \(r.code): the local clock is off by \(abs(offset)) seconds (\(direction) AWS's); "
                + "AWS rejects requests signed more than 5 minutes off. Sync the clock, e.g. with chrony "
                + "(`apt-get install chrony`, then `chronyc makestep`)."
        case .transport(let action, let error):
            return "\(action) failed: \(error)"
        case .unexpectedResponse(let action, let status, let detail):
            return "\(action) failed: HTTP \(status) without an AWS error document: \(detail)"
        case .malformedResponse(let action, let detail):
            return "\(action) returned a response causeway cannot read: \(detail)"
        }
    }
}
