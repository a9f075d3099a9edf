import CausewayCore

/// One site's customer-gateway device as every CGW renderer sees it, derived from the model
/// once: its tunnels with names, addresses, algorithms and keys, and what is still unknown.
public struct GatewayPlan: Sendable {
    public let topologyName: String
    public let site: Site
    public let device: GatewayDevice
    /// The device's BGP ASN (the device's own, else its customer gateway's).
    public let asn: ASN
    /// How the site routes toward AWS (the device's `routing`).
    public let routing: RoutingMode
    /// Prefixes advertised (BGP) or expected to be routed by AWS (static).
    public let advertise: [IPv4Prefix]
    /// Tunnels configured on the device, in connection order then tunnel order.
    public let tunnels: [TunnelPlan]
    /// Tunnels the device has administratively disabled (not rendered).
    public let disabledTunnels: [TunnelPlan]
    /// The Direct Connect virtual interfaces whose BGP session runs on this device.
    public let virtualInterfaces: [(model: VirtualInterface, resolved: ResolvedVirtualInterface)]

    /// Builds the view of `site`. Throws when the site has no gateway device.
    public init(site: Site, in topology: Topology, context: RenderContext) throws {
        guard let dev = site.gateway else {
            throw RenderError(target: "site `\(site.name)`", gaps: [RenderGap("a `gateway:` device (\(site.path).gateway): nothing terminates the VPN on this site", at: site.path, rule: RenderRules.noGatewayDevice)])
        }
        topologyName = topology.name
        self.site = site
        device = dev
        let conns = topology.connections(of: site)
        let resolved = context.resolved ?? ResolvedNetwork(topology)
        let own = resolved.site(site.name)
        asn = own?.deviceASN ?? ResolvedSite.unconnectedASN
        routing = dev.routing
        advertise = own?.advertise ?? site.cidrs
        var on: [TunnelPlan] = [], off: [TunnelPlan] = []
        for c in conns {
            for t in c.tunnels.sorted(by: { $0.index < $1.index }) {
                guard let dt = own?.tunnel(c.name, t.index), let rc = resolved.connection(c.name) else { continue }
                let p = TunnelPlan(connection: c, resolved: rc, tunnel: t, device: dt, gateway: dev, localASN: asn,
                                   context: context)
                if dt.disabled { off.append(p) } else { on.append(p) }
            }
        }
        tunnels = on
        disabledTunnels = off
        virtualInterfaces = topology.virtualInterfaces(of: site).compactMap { v in resolved.virtualInterface(v.name).map { (v, $0) } }
    }

    /// What a renderer needs known before it can write a file.
    public enum Need: Sendable, Hashable {
        case outsideAddress, insideCIDR, preSharedKey, publicIP
    }

    /// Throws a RenderError naming every missing value `needs` covers, with where it comes from.
    public func require(_ needs: Set<Need>, target: String) throws {
        var missing: [RenderGap] = []
        if needs.contains(.publicIP) && device.publicIP == nil {
            missing.append(RenderGap("the public address of the gateway of site `\(site.name)` (`\(device.path).public_ip`): the address AWS sees, which is also the customer gateway's IP", at: device.path))
        }
        if tunnels.isEmpty {
            missing.append(RenderGap("an enabled tunnel: site `\(site.name)` has no VPN connection ending on it (or all its tunnels are disabled)", at: device.path))
        }
        for t in tunnels {
            if needs.contains(.outsideAddress) && t.outsideIP == nil {
                missing.append(RenderGap("the AWS outside address of tunnel \(t.key) (`\(t.path).outside_ip`): AWS chooses it when the VPN connection is created; run `causeway import` (or `causeway apply`), or write `outside_ip:` from the Terraform/CloudFormation output `\(TerraformNames.output(t.connection, t.index, "address"))`", at: t.path))
            }
            if needs.contains(.insideCIDR) && t.insideCIDR == nil {
                missing.append(RenderGap("the inside CIDR of tunnel \(t.key) (`\(t.path).inside_cidr`): AWS picks a /30 when none is given; run `causeway import`, or write `inside_cidr:`", at: t.path))
            }
            if needs.contains(.preSharedKey) {
                if let why = t.pskProblem { missing.append(RenderGap(why, at: t.path)) }
            }
        }
        if !missing.isEmpty { throw RenderError(target: "\(target) for site `\(site.name)`", gaps: missing) }
    }

    /// Names of the tunnel interfaces in use.
    var interfaces: [String] { tunnels.map(\.device.interface) }

    /// The address the IPsec daemon binds: the private address behind NAT, else the public one.
    /// An IPv6 device holds its public address itself (NAT in front of it is IPv4 only).
    var localAddress: OuterAddress? {
        if outerIPv6 { return device.publicIP }
        return device.privateIP.map(OuterAddress.v4) ?? device.publicIP
    }
    var behindNAT: Bool { !outerIPv6 && device.privateIP != nil && device.privateIP.map(OuterAddress.v4) != device.publicIP }
    /// The tunnels' outer (outside) addresses are IPv6 (`outside_ip_address_type: Ipv6`, checked
    /// to agree with the customer gateway's address).
    var outerIPv6: Bool { device.publicIP?.isIPv6 ?? false }
    /// `left=` of ipsec.conf: the private address behind NAT; the device's own IPv6 address
    /// (`%defaultroute` finds an IPv4 route only); else `%defaultroute`.
    var ipsecLeft: String {
        if outerIPv6, let p = device.publicIP { return p.description }
        return behindNAT ? (device.privateIP?.description ?? "%defaultroute") : "%defaultroute"
    }
    /// `ip -4` / `ip -6` for the outer (xfrm state) address family.
    var outerIPFamilyFlag: String { outerIPv6 ? "-6" : "-4" }
}

