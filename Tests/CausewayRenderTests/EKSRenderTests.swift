import Foundation
import CausewayCore
import CausewayRender
import Testing

/// Amazon EKS in the templates, against the Terraform AWS provider's resources (aws_eks_cluster,
/// aws_eks_node_group, aws_eks_addon, aws_iam_role, aws_launch_template) and the CloudFormation
/// template reference (AWS::EKS::Cluster, AWS::EKS::Nodegroup, AWS::EKS::Addon, AWS::IAM::Role,
/// AWS::EC2::LaunchTemplate); TerraformToolTests and AWSToolTests run terraform and cfn-lint on it.
@Suite struct EKSRenderTests {
    /// EKSTraceTests' topology (Tests/Fixtures/eks-base.yaml) with a control-plane security group,
    /// private endpoint access only and a pinned add-on version: what the templates print.
    static let yaml = try! String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/eks-base.yaml"), encoding: .utf8)
        .replacingOccurrences(of: "      nodes:\n        egress:", with: "      control:\n        ingress:\n          - {protocol: tcp, ports: 443, source: 192.168.0.0/16}\n      nodes:\n        egress:")
        .replacingOccurrences(of: "    subnets: [private-a, private-b]\n    node_groups:", with: "    subnets: [private-a, private-b]\n    security_groups: [control]\n    endpoint_access: {public: false, private: true}\n    node_groups:")
        .replacingOccurrences(of: "      coredns:\n", with: "      coredns: {version: v1.11.4-eksbuild.2}\n")

    static func render() throws -> (tf: String, cfn: String) {
        let r = Loader.load(text: yaml, file: "eks-kinds.yaml")
        let t = try #require(r.topology, "\(r.diagnostics.map(\.formatted))")
        let ctx = RenderContext(secrets: [:], profile: .production)
        let tf = try Terraform().render(t, context: ctx).first { $0.path.hasSuffix("main.tf") }?.contents ?? ""
        let cfn = try CloudFormation().render(t, context: ctx).first?.contents ?? ""
        return (tf, cfn)
    }

    /// A private-only endpoint has no public access CIDRs; the node group's groups go into its
    /// launch template (EKS user guide, "Customize managed nodes with launch templates").
    @Test func terraformHasTheClusterNodeGroupLaunchTemplateAndAddons() throws {
        let tf = try Self.render().tf
        for s in ["resource \"aws_eks_cluster\" \"web\"", "endpoint_private_access = true", "security_group_ids      = [var.app_control_security_group_id]",
                  "resource \"aws_launch_template\" \"web_workers\"", "vpc_security_group_ids = [var.app_nodes_security_group_id]",
                  "addon_version = \"v1.11.4-eksbuild.2\"", "policy_arn = \"arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy\""] {
            #expect(tf.contains(s), "main.tf lacks `\(s)`")
        }
        #expect(!tf.contains("public_access_cidrs"), "a private-only endpoint takes no public CIDRs")
    }

    @Test func cloudFormationHasTheSameResources() throws {
        let cfn = try Self.render().cfn
        for s in ["Type: AWS::EKS::Cluster", "Type: AWS::EKS::Nodegroup", "Type: AWS::EKS::Addon", "Type: AWS::IAM::Role",
                  "Type: AWS::EC2::LaunchTemplate", "AddonVersion: v1.11.4-eksbuild.2", "EndpointPrivateAccess: true"] {
            #expect(cfn.contains(s), "template lacks `\(s)`")
        }
    }
}
