# Terraform resources for the AWS side of `s4-tgw-segmentation`.
# Rendered by causeway from topology `s4-tgw-segmentation`; re-render instead of editing.

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
      "causeway:topology" = "s4-tgw-segmentation"
    }
  }
}

# VPC `vpc-a`
resource "aws_vpc" "vpc_a" {
  cidr_block           = "10.10.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "vpc-a"
  }
}

resource "aws_internet_gateway" "vpc_a" {
  vpc_id = aws_vpc.vpc_a.id

  tags = {
    Name = "vpc-a"
  }
}

resource "aws_subnet" "vpc_a_a_public_1" {
  vpc_id            = aws_vpc.vpc_a.id
  cidr_block        = "10.10.0.0/20"
  availability_zone = "ap-northeast-2a"

  tags = {
    Name = "a-public-1"
  }
}

resource "aws_subnet" "vpc_a_a_public_2" {
  vpc_id            = aws_vpc.vpc_a.id
  cidr_block        = "10.10.16.0/20"
  availability_zone = "ap-northeast-2c"

  tags = {
    Name = "a-public-2"
  }
}

resource "aws_subnet" "vpc_a_a_private_1" {
  vpc_id            = aws_vpc.vpc_a.id
  cidr_block        = "10.10.128.0/20"
  availability_zone = "ap-northeast-2a"

  tags = {
    Name = "a-private-1"
  }
}

resource "aws_subnet" "vpc_a_a_private_2" {
  vpc_id            = aws_vpc.vpc_a.id
  cidr_block        = "10.10.144.0/20"
  availability_zone = "ap-northeast-2c"

  tags = {
    Name = "a-private-2"
  }
}

# Route table `a-public` of VPC `vpc-a`
resource "aws_route_table" "vpc_a_a_public" {
  vpc_id = aws_vpc.vpc_a.id

  tags = {
    Name = "a-public"
  }
}

resource "aws_route_table_association" "vpc_a_a_public_a_public_1" {
  subnet_id      = aws_subnet.vpc_a_a_public_1.id
  route_table_id = aws_route_table.vpc_a_a_public.id
}

resource "aws_route_table_association" "vpc_a_a_public_a_public_2" {
  subnet_id      = aws_subnet.vpc_a_a_public_2.id
  route_table_id = aws_route_table.vpc_a_a_public.id
}

resource "aws_route" "vpc_a_a_public_0_0_0_0_0" {
  route_table_id         = aws_route_table.vpc_a_a_public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.vpc_a.id
}

resource "aws_route" "vpc_a_a_public_10_30_0_0_16" {
  route_table_id         = aws_route_table.vpc_a_a_public.id
  destination_cidr_block = "10.30.0.0/16"
  transit_gateway_id     = aws_ec2_transit_gateway.tgw.id
  depends_on             = [aws_ec2_transit_gateway_vpc_attachment.tgw_att_a]
}

# Route table `a-private` of VPC `vpc-a`
resource "aws_route_table" "vpc_a_a_private" {
  vpc_id = aws_vpc.vpc_a.id

  tags = {
    Name = "a-private"
  }
}

resource "aws_route_table_association" "vpc_a_a_private_a_private_1" {
  subnet_id      = aws_subnet.vpc_a_a_private_1.id
  route_table_id = aws_route_table.vpc_a_a_private.id
}

resource "aws_route_table_association" "vpc_a_a_private_a_private_2" {
  subnet_id      = aws_subnet.vpc_a_a_private_2.id
  route_table_id = aws_route_table.vpc_a_a_private.id
}

resource "aws_route" "vpc_a_a_private_10_30_0_0_16" {
  route_table_id         = aws_route_table.vpc_a_a_private.id
  destination_cidr_block = "10.30.0.0/16"
  transit_gateway_id     = aws_ec2_transit_gateway.tgw.id
  depends_on             = [aws_ec2_transit_gateway_vpc_attachment.tgw_att_a]
}

# VPC `vpc-b`
resource "aws_vpc" "vpc_b" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "vpc-b"
  }
}

resource "aws_internet_gateway" "vpc_b" {
  vpc_id = aws_vpc.vpc_b.id

  tags = {
    Name = "vpc-b"
  }
}

