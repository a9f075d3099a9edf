import CausewayCore
import CausewayRender
import Testing

/// Route 53, Route 53 Resolver, health checks and EFS in the Terraform and CloudFormation
/// renders: each kind, values in, the exact block out. The properties follow the AWS provider's
/// resources (aws_route53_*, aws_efs_*) and the CloudFormation template reference
/// (AWS::Route53::*, AWS::Route53Resolver::*, AWS::EFS::*).
@Suite struct DNSTemplateRenderTests {
    static let yaml = """
        name: dns-kinds
        region: ap-northeast-2
        vpcs:
          hub:
            cidr: 10.0.0.0/16
            subnets:
              a: {cidr: 10.0.1.0/24, az: ap-northeast-2a}
              c: {cidr: 10.0.2.0/24, az: ap-northeast-2c}
            security_groups:
              dns:
                ingress:
                  - {protocol: udp, ports: 53, source: 192.168.0.0/16}
        dns:
          resolver_endpoints:
            in:
              direction: inbound
              vpc: hub
              ip_addresses:
                - {subnet: a, ip: 10.0.1.250}
                - {subnet: c, ip: 10.0.2.250}
              security_groups: [dns]
            out:
              direction: outbound
              vpc: hub
              ip_addresses:
                - {subnet: a, ip: 10.0.1.251}
                - {subnet: c, ip: 10.0.2.251}
          resolver_rules:
            corp:
              domain_name: corp.example
              rule_type: FORWARD
              target_ips: [{ip: 192.168.2.250, port: 5353}]
              resolver_endpoint: out
              vpcs: [hub]
              share_with: ["210987654321", "arn:aws:organizations::123456789012:ou/o-exampleorgid/ou-ab12-cdef3456"]
            aws-corp:
              domain_name: aws.corp.example
              rule_type: SYSTEM
          hosted_zones:
            aws.example:
              private: true
              vpcs: [hub]
              records:
                - {name: web, type: A, ttl: 300, values: [10.0.1.10]}
                - {name: www, type: A, alias: {name: web.aws.example}}
                - {name: "@", type: TXT, values: ["v=spf1 -all"]}
            shop.example:
              records:
                - {name: gslb, type: A, ttl: 60, values: [203.0.113.80], set_identifier: one, failover: PRIMARY, health_check: one}
        health_checks:
          one:
            type: HTTP
            ip_address: 203.0.113.80
            port: 80
            resource_path: /health
            request_interval: 10
            failure_threshold: 2
          two:
            type: TCP
            fully_qualified_domain_name: two.shop.example
            port: 443
        file_systems:
          share:
            vpc: hub
            tags: {team: web}
            mount_targets:
              c: {address: 10.0.2.100}
        """

    static func render() throws -> (tf: String, variables: String, outputs: String, cfn: String) {
        let r = Loader.load(text: yaml, file: "dns-kinds.yaml")
        let t = try #require(r.topology, "\(r.diagnostics.map(\.formatted))")
        let ctx = RenderContext(secrets: [:], profile: .production)
        let tf = try Terraform().render(t, context: ctx)
        let cfn = try CloudFormation().render(t, context: ctx)
        func file(_ suffix: String) -> String { tf.first { $0.path.hasSuffix(suffix) }?.contents ?? "" }
        return (file("main.tf"), file("variables.tf"), file("outputs.tf"), cfn.first?.contents ?? "")
    }

