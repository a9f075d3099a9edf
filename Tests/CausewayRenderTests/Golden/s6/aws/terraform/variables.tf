# Terraform variables for the AWS side of `s6-two-cgw-one-network`.
# Rendered by causeway from topology `s6-two-cgw-one-network`; re-render instead of editing.

variable "vpn_dc1_tunnel1_psk" {
  description = "Pre-shared key of tunnel 1 of VPN connection `vpn-dc1` (environment variable S6_DC1_TUNNEL1_PSK); 8 to 64 letters, digits, `.` and `_`, not starting with 0. Set TF_VAR_vpn_dc1_tunnel1_psk."
  type        = string
  sensitive   = true
}

variable "vpn_dc1_tunnel2_psk" {
  description = "Pre-shared key of tunnel 2 of VPN connection `vpn-dc1` (environment variable S6_DC1_TUNNEL2_PSK); 8 to 64 letters, digits, `.` and `_`, not starting with 0. Set TF_VAR_vpn_dc1_tunnel2_psk."
  type        = string
  sensitive   = true
}

variable "alarm_sns_topic_arn" {
  description = "SNS topic (arn:aws:sns:…) that CloudWatch notifies when a VPN tunnel has been down for 10 minutes and when it is back; empty (the default): no alarms are created."
  type        = string
  default     = ""
  validation {
    condition     = var.alarm_sns_topic_arn == "" || can(regex("^arn:aws[a-z-]*:sns:", var.alarm_sns_topic_arn))
    error_message = "The alarm topic must be empty or an SNS topic ARN (arn:aws:sns:…)."
  }
}

variable "vpn_dc2_tunnel1_psk" {
  description = "Pre-shared key of tunnel 1 of VPN connection `vpn-dc2` (environment variable S6_DC2_TUNNEL1_PSK); 8 to 64 letters, digits, `.` and `_`, not starting with 0. Set TF_VAR_vpn_dc2_tunnel1_psk."
  type        = string
  sensitive   = true
}

variable "vpn_dc2_tunnel2_psk" {
  description = "Pre-shared key of tunnel 2 of VPN connection `vpn-dc2` (environment variable S6_DC2_TUNNEL2_PSK); 8 to 64 letters, digits, `.` and `_`, not starting with 0. Set TF_VAR_vpn_dc2_tunnel2_psk."
  type        = string
  sensitive   = true
}
