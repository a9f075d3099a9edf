# Terraform resources for the AWS side of `s5-dx-vpn-backup`.
# Rendered by causeway from topology `s5-dx-vpn-backup`; re-render instead of editing.

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
  region = "eu-west-1"
  default_tags {
    tags = {
      "causeway:topology" = "s5-dx-vpn-backup"
    }
  }
}

# VPC `prod`
resource "aws_vpc" "prod" {
  cidr_block           = "10.50.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "prod"
  }
}

resource "aws_subnet" "prod_app_a" {
  vpc_id            = aws_vpc.prod.id
  cidr_block        = "10.50.1.0/24"
  availability_zone = "eu-west-1a"

  tags = {
    Name = "app-a"
  }
}

resource "aws_subnet" "prod_app_b" {
  vpc_id            = aws_vpc.prod.id
  cidr_block        = "10.50.2.0/24"
  availability_zone = "eu-west-1b"

  tags = {
    Name = "app-b"
  }
}

# Route table `app` of VPC `prod`
resource "aws_route_table" "prod_app" {
  vpc_id = aws_vpc.prod.id

  tags = {
    Name = "app"
  }
}

resource "aws_main_route_table_association" "prod_app" {
  vpc_id         = aws_vpc.prod.id
  route_table_id = aws_route_table.prod_app.id
}

resource "aws_route" "prod_app_172_16_0_0_16" {
  route_table_id         = aws_route_table.prod_app.id
  destination_cidr_block = "172.16.0.0/16"
  transit_gateway_id     = aws_ec2_transit_gateway.tgw.id
  depends_on             = [aws_ec2_transit_gateway_vpc_attachment.tgw_prod_att]
}

# VPC `shared`
resource "aws_vpc" "shared" {
  cidr_block           = "10.60.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "shared"
  }
}

resource "aws_subnet" "shared_svc_a" {
  vpc_id            = aws_vpc.shared.id
  cidr_block        = "10.60.1.0/24"
  availability_zone = "eu-west-1a"

  tags = {
    Name = "svc-a"
  }
}

# Route table `svc` of VPC `shared`
resource "aws_route_table" "shared_svc" {
  vpc_id = aws_vpc.shared.id

  tags = {
    Name = "svc"
  }
}

resource "aws_main_route_table_association" "shared_svc" {
  vpc_id         = aws_vpc.shared.id
  route_table_id = aws_route_table.shared_svc.id
}

resource "aws_route" "shared_svc_172_16_0_0_16" {
  route_table_id         = aws_route_table.shared_svc.id
  destination_cidr_block = "172.16.0.0/16"
  transit_gateway_id     = aws_ec2_transit_gateway.tgw.id
  depends_on             = [aws_ec2_transit_gateway_vpc_attachment.tgw_shared_att]
}

# Customer gateway `dc`
resource "aws_customer_gateway" "dc" {
  bgp_asn    = "65050"
  ip_address = "198.51.100.50"
  type       = "ipsec.1"

  tags = {
    Name = "dc"
  }
}

