import CausewayCore
import CausewayRender
import Foundation
import Testing
import CausewayTestSupport

/// The rendered Terraform with the real thing: `terraform init` from the machine's filesystem
/// mirror of the AWS provider (offline), `validate`, and `plan -refresh=false` with fake keys for
/// every scenario. Nothing in the rendered files is edited: a test-only `*_override.tf` adds the
/// fake credentials and `skip_*` settings to the provider block
/// (https://developer.hashicorp.com/terraform/language/files/override), and the pre-shared keys
/// come in as `TF_VAR_…` like a user's would.
// Serialized: each plan runs the AWS provider (hundreds of MiB, a core while it starts); several at
// once on a 2-core CI machine starved the moto servers of the AWS suites running beside them.
@Suite(.serialized) struct TerraformToolTests {
    /// A working folder with one scenario's Terraform, initialised.
    struct Workspace: @unchecked Sendable {   // used from one thread at a time
        let scratch: Scratch
        let terraform: String
        let environment: [String: String]
        var dir: String { scratch.path("aws/terraform") }

        func run(_ args: [String], extra: [String: String] = [:]) throws -> ToolResult {
            try Tools.run(terraform, ["-chdir=\(dir)"] + args, environment: environment.merging(extra) { $1 })
        }
    }

    /// Where the AWS provider's filesystem mirror is: CAUSEWAY_TF_MIRROR, else the usual places
    /// (the folder that holds `registry.terraform.io`).
    static func mirror() -> String? {
        let env = ProcessInfo.processInfo.environment
        let home = env["HOME"] ?? "/root"
        let candidates = [env["CAUSEWAY_TF_MIRROR"]].compactMap { $0 } + [
            "/opt/tf-plugins", "/usr/local/share/terraform/plugins", "/usr/share/terraform/plugins",
            "\(home)/.terraform.d/plugins", "\(home)/.local/share/terraform/plugins",
        ]
        return candidates.first { FileManager.default.fileExists(atPath: "\($0)/registry.terraform.io/hashicorp/aws") }
    }

    /// terraform and the mirror, or nil after recording why (a failure unless
    /// CAUSEWAY_SKIP_TERRAFORM=1: CI must not pass without these checks).
    static func tools(sourceLocation: Testing.SourceLocation = #_sourceLocation) -> (terraform: String, mirror: String)? {
        guard let tf = Tools.require("terraform", skipName: "TERRAFORM", install: "terraform (the machine image carries it)", sourceLocation: sourceLocation) else { return nil }
        guard let m = mirror() else {
            Issue.record("no filesystem mirror of the AWS provider found (a folder holding registry.terraform.io/hashicorp/aws): set CAUSEWAY_TF_MIRROR (or CAUSEWAY_SKIP_TERRAFORM=1)", sourceLocation: sourceLocation)
            return nil
        }
        return (tf, m)
    }

    /// Test keys for every PSK variable the scenario's Terraform declares.
    static func keys(_ s: Scenario) throws -> [String: String] {
        let t = try s.topology()
        let ctx = try s.context()
        var out: [String: String] = [:]
        for c in t.vpnConnections where c.id == nil {
            for tn in c.tunnels where tn.psk != .generated {
                if let k = ctx.secrets["\(c.name)/\(tn.index)"] { out["TF_VAR_\(TerraformNames.pskVariable(c.name, tn.index))"] = k.revealed }
            }
        }
        // A virtual interface runs on a physical Direct Connect connection: its id is a variable.
        for v in t.virtualInterfaces where v.id == nil { out["TF_VAR_\(TerraformNames.id(v.name, "connection_id"))"] = "dxcon-ffabc123" }
        // Resolver endpoints and mount targets name security groups, which are not managed here.
        for g in AWSResources(t).securityGroupInputs { out["TF_VAR_\(TerraformNames.securityGroupVariable(g.vpc, g.group))"] = "sg-0123456789abcdef0" }
        // So do Client VPN endpoints.
        let d = AWSResources(t)
        for r in d.clientVPN {
            guard case .endpoint(let p) = r.properties else { continue }
            for case .named(let vpc, let group) in p.securityGroups {
                out["TF_VAR_\(TerraformNames.securityGroupVariable(d[vpc]?.name ?? vpc, group))"] = "sg-0123456789abcdef0"
            }
        }
        return out
    }

    /// The scenario's Terraform in a scratch folder, `terraform init` done.
    static func initialised(_ s: Scenario) async throws -> Workspace? {
        try await initialised(try s.renderAll(), label: "\(s)")
    }

