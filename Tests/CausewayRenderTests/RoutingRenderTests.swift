import CausewayCore
import CausewayTestSupport
import CausewayRender
import Foundation
import Testing

/// Prefix lists, VPC peering and transit gateway peering (#14) as the templates print them, from
/// the one AWS resource description, golden-free; the real tools accept them (`terraform
/// validate` from the provider mirror, python-hcl2, cfn-lint). Names are the AWS provider 5.x's
/// and CloudFormation's.
@Suite(.serialized) struct RoutingRenderTests {
    static let yaml = """
    name: routing
    region: us-east-1
    prefix_lists:
      shared-nets: {max_entries: 5, entries: [10.1.0.0/16]}
      west-nets:
        max_entries: 5
        entries:
          - {cidr: 10.20.0.0/16, description: west VPC}
    vpcs:
      app:
        cidr: 10.0.0.0/16
        subnets:
          a: {cidr: 10.0.1.0/24, az: us-east-1a}
        route_tables:
          main:
            main: true
            routes:
              - {prefix_list: shared-nets, target: pcx:shared}
              - {prefix_list: west-nets, target: tgw}
              - {destination: 10.2.0.0/16, target: pcx:app-remote}
      shared:
        cidr: 10.1.0.0/16
        subnets:
          a: {cidr: 10.1.1.0/24, az: us-east-1a}
        route_tables:
          main: {main: true, routes: [{destination: 10.0.0.0/16, target: pcx:app}]}
      remote:
        cidr: 10.2.0.0/16
        subnets:
          a: {cidr: 10.2.1.0/24}
        route_tables:
          main: {main: true, routes: [{destination: 10.0.0.0/16, target: pcx:app-remote}]}
      west:
        cidr: 10.20.0.0/16
        subnets:
          a: {cidr: 10.20.1.0/24}
        route_tables:
          main: {main: true, routes: [{destination: 10.0.0.0/16, target: tgw}]}
    vpc_peerings:
      app-shared: {vpc: app, peer_vpc: shared}
      app-remote: {vpc: app, peer_vpc: remote, peer_region: us-west-2}
    transit_gateways:
      hub-east:
        attachments:
          east-att: {vpc: app, subnets: [a]}
        route_tables:
          default:
            default: true
            routes:
              - {prefix_list: west-nets, attachment: east-west}
      hub-west:
        region: us-west-2
        asn: 64513
        attachments:
          west-att: {vpc: west, subnets: [a]}
        route_tables:
          default:
            default: true
            routes:
              - {destination: 10.0.0.0/16, attachment: east-west}
    transit_gateway_peerings:
      east-west: {transit_gateway: hub-east, peer_transit_gateway: hub-west}

    """

    static func topology() throws -> Topology {
        let r = loadAndCheck(data: Array(yaml.utf8), file: "routing.yaml")
        #expect(!r.diagnostics.contains { $0.severity == .error }, "\(r.diagnostics.map(\.formatted))")
        return try #require(r.topology)
    }

    static func render() throws -> [RenderedFile] {
        let t = try topology()
        return try RenderPlan(t, only: [.terraform, .cloudformation]).run(t, context: RenderContext())
    }

    /// The one description holds every new resource, each with its references as keys.
    @Test func descriptionHoldsTheResources() throws {
        let d = AWSResources(try Self.topology())
        #expect(d["prefix-list/west-nets"]?.kind == .prefixList)
        #expect(d["vpc-peering/app-remote"]?.kind == .vpcPeering)
        #expect(d["tgw-attachment/hub-east/east-west"]?.kind == .tgwPeeringAttachment)
        #expect(d["tgw-attachment/hub-west/east-west"]?.kind == .tgwPeeringAccepter)
        #expect(d["tgw-route-table/hub-east/default/route/pl:west-nets"]?.kind == .tgwPrefixListReference)
        let route = try #require(d["route-table/app/main/route/pl:shared-nets"])
        #expect(route.dependsOn.contains("prefix-list/shared-nets") && route.dependsOn.contains("vpc-peering/app-shared"), "\(route.dependsOn)")
        // A peering attachment is never propagated by default (AWS propagates nothing over it).
        #expect(d["tgw-route-table/hub-east/default/propagation/east-west"] == nil)
    }