resource "aws_subnet" "vpc_b_b_public_1" {
  vpc_id            = aws_vpc.vpc_b.id
  cidr_block        = "10.20.0.0/20"
  availability_zone = "ap-northeast-2a"

  tags = {
    Name = "b-public-1"
  }
}

resource "aws_subnet" "vpc_b_b_public_2" {
  vpc_id            = aws_vpc.vpc_b.id
  cidr_block        = "10.20.16.0/20"
  availability_zone = "ap-northeast-2c"

  tags = {
    Name = "b-public-2"
  }
}

resource "aws_subnet" "vpc_b_b_private_1" {
  vpc_id            = aws_vpc.vpc_b.id
  cidr_block        = "10.20.128.0/20"
  availability_zone = "ap-northeast-2a"

  tags = {
    Name = "b-private-1"
  }
}

resource "aws_subnet" "vpc_b_b_private_2" {
  vpc_id            = aws_vpc.vpc_b.id
  cidr_block        = "10.20.144.0/20"
  availability_zone = "ap-northeast-2c"

  tags = {
    Name = "b-private-2"
  }
}

# Route table `b-public` of VPC `vpc-b`
resource "aws_route_table" "vpc_b_b_public" {
  vpc_id = aws_vpc.vpc_b.id

  tags = {
    Name = "b-public"
  }
}

resource "aws_route_table_association" "vpc_b_b_public_b_public_1" {
  subnet_id      = aws_subnet.vpc_b_b_public_1.id
  route_table_id = aws_route_table.vpc_b_b_public.id
}

resource "aws_route_table_association" "vpc_b_b_public_b_public_2" {
  subnet_id      = aws_subnet.vpc_b_b_public_2.id
  route_table_id = aws_route_table.vpc_b_b_public.id
}

resource "aws_route" "vpc_b_b_public_0_0_0_0_0" {
  route_table_id         = aws_route_table.vpc_b_b_public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.vpc_b.id
}

resource "aws_route" "vpc_b_b_public_10_30_0_0_16" {
  route_table_id         = aws_route_table.vpc_b_b_public.id
  destination_cidr_block = "10.30.0.0/16"
  transit_gateway_id     = aws_ec2_transit_gateway.tgw.id
  depends_on             = [aws_ec2_transit_gateway_vpc_attachment.tgw_att_b]
}

# Route table `b-private` of VPC `vpc-b`
resource "aws_route_table" "vpc_b_b_private" {
  vpc_id = aws_vpc.vpc_b.id

  tags = {
    Name = "b-private"
  }
}

resource "aws_route_table_association" "vpc_b_b_private_b_private_1" {
  subnet_id      = aws_subnet.vpc_b_b_private_1.id
  route_table_id = aws_route_table.vpc_b_b_private.id
}

resource "aws_route_table_association" "vpc_b_b_private_b_private_2" {
  subnet_id      = aws_subnet.vpc_b_b_private_2.id
  route_table_id = aws_route_table.vpc_b_b_private.id
}

resource "aws_route" "vpc_b_b_private_10_30_0_0_16" {
  route_table_id         = aws_route_table.vpc_b_b_private.id
  destination_cidr_block = "10.30.0.0/16"
  transit_gateway_id     = aws_ec2_transit_gateway.tgw.id
  depends_on             = [aws_ec2_transit_gateway_vpc_attachment.tgw_att_b]
}

# Customer gateway `cgw-c`
resource "aws_customer_gateway" "cgw_c" {
  bgp_asn    = "65000"
  ip_address = "3.36.6.148"
  type       = "ipsec.1"

  tags = {
    Name = "cgw-c"
  }
}

# Transit gateway `tgw`
resource "aws_ec2_transit_gateway" "tgw" {
  amazon_side_asn                 = 64512
  default_route_table_association = "disable"
  default_route_table_propagation = "disable"
  vpn_ecmp_support                = "enable"

  tags = {
    Name = "tgw"
  }
}

