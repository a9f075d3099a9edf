# Terraform resources for the AWS side of `s0-eks-onprem-db`.
# Rendered by causeway from topology `s0-eks-onprem-db`; re-render instead of editing.

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
      "causeway:topology" = "s0-eks-onprem-db"
    }
  }
}

# VPC `eks`
resource "aws_vpc" "eks" {
  cidr_block           = "172.20.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "eks"
  }
}

resource "aws_internet_gateway" "eks" {
  vpc_id = aws_vpc.eks.id

  tags = {
    Name = "eks"
  }
}

resource "aws_subnet" "eks_private_a" {
  vpc_id            = aws_vpc.eks.id
  cidr_block        = "172.20.12.0/24"
  availability_zone = "ap-northeast-2a"

  tags = {
    Name                              = "private-a"
    "kubernetes.io/cluster/tc-eks"    = "shared"
    "kubernetes.io/role/internal-elb" = "1"
  }
}

resource "aws_subnet" "eks_private_b" {
  vpc_id            = aws_vpc.eks.id
  cidr_block        = "172.20.24.0/24"
  availability_zone = "ap-northeast-2b"

  tags = {
    Name                              = "private-b"
    "kubernetes.io/cluster/tc-eks"    = "shared"
    "kubernetes.io/role/internal-elb" = "1"
  }
}

resource "aws_subnet" "eks_private_c" {
  vpc_id            = aws_vpc.eks.id
  cidr_block        = "172.20.36.0/24"
  availability_zone = "ap-northeast-2c"

  tags = {
    Name                              = "private-c"
    "kubernetes.io/cluster/tc-eks"    = "shared"
    "kubernetes.io/role/internal-elb" = "1"
  }
}

resource "aws_subnet" "eks_public_a" {
  vpc_id            = aws_vpc.eks.id
  cidr_block        = "172.20.112.0/24"
  availability_zone = "ap-northeast-2a"

  tags = {
    Name                           = "public-a"
    "kubernetes.io/cluster/tc-eks" = "shared"
    "kubernetes.io/role/elb"       = "1"
  }
}

resource "aws_subnet" "eks_public_b" {
  vpc_id            = aws_vpc.eks.id
  cidr_block        = "172.20.124.0/24"
  availability_zone = "ap-northeast-2b"

  tags = {
    Name                           = "public-b"
    "kubernetes.io/cluster/tc-eks" = "shared"
    "kubernetes.io/role/elb"       = "1"
  }
}

resource "aws_subnet" "eks_public_c" {
  vpc_id            = aws_vpc.eks.id
  cidr_block        = "172.20.136.0/24"
  availability_zone = "ap-northeast-2c"

  tags = {
    Name                           = "public-c"
    "kubernetes.io/cluster/tc-eks" = "shared"
    "kubernetes.io/role/elb"       = "1"
  }
}

resource "aws_eip" "eks_nat" {
  domain = "vpc"

  tags = {
    Name = "nat"
  }
  depends_on = [aws_internet_gateway.eks]
}

resource "aws_nat_gateway" "eks_nat" {
  allocation_id = aws_eip.eks_nat.id
  subnet_id     = aws_subnet.eks_public_a.id

  tags = {
    Name = "nat"
  }
  depends_on = [aws_internet_gateway.eks]
}

# Route table `public` of VPC `eks`
resource "aws_route_table" "eks_public" {
  vpc_id = aws_vpc.eks.id

  tags = {
    Name = "public"
  }
}

resource "aws_route_table_association" "eks_public_public_a" {
  subnet_id      = aws_subnet.eks_public_a.id
  route_table_id = aws_route_table.eks_public.id
}

resource "aws_route_table_association" "eks_public_public_b" {
  subnet_id      = aws_subnet.eks_public_b.id
  route_table_id = aws_route_table.eks_public.id
}

resource "aws_route_table_association" "eks_public_public_c" {
  subnet_id      = aws_subnet.eks_public_c.id
  route_table_id = aws_route_table.eks_public.id
}

resource "aws_route" "eks_public_0_0_0_0_0" {
  route_table_id         = aws_route_table.eks_public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.eks.id
}

