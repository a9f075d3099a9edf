# Terraform variables for the AWS side of `s0-eks-onprem-db`.
# Rendered by causeway from topology `s0-eks-onprem-db`; re-render instead of editing.

variable "vpn_tunnel1_psk" {
  description = "Pre-shared key of tunnel 1 of VPN connection `vpn` (environment variable S0_TUNNEL1_PSK). Set TF_VAR_vpn_tunnel1_psk."
  type        = string
  sensitive   = true
}

variable "vpn_tunnel2_psk" {
  description = "Pre-shared key of tunnel 2 of VPN connection `vpn` (environment variable S0_TUNNEL2_PSK). Set TF_VAR_vpn_tunnel2_psk."
  type        = string
  sensitive   = true
}