    /// Rendered files' Terraform in a scratch folder, `terraform init` done.
    static func initialised(_ rendered: [RenderedFile], label: String) async throws -> Workspace? {
        guard let (tf, mirror) = tools() else { return nil }
        // The Client VPN certificates ACM imports are read by `file()` from beside aws/terraform.
        let files = rendered.filter { $0.path.hasPrefix("aws/terraform/") || $0.path.hasPrefix("client-vpn/") }
        let scratch = try Scratch(files)
        _ = try scratch.write("aws/terraform/zz_causeway_test_override.tf", """
            provider "aws" {
              access_key                  = "AKIAIOSFODNN7EXAMPLE"
              secret_key                  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
              skip_credentials_validation = true
              skip_requesting_account_id  = true
              skip_metadata_api_check     = true
              skip_region_validation      = true
            }
            """)
        let cli = try scratch.write("terraform.tfrc", """
            provider_installation {
              filesystem_mirror {
                path = "\(mirror)"
              }
            }
            """)
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") && !$0.key.hasPrefix("TF_") }
        env["TF_CLI_CONFIG_FILE"] = cli
        env["TF_IN_AUTOMATION"] = "1"
        env["TF_INPUT"] = "0"
        env["CHECKPOINT_DISABLE"] = "1"
        env["AWS_EC2_METADATA_DISABLED"] = "true"
        env["AWS_CONFIG_FILE"] = "/dev/null"
        env["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"
        let ws = Workspace(scratch: scratch, terraform: tf, environment: env)
        // terraform runs for seconds: off the cooperative pool (see offThePool), expectations here.
        let r = try await offThePool { try ws.run(["init", "-input=false", "-no-color"]) }
        #expect(r.status == 0, "terraform init (\(label)):\n\(r)")
        return r.status == 0 ? ws : nil
    }

    static func plan(_ ws: Workspace, _ s: Scenario, vars: [String: String] = [:]) async throws -> ToolResult {
        let extra = try keys(s).merging(vars) { $1 }
        return try await offThePool { try ws.run(["plan", "-refresh=false", "-input=false", "-no-color", "-lock=false"], extra: extra) }
    }

    @Test(arguments: Scenario.allCases)
    func initValidatePlan(_ s: Scenario) async throws {
        guard let ws = try await Self.initialised(s) else { return }
        let v = try await offThePool { try ws.run(["validate", "-no-color"]) }
        #expect(v.status == 0 && v.stdout.contains("The configuration is valid") && !v.output.contains("Warning"), "terraform validate (\(s)):\n\(v)")
        let p = try await Self.plan(ws, s)
        #expect(p.status == 0 && p.stdout.contains(" to add, 0 to change, 0 to destroy"), "terraform plan (\(s)):\n\(p)")
        #expect(!p.output.contains("Warning:"), "terraform plan warns (\(s)):\n\(p)")
        // Route 53, Resolver, health checks and EFS are planned with the rest.
        for r in AWSResources(try s.topology()).route53 where !r.isAdopted {
            #expect(p.stdout.contains("\(r.kind.terraformType).\(TerraformNames.id(r.names)) will be created"), "terraform plan (\(s)) lacks \(r.key)")
        }
        // So are the Client VPN endpoint, its certificates, associations, rules, routes and handler.
        for r in AWSResources(try s.topology()).clientVPN where !r.isAdopted {
            #expect(p.stdout.contains("\(r.kind.terraformType).\(TerraformNames.id(r.names)) will be created"), "terraform plan (\(s)) lacks \(r.key)")
        }
        // Alarms are opt-in: none without a topic.
        #expect(!p.stdout.contains("aws_cloudwatch_metric_alarm"), "alarms planned without alarm_sns_topic_arn (\(s))")
        for k in Scenario.allKeys { #expect(!p.output.contains(k), "the plan output shows a pre-shared key (\(s))") }
    }

    /// Every Route 53, Resolver, health check and EFS kind (alias and TXT records, a SYSTEM rule,
    /// a TCP check by domain name, the VPC's default security group) validates and plans.
    @Test func dnsKindsValidateAndPlan() async throws {
        let r = Loader.load(text: DNSTemplateRenderTests.yaml, file: "dns-kinds.yaml")
        let t = try #require(r.topology, "\(r.diagnostics.map(\.formatted))")
        let files = try Terraform().render(t, context: RenderContext(secrets: [:], profile: .production))
        guard let ws = try await Self.initialised(files, label: "dns-kinds") else { return }
        let v = try await offThePool { try ws.run(["validate", "-no-color"]) }
        #expect(v.status == 0 && v.stdout.contains("The configuration is valid") && !v.output.contains("Warning"), "terraform validate:\n\(v)")
        let vars = Dictionary(uniqueKeysWithValues: AWSResources(t).securityGroupInputs.map { ("TF_VAR_" + TerraformNames.securityGroupVariable($0.vpc, $0.group), "sg-0123456789abcdef0") })
        let p = try await offThePool { try ws.run(["plan", "-refresh=false", "-input=false", "-no-color", "-lock=false"], extra: vars) }
        #expect(p.status == 0 && !p.output.contains("Warning:"), "terraform plan:\n\(p)")
        for res in AWSResources(t).route53 {
            #expect(p.stdout.contains("\(res.kind.terraformType).\(TerraformNames.id(res.names)) will be created"), "plan lacks \(res.key)")
        }
    }

    /// A key AWS would refuse stops the plan before anything is created, like CloudFormation's
    /// AllowedPattern, and the message does not show it (a precondition on the connection: a
    /// variable `validation` error prints the value even for a sensitive variable). AWS's rule: 8–64 characters, letters,
    /// digits, `.` and `_`, not starting with 0
    /// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpnTunnelOptionsSpecification.html).
    /// The tunnel alarms appear once a topic is given: one per tunnel, on TunnelState in AWS/VPN
    /// with the VpnId and TunnelIpAddress dimensions
    /// (https://docs.aws.amazon.com/vpn/latest/s2svpn/monitoring-cloudwatch-vpn.html).
    @Test func pskValidationAndAlarmsInPlan() async throws {
        let s = Scenario.s3
        guard let ws = try await Self.initialised(s) else { return }
        let variable = "TF_VAR_" + TerraformNames.pskVariable("vpn", 1)
        for bad in ["0leadingzero", "has-dash-in-it"] {   // lengths: pskPatternMatchesTheChecker
            let r = try await Self.plan(ws, s, vars: [variable: bad])
            #expect(r.status != 0 && r.output.contains("Resource precondition failed") && r.output.contains("AWS's rule"), "plan accepted a key AWS refuses:\n\(r)")
            #expect(!r.output.contains(bad), "the validation error shows the key")
        }
        let topic = "arn:aws:sns:ap-northeast-2:123456789012:vpn-alarms"
        let r = try await Self.plan(ws, s, vars: ["TF_VAR_" + TerraformNames.alarmTopicVariable: topic])
        #expect(r.status == 0, "\(r)")
        for i in [1, 2] {
            #expect(r.stdout.contains("aws_cloudwatch_metric_alarm.vpn_tunnel\(i)_state[0] will be created"), "no alarm for tunnel \(i):\n\(r.stdout)")
        }
        #expect(r.stdout.contains("\"AWS/VPN\"") && r.stdout.contains("\"TunnelState\"") && r.stdout.contains(topic))
        let bad = try await Self.plan(ws, s, vars: ["TF_VAR_" + TerraformNames.alarmTopicVariable: "vpn-alarms"])
        #expect(bad.status != 0 && bad.output.contains("SNS topic ARN"), "\(bad)")
    }

    /// The Terraform PSK pattern and the checker's rule (CheckTunnels.pskProblems) agree on keys
    /// at and around every edge of AWS's rule.
    @Test func pskPatternMatchesTheChecker() throws {
        let main = try #require(try Scenario.s3.renderAll().file("aws/terraform/main.tf")).contents
        let line = try #require(main.split(separator: "\n").first { $0.contains("condition") && $0.contains("var.vpn_tunnel1_psk") })
        let pattern = try #require(line.split(separator: "\"").dropFirst().first.map(String.init))
        let regex = try NSRegularExpression(pattern: pattern)
        let samples = ["abcdefgh", "abcdefg", String(repeating: "a", count: 64), String(repeating: "a", count: 65),
                       "0abcdefgh", "1abcdefgh", ".abcdefgh", "_abcdefgh", "abc.def_gh9", "abc-defgh", "abc defgh", "abcdéfgh", "ABCDEFGH0"]
        for k in samples {
            let ok = regex.firstMatch(in: k, range: NSRange(k.startIndex..., in: k)) != nil
            #expect(ok == TunnelChecks.pskProblems(PreSharedKey(k)).isEmpty, "`\(k)`: Terraform says \(ok ? "valid" : "invalid"), the checker disagrees")
        }
    }

    /// `causeway import aws-vpn-config` reads aws_vpn_connection's `customer_gateway_configuration`:
    /// every scenario exports it per connection, marked sensitive (it holds the keys).
    @Test(arguments: Scenario.allCases)
    func customerGatewayConfigurationOutput(_ s: Scenario) throws {
        let files = try s.renderAll()
        let dir = try Scratch(files)
        guard let r = try AWSToolTests.hcl([dir.path("aws/terraform/outputs.tf")]), r.status == 0,
              let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else { return }
        let outputs = ((json["outputs.tf"] as? [String: Any])?["output"] as? [[String: Any]] ?? []).reduce(into: [String: [String: Any]]()) { acc, o in
            for (k, v) in o { acc[k] = v as? [String: Any] }
        }
        for c in try s.topology().vpnConnections where c.id == nil {
            let o = outputs[TerraformNames.configurationOutput(c.name)]
            #expect(o?["sensitive"] as? Bool == true, "\(s): no sensitive \(TerraformNames.configurationOutput(c.name))")
            #expect((o?["value"] as? String)?.contains("aws_vpn_connection.\(TerraformNames.id(c.name)).customer_gateway_configuration") == true)
        }
    }
}
