import CausewayCore

/// AWS credentials: an access key id, its secret, and a session token for temporary credentials.
public struct Credentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public let accessKeyID: String
    public let secretAccessKey: Secret
    public let sessionToken: Secret?

    public init(accessKeyID: String, secretAccessKey: Secret, sessionToken: Secret? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.init(accessKeyID: accessKeyID, secretAccessKey: Secret(secretAccessKey),
                  sessionToken: sessionToken.map(Secret.init))
    }

    public var description: String {
        "Credentials(accessKeyID: \(accessKeyID), secretAccessKey: ‹redacted›"
            + (sessionToken == nil ? ")" : ", sessionToken: ‹redacted›)")
    }
    public var debugDescription: String { description }
}

extension Credentials: CustomReflectable {
    public var customMirror: Mirror {
        Mirror(self, children: ["accessKeyID": accessKeyID], displayStyle: .struct)
    }
}