/// One tunnel as the customer gateway configures it.
public struct TunnelPlan: Sendable {
    public let connection: String
    public let index: Int
    /// The IPsec connection name on the device, `vpn-tunnel1`.
    public let name: String
    public let path: String
    public let amazonSide: String
    public let amazonASN: ASN
    public let localASN: ASN
    public let connectionRouting: RoutingMode
    public let device: DeviceTunnel
    public let options: TunnelOptions
    public let ikeVersion: IKEVersion
    /// What the device offers: AWS's allowed algorithms narrowed by the device's own, in AWS's order.
    public let phase1: Proposal
    public let phase2: Proposal
    /// The device's own proposal shares nothing with AWS's: the tunnel will not come up.
    public let phase1Mismatch: Bool
    public let phase2Mismatch: Bool
    public let outsideIP: OuterAddress?
    public let insideCIDR: IPv4Prefix?
    public let pskReference: SecretReference
    public let psk: PreSharedKey?
    /// AWS-side prefixes reached through this tunnel (the connection's).
    public let awsPrefixes: [IPv4Prefix]
    /// Traffic selectors: the connection's local (customer side) and remote (AWS side) CIDRs,
    /// 0.0.0.0/0 unless the connection narrows them (S2).
    public let localTrafficSelector: IPv4Prefix
    public let remoteTrafficSelector: IPv4Prefix
    /// An instance to ping across, if the model has one.
    public let pingTarget: (name: String, address: IPv4Address)?
    /// The customer side's DPD and BGP timers (the connection's `failover_profile`).
    public let timers: CustomerTimers

    init(connection c: VPNConnection, resolved rc: ResolvedConnection, tunnel t: Tunnel, device dt: DeviceTunnel,
         gateway dev: GatewayDevice, localASN: ASN, context: RenderContext) {
        connection = c.name
        index = t.index
        name = "\(c.name)-tunnel\(t.index)"
        path = t.path
        amazonSide = rc.amazonSide.description
        amazonASN = dt.peerASN ?? rc.amazonASN
        self.localASN = localASN
        connectionRouting = c.routing
        device = dt
        options = t.options
        timers = c.customerTimers(t)
        ikeVersion = dt.ikeVersion ?? (t.options.ikeVersions.contains(.ikev2) || t.options.ikeVersions.isEmpty ? .ikev2 : .ikev1)
        func offer(_ aws: Proposal, _ own: Proposal?) -> (Proposal, Bool) {
            guard let own else { return (aws, false) }
            if let both = aws.intersection(own) { return (both, false) }
            return (own, true)
        }
        (phase1, phase1Mismatch) = offer(t.options.phase1, dt.phase1)
        (phase2, phase2Mismatch) = offer(t.options.phase2, dt.phase2)
        outsideIP = t.outsideIP
        insideCIDR = dt.insideCIDR ?? t.insideCIDR
        pskReference = dt.psk ?? t.psk
        psk = dt.psk != nil ? context.devicePSK(c.name, t.index) : context.psk(c.name, t.index)
        awsPrefixes = rc.awsPrefixes
        localTrafficSelector = c.localNetworkCIDR
        remoteTrafficSelector = c.remoteNetworkCIDR
        pingTarget = rc.pingTarget.map { ($0.name, $0.address) }
    }

    /// "vpn/1": the key of this tunnel's secret in RenderContext.
    public var key: String { "\(connection)/\(index)" }
    public var customerInsideAddress: IPv4Address? { insideCIDR?.address(2) }
    public var awsInsideAddress: IPv4Address? { insideCIDR?.address(1) }

    /// Why the pre-shared key cannot be written, or nil when it can.
    var pskProblem: String? {
        if let k = psk {
            return k.isAcceptedByAWS ? nil
                : "a usable pre-shared key for tunnel \(key): the key from \(pskReference) has characters AWS does not accept (8–64 of letters, digits, `.` and `_`, not starting with 0)"
        }
        switch pskReference {
        case .env(let n):
            return "the pre-shared key of tunnel \(key) (`\(path).psk`): environment variable \(n) is not set; export it, or run `causeway import` to learn AWS's key"
        case .file(let f):
            return "the pre-shared key of tunnel \(key) (`\(path).psk`): cannot read file \(f) (relative to the topology file's folder)"
        case .literal:
            return "the pre-shared key of tunnel \(key) (`\(path).psk`): not passed to the renderer"
        case .generated:
            return "the pre-shared key of tunnel \(key) (`\(path).psk`): AWS generates it; run `causeway import` (or `causeway apply`) to learn it, or give `psk: {env: NAME}` and set that variable"
        }
    }

    // Placeholders never reach a file: renderers call `GatewayPlan.require` first.
    var remote: OuterAddress { outsideIP ?? .v4(IPv4Address(0)) }
    var inside: IPv4Prefix { insideCIDR ?? IPv4Prefix(IPv4Address(169, 254, 0, 0), 30) }
    var localInside: IPv4Address { inside.address(2) }
    var peerInside: IPv4Address { inside.address(1) }
    var secret: String { psk?.revealed ?? "" }
}