resource "aws_vpn_gateway_route_propagation" "eks_public_vgw" {
  vpn_gateway_id = aws_vpn_gateway.vgw.id
  route_table_id = aws_route_table.eks_public.id
  depends_on     = [aws_vpn_gateway_attachment.vgw]
}

# Route table `private` of VPC `eks`
resource "aws_route_table" "eks_private" {
  vpc_id = aws_vpc.eks.id

  tags = {
    Name = "private"
  }
}

resource "aws_route_table_association" "eks_private_private_a" {
  subnet_id      = aws_subnet.eks_private_a.id
  route_table_id = aws_route_table.eks_private.id
}

resource "aws_route_table_association" "eks_private_private_b" {
  subnet_id      = aws_subnet.eks_private_b.id
  route_table_id = aws_route_table.eks_private.id
}

resource "aws_route_table_association" "eks_private_private_c" {
  subnet_id      = aws_subnet.eks_private_c.id
  route_table_id = aws_route_table.eks_private.id
}

resource "aws_route" "eks_private_0_0_0_0_0" {
  route_table_id         = aws_route_table.eks_private.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.eks_nat.id
}

resource "aws_vpn_gateway_route_propagation" "eks_private_vgw" {
  vpn_gateway_id = aws_vpn_gateway.vgw.id
  route_table_id = aws_route_table.eks_private.id
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
  vpc_id         = aws_vpc.eks.id
  vpn_gateway_id = aws_vpn_gateway.vgw.id
}

# Customer gateway `tc-vpc-cgw`
resource "aws_customer_gateway" "tc_vpc_cgw" {
  bgp_asn    = "65000"
  ip_address = "198.51.100.20"
  type       = "ipsec.1"

  tags = {
    Name = "tc-vpc-cgw"
  }
}

# VPN connection `vpn` (bgp)
resource "aws_vpn_connection" "vpn" {
  customer_gateway_id = aws_customer_gateway.tc_vpc_cgw.id
  vpn_gateway_id      = aws_vpn_gateway.vgw.id
  type                = "ipsec.1"
  static_routes_only  = false

  # Tunnel 1
  tunnel1_inside_cidr                  = "169.254.10.0/30"
  tunnel1_preshared_key                = var.vpn_tunnel1_psk
  tunnel1_ike_versions                 = ["ikev2"]
  tunnel1_phase1_encryption_algorithms = ["AES256"]
  tunnel1_phase1_integrity_algorithms  = ["SHA2-256"]
  tunnel1_phase1_dh_group_numbers      = [14]
  tunnel1_phase1_lifetime_seconds      = 28800
  tunnel1_phase2_encryption_algorithms = ["AES256-GCM-16"]
  tunnel1_phase2_dh_group_numbers      = [5]
  tunnel1_phase2_lifetime_seconds      = 3600
  tunnel1_rekey_margin_time_seconds    = 270
  tunnel1_rekey_fuzz_percentage        = 100
  tunnel1_replay_window_size           = 1024
  tunnel1_dpd_timeout_seconds          = 30
  tunnel1_dpd_timeout_action           = "restart"
  tunnel1_startup_action               = "add"

  # Tunnel 2
  tunnel2_inside_cidr                  = "169.254.10.4/30"
  tunnel2_preshared_key                = var.vpn_tunnel2_psk
  tunnel2_ike_versions                 = ["ikev2"]
  tunnel2_phase1_encryption_algorithms = ["AES256"]
  tunnel2_phase1_integrity_algorithms  = ["SHA2-256"]
  tunnel2_phase1_dh_group_numbers      = [14]
  tunnel2_phase1_lifetime_seconds      = 28800
  tunnel2_phase2_encryption_algorithms = ["AES256-GCM-16"]
  tunnel2_phase2_dh_group_numbers      = [5]
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
  alarm_name          = "s0-eks-onprem-db vpn tunnel 1 down"
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
  alarm_name          = "s0-eks-onprem-db vpn tunnel 2 down"
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

# IAM role `tc-eks-cluster` for eks.amazonaws.com
resource "aws_iam_role" "tc_eks_cluster" {
  name               = "tc-eks-cluster"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "eks.amazonaws.com" } }] })

  tags = {
    Name = "tc-eks-cluster"
  }
}

