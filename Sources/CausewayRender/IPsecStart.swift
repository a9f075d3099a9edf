import CausewayCore

/// What every IPsec renderer (Libreswan, strongSwan swanctl and ipsec.conf) starts from: the
/// site's plan, checked for the values an IPsec configuration cannot do without (the AWS outside
/// address, inside CIDR and key of each tunnel, the device's public address), the daemon's
/// install paths and the folder its files go to (`sites/SITE/TARGET`).
struct IPsecStart {
    let plan: GatewayPlan
    let paths: InstallPaths
    let dir: String

    init(site: Site, in topology: Topology, context: RenderContext, target: String, ipsec: IPsecImplementation) throws {
        plan = try GatewayPlan(site: site, in: topology, context: context)
        try plan.require([.outsideAddress, .insideCIDR, .preSharedKey, .publicIP], target: target)
        paths = InstallPaths(os: plan.device.os, ipsec: ipsec)
        dir = "sites/\(site.name)/\(target)"
    }
}

/// The pieces of an `ipsec.conf` conn that Libreswan and strongSwan's stroke spell alike.
enum IPsecConn {
    /// The device's identity (`leftid=`, and the secrets' first field): its public address.
    static func leftID(_ plan: GatewayPlan) -> String { plan.device.publicIP.map(\.description) ?? "" }

    /// A blank line, `conn NAME` and the comments naming the tunnel (and a mismatch with AWS).
    static func header(_ t: TunnelPlan, _ conf: inout Lines) {
        conf.add()
        conf.add("conn \(t.name)")
        conf.add("    # VPN connection `\(t.connection)`, tunnel \(t.index), to the \(t.amazonSide) (ASN \(t.amazonASN))")
        if let w = t.mismatchNote { conf.add("    # \(w)") }
    }

    /// `left…`/`right…`: the device's bind address and identity, AWS's endpoint as the peer, and
    /// the tunnel's traffic selectors.
    static func ends(_ t: TunnelPlan, left: String, leftID: String) -> [String] {
        [
            "    left=\(left)",
            "    leftid=\(leftID)",
            "    leftsubnet=\(t.localTrafficSelector)",
            "    right=\(t.remote)",
            "    rightid=\(t.remote)",
            "    rightsubnet=\(t.remoteTrafficSelector)",
        ]
    }
}
