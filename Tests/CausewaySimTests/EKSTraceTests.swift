import Foundation
import CausewayCore
@testable import CausewaySim
import Testing

/// Pods of an EKS managed node group reaching an on-premises database over the VPN: S0's cluster
/// and a small topology whose node group carries its own security group.
@Suite struct EKSTraceTests {
    static let yaml = try! String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/eks-base.yaml"), encoding: .utf8)

    /// Amazon EKS user guide, "View Amazon EKS security group requirements for clusters" and the
    /// Amazon VPC CNI plugin: a pod has an address of its node's subnet and sends through the
    /// subnet's route table, here propagated from the VGW (Site-to-Site VPN user guide,
    /// "Configure routing"), across a tunnel to the database.
    @Test func s0sPodsReachTheOnPremDatabaseFromEverySubnet() throws {
        let t = try example("s0-")
        let sim = Simulation(topology: t)
        for subnet in ["private-a", "private-b", "private-c"] {
            let from = try #require(t.podSource(cluster: "tc-eks", nodeGroup: "workers", subnet: subnet))
            let r = try sim.trace(from: from, to: ip("192.168.2.10"), protocol: .tcp, port: 3306)
            #expect(r.reachable, "\(dump(r))")
            #expect(r.hops.first?.node.contains("pod of node group workers of EKS cluster tc-eks") == true, "\(dump(r))")
            #expect(!r.tunnels.isEmpty, "over the VPN: \(dump(r))")
        }
    }

    @Test func bothTunnelsDownDropsThePods() throws {
        let t = try example("s0-")
        let sim = try Simulation(t, fail: ["vpn/1", "vpn/2"])
        let from = try #require(t.podSource(cluster: "tc-eks", nodeGroup: "workers"))
        let r = try sim.trace(from: from, to: ip("192.168.2.10"), protocol: .tcp, port: 3306)
        #expect(!r.reachable, "\(dump(r))")
    }

    /// Site-to-Site VPN user guide, "Tunnel options": a VGW sends over one tunnel at a time, so
    /// losing the tunnel the pods' flows use moves them to the other one; the incremental report
    /// equals the one that re-traces every flow.
    @Test func failoverWithPodsMovesThePodsFlows() throws {
        let sim = Simulation(topology: try example("s0-"))
        let fast = sim.failoverReport(threads: 1, failures: nil, retraceAll: false, pods: true)
        let full = sim.failoverReport(threads: 1, failures: nil, retraceAll: true, pods: true)
        #expect(fast.flows == full.flows && fast.flows > sim.failoverReport().flows, "pods add flows")
        let moved = fast.cases.flatMap(\.moved).filter { $0.from == "pod:tc-eks/workers" && $0.to == "site:onprem" }
        #expect(!moved.isEmpty, "a tunnel failure moves the pods' flow to the site")
        #expect(fast.cases.flatMap(\.moved).count == full.cases.flatMap(\.moved).count)
    }

    /// "View Amazon EKS security group requirements for clusters": pods use their node's
    /// security groups; a node group group that lets only 5432 out drops 3306 at the pod.
    @Test func theNodeGroupsSecurityGroupsGuardThePods() throws {
        let t = try topology(Self.yaml)
        let sim = Simulation(topology: t)
        let pod = try #require(t.podSource(cluster: "web", nodeGroup: "workers", subnet: "private-b"))
        #expect(pod == ip("10.0.2.254"))
        let pg = try sim.trace(from: pod, to: ip("192.168.2.10"), protocol: .tcp, port: 5432)
        #expect(pg.reachable, "\(dump(pg))")
        let mysql = try sim.trace(from: pod, to: ip("192.168.2.10"), protocol: .tcp, port: 3306)
        #expect(mysql.reason == .sgDenied && !mysql.delivered, "\(dump(mysql))")
    }
}
