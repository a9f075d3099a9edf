import CausewayCore
import CausewayRender
import Foundation
import Testing

/// What the AWS templates do on AWS, read from the parsed template rather than its text.
@Suite struct AWSTemplateBehaviourTests {
    /// The CloudFormation template as JSON, parsed by PyYAML (cfn-lint's own YAML loader).
    static func template(_ s: Scenario) throws -> [String: Any]? {
        if Tools.skipped("CFNLINT") { return nil }
        guard let py = Tools.python else {
            Issue.record("python3 is missing (or CAUSEWAY_SKIP_CFNLINT=1)")
            return nil
        }
        let dir = try Scratch(try s.renderAll())
        let r = try Tools.run(py, ["-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
                                   dir.path("aws/cloudformation/template.yaml")])
        guard r.status == 0 else {
            Issue.record("PyYAML could not read the template (pip install pyyaml, or CAUSEWAY_SKIP_CFNLINT=1):\n\(r)")
            return nil
        }
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    }

    static func ref(_ v: Any?) -> String? { (v as? [String: Any])?["Ref"] as? String }

    /// Every subnet the template creates uses the route table the topology gives it (its explicit
    /// table, else the VPC's main table), and that table holds the topology's routes. A subnet
    /// with no explicit association uses the VPC's main route table; CloudFormation can neither
    /// make a new table the main one nor reach the main table AWS::EC2::VPC creates (it returns
    /// no such id), so the table marked `main` must be associated with those subnets explicitly.
    /// S3's 192.168.0.0/16 → TGW route sat on a table no subnet used.
    /// https://docs.aws.amazon.com/vpc/latest/userguide/subnet-route-tables.html#main-route-table
    /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-vpc.html#aws-resource-ec2-vpc-return-values
    @Test(arguments: Scenario.allCases)
    func everySubnetUsesItsTableAndItsRoutes(_ s: Scenario) throws {
        guard let json = try Self.template(s), let resources = json["Resources"] as? [String: [String: Any]] else { return }
        let t = try s.topology()
        func props(_ type: String) -> [[String: Any]] {
            resources.values.filter { $0["Type"] as? String == type }.compactMap { $0["Properties"] as? [String: Any] }
        }
        let associations = props("AWS::EC2::SubnetRouteTableAssociation")
        let routes = props("AWS::EC2::Route")
        typealias N = CloudFormationNames
        for v in t.vpcs where v.id == nil {
            for sub in v.subnets where sub.id == nil {
                let subnetID = N.id("Subnet", v.name, sub.name)
                let tables = associations.filter { Self.ref($0["SubnetId"]) == subnetID }.compactMap { Self.ref($0["RouteTableId"]) }
                guard let want = v.routeTable(for: sub) else {
                    #expect(tables.isEmpty, "\(s): \(sub.name) should stay on the VPC's own main table")
                    continue
                }
                let tableID = N.id("RouteTable", v.name, want.name)
                #expect(tables == [tableID], "\(s): subnet \(sub.name) of \(v.name) uses \(tables), not \(tableID) (`\(want.name)`)")
                for r in want.routes {
                    if case .local = r.target { continue }
                    let onTable = routes.contains { Self.ref($0["RouteTableId"]) == tableID && $0["DestinationCidrBlock"] as? String == r.destination.description }
                    #expect(onTable, "\(s): route \(r.destination) missing from \(tableID)")
                }
            }
        }
    }

    /// S4 needs a second deploy because AWS::EC2::VPNConnection returns only its own id, not the
    /// transit gateway attachment AWS creates for it (no custom resource is rendered):
    /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-vpnconnection.html#aws-resource-ec2-vpnconnection-return-values
    /// The README names exactly the resources the first deploy skips and the commands that find
    /// the attachment id; S3 (default TGW tables, no VPN-attachment ids needed) deploys once.
    @Test func secondDeployIsExplainedExactly() throws {
        let readme = try #require(try Scenario.s4.renderAll().file("aws/README.md")).contents
        guard let json = try Self.template(.s4), let resources = json["Resources"] as? [String: [String: Any]] else { return }
        let waiting = resources.filter { ($0.value["Condition"] as? String)?.contains("VpnTransitGatewayAttachmentId") == true }.keys.sorted()
        #expect(!waiting.isEmpty)
        for id in waiting { #expect(readme.contains("- `\(id)`"), "README does not name \(id)") }
        #expect(readme.contains("returns only its own id"))
        #expect(readme.contains("describe-transit-gateway-attachments") && readme.contains("Name=resource-id,Values=$vpn_vpn_id"))
        #expect(readme.contains("--parameter-overrides VpnTransitGatewayAttachmentId=$VpnTransitGatewayAttachmentId"))
        #expect(readme.contains("OutputKey=='\(CloudFormationNames.connectionOutput("vpn"))'"))
        #expect((json["Outputs"] as? [String: Any])?[CloudFormationNames.connectionOutput("vpn")] != nil)

        let s3 = try #require(try Scenario.s3.renderAll().file("aws/README.md")).contents
        #expect(!s3.contains("second deploy"))
        #expect(s3.contains("associates `private` explicitly with every subnet"))
    }

    /// Terraform keeps the keys in its state in plain text; `sensitive` hides them only from the
    /// screen (https://developer.hashicorp.com/terraform/language/state/sensitive-data).
    @Test(arguments: Scenario.allCases)
    func readmeWarnsThatStateHoldsKeys(_ s: Scenario) throws {
        let readme = try #require(try s.renderAll().file("aws/README.md")).contents
        #expect(readme.contains("The state holds the keys in plain text"))
        #expect(readme.contains("encrypt = true"))
        for c in try s.topology().vpnConnections {
            #expect(readme.contains("terraform output -raw \(TerraformNames.configurationOutput(c.name))"), "\(c.name)")
            #expect(readme.contains("causeway import aws-vpn-config \(c.name).xml"), "\(c.name)")
        }
    }
}
