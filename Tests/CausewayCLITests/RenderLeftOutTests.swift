import Foundation
import Testing

/// The Terraform and CloudFormation renders print S2's Route 53 health checks, public hosted
/// zone, failover records and EFS file system with its mount target (issue 15): `render` no longer
/// warns that it leaves them out.
@Suite struct RenderLeftOutTests {
    @Test func routeFiftyThreeAndEFSAreNotLeftOut() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-leftout-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try CLI.run(["render", "examples/s2-openstack.yaml", "--out", out, "--only", "terraform,cloudformation"],
                            environment: ["S2_TUNNEL1_PSK": "s2Tunnel1.test_key", "S2_TUNNEL2_PSK": "s2Tunnel2.test_key"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("[render-not-in-template]"), "\(r.stderr)")
        let main = try String(contentsOfFile: "\(out)/aws/terraform/main.tf", encoding: .utf8)
        let template = try String(contentsOfFile: "\(out)/aws/cloudformation/template.yaml", encoding: .utf8)
        for what in ["resource \"aws_route53_health_check\" \"seoul\"", "resource \"aws_route53_record\" \"skk2022_shop_gslb_A_tokyo\"",
                     "resource \"aws_efs_file_system\" \"efs\"", "resource \"aws_efs_mount_target\" \"efs_private\""] {
            #expect(main.contains(what), "\(what)")
        }
        for what in ["RecordSetSkk2022ShopGslbATokyo:", "MountTargetEfsPrivate:"] { #expect(template.contains(what), "\(what)") }
    }
}
