import Foundation
import Testing

/// S0's EKS pods in the simulator's verbs: `trace --from pod:CLUSTER/NODEGROUP`, `matrix --pods`.
@Suite struct EKSCommandTests {
    static let s0 = "examples/s0-eks-onprem-db.yaml"

    @Test func tracesAPodToTheOnPremDatabase() throws {
        let r = try SimCLI.run(["trace", Self.s0, "--from", "pod:tc-eks/workers/private-b", "--to", "192.168.2.10", "--protocol", "tcp", "--port", "3306"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("pod of node group workers of EKS cluster tc-eks 172.20.24.254"), "\(r.stdout)")
        #expect(r.stdout.contains("reachable via vpn/"), "\(r.stdout)")
        let json = try SimCLI.json(try SimCLI.run(["trace", Self.s0, "--from", "pod:tc-eks/workers", "--to", "192.168.2.10", "--protocol", "tcp", "--port", "3306", "--format", "json"]))
        #expect(json["reachable"] as? Bool == true && json["from"] as? String == "172.20.12.254", "\(json)")
    }

    @Test func bothTunnelsDownIsADrop() throws {
        let r = try SimCLI.run(["trace", Self.s0, "--from", "pod:tc-eks/workers", "--to", "192.168.2.10", "--protocol", "tcp", "--port", "3306", "--fail", "vpn"])
        #expect(r.status == 1 && r.stdout.contains("unreachable"), "\(r.stdout)\(r.stderr)")
    }

    @Test func anUnknownPodNamesTheNodeGroups() throws {
        let r = try SimCLI.run(["trace", Self.s0, "--from", "pod:tc-eks/nope", "--to", "192.168.2.10"])
        #expect(r.status == 2 && r.stderr.contains("pod:tc-eks/workers"), "\(r.stdout)\(r.stderr)")
    }

    @Test func matrixWithPodsHasTheNodeGroupsRow() throws {
        let r = try SimCLI.run(["matrix", Self.s0, "--pods", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let networks = try SimCLI.json(r)["networks"] as? [[String: Any]] ?? []
        #expect(networks.contains { $0["name"] as? String == "pod:tc-eks/workers" && $0["kind"] as? String == "pod" }, "\(networks)")
        let plain = try SimCLI.json(try SimCLI.run(["matrix", Self.s0, "--format", "json"]))["networks"] as? [[String: Any]] ?? []
        #expect(!plain.contains { $0["kind"] as? String == "pod" }, "pods only with --pods")
    }
}
