# Terraform resources for the AWS side of `s3-tgw-bgp-strongswan`.
# Rendered by causeway from topology `s3-tgw-bgp-strongswan`; re-render instead of editing.

terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.40"
    }
  }
}

provider "aws" {
  region = "ap-northeast-2"
  default_tags {
    tags = {
      "causeway:topology" = "s3-tgw-bgp-strongswan"
    }
  }
}

# VPC `seoul`
resource "aws_vpc" "seoul" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "seoul"
  }
}

resource "aws_subnet" "seoul_private_a" {
  vpc_id            = aws_vpc.seoul.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "ap-northeast-2a"

  tags = {
    Name = "private-a"
  }
}

resource "aws_subnet" "seoul_private_c" {
  vpc_id            = aws_vpc.seoul.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "ap-northeast-2c"

  tags = {
    Name = "private-c"
  }
}

resource "aws_subnet" "seoul_web_a" {
  vpc_id            = aws_vpc.seoul.id
  cidr_block        = "10.0.10.0/24"
  availability_zone = "ap-northeast-2a"

  tags = {
    Name = "web-a"
  }
}

resource "aws_subnet" "seoul_web_c" {
  vpc_id            = aws_vpc.seoul.id
  cidr_block        = "10.0.20.0/24"
  availability_zone = "ap-northeast-2c"

  tags = {
    Name = "web-c"
  }
}

# Route table `private` of VPC `seoul`
resource "aws_route_table" "seoul_private" {
  vpc_id = aws_vpc.seoul.id

  tags = {
    Name = "private"
  }
}

resource "aws_main_route_table_association" "seoul_private" {
  vpc_id         = aws_vpc.seoul.id
  route_table_id = aws_route_table.seoul_private.id
}

resource "aws_route" "seoul_private_192_168_0_0_16" {
  route_table_id         = aws_route_table.seoul_private.id
  destination_cidr_block = "192.168.0.0/16"
  transit_gateway_id     = aws_ec2_transit_gateway.tgw.id
  depends_on             = [aws_ec2_transit_gateway_vpc_attachment.tgw_seoul_vpc]
}

# Customer gateway `idc-cgw`
resource "aws_customer_gateway" "idc_cgw" {
  bgp_asn    = "65016"
  ip_address = "198.51.100.16"
  type       = "ipsec.1"

  tags = {
    Name = "idc-cgw"
  }
}

# Transit gateway `tgw`
resource "aws_ec2_transit_gateway" "tgw" {
  amazon_side_asn                 = 64512
  default_route_table_association = "enable"
  default_route_table_propagation = "enable"
  vpn_ecmp_support                = "enable"

  tags = {
    Name = "tgw"
  }
}

# Attachment `seoul-vpc` of VPC `seoul` to transit gateway `tgw`
resource "aws_ec2_transit_gateway_vpc_attachment" "tgw_seoul_vpc" {
  transit_gateway_id                              = aws_ec2_transit_gateway.tgw.id
  vpc_id                                          = aws_vpc.seoul.id
  subnet_ids                                      = [aws_subnet.seoul_private_a.id, aws_subnet.seoul_private_c.id]
  transit_gateway_default_route_table_association = true
  transit_gateway_default_route_table_propagation = true

  tags = {
    Name = "seoul-vpc"
  }
}

