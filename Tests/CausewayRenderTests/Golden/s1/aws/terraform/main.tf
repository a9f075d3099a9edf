# Terraform resources for the AWS side of `s1-cloudformation-static`.
# Rendered by causeway from topology `s1-cloudformation-static`; re-render instead of editing.

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
      "causeway:topology" = "s1-cloudformation-static"
    }
  }
}

# VPC `aws`
resource "aws_vpc" "aws" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "aws"
  }
}

resource "aws_internet_gateway" "aws" {
  vpc_id = aws_vpc.aws.id

  tags = {
    Name = "aws"
  }
}

resource "aws_subnet" "aws_public" {
  vpc_id            = aws_vpc.aws.id
  cidr_block        = "10.0.0.0/24"
  availability_zone = "ap-northeast-2a"

  tags = {
    Name = "public"
  }
}

# Route table `public-rt` of VPC `aws`
resource "aws_route_table" "aws_public_rt" {
  vpc_id = aws_vpc.aws.id

  tags = {
    Name = "public-rt"
  }
}

resource "aws_main_route_table_association" "aws_public_rt" {
  vpc_id         = aws_vpc.aws.id
  route_table_id = aws_route_table.aws_public_rt.id
}

resource "aws_route_table_association" "aws_public_rt_public" {
  subnet_id      = aws_subnet.aws_public.id
  route_table_id = aws_route_table.aws_public_rt.id
}

resource "aws_route" "aws_public_rt_0_0_0_0_0" {
  route_table_id         = aws_route_table.aws_public_rt.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.aws.id
}

resource "aws_route" "aws_public_rt_10_60_0_0_16" {
  route_table_id         = aws_route_table.aws_public_rt.id
  destination_cidr_block = "10.60.0.0/16"
  gateway_id             = aws_vpn_gateway.vgw.id
  depends_on             = [aws_vpn_gateway_attachment.vgw]
}

resource "aws_vpn_gateway_route_propagation" "aws_public_rt_vgw" {
  vpn_gateway_id = aws_vpn_gateway.vgw.id
  route_table_id = aws_route_table.aws_public_rt.id
  depends_on     = [aws_vpn_gateway_attachment.vgw]
}

# Virtual private gateway `vgw`
resource "aws_vpn_gateway" "vgw" {
  amazon_side_asn = "64512"

  tags = {
    Name = "vgw"
  }
}

resource "aws_vpn_gateway_attachment" "vgw" {
  vpc_id         = aws_vpc.aws.id
  vpn_gateway_id = aws_vpn_gateway.vgw.id
}

# Customer gateway `idc-cgw`
resource "aws_customer_gateway" "idc_cgw" {
  bgp_asn    = "65000"
  ip_address = "13.125.10.20"
  type       = "ipsec.1"

  tags = {
    Name = "idc-cgw"
  }
}

# VPN connection `vpn` (static)
resource "aws_vpn_connection" "vpn" {
  customer_gateway_id = aws_customer_gateway.idc_cgw.id
  vpn_gateway_id      = aws_vpn_gateway.vgw.id
  type                = "ipsec.1"
  static_routes_only  = true

  # Tunnel 1
  tunnel1_inside_cidr                  = "169.254.60.0/30"
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
  tunnel2_inside_cidr                  = "169.254.60.4/30"
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
  alarm_name          = "s1-cloudformation-static vpn tunnel 1 down"
  alarm_description   = "Tunnel 1 of VPN connection `vpn` has not been UP for 10 minutes."
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

resource "aws_vpn_connection_route" "vpn_10_60_0_0_16" {
  vpn_connection_id      = aws_vpn_connection.vpn.id
  destination_cidr_block = "10.60.0.0/16"
}
