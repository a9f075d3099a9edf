import CausewayCore
import CausewayRender
import Foundation
import Testing

/// What the scenarios do not exercise on the AWS side: resources adopted by `id`, blackhole
/// routes, a route in the default TGW table, moving the VPN attachment off the default table,
/// an instance as a route target, keys AWS generates, and AWS's 2025–26 VPN options (Large
/// tunnels, lifecycle control, tunnel and BGP logs: AWSVPNOptionRenderTests). Still accepted by
/// cfn-lint and HCL.
@Suite struct AWSEdgeCaseTests {
    static let yaml = """
    name: edge-cases
    region: us-east-1
    sites:
      branch:
        cidrs: [10.99.0.0/16]
        gateway: {public_ip: 198.51.100.99, asn: 65099, ipsec: strongswan, routing: bgp, os: debian}
    vpcs:
      shared:
        id: vpc-0123456789abcdef0
        cidr: 10.50.0.0/16
        internet_gateway: true
        subnets:
          a: {cidr: 10.50.1.0/24, id: subnet-0aaa}
          b: {cidr: 10.50.2.0/24, az: us-east-1b}
        nat_gateways:
          nat: {subnet: a}
        route_tables:
          rt:
            id: rtb-0bbb
            subnets: [a, b]
            routes:
              - {destination: 0.0.0.0/0, target: nat}
              - {destination: 10.99.0.0/16, target: tgw}
              - {destination: 10.77.0.0/16, target: instance:router}
        instances:
          router: {subnet: a, address: 10.50.1.5}
    transit_gateways:
      hub:
        asn: 64600
        attachments:
          shared-att: {vpc: shared, subnets: [a, b]}
        route_tables:
          default:
            default: true
            routes:
              - {destination: 10.66.0.0/16, blackhole: true}
          isolated:
            associations: [vpn]
            routes:
              - {destination: 10.50.0.0/16, attachment: shared-att}
              - {destination: 10.88.0.0/16, blackhole: true}
    customer_gateways:
      branch-cgw:
        site: branch
    vpn_connections:
      vpn:
        customer_gateway: branch-cgw
        transit_gateway: hub
        routing: bgp
        tunnel_bandwidth: large
        tunnel_options:
          enable_tunnel_lifecycle_control: true
          cloudwatch_log_options:
            log_enabled: true
            log_group_arn: arn:aws:logs:us-east-1:123456789012:log-group:vpn
            log_output_format: text
            bgp_log_enabled: true
            bgp_log_group_arn: arn:aws:logs:us-east-1:123456789012:log-group:vpn-bgp
    """

    func render() throws -> [RenderedFile] {
        let r = Loader.load(text: Self.yaml, file: "edge-cases.yaml")
        let t = try #require(r.topology, "\(r.diagnostics.map(\.formatted))")
        return try RenderPlan(t, only: [.terraform, .cloudformation, .readme]).run(t, context: RenderContext())
    }

    @Test func terraformAdoptsBlackholesAndMovesTheVPNAttachment() throws {
        let files = try render()
        let main = try #require(files.file("aws/terraform/main.tf")).contents
        #expect(!main.contains("resource \"aws_vpc\""), "an adopted VPC is not created")
        #expect(!main.contains("resource \"aws_route_table\""), "an adopted route table is not created")
        #expect(main.contains("resource \"aws_subnet\" \"shared_b\""), "a subnet without id is created in the adopted VPC")
        #expect(main.contains("route_table_id = \"rtb-0bbb\""))
        #expect(main.contains("data \"aws_nat_gateway\" \"shared_nat\""))
        #expect(main.contains("transit_gateway_route_table_id = aws_ec2_transit_gateway.hub.association_default_route_table_id\n  blackhole                      = true"))
        #expect(main.contains("transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.hub_isolated.id\n  blackhole                      = true"))
        #expect(main.contains("transit_gateway_attachment_id  = aws_vpn_connection.vpn.transit_gateway_attachment_id\n  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.hub_isolated.id\n  replace_existing_association   = true"))
        #expect(main.contains("depends_on             = [aws_ec2_transit_gateway_vpc_attachment.hub_shared_att]"))
        #expect(!main.contains("preshared_key"), "AWS generates the keys")
        let outputs = try #require(files.file("aws/terraform/outputs.tf")).contents
        #expect(outputs.contains("output \"vpn_tunnel1_preshared_key\"") && outputs.contains("sensitive   = true"))
        let variables = try #require(files.file("aws/terraform/variables.tf")).contents
        #expect(variables.contains("variable \"shared_router_network_interface_id\""))
    }

    @Test func cloudFormationTakesWhatItCannotReadAsParameters() throws {
        let text = try #require(try render().file("aws/cloudformation/template.yaml")).contents
        #expect(text.contains("HubDefaultRouteTableId:") && text.contains("Condition: HasHubDefaultRouteTableId"))
        #expect(text.contains("VpnTransitGatewayAttachmentId:") && text.contains("Condition: HasVpnTransitGatewayAttachmentId"))
        #expect(text.contains("Blackhole: true"))
        #expect(!text.contains("Type: AWS::EC2::VPC\n"), "an adopted VPC is not created")
        #expect(!text.contains("PreSharedKey"), "AWS generates the keys")
    }

    @Test func edgeCasesPassTheTools() throws {
        let files = try render()
        let dir = try Scratch(files)
        if let r = try AWSToolTests.cfnLint(dir.path("aws/cloudformation/template.yaml")) {
            #expect(Verdict.cfnLint(r), "\(r)")
        }
        if let r = try AWSToolTests.hcl(["main.tf", "variables.tf", "outputs.tf"].map { dir.path("aws/terraform/\($0)") }) {
            #expect(Verdict.hcl(r), "\(r)")
        }
    }

    /// The customer gateway cannot render until AWS's values are known, and says which.
    @Test func theGatewayNamesEveryMissingValue() throws {
        let t = try #require(Loader.load(text: Self.yaml, file: "edge-cases.yaml").topology)
        do {
            _ = try RenderPlan(t, only: [.strongswan]).run(t, context: RenderContext())
            Issue.record("rendered without AWS's values")
        } catch {
            let m = "\(error)"
            for tunnel in ["vpn/1", "vpn/2"] {
                #expect(m.contains("outside address of tunnel \(tunnel)"))
                #expect(m.contains("inside CIDR of tunnel \(tunnel)"))
                #expect(m.contains("pre-shared key of tunnel \(tunnel)"))
            }
            #expect(m.contains("causeway import"))
        }
    }

    /// Render gaps are diagnostics like check's: a rule id and the line of the tunnel they are about.
    @Test func gapsAreDiagnosticsAtTheTunnel() throws {
        let t = try #require(Loader.load(text: Self.yaml, file: "edge-cases.yaml").topology)
        do {
            _ = try RenderPlan(t, only: [.strongswan]).run(t, context: RenderContext())
            Issue.record("rendered without AWS's values")
        } catch let e as RenderFailure {
            let ds = e.diagnostics(in: t)
            let outside = try #require(ds.first { $0.message.contains("outside address of tunnel vpn/1") })
            #expect(outside.rule == "render-missing-value" && outside.severity == .error)
            #expect(outside.location == t.locate(t.vpnConnections[0].tunnels[0].path) && outside.location.line > 1, "\(outside.formatted)")
            #expect(outside.formatted.hasPrefix("edge-cases.yaml:\(outside.location.line):"), "\(outside.formatted)")
        }
    }
}