    @Test func terraformPrintsPrefixListsAndPeerings() throws {
        let main = try #require(try Self.render().file("aws/terraform/main.tf")).contents
        for s in ["resource \"aws_ec2_managed_prefix_list\" \"west_nets\"", "address_family = \"IPv4\"", "max_entries    = 5",
                  "entry {\n    cidr        = \"10.20.0.0/16\"\n    description = \"west VPC\"",
                  "destination_prefix_list_id = aws_ec2_managed_prefix_list.shared_nets.id",
                  "vpc_peering_connection_id  = aws_vpc_peering_connection.app_shared.id",
                  "resource \"aws_vpc_peering_connection\" \"app_shared\"", "auto_accept = true",
                  "resource \"aws_vpc_peering_connection_accepter\" \"app_remote\"", "= aws.us_west_2",
                  "resource \"aws_ec2_transit_gateway_peering_attachment\" \"hub_east_east_west\"", "peer_region             = \"us-west-2\"",
                  "resource \"aws_ec2_transit_gateway_peering_attachment_accepter\" \"hub_west_east_west\"",
                  "resource \"aws_ec2_transit_gateway_prefix_list_reference\"",
                  "transit_gateway_attachment_id  = aws_ec2_transit_gateway_peering_attachment_accepter.hub_west_east_west.id"] {
            #expect(main.contains(s), "main.tf lacks \(s)")
        }
        #expect(main.components(separatedBy: "alias  = \"us_west_2\"").count == 2, "one provider alias per Region")
    }

    @Test func cloudFormationPrintsPrefixListsAndPeerings() throws {
        let text = try #require(try Self.render().file("aws/cloudformation/template.yaml")).contents
        for s in ["Type: AWS::EC2::PrefixList", "MaxEntries: 5", "DestinationPrefixListId:", "Type: AWS::EC2::VPCPeeringConnection",
                  "PeerRegion: us-west-2", "Type: AWS::EC2::TransitGatewayPeeringAttachment", "VpcPeeringConnectionId:"] {
            #expect(text.contains(s), "template lacks \(s)")
        }
        // No TGW prefix-list-reference resource in CloudFormation: each entry is a route.
        #expect(text.contains("DestinationCidrBlock: \"10.20.0.0/16\""))
    }

    @Test func theToolsAcceptThem() async throws {
        let files = try Self.render()
        let dir = try Scratch(files)
        if let r = try AWSToolTests.cfnLint(dir.path("aws/cloudformation/template.yaml")) {
            #expect(Verdict.cfnLint(r), "\(r)")
        }
        if let r = try AWSToolTests.hcl(["main.tf", "variables.tf", "outputs.tf"].map { dir.path("aws/terraform/\($0)") }) {
            #expect(Verdict.hcl(r), "\(r)")
        }
        guard let (tf, mirror) = TerraformToolTests.tools() else { return }
        let cli = try dir.write("terraform.tfrc", "provider_installation {\n  filesystem_mirror {\n    path = \"\(mirror)\"\n  }\n}\n")
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") && !$0.key.hasPrefix("TF_") }
        env["TF_CLI_CONFIG_FILE"] = cli
        env["TF_IN_AUTOMATION"] = "1"
        env["CHECKPOINT_DISABLE"] = "1"
        let environment = env
        let chdir = "-chdir=\(dir.path("aws/terraform"))"
        let initr = try await offThePool { try Tools.run(tf, [chdir, "init", "-input=false", "-no-color"], environment: environment) }
        #expect(initr.status == 0, "terraform init:\n\(initr)")
        guard initr.status == 0 else { return }
        let v = try await offThePool { try Tools.run(tf, [chdir, "validate", "-no-color"], environment: environment) }
        #expect(v.status == 0 && v.stdout.contains("The configuration is valid") && !v.output.contains("Warning"), "terraform validate:\n\(v)")
    }
}
