import CausewayCore

/// The site's side of each Direct Connect virtual interface in FRR: an eBGP neighbor at AWS's
/// peer address on the VLAN sub-interface, the site's prefixes out, AWS's prefixes in with a
/// higher local preference (`ResolvedVirtualInterface.localPreference`) so the site prefers
/// Direct Connect over its VPN for the same prefix and falls back when the interface goes down.
extension FRR {
    func dxName(_ v: VirtualInterface) -> String { "dx-\(v.name)" }

    func directConnectPolicy(_ plan: GatewayPlan, _ c: inout Lines) {
        for (v, rv) in plan.virtualInterfaces {
            let n = dxName(v)
            for (i, p) in rv.awsPrefixes.enumerated() { c.add("ip prefix-list causeway-aws-\(n) seq \((i + 1) * 5) permit \(p)") }
            if rv.awsPrefixes.isEmpty { c.add("ip prefix-list causeway-aws-\(n) seq 5 deny any") }
            for (i, p) in rv.customerPrefixes.enumerated() { c.add("ip prefix-list causeway-site-\(n) seq \((i + 1) * 5) permit \(p)") }
            c.add("!")
            c.add(["route-map causeway-from-\(n) permit 10", " match ip address prefix-list causeway-aws-\(n)",
                   " set local-preference \(ResolvedVirtualInterface.localPreference)", "exit", "!"])
            c.add(["route-map causeway-to-\(n) permit 10", " match ip address prefix-list causeway-site-\(n)", "exit", "!"])
        }
    }

    func directConnectNeighbors(_ plan: GatewayPlan, _ c: inout Lines) {
        for (v, rv) in plan.virtualInterfaces {
            guard let aws = v.amazonAddress, let mine = v.customerAddress else {
                c.comment(" !", "Virtual interface `\(v.name)` (VLAN \(v.vlan)): AWS assigns its BGP peer addresses; write\n`amazon_address`/`customer_address` in the topology to render its neighbor.")
                continue
            }
            c.comment(" !", "Direct Connect \(v.type.rawValue) virtual interface `\(v.name)`: VLAN \(v.vlan) sub-interface with \(mine).")
            c.add([" neighbor \(aws.address) remote-as \(rv.amazonASN)", " neighbor \(aws.address) description dx \(v.name) vlan \(v.vlan)"])
            if rv.customerASN != plan.asn { c.add(" neighbor \(aws.address) local-as \(rv.customerASN) no-prepend replace-as") }
        }
    }

    func directConnectAddressFamily(_ plan: GatewayPlan, _ c: inout Lines) {
        for (v, _) in plan.virtualInterfaces {
            guard let aws = v.amazonAddress, v.customerAddress != nil else { continue }
            let n = dxName(v)
            c.add(["  neighbor \(aws.address) soft-reconfiguration inbound",
                   "  neighbor \(aws.address) route-map causeway-from-\(n) in",
                   "  neighbor \(aws.address) route-map causeway-to-\(n) out"])
        }
    }
}
