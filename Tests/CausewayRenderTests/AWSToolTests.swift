import CausewayCore
import CausewayRender
import Foundation
import Testing

/// The AWS side: the CloudFormation template passes `cfn-lint` (no errors, no warnings) and the
/// Terraform files parse with python-hcl2; the parsed Terraform holds the VPN connection with
/// every tunnel option, and no file holds a key.
@Suite struct AWSToolTests {
    static func cfnLint(_ path: String) throws -> ToolResult? {
        guard let lint = Tools.require("cfn-lint", skipName: "CFNLINT", install: "cfn-lint (pip install cfn-lint)") else { return nil }
        return try Tools.run(lint, [path])
    }

    /// Parses HCL files with python-hcl2 and prints them as JSON.
    static func hcl(_ paths: [String]) throws -> ToolResult? {
        if Tools.skipped("HCL2") { return nil }
        guard let py = Tools.python else {
            Issue.record("python3 is missing: install python3 and python-hcl2 (or CAUSEWAY_SKIP_HCL2=1)")
            return nil
        }
        let probe = try Tools.run(py, ["-c", "import hcl2"])
        guard probe.status == 0 else {
            Issue.record("python-hcl2 is missing: pip install python-hcl2 (or CAUSEWAY_SKIP_HCL2=1)\n\(probe)")
            return nil
        }
        let code = """
        import hcl2, json, sys
        def plain(v):
            # python-hcl2 8 keeps the quotes of labels and strings: drop them for comparison.
            if isinstance(v, str):
                return v[1:-1] if len(v) >= 2 and v[0] == v[-1] == '"' else v
            if isinstance(v, list):
                return [plain(x) for x in v]
            if isinstance(v, dict):
                return {plain(k): plain(x) for k, x in v.items()}
            return v
        out = {}
        for p in sys.argv[1:]:
            with open(p) as f:
                out[p.rsplit('/', 1)[-1]] = plain(hcl2.load(f))
        print(json.dumps(out))
        """
        return try Tools.run(py, ["-c", code] + paths)
    }

    @Test(arguments: Scenario.allCases)
    func cloudFormationPassesCfnLint(_ s: Scenario) throws {
        let files = try s.renderAll()
        let dir = try Scratch(files)
        guard let r = try Self.cfnLint(dir.path("aws/cloudformation/template.yaml")) else { return }
        #expect(Verdict.cfnLint(r), "\(r)")
        // S0's EKS cluster, node group, add-ons and IAM roles are in the template cfn-lint read.
        let template = files.first { $0.path == "aws/cloudformation/template.yaml" }?.contents ?? ""
        for type in ["AWS::EKS::Cluster", "AWS::EKS::Nodegroup", "AWS::EKS::Addon", "AWS::IAM::Role"] where s == .s0 {
            #expect(template.contains("Type: \(type)"), "S0's template lacks \(type)")
        }
    }

    /// Every Route 53, Resolver, health check and EFS kind (DNSTemplateRenderTests' topology)
    /// passes cfn-lint.
    @Test func dnsKindsPassCfnLint() throws {
        let r = Loader.load(text: DNSTemplateRenderTests.yaml, file: "dns-kinds.yaml")
        let t = try #require(r.topology, "\(r.diagnostics.map(\.formatted))")
        let dir = try Scratch(try CloudFormation().render(t, context: RenderContext(secrets: [:], profile: .production)))
        guard let lint = try Self.cfnLint(dir.path("aws/cloudformation/template.yaml")) else { return }
        #expect(Verdict.cfnLint(lint), "\(lint)")
    }

    /// Every EKS kind (EKSRenderTests' topology) passes cfn-lint.
    @Test func eksKindsPassCfnLint() throws {
        let r = Loader.load(text: EKSRenderTests.yaml, file: "eks-kinds.yaml")
        let t = try #require(r.topology, "\(r.diagnostics.map(\.formatted))")
        let dir = try Scratch(try CloudFormation().render(t, context: RenderContext(secrets: [:], profile: .production)))
        guard let lint = try Self.cfnLint(dir.path("aws/cloudformation/template.yaml")) else { return }
        #expect(Verdict.cfnLint(lint), "\(lint)")
    }