resource "aws_iam_role_policy_attachment" "tc_eks_cluster_AmazonEKSClusterPolicy" {
  role       = aws_iam_role.tc_eks_cluster.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
}

# EKS cluster `tc-eks`
resource "aws_eks_cluster" "tc_eks" {
  name     = "tc-eks"
  role_arn = aws_iam_role.tc_eks_cluster.arn
  version  = "1.34"
  vpc_config {
    subnet_ids              = [aws_subnet.eks_private_a.id, aws_subnet.eks_private_b.id, aws_subnet.eks_private_c.id]
    endpoint_public_access  = true
    endpoint_private_access = true
    public_access_cidrs     = ["0.0.0.0/0"]
  }

  tags = {
    Name = "tc-eks"
  }
  depends_on = [aws_iam_role_policy_attachment.tc_eks_cluster_AmazonEKSClusterPolicy]
}

# IAM role `tc-eks-node` for ec2.amazonaws.com
resource "aws_iam_role" "tc_eks_node" {
  name               = "tc-eks-node"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })

  tags = {
    Name = "tc-eks-node"
  }
}

resource "aws_iam_role_policy_attachment" "tc_eks_node_AmazonEKSWorkerNodePolicy" {
  role       = aws_iam_role.tc_eks_node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"
}

resource "aws_iam_role_policy_attachment" "tc_eks_node_AmazonEKS_CNI_Policy" {
  role       = aws_iam_role.tc_eks_node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"
}

resource "aws_iam_role_policy_attachment" "tc_eks_node_AmazonEC2ContainerRegistryReadOnly" {
  role       = aws_iam_role.tc_eks_node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"
}

resource "aws_iam_role_policy_attachment" "tc_eks_node_service_role_AmazonEBSCSIDriverPolicy" {
  role       = aws_iam_role.tc_eks_node.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"
}

# Managed node group `workers` of EKS cluster `tc-eks`
resource "aws_eks_node_group" "tc_eks_workers" {
  cluster_name    = aws_eks_cluster.tc_eks.name
  node_group_name = "workers"
  node_role_arn   = aws_iam_role.tc_eks_node.arn
  subnet_ids      = [aws_subnet.eks_private_a.id, aws_subnet.eks_private_b.id, aws_subnet.eks_private_c.id]
  capacity_type   = "ON_DEMAND"
  instance_types  = ["t3.medium"]
  ami_type        = "AL2023_x86_64_STANDARD"
  scaling_config {
    desired_size = 2
    max_size     = 4
    min_size     = 2
  }

  tags = {
    Name = "workers"
  }
  depends_on = [aws_iam_role_policy_attachment.tc_eks_node_AmazonEKSWorkerNodePolicy, aws_iam_role_policy_attachment.tc_eks_node_AmazonEKS_CNI_Policy, aws_iam_role_policy_attachment.tc_eks_node_AmazonEC2ContainerRegistryReadOnly, aws_iam_role_policy_attachment.tc_eks_node_service_role_AmazonEBSCSIDriverPolicy]
}

resource "aws_eks_addon" "tc_eks_vpc_cni" {
  cluster_name = aws_eks_cluster.tc_eks.name
  addon_name   = "vpc-cni"
  depends_on   = [aws_eks_node_group.tc_eks_workers]
}

resource "aws_eks_addon" "tc_eks_coredns" {
  cluster_name = aws_eks_cluster.tc_eks.name
  addon_name   = "coredns"
  depends_on   = [aws_eks_node_group.tc_eks_workers]
}

resource "aws_eks_addon" "tc_eks_kube_proxy" {
  cluster_name = aws_eks_cluster.tc_eks.name
  addon_name   = "kube-proxy"
  depends_on   = [aws_eks_node_group.tc_eks_workers]
}

resource "aws_eks_addon" "tc_eks_aws_ebs_csi_driver" {
  cluster_name = aws_eks_cluster.tc_eks.name
  addon_name   = "aws-ebs-csi-driver"
  depends_on   = [aws_eks_node_group.tc_eks_workers]
}