# VPN connection `vpn` (bgp)
resource "aws_vpn_connection" "vpn" {
  customer_gateway_id = aws_customer_gateway.idc_cgw.id
  transit_gateway_id  = aws_ec2_transit_gateway.tgw.id
  type                = "ipsec.1"
  static_routes_only  = false

  # Tunnel 1
  tunnel1_inside_cidr                  = "169.254.11.0/30"
  tunnel1_preshared_key                = var.vpn_tunnel1_psk
  tunnel1_ike_versions                 = ["ikev1"]
  tunnel1_phase1_encryption_algorithms = ["AES128"]
  tunnel1_phase1_integrity_algorithms  = ["SHA1"]
  tunnel1_phase1_dh_group_numbers      = [2]
  tunnel1_phase1_lifetime_seconds      = 28800
  tunnel1_phase2_encryption_algorithms = ["AES128"]
  tunnel1_phase2_integrity_algorithms  = ["SHA1"]
  tunnel1_phase2_dh_group_numbers      = [2]
  tunnel1_phase2_lifetime_seconds      = 3600
  tunnel1_rekey_margin_time_seconds    = 270
  tunnel1_rekey_fuzz_percentage        = 100
  tunnel1_replay_window_size           = 1024
  tunnel1_dpd_timeout_seconds          = 30
  tunnel1_dpd_timeout_action           = "restart"
  tunnel1_startup_action               = "add"

  # Tunnel 2
  tunnel2_inside_cidr                  = "169.254.12.0/30"
  tunnel2_preshared_key                = var.vpn_tunnel2_psk
  tunnel2_ike_versions                 = ["ikev1"]
  tunnel2_phase1_encryption_algorithms = ["AES128"]
  tunnel2_phase1_integrity_algorithms  = ["SHA1"]
  tunnel2_phase1_dh_group_numbers      = [2]
  tunnel2_phase1_lifetime_seconds      = 28800
  tunnel2_phase2_encryption_algorithms = ["AES128"]
  tunnel2_phase2_integrity_algorithms  = ["SHA1"]
  tunnel2_phase2_dh_group_numbers      = [2]
  tunnel2_phase2_lifetime_seconds      = 3600
  tunnel2_rekey_margin_time_seconds    = 270
  tunnel2_rekey_fuzz_percentage        = 100
  tunnel2_replay_window_size           = 1024
  tunnel2_dpd_timeout_seconds          = 30
  tunnel2_dpd_timeout_action           = "restart"
  tunnel2_startup_action               = "add"

  tags = {
    Name = "vpn"
  }

  lifecycle {
    precondition {
      condition     = can(regex("^[A-Za-z1-9._][A-Za-z0-9._]{7,63}$", var.vpn_tunnel1_psk))
      error_message = "The pre-shared key of tunnel 1 of `vpn` (var.vpn_tunnel1_psk) must be 8 to 64 letters, digits, `.` and `_`, not starting with 0 (AWS's rule)."
    }
    precondition {
      condition     = can(regex("^[A-Za-z1-9._][A-Za-z0-9._]{7,63}$", var.vpn_tunnel2_psk))
      error_message = "The pre-shared key of tunnel 2 of `vpn` (var.vpn_tunnel2_psk) must be 8 to 64 letters, digits, `.` and `_`, not starting with 0 (AWS's rule)."
    }
  }
}

# Alarm: tunnel 1 of `vpn` down (only with `alarm_sns_topic_arn` set)
resource "aws_cloudwatch_metric_alarm" "vpn_tunnel1_state" {
  count               = var.alarm_sns_topic_arn == "" ? 0 : 1
  alarm_name          = "s3-tgw-bgp-strongswan vpn tunnel 1 down"
  alarm_description   = "Tunnel 1 of VPN connection `vpn` has not been ESTABLISHED (BGP) for 10 minutes."
  namespace           = "AWS/VPN"
  metric_name         = "TunnelState"
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "LessThanThreshold"
  threshold           = 1
  treat_missing_data  = "breaching"
  alarm_actions       = [var.alarm_sns_topic_arn]
  ok_actions          = [var.alarm_sns_topic_arn]

  dimensions = {
    VpnId           = aws_vpn_connection.vpn.id
    TunnelIpAddress = aws_vpn_connection.vpn.tunnel1_address
  }
}

# Alarm: tunnel 2 of `vpn` down (only with `alarm_sns_topic_arn` set)
resource "aws_cloudwatch_metric_alarm" "vpn_tunnel2_state" {
  count               = var.alarm_sns_topic_arn == "" ? 0 : 1
  alarm_name          = "s3-tgw-bgp-strongswan vpn tunnel 2 down"
  alarm_description   = "Tunnel 2 of VPN connection `vpn` has not been ESTABLISHED (BGP) for 10 minutes."
  namespace           = "AWS/VPN"
  metric_name         = "TunnelState"
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "LessThanThreshold"
  threshold           = 1
  treat_missing_data  = "breaching"
  alarm_actions       = [var.alarm_sns_topic_arn]
  ok_actions          = [var.alarm_sns_topic_arn]

  dimensions = {
    VpnId           = aws_vpn_connection.vpn.id
    TunnelIpAddress = aws_vpn_connection.vpn.tunnel2_address
  }
}

