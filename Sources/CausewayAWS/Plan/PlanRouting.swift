import CausewayCore

extension PlanBuilder {
    /// Prefix lists, prefix-list routes, VPC peerings and transit gateway peerings are not
    /// created by apply yet: each one the topology wants is a `plan-not-applied` note, so the plan
    /// never skips them silently (Terraform and CloudFormation renders create them).
    mutating func notManaged() {
        for r in d.resources {
            let what: String
            switch r.properties {
            case .prefixList: what = "prefix list `\(r.name)`"
            case .prefixListRoute(let pl): what = "route to prefix list `\(name(pl.prefixList))` in \(pl.table)"
            case .tgwPrefixListReference(let table, let list, _): what = "prefix list reference `\(name(list))` in \(table)"
            case .vpcPeering: what = "VPC peering `\(r.name)`"
            case .tgwPeeringAttachment, .tgwPeeringAccepter: what = "transit gateway peering attachment `\(r.name)` of \(r.parent ?? "")"
            default: continue
            }
            guard !r.isAdopted else { continue }
            report(PlanRules.notApplied, "\(what) is not applied: apply does not manage prefix lists and peerings yet; create it with the Terraform or CloudFormation render", key: r.key)
        }
    }
}
