import CausewayCore
import Foundation
import Testing
@testable import CausewayAWS

/// The planner without an endpoint: what it asks for against nothing, and its order.
@Suite struct PlannerTests {
    @Test func s4FromNothingCreatesEveryResourceInDependencyOrder() throws {
        let t = try Topologies.example("s4-tgw-segmentation")
        let plan = Planner(topology: t, observed: ObservedState()).plan()
        #expect(plan.conflicts.isEmpty)
        func count(_ resource: String) -> Int { plan.steps.filter { $0.resource == resource }.count }
        #expect(count("vpc") == 2)
        #expect(count("subnet") == 8)
        #expect(count("route-table") == 4)
        #expect(count("route-table-association") == 8)
        #expect(count("internet-gateway") == 2)
        #expect(count("transit-gateway") == 1)
        #expect(count("transit-gateway-route-table") == 3)
        #expect(count("transit-gateway-vpc-attachment") == 2)
        #expect(count("vpn-connection") == 1)
        #expect(count("customer-gateway") == 1)
        #expect(count("transit-gateway-association") == 3)
        #expect(count("transit-gateway-route") == 4)
        #expect(count("route") == 6)
        // A TGW connection's static routes are TGW routes, not CreateVpnConnectionRoute calls.
        #expect(count("vpn-connection-route") == 0)

        func index(_ key: String) throws -> Int { try #require(plan.steps.firstIndex { $0.key == key }, "\(key)") }
        #expect(try index("vpc/vpc-a") < index("subnet/vpc-a/a-private-1"))
        #expect(try index("subnet/vpc-a/a-private-2") < index("tgw-attachment/tgw/att-a"))
        #expect(try index("tgw/tgw") < index("tgw-route-table/tgw/tgw-rt-vpn"))
        #expect(try index("cgw/cgw-c") < index("vpn/vpn"))
        #expect(try index("tgw-attachment/tgw/att-a") < index("route-table/vpc-a/a-private/route/10.30.0.0/16"))
        #expect(try index("vpn/vpn") < index("tgw-route-table/tgw/tgw-rt-vpn/association/att-vpn"))
        #expect(try index("tgw-route-table/tgw/tgw-rt-vpn/association/att-vpn") < index("tgw-route-table/tgw/tgw-rt-a/route/10.30.0.0/16"))
    }

    /// Direct Connect rides on a physical connection: apply creates none of it, and the plan
    /// says so for each resource (plan-not-applied at its node) while the rest is planned.
    @Test func s5PlansTheVPNSideAndNotesDirectConnect() throws {
        let t = try Topologies.example("s5-dx-vpn-backup")
        let plan = Planner(topology: t, observed: ObservedState()).plan()
        #expect(plan.conflicts.isEmpty)
        #expect(!plan.steps.contains { $0.key.hasPrefix("dx-") || $0.key.hasSuffix("/dxgw") })
        #expect(plan.steps.contains { $0.key == "vpn/vpn" })
        let notes = plan.notes.filter { $0.rule == PlanRules.notApplied.id }
        for key in ["dx-gateway/dxgw", "dx-gateway/dxgw/association/tgw/tgw", "dx-vif/dc-transit-vif"] {
            #expect(notes.contains { $0.message.hasPrefix(key + ":") && $0.location.line > 1 }, "no note for \(key)")
        }
    }

    /// Conflicts and notes are diagnostics like check's: rule id, severity, and the line of the
    /// topology node they are about.
    @Test func conflictsAndNotesAreDiagnosticsAtTheirTopologyNode() throws {
        var t = try Topologies.example("s4-tgw-segmentation")
        let note = try #require(Planner(topology: t, observed: ObservedState()).plan().notes.first)
        #expect(note.rule == "plan-not-applied" && note.severity == .note)
        #expect(note.location == t.locate(t.vpnConnections[0].path) && note.location.line > 1, "\(note.formatted)")
        #expect(note.formatted.hasSuffix("they are not VPN connection routes [plan-not-applied]"), "\(note.formatted)")

        t.vpcs[0].id = "vpc-0123456789abcdef0"
        let plan = Planner(topology: t, observed: ObservedState()).plan()
        let conflict = try #require(plan.conflicts.first)
        #expect(conflict.rule == PlanRules.adoptedMissing.id && conflict.severity == .error)
        #expect(conflict.location == t.locate(t.vpcs[0].path) && conflict.location.line > 1, "\(conflict.formatted)")
        #expect(conflict.message == "vpc/\(t.vpcs[0].name): adopted VPC vpc-0123456789abcdef0 was not found")
    }

    @Test func s1FollowsTheSixStepsAndCreatesVpnRoutes() throws {
        let t = try Topologies.example("s1-cloudformation-static")
        let plan = Planner(topology: t, observed: ObservedState()).plan()
        let order = plan.steps.map(\.resource)
        let six = ["vpn-gateway", "vpn-gateway-attachment", "customer-gateway", "vpn-connection", "vpn-connection-route", "vgw-route-propagation"]
        let positions = six.map { r in order.firstIndex(of: r) ?? -1 }
        #expect(!positions.contains(-1))
        #expect(positions == positions.sorted())
        // The main table is adopted (AWS makes it with the VPC), not created.
        #expect(plan.steps.contains { $0.key == "route-table/aws/public-rt" && $0.action == .adopt })
    }

    @Test func tunnelOptionsAndKeysGoToCreateVpnConnectionButNeverIntoThePlanText() throws {
        let t = try Topologies.example("s4-tgw-segmentation")
        let key = "VCwEJPl6ncxL_k.YBHd_ujpc8eMCpWFg"
        let plan = Planner(topology: t, observed: ObservedState(), secrets: ["vpn/1": PreSharedKey(key)]).plan()
        let step = try #require(plan.steps.first { $0.resource == "vpn-connection" })
        guard case .createVpnConnection(_, _, let staticOnly, _, let tunnels, let attachment) = step.operation else {
            Issue.record("not a VPN creation")
            return
        }
        #expect(staticOnly)
        #expect(attachment == "tgw-attachment/tgw/att-vpn")
        #expect(tunnels[0].tunnelInsideCidr == "169.254.216.28/30")
        #expect(tunnels[0].preSharedKey?.revealed == key)
        #expect(tunnels[0].ikeVersions == ["ikev1"])
        #expect(tunnels[0].phase1EncryptionAlgorithms == ["AES128"])
        #expect(tunnels[0].phase1DHGroupNumbers == [2])
        #expect(tunnels[0].dpdTimeoutSeconds == 30)
        #expect(tunnels[0].dpdTimeoutAction == "restart")
        #expect(tunnels[0].phase1LifetimeSeconds == nil, "28800 is AWS's default: not sent")
        let encoder = JSONEncoder()
        let json = String(decoding: try encoder.encode(plan), as: UTF8.self)
        #expect(!json.contains(key))
        #expect(!plan.steps.map(\.summary).joined().contains(key))
    }

    @Test func reportedOptionsThatDifferBecomeUpdatesAndUnreportedOnesDoNot() {
        var want = VpnTunnelOptions(tunnelInsideCidr: "169.254.10.0/30", dpdTimeoutSeconds: 30, ikeVersions: ["ikev2"])
        want.preSharedKey = Secret("right.key_1")
        #expect(Planner.differencesForTest(want, VpnTunnelOptions()).isEmpty)
        let have = VpnTunnelOptions(tunnelInsideCidr: "169.254.10.0/30", preSharedKey: Secret("wrong.key_2"),
                                    dpdTimeoutSeconds: 40, ikeVersions: ["ikev1", "ikev2"])
        #expect(Planner.differencesForTest(want, have) == ["pre-shared key", "DPD timeout", "IKE versions"])
    }
}

extension Planner {
    static func differencesForTest(_ want: VpnTunnelOptions, _ have: VpnTunnelOptions) -> [String] {
        PlanDiff.differences(want, have)
    }
}