# Route 53 Resolver inbound endpoint `inbound`
resource "aws_route53_resolver_endpoint" "inbound" {
  name               = "inbound"
  direction          = "INBOUND"
  security_group_ids = [var.seoul_resolver_security_group_id]
  ip_address {
    subnet_id = aws_subnet.seoul_private_a.id
    ip        = "10.0.1.250"
  }
  ip_address {
    subnet_id = aws_subnet.seoul_private_c.id
    ip        = "10.0.2.250"
  }

  tags = {
    Name = "inbound"
  }
}

# Route 53 Resolver outbound endpoint `outbound`
resource "aws_route53_resolver_endpoint" "outbound" {
  name               = "outbound"
  direction          = "OUTBOUND"
  security_group_ids = [var.seoul_resolver_security_group_id]
  ip_address {
    subnet_id = aws_subnet.seoul_private_a.id
    ip        = "10.0.1.251"
  }
  ip_address {
    subnet_id = aws_subnet.seoul_private_c.id
    ip        = "10.0.2.251"
  }

  tags = {
    Name = "outbound"
  }
}

# Route 53 Resolver rule `anycompany-corp` (anycompany.corp)
resource "aws_route53_resolver_rule" "anycompany_corp" {
  name                 = "anycompany-corp"
  domain_name          = "anycompany.corp"
  rule_type            = "FORWARD"
  resolver_endpoint_id = aws_route53_resolver_endpoint.outbound.id
  target_ip {
    ip   = "192.168.2.250"
    port = 53
  }

  tags = {
    Name = "anycompany-corp"
  }
}

resource "aws_route53_resolver_rule_association" "anycompany_corp_seoul" {
  name             = "anycompany_corp_seoul"
  resolver_rule_id = aws_route53_resolver_rule.anycompany_corp.id
  vpc_id           = aws_vpc.seoul.id
}

# Private hosted zone `awsanycompany.corp`
resource "aws_route53_zone" "awsanycompany_corp" {
  name    = "awsanycompany.corp"
  comment = "Private hosted zone of s3-tgw-bgp-strongswan, rendered by causeway"
  vpc {
    vpc_id = aws_vpc.seoul.id
  }

  tags = {
    Name = "awsanycompany.corp"
  }
}

resource "aws_route53_record" "awsanycompany_corp_web1_A" {
  zone_id = aws_route53_zone.awsanycompany_corp.zone_id
  name    = "web1.awsanycompany.corp"
  type    = "A"
  ttl     = 300
  records = ["10.0.10.10"]
}

resource "aws_route53_record" "awsanycompany_corp_web2_A" {
  zone_id = aws_route53_zone.awsanycompany_corp.zone_id
  name    = "web2.awsanycompany.corp"
  type    = "A"
  ttl     = 300
  records = ["10.0.20.10"]
}

# The server certificate of Client VPN endpoint `remote-access` (ACM import)
resource "aws_acm_certificate" "remote_access_server" {
  private_key       = file("${path.module}/../../client-vpn/remote-access/acm/server.key")
  certificate_body  = file("${path.module}/../../client-vpn/remote-access/acm/server.crt")
  certificate_chain = file("${path.module}/../../client-vpn/remote-access/acm/server-chain.crt")

  tags = {
    Name = "remote-access server"
  }
}

# The client root certificate chain of Client VPN endpoint `remote-access` (ACM import)
resource "aws_acm_certificate" "remote_access_client_root" {
  private_key       = file("${path.module}/../../client-vpn/remote-access/acm/client-root.key")
  certificate_body  = file("${path.module}/../../client-vpn/remote-access/acm/client-root.crt")
  certificate_chain = file("${path.module}/../../client-vpn/remote-access/acm/client-root-chain.crt")

  tags = {
    Name = "remote-access client-root"
  }
}

# The connect handler `AWSClientVPN-weekday-ip-policy` of Client VPN endpoint `remote-access`: its role (logs only) and function
resource "aws_iam_role" "remote_access_AWSClientVPN_weekday_ip_policy_role" {
  name               = "AWSClientVPN-weekday-ip-policy-role"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })

  tags = {
    Name = "AWSClientVPN-weekday-ip-policy"
  }
}

