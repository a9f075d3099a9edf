import CausewayCore

/// `causeway explain`: for each tunnel, whether it would come up, step by step, comparing AWS's
/// side (the resolved model with AWS's defaults) with the customer gateway's side (what the
/// renderers write, or a folder of deployed files). Pure: the caller reads files and secrets.
public struct Explainer: Sendable {
    public let topology: Topology
    /// check's findings for the topology (`loadAndCheck`); filed under the steps they belong to.
    public let diagnostics: [Diagnostic]
    let context: RenderContext

    /// `secrets`: the resolved pre-shared keys, by "connection/tunnel" and "connection/tunnel/device"
    /// (as `render` gets them).
    public init(topology: Topology, diagnostics: [Diagnostic], secrets: [String: PreSharedKey]) {
        self.topology = topology
        self.diagnostics = diagnostics
        context = RenderContext(secrets: secrets, profile: .production, resolved: ResolvedNetwork(topology))
    }

    /// Every tunnel of the topology, `CONNECTION/INDEX`, in file order.
    public var tunnelKeys: [String] {
        topology.vpnConnections.flatMap { c in c.tunnels.sorted { $0.index < $1.index }.map { "\(c.name)/\($0.index)" } }
    }

    /// Explains `keys` (every tunnel when empty). Unknown keys are the caller's to reject
    /// (`tunnelKeys`). `customer`: the deployed customer side; nil means what causeway renders.
    public func explain(_ keys: [String] = [], customer: CustomerFolder? = nil) -> Explanation {
        let wanted = keys.isEmpty ? tunnelKeys : keys
        var out: [ExplainedTunnel] = []
        for c in topology.vpnConnections {
            for t in c.tunnels.sorted(by: { $0.index < $1.index }) where wanted.contains("\(c.name)/\(t.index)") {
                out.append(explain(c, t, customer: customer))
            }
        }
        return Explanation(tunnels: out, customerDiagnostics: customer?.diagnostics ?? [])
    }

    func explain(_ c: VPNConnection, _ t: Tunnel, customer folder: CustomerFolder?) -> ExplainedTunnel {
        let site = topology.site(of: c)
        let device = site?.gateway
        let deviceTunnel = device?.tunnel(c.name, t.index)
        let paths = ExplainAttribution.TunnelPaths(
            tunnel: t.path, connection: c.path, customerGateway: topology.customerGateway(c.customerGateway)?.path,
            deviceTunnel: deviceTunnel?.path, device: device?.path, site: site?.path, amazonGateway: amazonGatewayPath(c))
        let found = ExplainAttribution.findings(diagnostics, for: paths, in: topology.sourceMap)
        var start = StepFindings()
        let plan = site.flatMap { try? GatewayPlan(site: $0, in: topology, context: context) }
        let key = "\(c.name)/\(t.index)"
        let tp = plan?.tunnels.first { $0.key == key }
        var end: CustomerTunnel?
        if plan == nil {
            start.problem("no gateway device terminates VPN connection `\(c.name)` in the topology (its customer gateway's site has no `gateway:`)",
                          fix: "describe the customer gateway device under the site's `gateway:`")
        } else if plan?.disabledTunnels.contains(where: { $0.key == key }) == true {
            let why = "the gateway device leaves this tunnel down on purpose (`disabled: true` in its tunnel settings; remove it to configure the tunnel)"
            let steps = ExplainStep.allCases.map { StepFindings(skippedBecause: why).result($0, diagnostics: found[$0] ?? []) }
            return ExplainedTunnel(tunnel: key, connection: c.name, index: t.index, site: site?.name, disabled: true, steps: steps)
        } else if tp == nil {
            start.problem("the gateway device of site `\(site?.name ?? "")` has no settings for this tunnel",
                          fix: "check the connection's customer gateway and the site's `gateway:`")
        } else if let tp, let plan {
            if let folder {
                end = folder.tunnel(tp.name, awsInside: t.awsInsideAddress)
                if end == nil {
                    start.problem("the customer folder has no IPsec connection `\(tp.name)`",
                                  fix: "render the site (`causeway render`) and install its files, or check that the folder is the one deployed")
                }
            } else {
                end = CustomerTunnel(rendered: tp, plan: plan, natTOpen: renderedFirewallOpensNATT(plan.site))
            }
        }
        if start.problems.isEmpty { start.fact("AWS accepts VPN connection `\(c.name)`; the customer gateway configures tunnel \(t.index)") }
        let steps = TunnelSteps(connection: c, tunnel: t, resolved: context.resolved?.connection(c.name),
                                plan: plan, end: end, awsKey: context.psk(c.name, t.index), fromFolder: folder != nil)
        let results: [ExplainedStep] = ExplainStep.allCases.map { step in
            let f = step == .connection ? start : (end == nil ? StepFindings(skippedBecause: "the customer side is unknown (see `connection`)") : steps.findings(step))
            return f.result(step, diagnostics: found[step] ?? [])
        }
        return ExplainedTunnel(tunnel: key, connection: c.name, index: t.index, site: site?.name, steps: results)
    }

    func amazonGatewayPath(_ c: VPNConnection) -> String? {
        switch c.gateway {
        case .vpnGateway(let n): return topology.vpnGateway(n)?.path
        case .transitGateway(let n): return topology.transitGateway(n)?.path
        }
    }

    /// The firewall files causeway renders for the site open UDP 4500 (NAT-T).
    func renderedFirewallOpensNATT(_ site: Site) -> Bool {
        guard let files = try? Firewall().render(site: site, in: topology, context: context) else { return false }
        return files.contains { CustomerFolder.opensNATT($0.contents) }
    }
}
