# Terraform outputs for the AWS side of `s3-tgw-bgp-strongswan`.
# Rendered by causeway from topology `s3-tgw-bgp-strongswan`; re-render instead of editing.

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

output "vpn_transit_gateway_attachment_id" {
  description = "The transit gateway attachment AWS created for `vpn`"
  value       = aws_vpn_connection.vpn.transit_gateway_attachment_id
}

output "remote_access_client_vpn_dns_name" {
  description = "The DNS name of Client VPN endpoint remote-access: the `remote` of its .ovpn profiles, without the leading `*.`"
  value       = aws_ec2_client_vpn_endpoint.remote_access.dns_name
}
