import Foundation

/// Where credentials and region came from, resolved like the AWS CLI does (the subset causeway needs):
/// `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN` first, else the profile
/// (`AWS_PROFILE`, default `default`) in the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`,
/// default `~/.aws/credentials`). Region from `AWS_REGION`, then `AWS_DEFAULT_REGION`.
public struct ResolvedCredentials: Sendable, Hashable, CustomStringConvertible {
    public let credentials: Credentials
    public let region: String?
    /// `environment` or `file PATH, profile NAME`; safe to print.
    public let origin: String

    public var description: String { "\(credentials) from \(origin), region \(region ?? "unset")" }
}

/// Why no credentials could be found. Never contains a secret.
public enum CredentialsError: Error, Sendable, Hashable, CustomStringConvertible {
    case incompleteEnvironment(missing: String)
    case noCredentials(searched: [String])
    case profileNotFound(profile: String, file: String)
    case incompleteProfile(profile: String, file: String, missing: String)

    public var description: String {
        switch self {
        case .incompleteEnvironment(let missing):
            "AWS credentials in the environment are incomplete: \(missing) is not set"
        case .noCredentials(let searched):
            "no AWS credentials found (looked in: \(searched.joined(separator: ", "))); "
                + "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or configure ~/.aws/credentials"
        case .profileNotFound(let profile, let file):
            "profile [\(profile)] not found in \(file)"
        case .incompleteProfile(let profile, let file, let missing):
            "profile [\(profile)] in \(file) lacks \(missing)"
        }
    }
}

public enum CredentialSource {
    /// Resolves from an environment (pass `ProcessInfo.processInfo.environment`) and the file system.
    public static func resolve(environment: [String: String],
                               readFile: (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) }) throws -> ResolvedCredentials {
        let region = nonEmpty(environment["AWS_REGION"]) ?? nonEmpty(environment["AWS_DEFAULT_REGION"])
        let key = nonEmpty(environment["AWS_ACCESS_KEY_ID"]), secret = nonEmpty(environment["AWS_SECRET_ACCESS_KEY"])
        if key != nil || secret != nil {
            guard let key else { throw CredentialsError.incompleteEnvironment(missing: "AWS_ACCESS_KEY_ID") }
            guard let secret else { throw CredentialsError.incompleteEnvironment(missing: "AWS_SECRET_ACCESS_KEY") }
            return ResolvedCredentials(
                credentials: Credentials(accessKeyID: key, secretAccessKey: secret,
                                         sessionToken: nonEmpty(environment["AWS_SESSION_TOKEN"])),
                region: region, origin: "environment")
        }
        let explicitProfile = nonEmpty(environment["AWS_PROFILE"])
        let profile = explicitProfile ?? "default"
        let home = nonEmpty(environment["HOME"]) ?? NSHomeDirectory()
        let file = nonEmpty(environment["AWS_SHARED_CREDENTIALS_FILE"]).map { expandTilde($0, home: home) }
            ?? home + "/.aws/credentials"
        guard let text = readFile(file) else {
            throw CredentialsError.noCredentials(searched: ["environment", file])
        }
        let sections = INI.parse(text)
        guard let section = sections[profile] else {
            if explicitProfile == nil { throw CredentialsError.noCredentials(searched: ["environment", file]) }
            throw CredentialsError.profileNotFound(profile: profile, file: file)
        }
        guard let fileKey = nonEmpty(section["aws_access_key_id"]) else {
            throw CredentialsError.incompleteProfile(profile: profile, file: file, missing: "aws_access_key_id")
        }
        guard let fileSecret = nonEmpty(section["aws_secret_access_key"]) else {
            throw CredentialsError.incompleteProfile(profile: profile, file: file, missing: "aws_secret_access_key")
        }
        return ResolvedCredentials(
            credentials: Credentials(accessKeyID: fileKey, secretAccessKey: fileSecret,
                                     sessionToken: nonEmpty(section["aws_session_token"])),
            region: region ?? nonEmpty(section["region"]), origin: "file \(file), profile \(profile)")
    }

    static func nonEmpty(_ value: String?) -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    static func expandTilde(_ path: String, home: String) -> String {
        path.hasPrefix("~/") ? home + path.dropFirst(1) : path
    }
}

/// The INI dialect of `~/.aws/credentials`: `[profile]` sections, `key = value`, `#`/`;` comments.
enum INI {
    static func parse(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                var name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                // ~/.aws/config spells sections "profile NAME"; accept it here too.
                if name.hasPrefix("profile ") { name = String(name.dropFirst(8)).trimmingCharacters(in: .whitespaces) }
                current = name
                sections[name, default: [:]] = sections[name] ?? [:]
                continue
            }
            guard let section = current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            sections[section]?[key] = value
        }
        return sections
    }
}
