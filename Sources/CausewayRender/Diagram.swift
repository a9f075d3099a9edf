import CausewayCore
import CausewaySim

/// `--only diagram`: `diagram/topology.svg`, a picture of the topology (sites and their gateway
/// devices, customer gateways, VPN connections with each tunnel's simulated state, VGWs, TGWs
/// with their route tables, Direct Connect, Client VPN endpoints, VPCs with subnets and EKS
/// clusters), and `diagram/report.html`, a page with that picture, the reachability matrix,
/// traces and the failover cases. Both come from the simulator run on the render's resolved
/// network (with the context's failures), so they show what `matrix`, `trace` and `failover`
/// show.
public struct Diagram: Renderer {
    public var target: String { "diagram" }
    public init() {}

    /// The report traces at most this many blocked pairs, and this many working ones.
    static let blockedTraces = 25, workingTraces = 3

    public func render(_ topology: Topology, context: RenderContext) throws -> [RenderedFile] {
        let sim = Simulation(resolved: context.resolved ?? ResolvedNetwork(topology), failures: context.failures)
        let svg = Self.svg(sim)
        return [RenderedFile(path: "diagram/topology.svg", contents: svg.document),
                RenderedFile(path: "diagram/report.html", contents: report(sim, svg: svg.element).html)]
    }

    /// The diagram's boxes and edges for a simulation (what `topology.svg` draws).
    public static func layout(_ sim: Simulation) -> DiagramLayout {
        DiagramScene(topology: sim.topology, network: sim.network, aws: AWSResources(sim.resolved)).layout()
    }

    /// A laid-out diagram as a standalone SVG 1.1 file.
    public static func svgDocument(_ layout: DiagramLayout, title: String) -> String {
        DiagramSVG(layout: layout, title: title).document
    }

    static func svg(_ sim: Simulation) -> DiagramSVG {
        DiagramSVG(layout: layout(sim), title: "causeway: \(sim.topology.name)\(failedSuffix(sim))")
    }

    static func failedSuffix(_ sim: Simulation) -> String {
        sim.failures.isEmpty ? "" : " (failed: \(sim.failures.sorted().map(\.description).joined(separator: ", ")))"
    }

    func report(_ sim: Simulation, svg: String) -> DiagramReport {
        let t = sim.topology
        let matrix = sim.matrix()
        let byName = Dictionary(matrix.networks.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func traced(_ e: MatrixEntry) -> DiagramReport.TracedPair? {
            guard let a = byName[e.from], let b = byName[e.to], let r = try? sim.trace(from: a.representative, to: b.representative) else { return nil }
            return DiagramReport.TracedPair(entry: e, trace: r)
        }
        let entries = matrix.entries
        let blocked = entries.filter { !$0.reachable }
        // Working samples: pairs between on-premises and AWS first (they cross a tunnel or a VIF).
        let reachable = entries.filter(\.reachable)
        let hybrid = reachable.filter { (byName[$0.from]?.kind == .site) != (byName[$0.to]?.kind == .site) }
        let working = (hybrid.isEmpty ? reachable : hybrid).prefix(Self.workingTraces)
        let tunnels = sim.network.tunnels
        let up = tunnels.filter(\.up).count
        var summary: [(String, String)] = [("region", t.region)]
        func count(_ what: String, _ n: Int, _ more: String = "") { if n > 0 { summary.append((what, "\(n)\(more)")) } }
        count("sites", t.sites.count, " (\(t.sites.filter { $0.gateway != nil }.count) with a gateway device)")
        count("customer gateways", t.customerGateways.count)
        count("VPN connections", t.vpnConnections.count)
        count("tunnels", tunnels.count, " (\(up) up, \(tunnels.count - up) down)")
        count("virtual private gateways", t.vpnGateways.count)
        count("transit gateways", t.transitGateways.count, " (\(t.transitGateways.map(\.routeTables.count).reduce(0, +)) route tables)")
        count("Direct Connect gateways", t.dxGateways.count)
        count("virtual interfaces", t.virtualInterfaces.count)
        count("Client VPN endpoints", t.clientVPNEndpoints.count)
        count("VPCs", t.vpcs.count, " (\(t.vpcs.map(\.subnets.count).reduce(0, +)) subnets)")
        count("EKS clusters", t.eksClusters.count)
        summary.append(("reachable pairs", "\(entries.count - blocked.count) of \(entries.count)"))
        return DiagramReport(title: "causeway report: \(t.name)\(Self.failedSuffix(sim))", summary: summary,
                             failures: sim.failures.sorted().map(\.description), tunnels: tunnels, svg: svg, matrix: matrix,
                             blocked: blocked.prefix(Self.blockedTraces).compactMap(traced),
                             blockedLeftOut: max(0, blocked.count - Self.blockedTraces),
                             working: working.compactMap(traced), failover: sim.failoverReport())
    }
}
