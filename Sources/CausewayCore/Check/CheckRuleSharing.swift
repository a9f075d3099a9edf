extension DNSChecks {
    /// Resolver rules shared through AWS RAM (`share_with`): only forwarding rules, never with
    /// the account that owns them. The principals' shape is checked where they are read.
    func sharing(_ t: Topology, _ f: inout Findings) {
        for r in t.dns.resolverRules where !r.shareWith.isEmpty {
            if r.ruleType == .system {
                f.add(Self.rule.shareNotForward, "SYSTEM rule `\(r.name)` is shared with \(r.shareWith.map(\.principal.api).joined(separator: ", ")); Route 53 shares forwarding rules: drop `share_with`, or share the FORWARD rule it overrides (the other account can create its own SYSTEM rule)", at: "\(r.path).share_with")
            }
            guard let own = t.accountID else { continue }
            for p in r.shareWith where p.principal == .account(own) {
                f.add(Self.rule.shareOwnAccount, "Resolver rule `\(r.name)` is shared with \(own), the topology's own account (`account_id`), which owns the rule and associates it without a share; drop \(own) from `share_with`", at: p.path)
            }
        }
    }
}
