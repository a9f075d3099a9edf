/// Customer-managed prefix lists and the route tables that use them as destinations.
public struct PrefixListChecks: FindingsCheck {
    /// The rules this check reports, in the catalog's order.
    public struct Rules: RuleCatalogue {
        public let maxEntries = Rule("prefix-list-max-entries", .error,
            "A prefix list with more entries than its `max_entries`, or a `max_entries` above AWS's limit.",
            reference: "Amazon VPC user guide, Managed prefix lists (a list holds at most its maximum entries) and Amazon VPC quotas, prefix lists (\(AWSNumbers.PrefixLists.maxEntriesLimit) entries per list), \(AWSNumbers.PrefixLists.quotasPage)")
        public let entryDuplicate = Rule("prefix-list-entry-duplicate", .error,
            "The same CIDR twice in one prefix list.",
            reference: "EC2 API reference, CreateManagedPrefixList / ModifyManagedPrefixList: each entry's CIDR is unique within the list")
        public let routeTableQuota = Rule("route-table-quota", .error,
            "A VPC route table whose routes, counting each referenced prefix list at its `max_entries`, exceed AWS's routes-per-table quota.",
            reference: "Amazon VPC quotas, route tables (\(AWSNumbers.PrefixLists.routesPerRouteTable) non-propagated routes per table) and prefix lists (a reference counts the list's maximum entries), \(AWSNumbers.PrefixLists.quotasPage)")
        public let overlap = Rule("prefix-list-overlap", .warning,
            "Two prefix lists referenced in one route table hold the same CIDR toward different targets: AWS picks one at random and keeps it.",
            reference: "Amazon VPC user guide, How route priority works, route priority for prefix lists, \(AWSNumbers.PrefixLists.priorityPage)")
    }
    public static let rule = Rules()

    public init() {}

    func find(_ t: Topology, _ f: inout Findings) {
        let limit = AWSNumbers.PrefixLists.maxEntriesLimit
        for l in t.prefixLists {
            if l.maxEntries > limit {
                f.add(Self.rule.maxEntries, "prefix list `\(l.name)` has `max_entries: \(l.maxEntries)`; AWS allows at most \(limit) entries per list: lower it", at: "\(l.path).max_entries")
            }
            if l.entries.count > l.maxEntries {
                f.add(Self.rule.maxEntries, "prefix list `\(l.name)` holds \(l.entries.count) entries but `max_entries` is \(l.maxEntries); AWS refuses entries beyond it: raise `max_entries` or remove entries", at: f.written("\(l.path).entries", l.path))
            }
            var seen: [IPv4Prefix: Int] = [:]
            for (i, e) in l.entries.enumerated() {
                if let first = seen[e.cidr] {
                    f.add(Self.rule.entryDuplicate, "prefix list `\(l.name)` holds \(e.cidr) twice (entries \(first + 1) and \(i + 1)); AWS keeps one entry per CIDR: remove this one", at: e.path)
                } else {
                    seen[e.cidr] = i
                }
            }
        }
        let names = t.prefixLists.map(\.name)
        /// A prefix list the topology defines; else a dangling reference at `path.prefix_list`.
        func known(_ n: String, in table: String, _ path: String) -> Bool {
            if t.prefixList(n) != nil { return true }
            f.add(LoadRules.danglingReference, "\(table): no prefix list `\(n)` (defined: \(names.listed))\(hint(n, names)); define it under `prefix_lists:`", at: "\(path).prefix_list")
            return false
        }
        for vpc in t.vpcs {
            for rt in vpc.routeTables {
                var lists: [(String, String, String)] = []
                for r in rt.prefixListRoutes {
                    guard known(r.prefixList, in: "route in `\(rt.name)`", r.path) else { continue }
                    if case .unresolved(let why) = t.resolve(r.target, in: vpc) {
                        f.add(LoadRules.danglingReference, "route to prefix list `\(r.prefixList)` in `\(rt.name)`: \(why)", at: "\(r.path).target")
                    }
                    let target = t.resolve(r.target, in: vpc).target?.description ?? r.target.description
                    lists.append((r.prefixList, target, r.path))
                }
                overlaps(lists, table: "route table `\(rt.name)`", t, &f)
                let referenced = Set(rt.prefixListRoutes.map(\.prefixList))
                let weight = rt.routes.count + referenced.compactMap { t.prefixList($0)?.maxEntries }.reduce(0, +)
                let quota = AWSNumbers.PrefixLists.routesPerRouteTable
                if weight > quota, !referenced.isEmpty {
                    let parts = referenced.sorted().compactMap { n in t.prefixList(n).map { "`\(n)` counts \($0.maxEntries)" } }
                    f.add(Self.rule.routeTableQuota, "route table `\(rt.name)` counts \(weight) routes against AWS's quota of \(quota) (\(rt.routes.count) routes; \(parts.joined(separator: ", "))): lower the lists' `max_entries`, split the table, or have AWS raise the quota", at: rt.path)
                }
            }
        }
        for g in t.transitGateways {
            for rt in g.routeTables {
                var lists: [(String, String, String)] = []
                for r in rt.prefixListReferences {
                    guard known(r.prefixList, in: "TGW route table `\(rt.name)`", r.path) else { continue }
                    if let a = r.attachment, g.attachment(a) == nil {
                        f.add(LoadRules.danglingReference, "prefix list reference `\(r.prefixList)` in `\(rt.name)`: transit gateway `\(g.name)` has no attachment `\(a)` (attachments: \(g.attachments.map(\.name).listed))", at: "\(r.path).attachment")
                    }
                    lists.append((r.prefixList, r.attachment.map { "attachment \($0)" } ?? "blackhole", r.path))
                }
                overlaps(lists, table: "TGW route table `\(rt.name)`", t, &f)
            }
        }
    }

    /// Two lists of one table holding one CIDR toward different targets (reported on the later).
    func overlaps(_ lists: [(list: String, target: String, path: String)], table: String, _ t: Topology, _ f: inout Findings) {
        var owner: [IPv4Prefix: (list: String, target: String)] = [:]
        for (list, target, path) in lists {
            for c in t.prefixList(list)?.cidrs ?? [] {
                if let first = owner[c] {
                    guard first.target != target, first.list != list else { continue }
                    f.add(Self.rule.overlap, "\(table): prefix lists `\(first.list)` (→ \(first.target)) and `\(list)` (→ \(target)) both hold \(c); AWS picks one of them at random and keeps it (causeway models `\(first.list)`): remove \(c) from one list or add a static route for it", at: path)
                } else {
                    owner[c] = (list, target)
                }
            }
        }
    }
}
