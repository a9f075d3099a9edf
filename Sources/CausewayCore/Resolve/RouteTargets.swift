/// A VPC route's target after resolving short forms (`vgw`, `tgw`, `nat` with no name mean
/// "the only one") against the topology.
public enum RouteTargetResolution: Sendable, Equatable {
    /// The target with its name filled in.
    case resolved(RouteTarget)
    /// Nothing (or more than one thing) matches; the text says what and how to fix it.
    case unresolved(String)

    public var target: RouteTarget? {
        if case .resolved(let t) = self { return t }
        return nil
    }
}

extension Topology {
    /// The gateways of a kind attached to a route's VPC, and the message when there are several.
    struct AttachedGateways {
        let names: () -> [String]
        let ambiguous: ([String]) -> String
    }

    /// `kind:NAME` names a gateway that exists; `kind` alone (an empty name) means the one of the
    /// kind `attached` to the VPC (none given: no attachment step, as for NAT gateways), else the only
    /// one there is. The messages say what is missing or ambiguous; each is built only when used.
    static func pick(_ name: String, _ make: (String) -> RouteTarget, all: [String], attached: AttachedGateways? = nil,
                     unknown: @autoclosure () -> String, none: @autoclosure () -> String,
                     ambiguous: @autoclosure () -> String) -> RouteTargetResolution {
        if !name.isEmpty { return all.contains(name) ? .resolved(make(name)) : .unresolved(unknown()) }
        if let names = attached?.names() {
            if names.count == 1 { return .resolved(make(names[0])) }
            if let attached, names.count > 1 { return .unresolved(attached.ambiguous(names)) }
        }
        switch all.count {
        case 0: return .unresolved(none())
        case 1: return .resolved(make(all[0]))
        default: return .unresolved(ambiguous())
        }
    }

    /// Resolves a route target of a route table in `vpc`.
    /// `vgw` = the VGW attached to the VPC (AWS attaches at most one), `tgw` = the transit gateway
    /// the VPC is attached to, `nat` = the VPC's only NAT gateway. When nothing is attached and the
    /// topology has exactly one gateway of the kind, that one is meant (the attachment check then
    /// reports the missing attachment).
    public func resolve(_ target: RouteTarget, in vpc: VPC) -> RouteTargetResolution {
        switch target {
        case .local:
            return .resolved(target)
        case .internetGateway:
            return vpc.internetGateway ? .resolved(target)
                : .unresolved("VPC `\(vpc.name)` has no internet gateway; add `internet_gateway: true` to it")
        case .natGateway(let n):
            let all = vpc.natGateways.map(\.name)
            return Self.pick(n, RouteTarget.natGateway, all: all,
                unknown: "VPC `\(vpc.name)` has no NAT gateway `\(n)` (NAT gateways here: \(all.listed)); add it under `nat_gateways:` or fix the name",
                none: "`nat` names VPC `\(vpc.name)`'s only NAT gateway, but it has none; add one under `nat_gateways:`",
                ambiguous: "`nat` is ambiguous: VPC `\(vpc.name)` has NAT gateways \(all.listed); write `nat:NAME`")
        case .vpnGateway(let n):
            let all = vpnGateways.map(\.name)
            let attached = AttachedGateways(names: { vpnGateways.filter { $0.attachedTo == vpc.name }.map(\.name) },
                ambiguous: { "`vgw` is ambiguous: virtual private gateways \($0.listed) all name VPC `\(vpc.name)`; write `vgw:NAME`" })
            return Self.pick(n, RouteTarget.vpnGateway, all: all, attached: attached,
                unknown: "no virtual private gateway `\(n)` (defined: \(all.listed)); define it under `vpn_gateways:` or fix the name",
                none: "`vgw` names the VPC's virtual private gateway, but the topology has none; add one under `vpn_gateways:` with `vpc: \(vpc.name)`",
                ambiguous: "`vgw` is ambiguous: no virtual private gateway is attached to VPC `\(vpc.name)` and there are several (\(all.listed)); write `vgw:NAME`")
        case .transitGateway(let n):
            let all = transitGateways.map(\.name)
            let attached = AttachedGateways(names: { transitGateways.filter { $0.attachment(forVPC: vpc.name) != nil }.map(\.name) },
                ambiguous: { "`tgw` is ambiguous: VPC `\(vpc.name)` is attached to transit gateways \($0.listed); write `tgw:NAME`" })
            return Self.pick(n, RouteTarget.transitGateway, all: all, attached: attached,
                unknown: "no transit gateway `\(n)` (defined: \(all.listed)); define it under `transit_gateways:` or fix the name",
                none: "`tgw` names a transit gateway, but the topology has none; add one under `transit_gateways:`",
                ambiguous: "`tgw` is ambiguous: VPC `\(vpc.name)` has no attachment and there are several transit gateways (\(all.listed)); write `tgw:NAME`")
        case .instance(let n):
            return vpc.instance(n) != nil ? .resolved(target)
                : .unresolved("VPC `\(vpc.name)` has no instance `\(n)` (a route can only point at an instance in its own VPC; instances here: \(vpc.instances.map(\.name).listed))")
        case .vpcPeering(let n):
            // `pcx:NAME`: a peering connection of this VPC by its name, or the one joining this
            // VPC and VPC NAME (the short form).
            if let p = vpcPeering(n), p.joins(vpc.name) { return .resolved(.vpcPeering(p.name)) }
            if n == vpc.name { return .unresolved("VPC `\(n)` cannot peer with itself; name the other VPC") }
            guard self.vpc(n) != nil else {
                return .unresolved("no VPC `\(n)` to peer with and no peering of VPC `\(vpc.name)` named so (VPCs: \(vpcs.map(\.name).listed))")
            }
            let joining = vpcPeerings(between: vpc.name, n)
            guard let p = joining.first else {
                return .unresolved("no VPC peering joins VPC `\(vpc.name)` and VPC `\(n)`; add one under `vpc_peerings:` (vpc: \(vpc.name), peer_vpc: \(n))")
            }
            return .resolved(.vpcPeering(p.name))
        }
    }
}
