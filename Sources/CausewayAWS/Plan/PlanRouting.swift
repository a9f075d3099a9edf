import CausewayCore

extension PlanBuilder {
    /// Customer-managed prefix lists: created (CreateManagedPrefixList, tagged) when missing.
    /// A list that exists is left as it is: a changed `max_entries` or entry set is a note
    /// (ModifyManagedPrefixList is not applied yet).
    mutating func prefixLists() {
        for l in d.all(.prefixList) {
            guard case .prefixList(let maxEntries, let entries) = l.properties else { continue }
            if let have = o.prefixLists[l.key] {
                if !o.adopted.contains(l.key), let m = have.maxEntries, m != maxEntries {
                    report(PlanRules.notApplied, "\(l.key): the prefix list has max entries \(m), the topology asks for \(maxEntries); changing a prefix list is not applied yet", key: l.key)
                }
                continue
            }
            if let id = l.adoptedID {
                report(PlanRules.adoptedMissing, "\(l.key): adopted prefix list \(id) was not found", key: l.key)
                continue
            }
            add(.vpc, .create, "prefix-list", l.key, "\(entries.count) of \(maxEntries) entries",
                .createManagedPrefixList(name: l.name, maxEntries: maxEntries, entries: entries))
        }
    }

    /// Prefix-list routes, VPC peerings, transit gateway peerings and Amazon EKS (clusters, node
    /// groups, add-ons and their IAM roles) are not created by apply: each one the topology wants
    /// is a `plan-not-applied` note, so the plan never skips them silently (the Terraform and
    /// CloudFormation renders create them).
    mutating func notManaged() {
        let peerings = "apply does not manage routes to prefix lists and peerings yet"
        for r in d.resources {
            let what: String, why: String
            switch r.properties {
            case .prefixListRoute(let pl): (what, why) = ("route to prefix list `\(name(pl.prefixList))` in \(pl.table)", peerings)
            case .tgwPrefixListReference(let table, let list, _): (what, why) = ("prefix list reference `\(name(list))` in \(table)", peerings)
            case .vpcPeering: (what, why) = ("VPC peering `\(r.name)`", peerings)
            case .tgwPeeringAttachment, .tgwPeeringAccepter: (what, why) = ("transit gateway peering attachment `\(r.name)` of \(r.parent ?? "")", peerings)
            case .iamRole, .eksCluster, .eksNodeGroup, .eksAddon: (what, why) = (r.key, "apply does not call the EKS and IAM APIs")
            default: continue
            }
            guard !r.isAdopted else { continue }
            report(PlanRules.notApplied, "\(what) is not applied: \(why); create it with the Terraform or CloudFormation render", key: r.key)
        }
    }
}
