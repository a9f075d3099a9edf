import CausewayCore
import CausewayRender
import Testing

/// Direct Connect in the renders: Terraform has every resource (the connection as a variable),
/// CloudFormation has none and says so, the site's FRR peers over the interface and prefers it.
@Suite struct DirectConnectRenderTests {
    @Test func terraformHasTheGatewayAssociationAndInterface() throws {
        let main = try #require(try Scenario.s5.renderAll().file("aws/terraform/main.tf")).contents
        #expect(main.contains("resource \"aws_dx_gateway\" \"dxgw\""))
        #expect(main.contains("allowed_prefixes      = [\"10.50.0.0/16\", \"10.60.0.0/16\"]"))
        #expect(main.contains("resource \"aws_dx_transit_virtual_interface\" \"dc_transit_vif\""))
        #expect(main.contains("connection_id    = var.dc_transit_vif_connection_id"))
        let vars = try #require(try Scenario.s5.renderAll().file("aws/terraform/variables.tf")).contents
        #expect(vars.contains("variable \"dc_transit_vif_connection_id\""))
    }

    /// CloudFormation has no Direct Connect resource types: the template names what it leaves
    /// out, and `render` warns at each resource's node.
    @Test func cloudFormationLeavesDirectConnectOutAndSaysSo() throws {
        let t = try Scenario.s5.topology()
        let template = try #require(try Scenario.s5.renderAll().file("aws/cloudformation/template.yaml")).contents
        #expect(!template.contains("DirectConnect"))
        #expect(template.contains("# Not in this template"))
        let warnings = CloudFormation.omitted(t)
        #expect(warnings.count == 3)
        #expect(warnings.allSatisfy { $0.rule == RenderRules.notInTemplate.id && $0.severity == .warning && $0.location.line > 1 })
        #expect(CloudFormation.omitted(try Scenario.s4.topology()).isEmpty)
    }

    /// An association with a table of the topology's own: CloudFormation takes the attachment AWS
    /// made with the Direct Connect gateway association as a parameter; Terraform reads it back.
    @Test func anExplicitAssociationUsesTheAttachmentID() throws {
        var text = try String(contentsOf: Repo.root.appendingPathComponent(Scenario.s5.file), encoding: .utf8)
        text = text.replacingOccurrences(of: "      shared-att: {vpc: shared, subnets: [svc-a]}\n",
                                         with: "      shared-att: {vpc: shared, subnets: [svc-a]}\n    route_tables:\n      onprem:\n        associations: [dxgw, vpn]\n        propagations: [prod-att, shared-att]\n")
        let r = Loader.load(text: text, file: "s5.yaml")
        let t = try #require(r.topology, "\(r.diagnostics.map(\.formatted))")
        let cfn = try CloudFormation().render(t, context: RenderContext(secrets: [:], profile: .production))
        #expect(cfn.first?.contents.contains("DxgwTgwTransitGatewayAttachmentId") == true, "\(cfn.first?.contents ?? "")")
        let tf = try Terraform().render(t, context: RenderContext(secrets: [:], profile: .production))
        let main = try #require(tf.first { $0.path.hasSuffix("main.tf") }).contents
        #expect(main.contains("transit_gateway_attachment_id  = data.aws_ec2_transit_gateway_dx_gateway_attachment.tgw_dxgw.id"))
    }

    @Test func frrPeersOverTheInterfaceAndPrefersIt() throws {
        let frr = try #require(try Scenario.s5.renderAll().file("sites/dc/frr/frr.conf")).contents
        #expect(frr.contains(" neighbor 169.254.210.1 remote-as 64600"))
        #expect(frr.contains(" set local-preference \(ResolvedVirtualInterface.localPreference)"))
        #expect(frr.contains("  neighbor 169.254.210.1 route-map causeway-from-dx-dc-transit-vif in"))
        #expect(frr.contains("ip prefix-list causeway-aws-dx-dc-transit-vif seq 5 permit 10.50.0.0/16"))
    }
}
