# Terraform variables for the AWS side of `s3-tgw-bgp-strongswan`.
# Rendered by causeway from topology `s3-tgw-bgp-strongswan`; re-render instead of editing.

variable "vpn_tunnel1_psk" {
  description = "Pre-shared key of tunnel 1 of VPN connection `vpn` (written in the topology file); 8 to 64 letters, digits, `.` and `_`, not starting with 0. Set TF_VAR_vpn_tunnel1_psk."
  type        = string
  sensitive   = true
}

variable "vpn_tunnel2_psk" {
  description = "Pre-shared key of tunnel 2 of VPN connection `vpn` (written in the topology file); 8 to 64 letters, digits, `.` and `_`, not starting with 0. Set TF_VAR_vpn_tunnel2_psk."
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

variable "seoul_resolver_security_group_id" {
  description = "Security group `resolver` of VPC `seoul` (sg-…): security groups are not managed here."
  type        = string
}

variable "seoul_client_vpn_security_group_id" {
  description = "Security group `client-vpn` of VPC `seoul` (sg-…): security groups are not managed here."
  type        = string
}
