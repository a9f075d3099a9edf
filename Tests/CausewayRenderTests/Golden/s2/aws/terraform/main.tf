# Terraform resources for the AWS side of `s2-openstack`.
# Rendered by causeway from topology `s2-openstack`; re-render instead of editing.

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
      "causeway:topology" = "s2-openstack"
    }
  }
}

# VPC `my-vpc`
resource "aws_vpc" "my_vpc" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "my-vpc"
  }
}

resource "aws_internet_gateway" "my_vpc" {
  vpc_id = aws_vpc.my_vpc.id

  tags = {
    Name = "my-vpc"
  }
}

resource "aws_subnet" "my_vpc_public" {
  vpc_id            = aws_vpc.my_vpc.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "ap-northeast-2a"

  tags = {
    Name = "public"
  }
}

resource "aws_subnet" "my_vpc_private" {
  vpc_id            = aws_vpc.my_vpc.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "ap-northeast-2c"

  tags = {
    Name = "private"
  }
}

# Route table `public-rt` of VPC `my-vpc`
resource "aws_route_table" "my_vpc_public_rt" {
  vpc_id = aws_vpc.my_vpc.id

  tags = {
    Name = "public-rt"
  }
}

resource "aws_main_route_table_association" "my_vpc_public_rt" {
  vpc_id         = aws_vpc.my_vpc.id
  route_table_id = aws_route_table.my_vpc_public_rt.id
}

resource "aws_route_table_association" "my_vpc_public_rt_public" {
  subnet_id      = aws_subnet.my_vpc_public.id
  route_table_id = aws_route_table.my_vpc_public_rt.id
}

resource "aws_route" "my_vpc_public_rt_0_0_0_0_0" {
  route_table_id         = aws_route_table.my_vpc_public_rt.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.my_vpc.id
}

resource "aws_route" "my_vpc_public_rt_192_168_0_0_20" {
  route_table_id         = aws_route_table.my_vpc_public_rt.id
  destination_cidr_block = "192.168.0.0/20"
  gateway_id             = aws_vpn_gateway.vgw.id
  depends_on             = [aws_vpn_gateway_attachment.vgw]
}

# Route table `private-rt` of VPC `my-vpc`
resource "aws_route_table" "my_vpc_private_rt" {
  vpc_id = aws_vpc.my_vpc.id

  tags = {
    Name = "private-rt"
  }
}

resource "aws_route_table_association" "my_vpc_private_rt_private" {
  subnet_id      = aws_subnet.my_vpc_private.id
  route_table_id = aws_route_table.my_vpc_private_rt.id
}

resource "aws_route" "my_vpc_private_rt_192_168_0_0_20" {
  route_table_id         = aws_route_table.my_vpc_private_rt.id
  destination_cidr_block = "192.168.0.0/20"
  gateway_id             = aws_vpn_gateway.vgw.id
  depends_on             = [aws_vpn_gateway_attachment.vgw]
}

# Virtual private gateway `vgw`
resource "aws_vpn_gateway" "vgw" {
  amazon_side_asn = "64512"

  tags = {
    Name = "vgw"
  }
}

resource "aws_vpn_gateway_attachment" "vgw" {
  vpc_id         = aws_vpc.my_vpc.id
  vpn_gateway_id = aws_vpn_gateway.vgw.id
}

# Customer gateway `openstack-cgw`
resource "aws_customer_gateway" "openstack_cgw" {
  bgp_asn    = "65000"
  ip_address = "198.51.100.30"
  type       = "ipsec.1"

  tags = {
    Name = "openstack-cgw"
  }
}

# VPN connection `vpn` (static)
resource "aws_vpn_connection" "vpn" {
  customer_gateway_id      = aws_customer_gateway.openstack_cgw.id
  vpn_gateway_id           = aws_vpn_gateway.vgw.id
  type                     = "ipsec.1"
  static_routes_only       = true
  local_ipv4_network_cidr  = "192.168.0.0/20"
  remote_ipv4_network_cidr = "10.0.0.0/16"

  # Tunnel 1
  tunnel1_inside_cidr                  = "169.254.20.0/30"
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
  tunnel2_inside_cidr                  = "169.254.20.4/30"
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
  alarm_name          = "s2-openstack vpn tunnel 1 down"
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

# Alarm: tunnel 2 of `vpn` down (only with `alarm_sns_topic_arn` set)
resource "aws_cloudwatch_metric_alarm" "vpn_tunnel2_state" {
  count               = var.alarm_sns_topic_arn == "" ? 0 : 1
  alarm_name          = "s2-openstack vpn tunnel 2 down"
  alarm_description   = "Tunnel 2 of VPN connection `vpn` has not been UP for 10 minutes."
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

resource "aws_vpn_connection_route" "vpn_192_168_0_0_20" {
  vpn_connection_id      = aws_vpn_connection.vpn.id
  destination_cidr_block = "192.168.0.0/20"
}

# Route 53 health check `seoul` (global: Route 53's checkers probe it from the internet)
resource "aws_route53_health_check" "seoul" {
  type              = "HTTP"
  ip_address        = "203.0.113.80"
  port              = 80
  resource_path     = "/"
  request_interval  = 30
  failure_threshold = 3

  tags = {
    Name = "seoul"
  }
}

# Route 53 health check `tokyo` (global: Route 53's checkers probe it from the internet)
resource "aws_route53_health_check" "tokyo" {
  type              = "HTTP"
  ip_address        = "203.0.113.90"
  port              = 80
  resource_path     = "/"
  request_interval  = 30
  failure_threshold = 3

  tags = {
    Name = "tokyo"
  }
}

# Public hosted zone `skk2022.shop`
resource "aws_route53_zone" "skk2022_shop" {
  name    = "skk2022.shop"
  comment = "Public hosted zone of s2-openstack, rendered by causeway"

  tags = {
    Name = "skk2022.shop"
  }
}

resource "aws_route53_record" "skk2022_shop_gslb_A_seoul" {
  zone_id         = aws_route53_zone.skk2022_shop.zone_id
  name            = "gslb.skk2022.shop"
  type            = "A"
  ttl             = 60
  records         = ["203.0.113.80"]
  set_identifier  = "seoul"
  health_check_id = aws_route53_health_check.seoul.id
  failover_routing_policy {
    type = "PRIMARY"
  }
}

resource "aws_route53_record" "skk2022_shop_gslb_A_tokyo" {
  zone_id         = aws_route53_zone.skk2022_shop.zone_id
  name            = "gslb.skk2022.shop"
  type            = "A"
  ttl             = 60
  records         = ["203.0.113.90"]
  set_identifier  = "tokyo"
  health_check_id = aws_route53_health_check.tokyo.id
  failover_routing_policy {
    type = "SECONDARY"
  }
}

# EFS file system `efs`
resource "aws_efs_file_system" "efs" {
  creation_token = "s2-openstack-efs"

  tags = {
    Name = "efs"
  }
}

resource "aws_efs_mount_target" "efs_private" {
  file_system_id  = aws_efs_file_system.efs.id
  subnet_id       = aws_subnet.my_vpc_private.id
  ip_address      = "10.0.2.100"
  security_groups = [var.my_vpc_efs_sg_security_group_id]
}
