/// Collects one check's findings, locating each at the YAML node of a model path.
struct Findings {
    let topology: Topology
    private(set) var diagnostics: [Diagnostic] = []

    init(_ topology: Topology) { self.topology = topology }

    mutating func add(_ rule: Rule, _ message: String, at path: String, severity: Severity? = nil) {
        diagnostics.append(Diagnostic(rule, message, at: topology.locate(path), severity: severity))
    }

    /// The first of `paths` that the file wrote, else the last one (whose nearest written parent
    /// is then used by `locate`).
    func written(_ paths: String...) -> String {
        paths.first { topology.sourceMap.isWritten($0) } ?? paths.last ?? ""
    }

    func isWritten(_ path: String) -> Bool { topology.sourceMap.isWritten(path) }
}

/// A check that adds its findings to one `Findings`; `check` collects them.
protocol FindingsCheck: TopologyCheck {
    func find(_ t: Topology, _ f: inout Findings)
}

extension FindingsCheck {
    public func check(_ t: Topology) -> [Diagnostic] {
        var f = Findings(t)
        find(t, &f)
        return f.diagnostics
    }
}

extension Array where Element == String {
    /// `a`, `b`, `c` for messages; "none" when empty.
    var listed: String { isEmpty ? "none" : map { "`\($0)`" }.joined(separator: ", ") }
}

extension Topology {
    /// The site whose gateway device is the customer gateway of a connection, with its device.
    func device(of connection: VPNConnection) -> (Site, GatewayDevice)? {
        guard let s = site(of: connection), let d = s.gateway else { return nil }
        return (s, d)
    }

    /// Where a VPN connection ends on the Amazon side, for messages.
    func gatewayName(_ connection: VPNConnection) -> String {
        switch connection.gateway {
        case .vpnGateway(let n): return "virtual private gateway `\(n)`"
        case .transitGateway(let n): return "transit gateway `\(n)`"
        }
    }

    /// The subnets whose traffic a route table carries: its explicit subnets, plus every subnet
    /// without an explicit association when it is the main table.
    func subnetsUsing(_ table: RouteTable, in vpc: VPC) -> [Subnet] {
        vpc.subnets.filter { vpc.routeTable(for: $0)?.name == table.name }
    }

    /// Prefixes a VPN connection's customer side brings: what the device advertises (BGP) or
    /// the connection's static routes, else the site's CIDRs.
    func onPremPrefixes(of connection: VPNConnection) -> [IPv4Prefix] {
        if connection.routing == .static, !connection.staticRoutes.isEmpty { return connection.staticRoutes }
        if let (site, dev) = device(of: connection) { return dev.advertise.isEmpty ? site.cidrs : dev.advertise }
        return connection.staticRoutes
    }
}

extension VPC {
    /// A public subnet: its route table sends 0.0.0.0/0 to the VPC's internet gateway (Amazon VPC
    /// user guide, "Subnet types").
    func isPublic(_ s: Subnet) -> Bool {
        guard internetGateway, let rt = routeTable(for: s) else { return false }
        return rt.routes.contains { $0.destination == .any && $0.target == .internetGateway }
    }
}