resource "aws_iam_role_policy_attachment" "remote_access_AWSClientVPN_weekday_ip_policy_role" {
  role       = aws_iam_role.remote_access_AWSClientVPN_weekday_ip_policy_role.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "terraform_data" "remote_access_AWSClientVPN_weekday_ip_policy_zip" {
  triggers_replace = filesha256("${path.module}/../../client-vpn/remote-access/connect-handler/lambda_function.py")
  provisioner "local-exec" {
    command     = "python3 -m zipfile -c lambda_function.zip lambda_function.py"
    working_dir = "${path.module}/../../client-vpn/remote-access/connect-handler"
  }
}

resource "aws_lambda_function" "remote_access_AWSClientVPN_weekday_ip_policy" {
  function_name = "AWSClientVPN-weekday-ip-policy"
  role          = aws_iam_role.remote_access_AWSClientVPN_weekday_ip_policy_role.arn
  runtime       = "python3.12"
  handler       = "lambda_function.lambda_handler"
  filename      = "${path.module}/../../client-vpn/remote-access/connect-handler/lambda_function.zip"

  tags = {
    Name = "AWSClientVPN-weekday-ip-policy"
  }
  depends_on = [terraform_data.remote_access_AWSClientVPN_weekday_ip_policy_zip, aws_iam_role_policy_attachment.remote_access_AWSClientVPN_weekday_ip_policy_role]
  lifecycle {
    replace_triggered_by = [terraform_data.remote_access_AWSClientVPN_weekday_ip_policy_zip]
  }
}

# Client VPN endpoint `remote-access`
resource "aws_ec2_client_vpn_endpoint" "remote_access" {
  description            = "remote-access"
  client_cidr_block      = "172.16.0.0/22"
  server_certificate_arn = aws_acm_certificate.remote_access_server.arn
  split_tunnel           = true
  transport_protocol     = "udp"
  vpn_port               = 443
  session_timeout_hours  = 24
  vpc_id                 = aws_vpc.seoul.id
  security_group_ids     = [var.seoul_client_vpn_security_group_id]
  authentication_options {
    type                       = "certificate-authentication"
    root_certificate_chain_arn = aws_acm_certificate.remote_access_client_root.arn
  }
  connection_log_options {
    enabled = false
  }
  client_connect_options {
    enabled             = true
    lambda_function_arn = aws_lambda_function.remote_access_AWSClientVPN_weekday_ip_policy.arn
  }

  tags = {
    Name = "remote-access"
  }
}

resource "aws_ec2_client_vpn_network_association" "remote_access_private_a" {
  client_vpn_endpoint_id = aws_ec2_client_vpn_endpoint.remote_access.id
  subnet_id              = aws_subnet.seoul_private_a.id
}

resource "aws_ec2_client_vpn_network_association" "remote_access_private_c" {
  client_vpn_endpoint_id = aws_ec2_client_vpn_endpoint.remote_access.id
  subnet_id              = aws_subnet.seoul_private_c.id
}

resource "aws_ec2_client_vpn_authorization_rule" "remote_access_authorize_192_168_0_0_16" {
  client_vpn_endpoint_id = aws_ec2_client_vpn_endpoint.remote_access.id
  target_network_cidr    = "192.168.0.0/16"
  authorize_all_groups   = true
  description            = "IDC"
}

resource "aws_ec2_client_vpn_route" "remote_access_private_a_192_168_0_0_16" {
  client_vpn_endpoint_id = aws_ec2_client_vpn_endpoint.remote_access.id
  destination_cidr_block = "192.168.0.0/16"
  target_vpc_subnet_id   = aws_ec2_client_vpn_network_association.remote_access_private_a.subnet_id
  description            = "IDC"
}

resource "aws_ec2_client_vpn_route" "remote_access_private_c_192_168_0_0_16" {
  client_vpn_endpoint_id = aws_ec2_client_vpn_endpoint.remote_access.id
  destination_cidr_block = "192.168.0.0/16"
  target_vpc_subnet_id   = aws_ec2_client_vpn_network_association.remote_access_private_c.subnet_id
  description            = "IDC"
}
