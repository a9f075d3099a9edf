import CausewayCore
import CausewaySim
import Foundation
import Testing
@testable import CausewayLab

/// S6 in the lab's plan (pure): one AWS edge for the VGW with both connections, whose FRR
/// chooses among them as the VGW does, and one LAN for the network behind both devices.
@Suite struct LabSeveralGatewaysTests {
    func plan() throws -> LabPlan {
        let t = try Repo.topology("s6-two-cgw-one-network")
        return try LabPlan(topology: t, secrets: Repo.secrets(t), name: "p")
    }

    @Test func oneEdgeHoldsBothConnections() throws {
        let p = try plan()
        let edges = p.nodes.filter { $0.role == .awsEdge }
        #expect(edges.map(\.name) == ["edge:vgw"], "\(edges.map(\.name))")
        let conf = try #require(p.files.first { $0.path.hasSuffix("/e1/frr/frr.conf") }).contents
        // Each connection's sessions with its customer gateway's ASN, each with its own export list.
        for (n, asn) in [("169.254.61.2", 65061), ("169.254.61.6", 65061), ("169.254.62.2", 65062), ("169.254.62.6", 65062)] {
            #expect(conf.contains(" neighbor \(n) remote-as \(asn)\n"), "\(n) in\n\(conf)")
        }
        #expect(conf.contains("  neighbor 169.254.61.2 route-map aws-out-1 out") && conf.contains("  neighbor 169.254.62.2 route-map aws-out-2 out"))
        // The VGW originates only its VPC; it does not ECMP.
        #expect(conf.contains("  network 10.20.0.0/16\n") && !conf.contains("  network 10.60.0.0/16"))
        #expect(conf.contains("  maximum-paths 1\n"))
        // Four tunnel namespaces, each on its own edge interface.
        let edgeLinks = p.setup.filter { $0.starts(with: ["ip", "link", "add", "rt"]) }.compactMap { $0.last == p.nodes.first { $0.name == "edge:vgw" }?.namespace ? $0[$0.firstIndex(of: "name")! + 1] : nil }
        #expect(Set(edgeLinks) == ["t1", "t2", "t3", "t4"], "\(edgeLinks)")
    }

    /// The shared edge's configuration passes FRR's own parser (`vtysh -C`).
    @Test func frrAcceptsTheSharedEdge() throws {
        guard FileManager.default.fileExists(atPath: "/usr/bin/vtysh") else { Issue.record("vtysh (frr) is not installed"); return }
        let conf = try #require(try plan().files.first { $0.path.hasSuffix("/e1/frr/frr.conf") }).contents
        let path = NSTemporaryDirectory() + "causeway-edge-\(UUID().uuidString).conf"
        try conf.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let res = try ProcessRunner().run(["vtysh", "-C", "-f", path])
        #expect(res.succeeded, "\(res.stdout) \(res.stderr)\n\(conf)")
    }

    @Test func theDevicesShareOneLAN() throws {
        let p = try plan()
        let lans = p.nodes.filter { $0.role == .lan }
        #expect(lans.map(\.name) == ["lan:corp"], "\(lans.map(\.name))")
        let lan = try #require(lans.first).namespace
        let cmds = p.setup.map { $0.joined(separator: " ") }
        // Both devices linked into it; each host on it once, leaving by its own site's device.
        #expect(cmds.contains { $0.hasPrefix("ip link add lan netns") && $0.hasSuffix("name d1 netns \(lan)") })
        #expect(cmds.contains { $0.hasPrefix("ip link add lan netns") && $0.hasSuffix("name d2 netns \(lan)") })
        #expect(cmds.filter { $0 == "ip -n \(lan) addr add 10.60.2.10/32 dev lo" }.count == 1)
        #expect(cmds.contains("ip -n \(lan) rule add from 10.60.1.10 lookup 201 pref 201"))
        #expect(cmds.contains("ip -n \(lan) rule add from 10.60.2.10 lookup 202 pref 202"))
        #expect(cmds.contains("ip -n \(lan) route add default via 10.60.0.2 dev d2 table 202"))
        #expect(p.endpoints.filter { $0.address == IPv4Address(10, 60, 2, 10) }.map(\.namespace) == [lan])
    }

    /// What the lab test compares: the simulator's pairs all have an endpoint in the plan.
    @Test func everyPredictedPairHasEndpoints() throws {
        let p = try plan()
        let addresses = Set(p.endpoints.map(\.address))
        for n in p.simulation.namedNetworks() { #expect(addresses.contains(n.representative), "\(n.name)") }
    }
}
