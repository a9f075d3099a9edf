import Crypto
import Foundation

/// An idempotency token for EC2 create calls (`ClientToken`, at most 64 ASCII characters).
///
/// A token derived from what is being created makes a retried `apply` reuse the first attempt's
/// resource instead of creating a second one.
public struct ClientToken: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    /// A fresh random token.
    public static func random() -> ClientToken { ClientToken(value: UUID().uuidString.lowercased()) }

    /// A token that is the same every time for the same `key` (e.g. plan id + resource name).
    public static func derived(from key: String) -> ClientToken {
        let digest = SHA256.hash(data: Array(key.utf8))
        return ClientToken(value: "causeway-" + digest.prefix(16).map { String(format: "%02x", $0) }.joined())
    }

    public var description: String { value }
}
