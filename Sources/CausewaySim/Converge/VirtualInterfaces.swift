import CausewayCore

/// The state of one Direct Connect virtual interface and its BGP session, with what crosses it.
public struct VirtualInterfaceStatus: Sendable, Encodable {
    public var name: String
    public var type: VirtualInterfaceType
    public var dxGateway: String
    public var site: String
    public var vlan: Int
    public var up: Bool
    public var detail: String?
    public var awsASN: ASN
    public var customerASN: ASN
    /// What AWS advertises to the site (VPC CIDRs for a private interface, allowed prefixes for
    /// a transit one), with the AS_PATH the site receives.
    public var advertisedByAWS: [BGPSession.Advertisement] = []
    /// What the site advertises to AWS.
    public var advertisedByCustomer: [BGPSession.Advertisement] = []
}

extension Converger {
    /// Brings up each virtual interface's BGP session unless a failure, a failed device, equal
    /// ASNs or too many prefixes (the session goes idle above AWS's quota) takes it down.
    mutating func evaluateVirtualInterfaces() {
        for v in t.virtualInterfaces {
            guard let rv = r.virtualInterface(v.name) else { continue }
            var info = VIFInfo(name: v.name, vlan: v.vlan)
            if let si = siteIndex[v.site] {
                info.site = si
                info.cgwNode = f.sites[si].cgwNode
            }
            func down(_ why: String) {
                if info.up {
                    info.up = false
                    info.detail = why
                }
            }
            if failures.contains(.virtualInterface(v.name)) { down("taken down with --fail dx:\(v.name)") }
            if failures.contains(.site(v.site)) { down("the site's router is failed (--fail site:\(v.site))") }
            if t.dxGateway(v.dxGateway) == nil { down("Direct Connect gateway \(v.dxGateway) is not in the topology") }
            if rv.customerASN == rv.amazonASN { down("both ends use AS \(rv.amazonASN)") }
            // Above the quota AWS puts the session into idle
            // (https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html).
            let limit = AWSNumbers.DirectConnect.routesFromCustomerPerVIF
            if rv.customerPrefixes.count > limit { down("BGP session idle: the site advertises \(rv.customerPrefixes.count) prefixes, above AWS's \(limit)") }
            vifIndex[v.name] = f.vifs.nextSlot
            f.vifs.append(info)
            var s = VirtualInterfaceStatus(name: v.name, type: v.type, dxGateway: v.dxGateway, site: v.site, vlan: v.vlan,
                                           up: info.up, detail: info.detail, awsASN: rv.amazonASN, customerASN: rv.customerASN)
            if info.up {
                s.advertisedByAWS = rv.awsPrefixes.map { .init(prefix: $0, asPath: [rv.amazonASN]) }
                s.advertisedByCustomer = rv.customerPrefixes.map { .init(prefix: $0, asPath: [rv.customerASN]) }
            }
            f.vifStatus.append(s)
        }
    }

    /// Routes AWS learns from the site over the virtual interfaces whose Direct Connect gateway
    /// reaches `gateway` (only through the Direct Connect gateway `dxGateway` when given): one per
    /// prefix per interface, inactive when the interface is down.
    func directConnectRoutes(to gateway: VPNGatewayTarget, through dxGateway: String? = nil) -> [(route: SimRoute, vif: VIFIndex)] {
        var out: [(SimRoute, VIFIndex)] = []
        for v in t.virtualInterfaces where dxGateway.map({ $0 == v.dxGateway }) ?? true {
            guard let rv = r.virtualInterface(v.name), rv.gateways.contains(gateway), let vi = vifIndex[v.name] else { continue }
            let info = f.vifs[vi]
            for p in rv.customerPrefixes {
                var route = SimRoute(p, .bgp, .virtualInterface(v.name))
                route.asPath = [rv.customerASN]
                route.learnedFrom = "Direct Connect gateway \(v.dxGateway) (\(v.type.rawValue) VIF dx:\(v.name), site \(v.site))"
                if !info.up { route = route.inactive(.virtualInterfaceDown, "virtual interface dx:\(v.name) is down (\(info.detail ?? ""))") }
                out.append((route, vi))
            }
        }
        return out
    }

    /// Routes the site's router learns over its virtual interfaces: what AWS advertises over
    /// each, with where the Direct Connect gateway hands the traffic on.
    func routesFromDirectConnect(_ s: Site) -> [Candidate] {
        var out: [Candidate] = []
        for v in t.virtualInterfaces(of: s) {
            guard let rv = r.virtualInterface(v.name), let vi = vifIndex[v.name] else { continue }
            let info = f.vifs[vi]
            for (gateway, prefixes) in rv.reach {
                let node: NodeIndex?
                switch gateway {
                case .vpnGateway(let n): node = vgwNode[n]
                case .transitGateway(let n):
                    node = t.transitGateway(n).flatMap { g in g.attachment(forDXGateway: v.dxGateway).flatMap { associatedNode(g, $0.name) } }
                }
                for p in prefixes {
                    var route = SimRoute(p, .bgp, .virtualInterface(v.name))
                    route.asPath = [rv.amazonASN]
                    route.learnedFrom = "dx:\(v.name) (Direct Connect gateway \(v.dxGateway), \(gateway))"
                    route.note = "local-preference \(ResolvedVirtualInterface.localPreference) on the virtual interface's session: Direct Connect first"
                    let target: ForwardTarget
                    if let node { target = .vifToAWS(vif: vi, node: node) } else { target = .drop(.noRoute) }
                    if !info.up { route = route.inactive(.virtualInterfaceDown, "virtual interface dx:\(v.name) is down (\(info.detail ?? ""))") }
                    out.append(Candidate(route: route, target: target, preference: .eBGPPreferred))
                }
            }
        }
        return out
    }
}