# Attachment `att-a` of VPC `vpc-a` to transit gateway `tgw`
resource "aws_ec2_transit_gateway_vpc_attachment" "tgw_att_a" {
  transit_gateway_id                              = aws_ec2_transit_gateway.tgw.id
  vpc_id                                          = aws_vpc.vpc_a.id
  subnet_ids                                      = [aws_subnet.vpc_a_a_private_1.id, aws_subnet.vpc_a_a_private_2.id]
  transit_gateway_default_route_table_association = false
  transit_gateway_default_route_table_propagation = false

  tags = {
    Name = "att-a"
  }
}

# Attachment `att-b` of VPC `vpc-b` to transit gateway `tgw`
resource "aws_ec2_transit_gateway_vpc_attachment" "tgw_att_b" {
  transit_gateway_id                              = aws_ec2_transit_gateway.tgw.id
  vpc_id                                          = aws_vpc.vpc_b.id
  subnet_ids                                      = [aws_subnet.vpc_b_b_private_1.id, aws_subnet.vpc_b_b_private_2.id]
  transit_gateway_default_route_table_association = false
  transit_gateway_default_route_table_propagation = false

  tags = {
    Name = "att-b"
  }
}

# Transit gateway route table `tgw-rt-a`
resource "aws_ec2_transit_gateway_route_table" "tgw_tgw_rt_a" {
  transit_gateway_id = aws_ec2_transit_gateway.tgw.id

  tags = {
    Name = "tgw-rt-a"
  }
}

resource "aws_ec2_transit_gateway_route_table_association" "tgw_tgw_rt_a_att_a" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.tgw_att_a.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.tgw_tgw_rt_a.id
}

resource "aws_ec2_transit_gateway_route" "tgw_tgw_rt_a_10_30_0_0_16" {
  destination_cidr_block         = "10.30.0.0/16"
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.tgw_tgw_rt_a.id
  transit_gateway_attachment_id  = aws_vpn_connection.vpn.transit_gateway_attachment_id
}

# Transit gateway route table `tgw-rt-b`
resource "aws_ec2_transit_gateway_route_table" "tgw_tgw_rt_b" {
  transit_gateway_id = aws_ec2_transit_gateway.tgw.id

  tags = {
    Name = "tgw-rt-b"
  }
}

resource "aws_ec2_transit_gateway_route_table_association" "tgw_tgw_rt_b_att_b" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.tgw_att_b.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.tgw_tgw_rt_b.id
}

resource "aws_ec2_transit_gateway_route" "tgw_tgw_rt_b_10_30_0_0_16" {
  destination_cidr_block         = "10.30.0.0/16"
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.tgw_tgw_rt_b.id
  transit_gateway_attachment_id  = aws_vpn_connection.vpn.transit_gateway_attachment_id
}

# Transit gateway route table `tgw-rt-vpn`
resource "aws_ec2_transit_gateway_route_table" "tgw_tgw_rt_vpn" {
  transit_gateway_id = aws_ec2_transit_gateway.tgw.id

  tags = {
    Name = "tgw-rt-vpn"
  }
}

resource "aws_ec2_transit_gateway_route_table_association" "tgw_tgw_rt_vpn_att_vpn" {
  transit_gateway_attachment_id  = aws_vpn_connection.vpn.transit_gateway_attachment_id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.tgw_tgw_rt_vpn.id
}

resource "aws_ec2_transit_gateway_route" "tgw_tgw_rt_vpn_10_10_0_0_16" {
  destination_cidr_block         = "10.10.0.0/16"
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.tgw_tgw_rt_vpn.id
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.tgw_att_a.id
}

resource "aws_ec2_transit_gateway_route" "tgw_tgw_rt_vpn_10_20_0_0_16" {
  destination_cidr_block         = "10.20.0.0/16"
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.tgw_tgw_rt_vpn.id
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.tgw_att_b.id
}

# VPN connection `vpn` (static)
resource "aws_vpn_connection" "vpn" {
  customer_gateway_id = aws_customer_gateway.cgw_c.id
  transit_gateway_id  = aws_ec2_transit_gateway.tgw.id
  type                = "ipsec.1"
  static_routes_only  = true

  # Tunnel 1
  tunnel1_inside_cidr                  = "169.254.216.28/30"
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
  tunnel2_inside_cidr                  = "169.254.123.168/30"
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
  alarm_name          = "s4-tgw-segmentation vpn tunnel 1 down"
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
  alarm_name          = "s4-tgw-segmentation vpn tunnel 2 down"
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
