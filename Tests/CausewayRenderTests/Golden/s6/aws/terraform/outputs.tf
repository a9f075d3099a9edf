# Terraform outputs for the AWS side of `s6-two-cgw-one-network`.
# Rendered by causeway from topology `s6-two-cgw-one-network`; re-render instead of editing.

output "vpn_dc1_tunnel1_address" {
  description = "Tunnel 1 of `vpn-dc1`: AWS outside address (the customer gateway's `right`)"
  value       = aws_vpn_connection.vpn_dc1.tunnel1_address
}

output "vpn_dc1_tunnel1_vgw_inside_address" {
  description = "Tunnel 1 of `vpn-dc1`: AWS inside address (BGP neighbour)"
  value       = aws_vpn_connection.vpn_dc1.tunnel1_vgw_inside_address
}

output "vpn_dc1_tunnel1_cgw_inside_address" {
  description = "Tunnel 1 of `vpn-dc1`: customer gateway inside address"
  value       = aws_vpn_connection.vpn_dc1.tunnel1_cgw_inside_address
}

output "vpn_dc1_tunnel2_address" {
  description = "Tunnel 2 of `vpn-dc1`: AWS outside address (the customer gateway's `right`)"
  value       = aws_vpn_connection.vpn_dc1.tunnel2_address
}

output "vpn_dc1_tunnel2_vgw_inside_address" {
  description = "Tunnel 2 of `vpn-dc1`: AWS inside address (BGP neighbour)"
  value       = aws_vpn_connection.vpn_dc1.tunnel2_vgw_inside_address
}

output "vpn_dc1_tunnel2_cgw_inside_address" {
  description = "Tunnel 2 of `vpn-dc1`: customer gateway inside address"
  value       = aws_vpn_connection.vpn_dc1.tunnel2_cgw_inside_address
}

output "vpn_dc1_id" {
  description = "VPN connection `vpn-dc1`: `causeway import` reads its configuration"
  value       = aws_vpn_connection.vpn_dc1.id
}

output "vpn_dc1_customer_gateway_configuration" {
  description = "AWS's configuration of `vpn-dc1` for the customer gateway (XML, with the pre-shared keys): what `causeway import aws-vpn-config` reads"
  value       = aws_vpn_connection.vpn_dc1.customer_gateway_configuration
  sensitive   = true
}

output "vpn_dc2_tunnel1_address" {
  description = "Tunnel 1 of `vpn-dc2`: AWS outside address (the customer gateway's `right`)"
  value       = aws_vpn_connection.vpn_dc2.tunnel1_address
}

output "vpn_dc2_tunnel1_vgw_inside_address" {
  description = "Tunnel 1 of `vpn-dc2`: AWS inside address (BGP neighbour)"
  value       = aws_vpn_connection.vpn_dc2.tunnel1_vgw_inside_address
}

output "vpn_dc2_tunnel1_cgw_inside_address" {
  description = "Tunnel 1 of `vpn-dc2`: customer gateway inside address"
  value       = aws_vpn_connection.vpn_dc2.tunnel1_cgw_inside_address
}

output "vpn_dc2_tunnel2_address" {
  description = "Tunnel 2 of `vpn-dc2`: AWS outside address (the customer gateway's `right`)"
  value       = aws_vpn_connection.vpn_dc2.tunnel2_address
}

output "vpn_dc2_tunnel2_vgw_inside_address" {
  description = "Tunnel 2 of `vpn-dc2`: AWS inside address (BGP neighbour)"
  value       = aws_vpn_connection.vpn_dc2.tunnel2_vgw_inside_address
}

output "vpn_dc2_tunnel2_cgw_inside_address" {
  description = "Tunnel 2 of `vpn-dc2`: customer gateway inside address"
  value       = aws_vpn_connection.vpn_dc2.tunnel2_cgw_inside_address
}

output "vpn_dc2_id" {
  description = "VPN connection `vpn-dc2`: `causeway import` reads its configuration"
  value       = aws_vpn_connection.vpn_dc2.id
}

output "vpn_dc2_customer_gateway_configuration" {
  description = "AWS's configuration of `vpn-dc2` for the customer gateway (XML, with the pre-shared keys): what `causeway import aws-vpn-config` reads"
  value       = aws_vpn_connection.vpn_dc2.customer_gateway_configuration
  sensitive   = true
}
