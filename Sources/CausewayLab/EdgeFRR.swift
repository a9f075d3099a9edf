import CausewayCore

/// FRR lines the lab's AWS-side daemons share (the VPN edge of one connection, the shared VGW
/// edge, the Direct Connect gateway): what AWS advertises as a prefix list and its route map,
/// the `router bgp` header, and a VPN tunnel's neighbour with AWS's timers.
enum EdgeFRR {
    /// `ip prefix-list aws-advertises<suffix>` permitting `prefixes` (denying everything when
    /// there are none) and `route-map aws-out<suffix>` matching it.
    static func advertised<P: CustomStringConvertible>(_ prefixes: [P], suffix: String = "") -> [String] {
        let list = "aws-advertises\(suffix)"
        var l = prefixes.enumerated().map { "ip prefix-list \(list) seq \(($0.offset + 1) * 5) permit \($0.element)" }
        if prefixes.isEmpty { l.append("ip prefix-list \(list) seq 5 deny any") }
        return l + ["!", "route-map aws-out\(suffix) permit 10", " match ip address prefix-list \(list)", "exit", "!"]
    }

    /// `router bgp ASN` with the options every lab edge runs with.
    static func routerBGP<A: CustomStringConvertible, I: CustomStringConvertible>(_ asn: A, routerID: I) -> [String] {
        ["router bgp \(asn)", " bgp router-id \(routerID)", " bgp log-neighbor-changes",
         " no bgp ebgp-requires-policy", " no bgp network import-check"]
    }

    /// A customer gateway's neighbour on a VPN tunnel, with the keepalive and hold time AWS runs.
    static func tunnelNeighbor<N: CustomStringConvertible, A: CustomStringConvertible>(_ n: N, asn: A, description: String) -> [String] {
        [" neighbor \(n) remote-as \(asn)", " neighbor \(n) description \(description)",
         " neighbor \(n) timers \(AWSNumbers.BGP.keepalive) \(AWSNumbers.BGP.holdTime)", " neighbor \(n) timers connect 5"]
    }
}