    @Test(arguments: Scenario.allCases)
    func terraformParsesWithHCL2(_ s: Scenario) throws {
        let files = try s.renderAll()
        let dir = try Scratch(files)
        let tf = ["main.tf", "variables.tf", "outputs.tf"].map { dir.path("aws/terraform/\($0)") }
        guard let r = try Self.hcl(tf) else { return }
        #expect(Verdict.hcl(r), "\(r)")
        guard r.status == 0, let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else { return }
        let main = json["main.tf"] as? [String: Any]
        let resources = (main?["resource"] as? [[String: Any]]) ?? []
        let t = try s.topology()
        for c in t.vpnConnections {
            let id = TerraformNames.id(c.name)
            let vpn = resources.compactMap { $0["aws_vpn_connection"] as? [String: Any] }.first { $0[id] != nil }?[id] as? [String: Any]
            #expect(vpn != nil, "no aws_vpn_connection.\(id)")
            for tn in c.tunnels {
                let p = "tunnel\(tn.index)_"
                for key in ["ike_versions", "phase1_lifetime_seconds", "phase2_lifetime_seconds", "rekey_margin_time_seconds",
                            "rekey_fuzz_percentage", "replay_window_size", "dpd_timeout_seconds", "dpd_timeout_action",
                            "startup_action", "phase1_encryption_algorithms", "phase1_dh_group_numbers", "phase2_dh_group_numbers"] {
                    #expect(vpn?[p + key] != nil, "\(c.name): \(p + key) missing")
                }
                if let cidr = tn.insideCIDR { #expect(vpn?[p + "inside_cidr"] as? String == cidr.description) }
                if tn.psk != .generated { #expect((vpn?[p + "preshared_key"] as? String)?.contains("var.\(TerraformNames.pskVariable(c.name, tn.index))") == true) }
            }
        }
        let variables = (json["variables.tf"] as? [String: Any])?["variable"] as? [[String: Any]] ?? []
        for v in variables {
            for (name, body) in v where name.hasSuffix("_psk") {
                #expect((body as? [String: Any])?["sensitive"] as? Bool == true, "\(name) must be sensitive")
            }
        }
        let outputs = ((json["outputs.tf"] as? [String: Any])?["output"] as? [[String: Any]] ?? []).flatMap(\.keys)
        for c in t.vpnConnections {
            #expect(outputs.contains(TerraformNames.output(c.name, 1, "address")) && outputs.contains(TerraformNames.output(c.name, 2, "address")))
        }
    }

    @Test(arguments: Scenario.allCases)
    func noKeyInAnyNonSecretFile(_ s: Scenario) throws {
        for f in try s.renderAll() + (try RenderPlan(try s.topology(), only: [.strongswan, .frr]).run(try s.topology(), context: try s.context(.lab))) where !f.isSecret {
            for k in Scenario.allKeys {
                #expect(!f.contents.contains(k), "\(f.path) holds a pre-shared key")
            }
        }
    }

    /// S1's stack broke for want of DependsOn: routes and propagation wait for the attachment.
    @Test func cloudFormationOrdersS1() throws {
        let text = try #require(try Scenario.s1.renderAll().file("aws/cloudformation/template.yaml")).contents
        func block(_ id: String) -> String {
            guard let r = text.range(of: "\n  \(id):\n") else { return "" }
            let rest = text[r.upperBound...]
            let end = rest.range(of: "\n  [A-Za-z]", options: .regularExpression)?.lowerBound ?? rest.endIndex
            return String(rest[..<end])
        }
        #expect(block("RouteAwsPublicRt10600016").contains("DependsOn: VPNGatewayAttachmentVgw"))
        #expect(block("VPNGatewayRoutePropagationAwsPublicRtVgw").contains("DependsOn: VPNGatewayAttachmentVgw"))
        #expect(block("RouteAwsPublicRt00000").contains("DependsOn: InternetGatewayAttachmentAws"))
        #expect(block("VPNConnectionVpn").contains("NoEcho") == false)
        #expect(text.contains("NoEcho: true"))
    }
}
