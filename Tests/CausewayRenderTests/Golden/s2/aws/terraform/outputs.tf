# Terraform outputs for the AWS side of `s2-openstack`.
# Rendered by causeway from topology `s2-openstack`; re-render instead of editing.

output "vpn_tunnel1_address" {
  description = "Tunnel 1 of `vpn`: AWS outside address (the customer gateway's `right`)"
  value       = aws_vpn_connection.vpn.tunnel1_address
}

output "vpn_tunnel1_vgw_inside_address" {
  description = "Tunnel 1 of `vpn`: AWS inside address (BGP neighbour)"
  value       = aws_vpn_connection.vpn.tunnel1_vgw_inside_address
}

output "vpn_tunnel1_cgw_inside_address" {
  description = "Tunnel 1 of `vpn`: customer gateway inside address"
  value       = aws_vpn_connection.vpn.tunnel1_cgw_inside_address
}

output "vpn_tunnel2_address" {
  description = "Tunnel 2 of `vpn`: AWS outside address (the customer gateway's `right`)"
  value       = aws_vpn_connection.vpn.tunnel2_address
}

output "vpn_tunnel2_vgw_inside_address" {
  description = "Tunnel 2 of `vpn`: AWS inside address (BGP neighbour)"
  value       = aws_vpn_connection.vpn.tunnel2_vgw_inside_address
}

output "vpn_tunnel2_cgw_inside_address" {
  description = "Tunnel 2 of `vpn`: customer gateway inside address"
  value       = aws_vpn_connection.vpn.tunnel2_cgw_inside_address
}

output "vpn_id" {
  description = "VPN connection `vpn`: `causeway import` reads its configuration"
  value       = aws_vpn_connection.vpn.id
}

output "vpn_customer_gateway_configuration" {
  description = "AWS's configuration of `vpn` for the customer gateway (XML, with the pre-shared keys): what `causeway import aws-vpn-config` reads"
  value       = aws_vpn_connection.vpn.customer_gateway_configuration
  sensitive   = true
}

output "skk2022_shop_name_servers" {
  description = "The name servers of the public hosted zone skk2022.shop: delegate the domain to them at its registrar"
  value       = aws_route53_zone.skk2022_shop.name_servers
}
