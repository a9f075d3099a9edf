import CausewayCore
import CausewayTestSupport
import CausewayRender
import Foundation
import Testing

/// AWS's 2025–26 VPN options (#14) as the templates print them, golden-free: the edge-case
/// topology's connection asks for Large tunnels, tunnel endpoint lifecycle control and tunnel
/// and BGP logs; a variant asks for acceleration and IPv6 outer addresses. Names are the AWS
/// provider 5.x's (`aws_vpn_connection`) and CloudFormation's (`AWS::EC2::VPNConnection`).
@Suite struct AWSVPNOptionRenderTests {
    static func render(_ yaml: String) throws -> [RenderedFile] {
        let r = Loader.load(text: yaml, file: "edge-cases.yaml")
        let t = try #require(r.topology, "\(r.diagnostics.map(\.formatted))")
        return try RenderPlan(t, only: [.terraform, .cloudformation]).run(t, context: RenderContext())
    }

    static let accelerated = AWSEdgeCaseTests.yaml.replacingOccurrences(
        of: "    tunnel_bandwidth: large\n", with: "    enable_acceleration: true\n    outside_ip_address_type: Ipv6\n")

    /// The block of one resource, up to the next top-level one.
    static func block(_ text: String, from start: String) -> String {
        guard let r = text.range(of: start) else { return "" }
        let rest = text[r.lowerBound...]
        let end = rest.dropFirst().range(of: "\nresource ")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    @Test func terraformPrintsLifecycleControlAndLogsPerTunnel() throws {
        let main = try #require(try Self.render(AWSEdgeCaseTests.yaml).file("aws/terraform/main.tf")).contents
        let vpn = Self.block(main, from: "resource \"aws_vpn_connection\" \"vpn\"")
        for n in [1, 2] {
            #expect(vpn.contains("tunnel\(n)_enable_tunnel_lifecycle_control = true"), "\(vpn)")
            #expect(vpn.contains("tunnel\(n)_log_options {\n    cloudwatch_log_options {\n      log_enabled       = true\n      log_group_arn     = \"arn:aws:logs:us-east-1:123456789012:log-group:vpn\"\n      log_output_format = \"text\""), "\(vpn)")
        }
        // The provider 5.x has neither: each is said in a comment, never an unknown argument.
        #expect(vpn.contains("# TunnelBandwidth large: the AWS provider 5.x has no argument for it"))
        #expect(!vpn.contains("tunnel_bandwidth ="))
        #expect(vpn.contains("# BGP log to arn:aws:logs:us-east-1:123456789012:log-group:vpn-bgp (json)"))
        #expect(!vpn.contains("bgp_log_enabled"))
        #expect(!vpn.contains("enable_acceleration") && !vpn.contains("outside_ip_address_type"), "AWS's defaults print nothing")
    }

    @Test func cloudFormationPrintsEveryOption() throws {
        let text = try #require(try Self.render(AWSEdgeCaseTests.yaml).file("aws/cloudformation/template.yaml")).contents
        #expect(text.contains("TunnelBandwidth: large"))
        #expect(!text.contains("EnableAcceleration") && !text.contains("OutsideIpAddressType"), "AWS's defaults print nothing")
        #expect(text.components(separatedBy: "EnableTunnelLifecycleControl: true").count == 3, "both tunnels")
        #expect(text.components(separatedBy: "CloudwatchLogOptions:").count == 3, "both tunnels")
        for line in ["LogEnabled: true", "LogGroupArn: arn:aws:logs:us-east-1:123456789012:log-group:vpn", "LogOutputFormat: text",
                     "BgpLogEnabled: true", "BgpLogGroupArn: arn:aws:logs:us-east-1:123456789012:log-group:vpn-bgp"] {
            #expect(text.contains(line), "\(line)")
        }
    }

    @Test func accelerationAndIPv6OuterAddressesArePrinted() throws {
        let files = try Self.render(Self.accelerated)
        let main = try #require(files.file("aws/terraform/main.tf")).contents
        let vpn = Self.block(main, from: "resource \"aws_vpn_connection\" \"vpn\"")
        // terraform validate (provider 5.100) refuses `Ipv6` here: it is a comment.
        #expect(vpn.contains("# OutsideIpAddressType Ipv6: the AWS provider 5.x accepts only PublicIpv4 and PrivateIpv4"), "\(vpn)")
        #expect(!vpn.contains("outside_ip_address_type"), "\(vpn)")
        #expect(vpn.contains("enable_acceleration = true"), "\(vpn)")
        #expect(!vpn.contains("TunnelBandwidth"))
        let cfn = try #require(files.file("aws/cloudformation/template.yaml")).contents
        #expect(cfn.contains("OutsideIpAddressType: Ipv6") && cfn.contains("EnableAcceleration: true"))
        #expect(!cfn.contains("TunnelBandwidth"))
    }

    @Test func bothVariantsPassTheTools() throws {
        for yaml in [AWSEdgeCaseTests.yaml, Self.accelerated] {
            let dir = try Scratch(try Self.render(yaml))
            if let r = try AWSToolTests.cfnLint(dir.path("aws/cloudformation/template.yaml")) {
                #expect(Verdict.cfnLint(r), "\(r)")
            }
            if let r = try AWSToolTests.hcl(["main.tf", "variables.tf", "outputs.tf"].map { dir.path("aws/terraform/\($0)") }) {
                #expect(Verdict.hcl(r), "\(r)")
            }
        }
    }

    /// `terraform validate` with the AWS provider of the mirror (5.x) accepts both variants: every
    /// argument printed exists and takes the value printed.
    @Test func terraformValidateAcceptsBothVariants() async throws {
        guard let (tf, mirror) = TerraformToolTests.tools() else { return }
        for yaml in [AWSEdgeCaseTests.yaml, Self.accelerated.replacingOccurrences(of: "    outside_ip_address_type: Ipv6\n", with: "")] {
            let scratch = try Scratch(try Self.render(yaml).filter { $0.path.hasPrefix("aws/terraform/") })
            let cli = try scratch.write("terraform.tfrc", "provider_installation {\n  filesystem_mirror {\n    path = \"\(mirror)\"\n  }\n}\n")
            var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") && !$0.key.hasPrefix("TF_") }
            env["TF_CLI_CONFIG_FILE"] = cli
            env["CHECKPOINT_DISABLE"] = "1"
            let dir = scratch.path("aws/terraform"), environment = env
            let r = try await offThePool { () -> ToolResult in
                let i = try Tools.run(tf, ["-chdir=\(dir)", "init", "-input=false", "-no-color", "-backend=false"], environment: environment)
                return i.status == 0 ? try Tools.run(tf, ["-chdir=\(dir)", "validate", "-no-color"], environment: environment) : i
            }
            #expect(r.status == 0, "\(r)")
        }
    }
}
