import CausewayCore
import CausewaySim
import Testing

/// The benchmark's topology is a file the loader and the checker accept, and its flow mix is
/// mostly reachable, so traces time whole paths rather than early drops.
@Suite struct SyntheticTopologyTests {
    @Test func loadsAndChecksWithoutErrors() throws {
        let r = Loader.load(text: SyntheticTopology.yaml(scale: 2), file: "synthetic-2x.yaml")
        let t = try #require(r.topology)
        #expect(!r.diagnostics.contains { $0.severity == .error }, "\(r.diagnostics.prefix(3).map(\.message))")
        #expect(t.vpcs.count == 200 && t.sites.count == 20 && t.transitGateways.count == 2)
        #expect(t.prefixLists.count == 2 && t.dxGateways.count == 1 && t.virtualInterfaces.count == 1)
        #expect(Set(t.sites.compactMap(\.network)).count == 10, "sites come in pairs, one network each")
        let findings = Checker().check(t).filter { $0.severity == .error }
        #expect(findings.isEmpty, "\(findings.prefix(3).map(\.message))")
    }

    @Test func mostSampledFlowsReach() throws {
        let sim = Simulation(topology: SyntheticTopology.make(scale: 2))
        var gen = SystemRandomNumberGenerator()
        let flows = SyntheticTopology.flows(scale: 2, count: 400, using: &gen)
        let reached = try flows.filter { try sim.trace(from: $0.0, to: $0.1).reachable }.count
        #expect(reached * 2 >= flows.count, "\(reached) of \(flows.count)")
        // A VPC reaches the network of sites 0 and 1 over one of their VPNs (equal AS_PATHs from
        // two ASNs: no ECMP, one path), and a host behind site 1 replies through its own device.
        let r = try sim.trace(from: SyntheticTopology.instanceAddress(0), to: SyntheticTopology.hostAddress(1))
        #expect(r.reachable && r.returnTunnels.allSatisfy { $0.connection == "vpn-1" }, "\(r.reason.map(\.rawValue) ?? "") \(r.detail ?? "")")
        #expect(r.hops.contains { $0.route?.contains("(prefix-list)") ?? false }, "the VPC routes the sites through the prefix list")
        // The site with the Direct Connect interface is reached over it, both ways.
        let dx = try sim.trace(from: SyntheticTopology.instanceAddress(0), to: SyntheticTopology.hostAddress(SyntheticTopology.dxSite(0)))
        #expect(dx.reachable && dx.virtualInterfaces.map { $0.hasSuffix("vif-0") } == [true] && dx.returnVirtualInterfaces.map { $0.hasSuffix("vif-0") } == [true], "\(dx.virtualInterfaces) \(dx.returnVirtualInterfaces)")
    }
}
