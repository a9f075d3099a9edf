# Terraform resources for the AWS side of `s6-two-cgw-one-network`.
# Rendered by causeway from topology `s6-two-cgw-one-network`; re-render instead of editing.

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
      "causeway:topology" = "s6-two-cgw-one-network"
    }
  }
}

# VPC `shop`
resource "aws_vpc" "shop" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "shop"
  }
}

resource "aws_subnet" "shop_app_a" {
  vpc_id            = aws_vpc.shop.id
  cidr_block        = "10.20.1.0/24"
  availability_zone = "eu-west-1a"

  tags = {
    Name = "app-a"
  }
}

resource "aws_subnet" "shop_app_b" {
  vpc_id            = aws_vpc.shop.id
  cidr_block        = "10.20.2.0/24"
  availability_zone = "eu-west-1b"

  tags = {
    Name = "app-b"
  }
}

# Route table `private` of VPC `shop`
resource "aws_route_table" "shop_private" {
  vpc_id = aws_vpc.shop.id

  tags = {
    Name = "private"
  }
}

resource "aws_main_route_table_association" "shop_private" {
  vpc_id         = aws_vpc.shop.id
  route_table_id = aws_route_table.shop_private.id
}

resource "aws_vpn_gateway_route_propagation" "shop_private_vgw" {
  vpn_gateway_id = aws_vpn_gateway.vgw.id
  route_table_id = aws_route_table.shop_private.id
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
  vpc_id         = aws_vpc.shop.id
  vpn_gateway_id = aws_vpn_gateway.vgw.id
}

# Customer gateway `dc1`
resource "aws_customer_gateway" "dc1" {
  bgp_asn    = "65061"
  ip_address = "198.51.100.61"
  type       = "ipsec.1"

  tags = {
    Name = "dc1"
  }
}

# Customer gateway `dc2`
resource "aws_customer_gateway" "dc2" {
  bgp_asn    = "65062"
  ip_address = "198.51.100.62"
  type       = "ipsec.1"

  tags = {
    Name = "dc2"
  }
}

# VPN connection `vpn-dc1` (bgp)
resource "aws_vpn_connection" "vpn_dc1" {
  customer_gateway_id = aws_customer_gateway.dc1.id
  vpn_gateway_id      = aws_vpn_gateway.vgw.id
  type                = "ipsec.1"
  static_routes_only  = false

  # Tunnel 1
  tunnel1_inside_cidr                  = "169.254.61.0/30"
  tunnel1_preshared_key                = var.vpn_dc1_tunnel1_psk
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
  tunnel2_inside_cidr                  = "169.254.61.4/30"
  tunnel2_preshared_key                = var.vpn_dc1_tunnel2_psk
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
    Name = "vpn-dc1"
  }

  lifecycle {
    precondition {
      condition     = can(regex("^[A-Za-z1-9._][A-Za-z0-9._]{7,63}$", var.vpn_dc1_tunnel1_psk))
      error_message = "The pre-shared key of tunnel 1 of `vpn-dc1` (var.vpn_dc1_tunnel1_psk) must be 8 to 64 letters, digits, `.` and `_`, not starting with 0 (AWS's rule)."
    }
    precondition {
      condition     = can(regex("^[A-Za-z1-9._][A-Za-z0-9._]{7,63}$", var.vpn_dc1_tunnel2_psk))
      error_message = "The pre-shared key of tunnel 2 of `vpn-dc1` (var.vpn_dc1_tunnel2_psk) must be 8 to 64 letters, digits, `.` and `_`, not starting with 0 (AWS's rule)."
    }
  }
}

# Alarm: tunnel 1 of `vpn-dc1` down (only with `alarm_sns_topic_arn` set)
resource "aws_cloudwatch_metric_alarm" "vpn_dc1_tunnel1_state" {
  count               = var.alarm_sns_topic_arn == "" ? 0 : 1
  alarm_name          = "s6-two-cgw-one-network vpn-dc1 tunnel 1 down"
  alarm_description   = "Tunnel 1 of VPN connection `vpn-dc1` has not been ESTABLISHED (BGP) for 10 minutes."
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
    VpnId           = aws_vpn_connection.vpn_dc1.id
    TunnelIpAddress = aws_vpn_connection.vpn_dc1.tunnel1_address
  }
}

