import CausewayCore

/// What AWS accepts as a tunnel pre-shared key, for the templates' own input checks
/// (CloudFormation's `AllowedPattern`, Terraform's `validation`): 8 to 64 letters, digits, `.`
/// and `_`, not starting with `0`.
/// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpnTunnelOptionsSpecification.html
enum AWSPreSharedKeyRule {
    static let minLength = PreSharedKey.allowedLengths.lowerBound
    static let maxLength = PreSharedKey.allowedLengths.upperBound
    static let first = "[A-Za-z1-9._]"
    static let rest = "[A-Za-z0-9._]"
    /// With `MinLength`/`MaxLength` beside it.
    static var cloudFormationPattern: String { "^\(first)\(rest)*$" }
    /// Length and characters in one expression (RE2, Terraform's `regex`).
    static var terraformPattern: String { "^\(first)\(rest){\(minLength - 1),\(maxLength - 1)}$" }
    static let description = "8 to 64 letters, digits, `.` and `_`, not starting with 0"
}
