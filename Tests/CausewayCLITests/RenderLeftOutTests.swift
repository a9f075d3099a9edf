import Foundation
import Testing

/// The Terraform and CloudFormation renders do not print Route 53, Route 53 Resolver and EFS
/// resources yet (issue 15): `render` names each one it leaves out, at its node, as a warning,
/// so nothing the topology asks for goes missing silently.
@Suite struct RenderLeftOutTests {
    @Test func routeFiftyThreeAndEFSAreNamedWhenLeftOut() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-leftout-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try CLI.run(["render", "examples/s2-openstack.yaml", "--out", out, "--only", "terraform,cloudformation"],
                            environment: ["S2_TUNNEL1_PSK": "s2Tunnel1.test_key", "S2_TUNNEL2_PSK": "s2Tunnel2.test_key"])
        #expect(r.status == 0, "\(r.stderr)")
        for what in ["dns/health-check/seoul (aws_route53_health_check)", "dns/zone/skk2022.shop/gslb.skk2022.shop/A/tokyo (AWS::Route53::RecordSet)",
                     "efs/efs (aws_efs_file_system)", "efs/efs/private (AWS::EFS::MountTarget)"] {
            #expect(r.stderr.contains(what), "\(what)")
        }
        #expect(r.stderr.contains("[render-not-in-template]"))
    }
}
