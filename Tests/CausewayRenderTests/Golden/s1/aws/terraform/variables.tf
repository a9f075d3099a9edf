# Terraform variables for the AWS side of `s1-cloudformation-static`.
# Rendered by causeway from topology `s1-cloudformation-static`; re-render instead of editing.

variable "vpn_tunnel1_psk" {
  description = "Pre-shared key of tunnel 1 of VPN connection `vpn` (written in the topology file). Set TF_VAR_vpn_tunnel1_psk."
  type        = string
  sensitive   = true
}

variable "vpn_tunnel2_psk" {
  description = "Pre-shared key of tunnel 2 of VPN connection `vpn` (written in the topology file). Set TF_VAR_vpn_tunnel2_psk."
  type        = string
  sensitive   = true
}
