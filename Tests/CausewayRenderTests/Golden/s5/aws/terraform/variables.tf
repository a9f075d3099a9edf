# Terraform variables for the AWS side of `s5-dx-vpn-backup`.
# Rendered by causeway from topology `s5-dx-vpn-backup`; re-render instead of editing.

variable "vpn_tunnel1_psk" {
  description = "Pre-shared key of tunnel 1 of VPN connection `vpn` (environment variable S5_TUNNEL1_PSK); 8 to 64 letters, digits, `.` and `_`, not starting with 0. Set TF_VAR_vpn_tunnel1_psk."
  type        = string
  sensitive   = true
}

variable "vpn_tunnel2_psk" {
  description = "Pre-shared key of tunnel 2 of VPN connection `vpn` (environment variable S5_TUNNEL2_PSK); 8 to 64 letters, digits, `.` and `_`, not starting with 0. Set TF_VAR_vpn_tunnel2_psk."
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

variable "dc_transit_vif_connection_id" {
  description = "The Direct Connect connection (dxcon-…) or LAG that virtual interface `dc-transit-vif` runs on: a physical port ordered from AWS or a Direct Connect partner."
  type        = string
}