# Alarm: tunnel 2 of `vpn-dc1` down (only with `alarm_sns_topic_arn` set)
resource "aws_cloudwatch_metric_alarm" "vpn_dc1_tunnel2_state" {
  count               = var.alarm_sns_topic_arn == "" ? 0 : 1
  alarm_name          = "s6-two-cgw-one-network vpn-dc1 tunnel 2 down"
  alarm_description   = "Tunnel 2 of VPN connection `vpn-dc1` has not been ESTABLISHED (BGP) for 10 minutes."
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
    VpnId           = aws_vpn_connection.vpn_dc1.id
    TunnelIpAddress = aws_vpn_connection.vpn_dc1.tunnel2_address
  }
}

# VPN connection `vpn-dc2` (bgp)
resource "aws_vpn_connection" "vpn_dc2" {
  customer_gateway_id = aws_customer_gateway.dc2.id
  vpn_gateway_id      = aws_vpn_gateway.vgw.id
  type                = "ipsec.1"
  static_routes_only  = false

  # Tunnel 1
  tunnel1_inside_cidr                  = "169.254.62.0/30"
  tunnel1_preshared_key                = var.vpn_dc2_tunnel1_psk
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
  tunnel2_inside_cidr                  = "169.254.62.4/30"
  tunnel2_preshared_key                = var.vpn_dc2_tunnel2_psk
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
    Name = "vpn-dc2"
  }

  lifecycle {
    precondition {
      condition     = can(regex("^[A-Za-z1-9._][A-Za-z0-9._]{7,63}$", var.vpn_dc2_tunnel1_psk))
      error_message = "The pre-shared key of tunnel 1 of `vpn-dc2` (var.vpn_dc2_tunnel1_psk) must be 8 to 64 letters, digits, `.` and `_`, not starting with 0 (AWS's rule)."
    }
    precondition {
      condition     = can(regex("^[A-Za-z1-9._][A-Za-z0-9._]{7,63}$", var.vpn_dc2_tunnel2_psk))
      error_message = "The pre-shared key of tunnel 2 of `vpn-dc2` (var.vpn_dc2_tunnel2_psk) must be 8 to 64 letters, digits, `.` and `_`, not starting with 0 (AWS's rule)."
    }
  }
}

# Alarm: tunnel 1 of `vpn-dc2` down (only with `alarm_sns_topic_arn` set)
resource "aws_cloudwatch_metric_alarm" "vpn_dc2_tunnel1_state" {
  count               = var.alarm_sns_topic_arn == "" ? 0 : 1
  alarm_name          = "s6-two-cgw-one-network vpn-dc2 tunnel 1 down"
  alarm_description   = "Tunnel 1 of VPN connection `vpn-dc2` has not been ESTABLISHED (BGP) for 10 minutes."
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
    VpnId           = aws_vpn_connection.vpn_dc2.id
    TunnelIpAddress = aws_vpn_connection.vpn_dc2.tunnel1_address
  }
}

# Alarm: tunnel 2 of `vpn-dc2` down (only with `alarm_sns_topic_arn` set)
resource "aws_cloudwatch_metric_alarm" "vpn_dc2_tunnel2_state" {
  count               = var.alarm_sns_topic_arn == "" ? 0 : 1
  alarm_name          = "s6-two-cgw-one-network vpn-dc2 tunnel 2 down"
  alarm_description   = "Tunnel 2 of VPN connection `vpn-dc2` has not been ESTABLISHED (BGP) for 10 minutes."
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
    VpnId           = aws_vpn_connection.vpn_dc2.id
    TunnelIpAddress = aws_vpn_connection.vpn_dc2.tunnel2_address
  }
}
