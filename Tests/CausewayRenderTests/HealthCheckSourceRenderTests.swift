import CausewayCore
import CausewayRender
import CausewayTestSupport
import Foundation
import Testing

/// Health check sources and PRIVATE health checks in the AWS templates: CloudFormation prints
/// `AWS::Route53::HealthCheckSource` and the check's `EndpointType`/`HealthCheckSourceId`
/// (CloudFormation template reference, AWS::Route53::HealthCheckSource and HealthCheckConfig);
/// the Terraform AWS provider 5.x has neither, so Terraform comments the source, takes the
/// check's id as a variable and `render` warns (`render-provider-refuses`).
@Suite struct HealthCheckSourceRenderTests {
    /// DNSTemplateRenderTests' topology with a source in three zones of `hub` (one subnet on the
    /// VPC's default group) and a PRIVATE TCP check that a failover record names.
    static let yaml: String = {
        var s = DNSTemplateRenderTests.yaml
        let edits: [(String, String)] = [
            ("      c: {cidr: 10.0.2.0/24, az: ap-northeast-2c}\n", "      c: {cidr: 10.0.2.0/24, az: ap-northeast-2c}\n      b: {cidr: 10.0.3.0/24, az: ap-northeast-2b}\n"),
            ("health_check: one}\n", "health_check: one}\n        - {name: gslb, type: A, ttl: 60, values: [10.0.1.10], set_identifier: two, failover: SECONDARY, health_check: three}\n"),
            ("health_checks:\n", "health_check_sources:\n  checkers:\n    vpc: hub\n    subnets:\n      a: {security_groups: [dns]}\n      b: {security_groups: [dns]}\n      c: {}\nhealth_checks:\n  three:\n    type: TCP\n    ip_address: 10.0.1.10\n    port: 80\n    endpoint_type: PRIVATE\n    health_check_source: checkers\n"),
        ]
        for (old, new) in edits {
            guard let r = s.range(of: old) else { preconditionFailure("fixture edit: \(old)") }
            s.replaceSubrange(r, with: new)
        }
        return s
    }()

    static func topology() throws -> Topology {
        let r = Loader.load(text: yaml, file: "private-checks.yaml")
        return try #require(r.topology, "\(r.diagnostics.map(\.formatted))")
    }

    static func file(_ files: [RenderedFile], _ suffix: String) -> String { files.first { $0.path.hasSuffix(suffix) }?.contents ?? "" }

    @Test func sourceIsOneResourceKeyedByName() throws {
        let d = AWSResources(try Self.topology())
        let src = try #require(d.route53(Route53Keys.healthCheckSource("checkers")))
        #expect(src.kind == .healthCheckSource && src.kind.cloudFormationType == "AWS::Route53::HealthCheckSource")
        let check = try #require(d.route53(Route53Keys.healthCheck("three")))
        #expect(check.properties.references == [Route53Keys.healthCheckSource("checkers")])
        #expect(d.unresolved(check).isEmpty && d.unresolved(src).isEmpty)
        // Sources come before the checks that run from them.
        let keys = d.route53.map(\.key)
        #expect((keys.firstIndex(of: src.key) ?? 0) < (keys.firstIndex(of: check.key) ?? 0))
    }

    @Test func cloudFormationPrintsTheSourceAndThePrivateCheck() throws {
        let t = try Self.topology()
        let files = try CloudFormation().render(t, context: RenderContext(secrets: [:], profile: .production))
        let cfn = Self.file(files, "template.yaml")
        #expect(cfn.contains("Type: AWS::Route53::HealthCheckSource") && cfn.contains("SubnetConfigurationList:") && cfn.contains("AvailabilityZoneId"))
        #expect(cfn.contains("EndpointType: PRIVATE") && cfn.contains("HealthCheckSourceId:"))
        // The PUBLIC checks are printed as before.
        #expect(cfn.components(separatedBy: "EndpointType:").count == 2)
        let dir = try Scratch(files)
        guard let lint = try AWSToolTests.cfnLint(dir.path("aws/cloudformation/template.yaml")) else { return }
        #expect(Verdict.cfnLint(lint), "\(lint)")
    }

    @Test func terraformCommentsWhatTheProviderLacksAndValidates() async throws {
        let t = try Self.topology()
        let files = try Terraform().render(t, context: RenderContext(secrets: [:], profile: .production))
        let main = Self.file(files, "main.tf"), vars = Self.file(files, "variables.tf")
        #expect(main.contains("# Route 53 health check source `checkers`") && !main.contains("resource \"aws_route53_health_check_source\""))
        #expect(main.contains("health_check_id = var.three_health_check_id") && vars.contains("variable \"three_health_check_id\""))
        #expect(!main.contains("resource \"aws_route53_health_check\" \"three\""))
        let refused = Terraform.refused(t).filter { $0.rule == "render-provider-refuses" }
        #expect(refused.count == 2, "\(refused.map(\.formatted))")
        guard let ws = try await TerraformToolTests.initialised(files, label: "private-checks") else { return }
        let v = try await offThePool { try ws.run(["validate", "-no-color"]) }
        #expect(v.status == 0 && v.stdout.contains("The configuration is valid") && !v.output.contains("Warning"), "terraform validate:\n\(v)")
    }
}
