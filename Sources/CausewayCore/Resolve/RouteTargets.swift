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
            if !n.isEmpty {
                return vpc.natGateway(n) != nil ? .resolved(target)
                    : .unresolved("VPC `\(vpc.name)` has no NAT gateway `\(n)` (NAT gateways here: \(vpc.natGateways.map(\.name).listed)); add it under `nat_gateways:` or fix the name")
            }
            switch vpc.natGateways.count {
            case 0: return .unresolved("`nat` names VPC `\(vpc.name)`'s only NAT gateway, but it has none; add one under `nat_gateways:`")
            case 1: return .resolved(.natGateway(vpc.natGateways[0].name))
            default: return .unresolved("`nat` is ambiguous: VPC `\(vpc.name)` has NAT gateways \(vpc.natGateways.map(\.name).listed); write `nat:NAME`")
            }
        case .vpnGateway(let n):
            if !n.isEmpty {
                return vpnGateway(n) != nil ? .resolved(target)
                    : .unresolved("no virtual private gateway `\(n)` (defined: \(vpnGateways.map(\.name).listed)); define it under `vpn_gateways:` or fix the name")
            }
            let attached = vpnGateways.filter { $0.attachedTo == vpc.name }
            if attached.count == 1 { return .resolved(.vpnGateway(attached[0].name)) }
            if attached.count > 1 {
                return .unresolved("`vgw` is ambiguous: virtual private gateways \(attached.map(\.name).listed) all name VPC `\(vpc.name)`; write `vgw:NAME`")
            }
            switch vpnGateways.count {
            case 0: return .unresolved("`vgw` names the VPC's virtual private gateway, but the topology has none; add one under `vpn_gateways:` with `vpc: \(vpc.name)`")
            case 1: return .resolved(.vpnGateway(vpnGateways[0].name))
            default: return .unresolved("`vgw` is ambiguous: no virtual private gateway is attached to VPC `\(vpc.name)` and there are several (\(vpnGateways.map(\.name).listed)); write `vgw:NAME`")
            }
        case .transitGateway(let n):
            if !n.isEmpty {
                return transitGateway(n) != nil ? .resolved(target)
                    : .unresolved("no transit gateway `\(n)` (defined: \(transitGateways.map(\.name).listed)); define it under `transit_gateways:` or fix the name")
            }
            let attached = transitGateways.filter { $0.attachment(forVPC: vpc.name) != nil }
            if attached.count == 1 { return .resolved(.transitGateway(attached[0].name)) }
            if attached.count > 1 {
                return .unresolved("`tgw` is ambiguous: VPC `\(vpc.name)` is attached to transit gateways \(attached.map(\.name).listed); write `tgw:NAME`")
            }
            switch transitGateways.count {
            case 0: return .unresolved("`tgw` names a transit gateway, but the topology has none; add one under `transit_gateways:`")
            case 1: return .resolved(.transitGateway(transitGateways[0].name))
            default: return .unresolved("`tgw` is ambiguous: VPC `\(vpc.name)` has no attachment and there are several transit gateways (\(transitGateways.map(\.name).listed)); write `tgw:NAME`")
            }
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
