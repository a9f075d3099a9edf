import CausewayCore
import CausewayRender
import Testing

/// Amazon EKS in the templates, against the Terraform AWS provider's resources (aws_eks_cluster,
/// aws_eks_node_group, aws_eks_addon, aws_iam_role, aws_launch_template) and the CloudFormation
/// template reference (AWS::EKS::Cluster, AWS::EKS::Nodegroup, AWS::EKS::Addon, AWS::IAM::Role,
/// AWS::EC2::LaunchTemplate); TerraformToolTests and AWSToolTests run terraform and cfn-lint on it.
@Suite struct EKSRenderTests {
    static let yaml = """
        name: eks-base
        region: ap-northeast-2

        sites:
          dc:
            cidrs: [192.168.0.0/16]
            gateway:
              public_ip: 198.51.100.10
              asn: 65000
              routing: bgp
              lan_address: 192.168.0.1
            hosts:
              db1: 192.168.2.10

        vpcs:
          app:
            cidr: 10.0.0.0/16
            internet_gateway: true
            subnets:
              public-a: {cidr: 10.0.101.0/24, az: ap-northeast-2a, tags: {kubernetes.io/role/elb: "1"}}
              private-a: {cidr: 10.0.1.0/24, az: ap-northeast-2a, tags: {kubernetes.io/role/internal-elb: "1"}}
              private-b: {cidr: 10.0.2.0/24, az: ap-northeast-2b, tags: {kubernetes.io/role/internal-elb: "1"}}
            route_tables:
              public:
                subnets: [public-a]
                routes:
                  - {destination: 0.0.0.0/0, target: igw}
                propagations: [vgw]
              private:
                subnets: [private-a, private-b]
                propagations: [vgw]
            security_groups:
              control:
                ingress:
                  - {protocol: tcp, ports: 443, source: 192.168.0.0/16}
              nodes:
                egress:
                  - {protocol: tcp, ports: 5432, destination: 192.168.0.0/16}

        vpn_gateways:
          vgw: {vpc: app}

        vpn_connections:
          vpn:
            customer_gateway: dc
            vpn_gateway: vgw
            routing: bgp
            tunnels:
              - {inside_cidr: 169.254.10.0/30, psk: {env: VPN_T1_PSK}}
              - {inside_cidr: 169.254.10.4/30, psk: {env: VPN_T2_PSK}}

        eks_clusters:
          web:
            vpc: app
            version: "1.34"
            subnets: [private-a, private-b]
            security_groups: [control]
            endpoint_access: {public: false, private: true}
            node_groups:
              workers:
                subnets: [private-a, private-b]
                instance_types: [t3.medium]
                scaling: {min_size: 1, max_size: 3, desired_size: 2}
                security_groups: [nodes]
            addons:
              vpc-cni: {}
              coredns: {version: v1.11.4-eksbuild.2}
            egress:
              - {to: db1, port: 5432}
        """

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
