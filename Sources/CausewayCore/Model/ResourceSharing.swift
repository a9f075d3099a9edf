/// An AWS account ID: twelve digits (AWS Account Management reference guide, "Viewing AWS
/// account identifiers"). Leading zeros are part of it, so it is text, not a number.
public struct AWSAccountID: Sendable, Hashable, Encodable, CustomStringConvertible {
    public let digits: String

    /// Twelve ASCII digits, or nil.
    public init?(_ text: String) {
        guard text.utf8.count == 12, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        digits = text
    }

    public var description: String { digits }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(digits)
    }
}

/// Whom an AWS RAM resource share grants a resource to, in the forms CreateResourceShare's
/// `principals` takes for a Resolver rule (AWS RAM API reference, CreateResourceShare,
/// "principals"): an account, an organization or an organizational unit of AWS Organizations.
/// IAM roles and users are principals too, but not for Resolver rules.
public enum RAMPrincipal: Sendable, Hashable, Encodable, CustomStringConvertible {
    case account(AWSAccountID)
    /// `arn:aws:organizations::MANAGEMENT-ACCOUNT:organization/o-…`.
    case organization(arn: String)
    /// `arn:aws:organizations::MANAGEMENT-ACCOUNT:ou/o-…/ou-…`.
    case organizationalUnit(arn: String)

    /// The principal a text names, or nil when it is none of the three forms.
    public init?(_ text: String) {
        if let a = AWSAccountID(text) {
            self = .account(a)
            return
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "organizations", parts[3].isEmpty,
              AWSAccountID(String(parts[4])) != nil else { return nil }
        let path = parts[5].split(separator: "/", omittingEmptySubsequences: false)
        func id(_ s: Substring, _ prefix: String) -> Bool {
            s.hasPrefix(prefix) && s.count > prefix.count && s.dropFirst(prefix.count).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
        if path.count == 2, path[0] == "organization", id(path[1], "o-") {
            self = .organization(arn: text)
        } else if path.count == 3, path[0] == "ou", id(path[1], "o-"), id(path[2], "ou-") {
            self = .organizationalUnit(arn: text)
        } else {
            return nil
        }
    }

    /// As CreateResourceShare takes it: the account ID or the ARN.
    public var api: String {
        switch self {
        case .account(let a): a.digits
        case .organization(let arn), .organizationalUnit(let arn): arn
        }
    }

    public var description: String { api }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(api)
    }
}

/// One entry of a rule's `share_with`: the principal and where the file names it.
public struct SharePrincipal: Sendable, Hashable, Encodable {
    public var path: String
    public var principal: RAMPrincipal

    public init(path: String, principal: RAMPrincipal) {
        self.path = path
        self.principal = principal
    }

    public func encode(to encoder: Encoder) throws { try principal.encode(to: encoder) }
}

extension Array where Element == RAMPrincipal {
    /// Whether the share must allow principals outside the owner's organization: an account is
    /// named, which may be outside it (CreateResourceShare `allowExternalPrincipals`, true by
    /// default); a share with only the organization or its OUs does not.
    public var needsExternalPrincipals: Bool { contains { if case .account = $0 { true } else { false } } }
}
