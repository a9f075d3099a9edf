import Testing
@testable import CausewayCore

/// Resolver rules shared through AWS RAM (`share_with`): the principals AWS takes, where the
/// loader and the checks report the ones it does not, and the share in the resource description.
@Suite struct RuleSharingTests {
    /// AWS RAM API reference, CreateResourceShare ("principals"): an account ID, the ARN of an
    /// organization or of an OU of AWS Organizations (IAM roles and users are not principals of a
    /// Resolver rule share; causeway does not take them).
    @Test func principalsAreAccountsOrganizationsOrOUs() {
        #expect(RAMPrincipal("123456789012") == .account(AWSAccountID("123456789012")!))
        #expect(RAMPrincipal("012345678901")?.api == "012345678901", "leading zeros stay")
        let org = "arn:aws:organizations::123456789012:organization/o-exampleorgid"
        #expect(RAMPrincipal(org) == .organization(arn: org))
        let ou = "arn:aws:organizations::123456789012:ou/o-exampleorgid/ou-ab12-cdef3456"
        #expect(RAMPrincipal(ou) == .organizationalUnit(arn: ou))
        for bad in ["12345678901", "1234567890123", "12345678901x", "arn:aws:iam::123456789012:role/dns",
                    "arn:aws:organizations::123456789012:organization/exampleorgid", "arn:aws:organizations::12345:organization/o-a",
                    "arn:aws:organizations::123456789012:ou/o-a", "organizations::123456789012:organization/o-a", ""] {
            #expect(RAMPrincipal(bad) == nil, "\(bad)")
        }
    }

    @Test func theLoaderReadsSharesAndTheAccount() throws {
        let r = Fixtures.check(try Fixtures.sharedDNS())
        let t = try #require(r.topology)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.formatted))")
        #expect(t.accountID?.digits == "123456789012")
        let rule = try #require(t.dns.rule("corp"))
        #expect(rule.shareWith.map(\.principal.api) == [
            "210987654321", "arn:aws:organizations::123456789012:organization/o-exampleorgid",
            "arn:aws:organizations::123456789012:ou/o-exampleorgid/ou-ab12-cdef3456",
        ])
        // An unquoted account ID is read as written; a bad `account_id` is an invalid value at its node.
        let unquoted = Fixtures.check(try Fixtures.sharedDNS().replacing1("- \"210987654321\"", "- 210987654321"))
        #expect(unquoted.topology?.dns.rule("corp")?.shareWith.first?.principal == .account(AWSAccountID("210987654321")!))
        let bad = Fixtures.check(try Fixtures.sharedDNS().replacing1("account_id: \"123456789012\"", "account_id: 1234"))
        #expect(bad.diagnostics.map(\.rule) == ["invalid-value"])
        #expect(bad.diagnostics.first?.location.line == 3)
    }

    /// Route 53 developer guide, "Sharing forwarding rules with other AWS accounts and using
    /// shared rules": forwarding rules are what is shared; the owner uses its own rules without a
    /// share. A malformed principal is reported at its list entry, the others are kept.
    @Test func eachSharingProblemIsReportedAtItsNode() throws {
        let text = try Fixtures.sharedDNS()
            .replacing1("- \"210987654321\"", "- \"123456789012\"\n            - arn:aws:iam::123456789012:role/dns")
        let r = Fixtures.check(text)
        let own = try #require(r.diagnostics.first { $0.rule == "resolver-rule-share-own-account" })
        let principal = try #require(r.diagnostics.first { $0.rule == "resolver-rule-share-principal" })
        #expect(own.severity == .warning && principal.severity == .error)
        #expect(principal.location.line == own.location.line + 1)
        #expect(principal.message.contains("arn:aws:iam::123456789012:role/dns") && principal.message.contains("12-digit account ID"))
        #expect(r.topology?.dns.rule("corp")?.shareWith.count == 3)

        let system = Fixtures.check(try Fixtures.sharedDNS().replacing1("rule_type: FORWARD", "rule_type: SYSTEM")
            .replacing1("          target_ips: [{ip: 192.168.2.250}]\n          resolver_endpoint: outbound\n", ""))
        #expect(system.diagnostics.map(\.rule) == ["resolver-rule-share-not-forward"], "\(system.diagnostics.map(\.formatted))")
    }

    /// The share is one AWS resource after the rule and its associations, naming the rule by key.
    @Test func theShareIsInTheResourceDescription() throws {
        let t = try #require(Fixtures.check(try Fixtures.sharedDNS()).topology)
        let d = AWSResources(t)
        let share = try #require(d.route53(Route53Keys.ruleShare("corp")))
        #expect(share.kind == .resourceShare && share.kind.cloudFormationType == "AWS::RAM::ResourceShare")
        guard case .resourceShare(let rule, let principals) = share.properties else { Issue.record("not a share"); return }
        #expect(rule == Route53Keys.rule("corp") && principals.count == 3 && principals.needsExternalPrincipals)
        let keys = d.route53.map(\.key)
        #expect(keys.firstIndex(of: share.key)! > keys.firstIndex(of: Route53Keys.ruleAssociation(rule, vpc: "app"))!)
        #expect(t.locate(share.path).line > 0)
        // A share with only the organization keeps principals inside it.
        #expect(![RAMPrincipal.organization(arn: "arn:aws:organizations::123456789012:organization/o-a")].needsExternalPrincipals)
    }
}