    /// Route 53 developer guide, "Values that you specify when you create or update health checks":
    /// type, IP address or domain name, port, path, request interval (10 or 30 s), failure threshold.
    @Test func healthCheck() throws {
        let r = try Self.render()
        #expect(r.tf.contains("""
            resource "aws_route53_health_check" "one" {
              type              = "HTTP"
              ip_address        = "203.0.113.80"
              port              = 80
              resource_path     = "/health"
              request_interval  = 10
              failure_threshold = 2

              tags = {
                Name = "one"
              }
            }
            """), "\(r.tf)")
        #expect(r.tf.contains("""
              type              = "TCP"
              fqdn              = "two.shop.example"
              port              = 443
              request_interval  = 30
              failure_threshold = 3
            """))
        #expect(r.cfn.contains("""
              HealthCheckOne:
                Type: AWS::Route53::HealthCheck
                Properties:
                  HealthCheckConfig:
                    Type: HTTP
                    IPAddress: "203.0.113.80"
                    Port: 80
                    ResourcePath: "/health"
                    RequestInterval: 10
                    FailureThreshold: 2
                  HealthCheckTags:
            """), "\(r.cfn)")
        #expect(r.cfn.contains("FullyQualifiedDomainName: two.shop.example"))
    }

    /// Route 53 developer guide, "Forwarding inbound DNS queries to your VPCs": an endpoint is
    /// IP addresses in subnets of one VPC with security groups. Without groups written, the
    /// VPC's default security group.
    @Test func resolverEndpoint() throws {
        let r = try Self.render()
        #expect(r.tf.contains("""
            resource "aws_route53_resolver_endpoint" "in" {
              name               = "in"
              direction          = "INBOUND"
              security_group_ids = [var.hub_dns_security_group_id]
              ip_address {
                subnet_id = aws_subnet.hub_a.id
                ip        = "10.0.1.250"
              }
              ip_address {
                subnet_id = aws_subnet.hub_c.id
                ip        = "10.0.2.250"
              }
            """), "\(r.tf)")
        #expect(r.tf.contains("security_group_ids = [aws_vpc.hub.default_security_group_id]"))
        #expect(r.variables.contains("variable \"hub_dns_security_group_id\""))
        #expect(r.cfn.contains("""
              ResolverEndpointIn:
                Type: AWS::Route53Resolver::ResolverEndpoint
                Properties:
                  Name: in
                  Direction: INBOUND
                  IpAddresses:
                    - SubnetId:
                        Ref: SubnetHubA
                      Ip: "10.0.1.250"
                    - SubnetId:
                        Ref: SubnetHubC
                      Ip: "10.0.2.250"
                  SecurityGroupIds:
                    - Ref: HubDnsSecurityGroupId
            """), "\(r.cfn)")
        #expect(r.cfn.contains("""
                  SecurityGroupIds:
                    - Fn::GetAtt:
                        - VPCHub
                        - DefaultSecurityGroup
            """))
        #expect(r.cfn.contains("  HubDnsSecurityGroupId:\n    Type: AWS::EC2::SecurityGroup::Id\n"))
    }

    /// Route 53 developer guide, "Forwarding outbound DNS queries to your network": a forward
    /// rule sends its domain to target IPs and ports through an outbound endpoint; a system rule
    /// has neither. A rule applies in the VPCs it is associated with.
    @Test func resolverRuleAndAssociation() throws {
        let r = try Self.render()
        #expect(r.tf.contains("""
            resource "aws_route53_resolver_rule" "corp" {
              name                 = "corp"
              domain_name          = "corp.example"
              rule_type            = "FORWARD"
              resolver_endpoint_id = aws_route53_resolver_endpoint.out.id
              target_ip {
                ip   = "192.168.2.250"
                port = 5353
              }
            """), "\(r.tf)")
        #expect(r.tf.contains("""
              name        = "aws-corp"
              domain_name = "aws.corp.example"
              rule_type   = "SYSTEM"

            """))
        #expect(r.tf.contains("""
            resource "aws_route53_resolver_rule_association" "corp_hub" {
              name             = "corp_hub"
              resolver_rule_id = aws_route53_resolver_rule.corp.id
              vpc_id           = aws_vpc.hub.id
            }
            """))
        #expect(r.cfn.contains("""
                  RuleType: FORWARD
                  ResolverEndpointId:
                    Fn::GetAtt:
                      - ResolverEndpointOut
                      - ResolverEndpointId
                  TargetIps:
                    - Ip: "192.168.2.250"
                      Port: "5353"
            """), "\(r.cfn)")
        #expect(r.cfn.contains("""
              ResolverRuleAssociationCorpHub:
                Type: AWS::Route53Resolver::ResolverRuleAssociation
                Properties:
                  Name: corp_hub
                  ResolverRuleId:
                    Fn::GetAtt:
                      - ResolverRuleCorp
                      - ResolverRuleId
                  VPCId:
                    Ref: VPCHub
            """))
    }

    /// Route 53 developer guide, "Sharing forwarding rules with other AWS accounts and using
    /// shared rules": an AWS RAM share holds the rule and names its principals (provider 5.x:
    /// aws_ram_resource_share, aws_ram_resource_association, aws_ram_principal_association;
    /// CloudFormation: AWS::RAM::ResourceShare with ResourceArns and Principals).
    @Test func resolverRuleShare() throws {
        let r = try Self.render()
        #expect(r.tf.contains("""
            resource "aws_ram_resource_share" "corp" {
              name                      = "corp"
              allow_external_principals = true
            """), "\(r.tf)")
        #expect(r.tf.contains("""
            resource "aws_ram_resource_association" "corp" {
              resource_arn       = aws_route53_resolver_rule.corp.arn
              resource_share_arn = aws_ram_resource_share.corp.arn
            }

            resource "aws_ram_principal_association" "corp_1" {
              principal          = "210987654321"
              resource_share_arn = aws_ram_resource_share.corp.arn
            }

            resource "aws_ram_principal_association" "corp_2" {
              principal          = "arn:aws:organizations::123456789012:ou/o-exampleorgid/ou-ab12-cdef3456"
              resource_share_arn = aws_ram_resource_share.corp.arn
            }
            """), "\(r.tf)")
        #expect(r.cfn.contains("""
              ResourceShareCorp:
                Type: AWS::RAM::ResourceShare
                Properties:
                  Name: corp
                  AllowExternalPrincipals: true
                  ResourceArns:
                    - Fn::GetAtt:
                        - ResolverRuleCorp
                        - Arn
                  Principals:
                    - "210987654321"
                    - arn:aws:organizations::123456789012:ou/o-exampleorgid/ou-ab12-cdef3456
            """), "\(r.cfn)")
    }

    /// Route 53 developer guide, "Working with private hosted zones": a private zone answers in
    /// the VPCs it is associated with; a public zone has none and is delegated by its name servers.
    @Test func hostedZones() throws {
        let r = try Self.render()
        #expect(r.tf.contains("""
            resource "aws_route53_zone" "aws_example" {
              name    = "aws.example"
              comment = "Private hosted zone of dns-kinds, rendered by causeway"
              vpc {
                vpc_id = aws_vpc.hub.id
              }
            """), "\(r.tf)")
        #expect(r.tf.contains("""
            resource "aws_route53_zone" "shop_example" {
              name    = "shop.example"
              comment = "Public hosted zone of dns-kinds, rendered by causeway"

            """))
        #expect(r.outputs.contains("aws_route53_zone.shop_example.name_servers"))
        #expect(!r.outputs.contains("aws_route53_zone.aws_example.name_servers"))
        #expect(r.cfn.contains("""
                  VPCs:
                    - VPCId:
                        Ref: VPCHub
                      VPCRegion:
                        Ref: AWS::Region
            """), "\(r.cfn)")
    }

    /// Route 53 developer guide, "Values specific for failover records" and "Values specific
    /// for simple alias records": a failover record has a set identifier, PRIMARY or SECONDARY
    /// and a health check; an alias has no TTL of its own. TXT values go in double quotes
    /// (Route 53 developer guide, "Supported DNS record types", TXT).
    @Test func recordSets() throws {
        let r = try Self.render()
        #expect(r.tf.contains("""
            resource "aws_route53_record" "shop_example_gslb_A_one" {
              zone_id         = aws_route53_zone.shop_example.zone_id
              name            = "gslb.shop.example"
              type            = "A"
              ttl             = 60
              records         = ["203.0.113.80"]
              set_identifier  = "one"
              health_check_id = aws_route53_health_check.one.id
              failover_routing_policy {
                type = "PRIMARY"
              }
            }
            """), "\(r.tf)")
        #expect(r.tf.contains("""
            resource "aws_route53_record" "aws_example_www_A" {
              zone_id = aws_route53_zone.aws_example.zone_id
              name    = "www.aws.example"
              type    = "A"
              alias {
                name                   = "web.aws.example"
                zone_id                = aws_route53_zone.aws_example.zone_id
                evaluate_target_health = false
              }
            }
            """))
        #expect(r.tf.contains("resource \"aws_route53_record\" \"aws_example_apex_TXT\""))
        #expect(r.cfn.contains("""
              RecordSetShopExampleGslbAOne:
                Type: AWS::Route53::RecordSet
                Properties:
                  HostedZoneId:
                    Ref: HostedZoneShopExample
                  Name: gslb.shop.example.
                  Type: A
                  TTL: "60"
                  ResourceRecords:
                    - "203.0.113.80"
                  SetIdentifier: one
                  Failover: PRIMARY
                  HealthCheckId:
                    Ref: HealthCheckOne
            """), "\(r.cfn)")
        #expect(r.cfn.contains("""
                  AliasTarget:
                    DNSName: web.aws.example.
                    HostedZoneId:
                      Ref: HostedZoneAwsExample
                    EvaluateTargetHealth: false
            """))
        #expect(r.cfn.contains(#"- "\"v=spf1 -all\"""#))
    }

    /// Amazon EFS user guide, "Managing mount targets": one mount target per subnet, with an IP
    /// address in it and security groups (the VPC's default one when none are given).
    @Test func fileSystemAndMountTarget() throws {
        let r = try Self.render()
        #expect(r.tf.contains("""
            resource "aws_efs_file_system" "share" {
              creation_token = "dns-kinds-share"

              tags = {
                Name = "share"
                team = "web"
              }
            }
            """), "\(r.tf)")
        #expect(r.tf.contains("""
            resource "aws_efs_mount_target" "share_c" {
              file_system_id  = aws_efs_file_system.share.id
              subnet_id       = aws_subnet.hub_c.id
              ip_address      = "10.0.2.100"
              security_groups = [aws_vpc.hub.default_security_group_id]
            }
            """))
        #expect(r.cfn.contains("""
              MountTargetShareC:
                Type: AWS::EFS::MountTarget
                Properties:
                  FileSystemId:
                    Ref: FileSystemShare
                  SubnetId:
                    Ref: SubnetHubC
                  IpAddress: "10.0.2.100"
                  SecurityGroups:
                    - Fn::GetAtt:
                        - VPCHub
                        - DefaultSecurityGroup
            """), "\(r.cfn)")
    }

    /// An adopted health check (`id:`) is not created, and the failover record names its id; an
    /// adopted VPC's default security group is an input (the template cannot read it).
    @Test func adoptedHealthCheckAndVPC() throws {
        let text = Self.yaml
            .replacingOccurrences(of: "\n  one:\n", with: "\n  one:\n    id: 11111111-2222-3333-4444-555555555555\n")
            .replacingOccurrences(of: "\n  hub:\n", with: "\n  hub:\n    id: vpc-0123456789abcdef0\n")
        let r = Loader.load(text: text, file: "dns-kinds.yaml")
        let t = try #require(r.topology, "\(r.diagnostics.map(\.formatted))")
        let ctx = RenderContext(secrets: [:], profile: .production)
        let tf = try Terraform().render(t, context: ctx)
        let main = try #require(tf.first { $0.path.hasSuffix("main.tf") }).contents
        let variables = try #require(tf.first { $0.path.hasSuffix("variables.tf") }).contents
        let cfn = try #require(try CloudFormation().render(t, context: ctx).first).contents
        #expect(!main.contains("resource \"aws_route53_health_check\" \"one\""))
        #expect(main.contains("health_check_id = \"11111111-2222-3333-4444-555555555555\""), "\(main)")
        #expect(!cfn.contains("HealthCheckOne:"))
        #expect(cfn.contains("HealthCheckId: \"11111111-2222-3333-4444-555555555555\""))
        #expect(main.contains("security_groups = [var.hub_default_security_group_id]"))
        #expect(variables.contains("variable \"hub_default_security_group_id\""))
        #expect(cfn.contains("  HubDefaultSecurityGroupId:\n    Type: AWS::EC2::SecurityGroup::Id\n"))
        #expect(AWSResources(t).securityGroupInputs.map(\.group) == ["dns", "default"])
    }

    /// Every Route 53, Resolver, health check and EFS resource of the examples is in both
    /// templates, and `render` warns about none of them.
    @Test(arguments: [Scenario.s2, .s3])
    func everyResourceIsPrinted(_ s: Scenario) throws {
        let t = try s.topology()
        let d = AWSResources(t)
        let main = try #require(try s.renderAll().file("aws/terraform/main.tf")).contents
        let template = try #require(try s.renderAll().file("aws/cloudformation/template.yaml")).contents
        #expect(!d.route53.isEmpty)
        for r in d.route53 {
            #expect(main.contains("resource \"\(r.kind.terraformType)\" \"\(TerraformNames.id(r.names))\""), "terraform lacks \(r.key)")
            #expect(template.contains("Type: \(r.kind.cloudFormationType)\n"), "cloudformation lacks \(r.key)")
        }
        #expect(RenderRules.notPrinted(t, template: "Terraform").isEmpty)
        #expect(RenderRules.notPrinted(t, template: "CloudFormation").isEmpty)
    }

    /// A resource that refers to something the topology lacks is left out of both templates,
    /// with a `render-not-in-template` warning at its node.
    @Test func anUnresolvedReferenceIsLeftOutAndNamed() throws {
        let text = Self.yaml.replacingOccurrences(of: "      resolver_endpoint: out\n", with: "      resolver_endpoint: nowhere\n")
        let r = Loader.load(text: text, file: "dns-kinds.yaml")
        let t = try #require(r.topology, "\(r.diagnostics.map(\.formatted))")
        let ctx = RenderContext(secrets: [:], profile: .production)
        let main = try #require(try Terraform().render(t, context: ctx).first { $0.path.hasSuffix("main.tf") }).contents
        #expect(!main.contains("aws_route53_resolver_rule\" \"corp\""))
        #expect(main.contains("aws_route53_resolver_rule\" \"aws_corp\""))
        let w = RenderRules.notPrinted(t, template: "CloudFormation")
        #expect(main.contains("resource \"aws_route53_zone\""))
        #expect(!main.contains("aws_route53_resolver_rule_association"), "the association of a rule left out is left out too")
        #expect(!main.contains("aws_ram_"), "so is its share")
        #expect(w.count == 3 && w.first?.rule == RenderRules.notInTemplate.id && w.first?.severity == .warning, "\(w)")
        #expect(w.first?.message.contains("dns/endpoint/nowhere") == true)
        #expect(w.first.map { $0.location.line > 1 } == true)
    }
}