# Direct Connect gateway `dxgw`
resource "aws_dx_gateway" "dxgw" {
  name            = "dxgw"
  amazon_side_asn = "64600"
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

# Association of Direct Connect gateway `dxgw` with `tgw`
resource "aws_dx_gateway_association" "dxgw_tgw" {
  dx_gateway_id         = aws_dx_gateway.dxgw.id
  associated_gateway_id = aws_ec2_transit_gateway.tgw.id
  allowed_prefixes      = ["10.50.0.0/16", "10.60.0.0/16"]
}

# Attachment `prod-att` of VPC `prod` to transit gateway `tgw`
resource "aws_ec2_transit_gateway_vpc_attachment" "tgw_prod_att" {
  transit_gateway_id                              = aws_ec2_transit_gateway.tgw.id
  vpc_id                                          = aws_vpc.prod.id
  subnet_ids                                      = [aws_subnet.prod_app_a.id, aws_subnet.prod_app_b.id]
  transit_gateway_default_route_table_association = true
  transit_gateway_default_route_table_propagation = true

  tags = {
    Name = "prod-att"
  }
}

# Attachment `shared-att` of VPC `shared` to transit gateway `tgw`
resource "aws_ec2_transit_gateway_vpc_attachment" "tgw_shared_att" {
  transit_gateway_id                              = aws_ec2_transit_gateway.tgw.id
  vpc_id                                          = aws_vpc.shared.id
  subnet_ids                                      = [aws_subnet.shared_svc_a.id]
  transit_gateway_default_route_table_association = true
  transit_gateway_default_route_table_propagation = true

  tags = {
    Name = "shared-att"
  }
}

# The attachment AWS creates for Direct Connect gateway `dxgw` on transit gateway `tgw`
data "aws_ec2_transit_gateway_dx_gateway_attachment" "tgw_dxgw" {
  transit_gateway_id = aws_ec2_transit_gateway.tgw.id
  dx_gateway_id      = aws_dx_gateway.dxgw.id
  depends_on         = [aws_dx_gateway_association.dxgw_tgw]
}

# VPN connection `vpn` (bgp)
resource "aws_vpn_connection" "vpn" {
  customer_gateway_id = aws_customer_gateway.dc.id
  transit_gateway_id  = aws_ec2_transit_gateway.tgw.id
  type                = "ipsec.1"
  static_routes_only  = false

  # Tunnel 1
  tunnel1_inside_cidr                  = "169.254.21.0/30"
  tunnel1_preshared_key                = var.vpn_tunnel1_psk
  tunnel1_ike_versions                 = ["ikev1", "ikev2"]
  tunnel1_phase1_encryption_algorithms = ["AES128", "AES256", "AES128-GCM-16", "AES256-GCM-16"]
  tunnel1_phase1_integrity_algorithms  = ["SHA1", "SHA2-256", "SHA2-384", "SHA2-512"]
  tunnel1_phase1_dh_group_numbers      = [2, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]
  tunnel1_phase1_lifetime_seconds      = 28800
  tunnel1_phase2_encryption_algorithms = ["AES128", "AES256", "AES128-GCM-16", "AES256-GCM-16"]
  tunnel1_phase2_integrity_algorithms  = ["SHA1", "SHA2-256", "SHA2-384", "SHA2-512"]
  tunnel1_phase2_dh_group_numbers      = [2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]
  tunnel1_phase2_lifetime_seconds      = 3600
  tunnel1_rekey_margin_time_seconds    = 270
  tunnel1_rekey_fuzz_percentage        = 100
  tunnel1_replay_window_size           = 1024
  tunnel1_dpd_timeout_seconds          = 40
  tunnel1_dpd_timeout_action           = "clear"
  tunnel1_startup_action               = "add"

  # Tunnel 2
  tunnel2_inside_cidr                  = "169.254.21.4/30"
  tunnel2_preshared_key                = var.vpn_tunnel2_psk
  tunnel2_ike_versions                 = ["ikev1", "ikev2"]
  tunnel2_phase1_encryption_algorithms = ["AES128", "AES256", "AES128-GCM-16", "AES256-GCM-16"]
  tunnel2_phase1_integrity_algorithms  = ["SHA1", "SHA2-256", "SHA2-384", "SHA2-512"]
  tunnel2_phase1_dh_group_numbers      = [2, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]
  tunnel2_phase1_lifetime_seconds      = 28800
  tunnel2_phase2_encryption_algorithms = ["AES128", "AES256", "AES128-GCM-16", "AES256-GCM-16"]
  tunnel2_phase2_integrity_algorithms  = ["SHA1", "SHA2-256", "SHA2-384", "SHA2-512"]
  tunnel2_phase2_dh_group_numbers      = [2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]
  tunnel2_phase2_lifetime_seconds      = 3600
  tunnel2_rekey_margin_time_seconds    = 270
  tunnel2_rekey_fuzz_percentage        = 100
  tunnel2_replay_window_size           = 1024
  tunnel2_dpd_timeout_seconds          = 40
  tunnel2_dpd_timeout_action           = "clear"
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
  alarm_name          = "s5-dx-vpn-backup vpn tunnel 1 down"
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
  alarm_name          = "s5-dx-vpn-backup vpn tunnel 2 down"
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

# Transit virtual interface `dc-transit-vif`
resource "aws_dx_transit_virtual_interface" "dc_transit_vif" {
  connection_id    = var.dc_transit_vif_connection_id
  dx_gateway_id    = aws_dx_gateway.dxgw.id
  name             = "dc-transit-vif"
  vlan             = 210
  address_family   = "ipv4"
  bgp_asn          = 65050
  amazon_address   = "169.254.210.1/30"
  customer_address = "169.254.210.2/30"

  tags = {
    Name = "dc-transit-vif"
  }
}
