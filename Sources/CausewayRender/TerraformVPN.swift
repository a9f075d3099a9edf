import CausewayCore

/// Terraform for a VPN connection: the connection with every tunnel option, its outputs (what
/// only AWS knows until it exists) and its tunnel alarms.
extension TerraformBuilder {
    mutating func vpn(_ r: AWSResource, _ c: AWSVPNConnection) {
        let cid = N.id(r.name), name = r.name
        if let id = r.adoptedID {
            main.append("# VPN connection `\(name)` is adopted (\(id)): not managed here.\n")
            if c.onTransitGateway {
                variable(N.id(name, "transit_gateway_attachment_id"), "Transit gateway attachment of the adopted VPN connection `\(name)`.")
            }
            return
        }
        var body: [HCLItem] = [.attr("customer_gateway_id", ref(c.customerGateway, "aws_customer_gateway"))]
        if c.onTransitGateway {
            body.append(.attr("transit_gateway_id", ref(c.gatewayKey, "aws_ec2_transit_gateway")))
        } else {
            body.append(.attr("vpn_gateway_id", ref(c.gatewayKey, "aws_vpn_gateway")))
        }
        body.append(.attr("type", .string("ipsec.1")))
        body.append(.attr("static_routes_only", .bool(c.routing == .static)))
        if c.localNetworkCIDR != .any { body.append(.attr("local_ipv4_network_cidr", .string(c.localNetworkCIDR.description))) }
        if c.remoteNetworkCIDR != .any { body.append(.attr("remote_ipv4_network_cidr", .string(c.remoteNetworkCIDR.description))) }
        body += connectionOptions(c.options)
        var keyChecks: [HCLItem] = []
        for tn in c.tunnels {
            body.append(.blank)
            body.append(.comment("Tunnel \(tn.index)"))
            let p = "tunnel\(tn.index)_"
            let o = tn.options
            var attrs: [HCLItem] = []
            if let cidr = tn.insideCIDR { attrs.append(.attr(p + "inside_cidr", .string(cidr.description))) }
            if tn.psk != .generated {
                let v = N.pskVariable(name, tn.index)
                variable(v, "Pre-shared key of tunnel \(tn.index) of VPN connection `\(name)` (\(tn.psk.origin)); \(AWSPreSharedKeyRule.description). Set TF_VAR_\(v).", sensitive: true)
                // The rule of the CloudFormation parameter's AllowedPattern, checked at plan time
                // before anything is created. A precondition, not a variable `validation`:
                // Terraform 1.11 prints a failing variable's value in the validation error even
                // when the variable is sensitive; a precondition's error does not.
                keyChecks.append(.block("precondition", [], [
                    .attr("condition", .ref("can(regex(\(HCLExpr.quote(AWSPreSharedKeyRule.terraformPattern)), var.\(v)))")),
                    .attr("error_message", .string("The pre-shared key of tunnel \(tn.index) of `\(name)` (var.\(v)) must be \(AWSPreSharedKeyRule.description) (AWS's rule).")),
                ]))
                attrs.append(.attr(p + "preshared_key", .ref("var.\(v)")))
            }
            attrs.append(.attr(p + "ike_versions", .list(o.ikeVersions.map { .string($0.rawValue) })))
            for (phase, prop, life) in [(1, o.phase1, o.phase1Lifetime), (2, o.phase2, o.phase2Lifetime)] {
                let q = "\(p)phase\(phase)_"
                if !prop.encryption.isEmpty { attrs.append(.attr(q + "encryption_algorithms", .list(prop.encryption.map { .string($0.name) }))) }
                if !prop.integrity.isEmpty { attrs.append(.attr(q + "integrity_algorithms", .list(prop.integrity.map { .string($0.name) }))) }
                if !prop.dhGroups.isEmpty { attrs.append(.attr(q + "dh_group_numbers", .list(prop.dhGroups.map { .int($0) }))) }
                attrs.append(.attr(q + "lifetime_seconds", .int(life)))
            }
            attrs += [
                .attr(p + "rekey_margin_time_seconds", .int(o.rekeyMarginTime)),
                .attr(p + "rekey_fuzz_percentage", .int(o.rekeyFuzz)),
                .attr(p + "replay_window_size", .int(o.replayWindow)),
                .attr(p + "dpd_timeout_seconds", .int(o.dpdTimeout)),
                .attr(p + "dpd_timeout_action", .string(o.dpdTimeoutAction.rawValue)),
                .attr(p + "startup_action", .string(o.startupAction.rawValue)),
            ]
            attrs += tunnelExtras(p, o)
            body += attrs
            // What the customer gateway needs and only AWS knows until the connection exists.
            let out = { (what: String, attr: String, sensitive: Bool) -> String in
                var b: [HCLItem] = [
                    .attr("description", .string("Tunnel \(tn.index) of `\(name)`: \(what)")),
                    .attr("value", .ref("aws_vpn_connection.\(cid).\(p)\(attr)")),
                ]
                if sensitive { b.append(.attr("sensitive", .bool(true))) }
                return HCL.block("output", [N.output(name, tn.index, attr)], b)
            }
            outputs.append(out("AWS outside address (the customer gateway's `right`)", "address", false))
            outputs.append(out("AWS inside address (BGP neighbour)", "vgw_inside_address", false))
            outputs.append(out("customer gateway inside address", "cgw_inside_address", false))
            if tn.psk == .generated {
                outputs.append(out("pre-shared key AWS generated (`terraform output -raw \(N.output(name, tn.index, "preshared_key"))`)", "preshared_key", true))
            }
        }
        body.append(.blank)
        body.append(tags(name))
        if !keyChecks.isEmpty {
            body.append(.blank)
            body.append(.block("lifecycle", [], keyChecks))
        }
        main.append(HCL.block("resource", ["aws_vpn_connection", cid], body, comment: "VPN connection `\(name)` (\(c.routing.rawValue))"))
        outputs.append(HCL.block("output", [N.id(name, "id")], [
            .attr("description", .string("VPN connection `\(name)`: `causeway import` reads its configuration")),
            .attr("value", .ref("aws_vpn_connection.\(cid).id")),
        ]))
        outputs.append(HCL.block("output", [N.configurationOutput(name)], [
            .attr("description", .string("AWS's configuration of `\(name)` for the customer gateway (XML, with the pre-shared keys): what `causeway import aws-vpn-config` reads")),
            .attr("value", .ref("aws_vpn_connection.\(cid).customer_gateway_configuration")),
            .attr("sensitive", .bool(true)),
        ]))
        tunnelAlarms(name, c)
        if c.onTransitGateway {
            outputs.append(HCL.block("output", [N.id(name, "transit_gateway_attachment_id")], [
                .attr("description", .string("The transit gateway attachment AWS created for `\(name)`")),
                .attr("value", .ref("aws_vpn_connection.\(cid).transit_gateway_attachment_id")),
            ]))
        }
    }

    /// The connection options AWS added in 2025–26, each only when not AWS's default. The AWS
    /// provider 5.x has `enable_acceleration`, but no argument for the tunnel bandwidth and no
    /// `Ipv6` for `outside_ip_address_type` (`terraform validate` refuses it): those say so in a
    /// comment (create the connection with `causeway apply` or CloudFormation, or change the
    /// bandwidth after with ModifyVpnConnectionOptions).
    func connectionOptions(_ o: VPNConnectionOptions) -> [HCLItem] {
        var out: [HCLItem] = []
        if o.outsideIPAddressType == .ipv6 {
            // The provider 5.x validates outside_ip_address_type against PublicIpv4 and PrivateIpv4 only.
            out.append(.comment("OutsideIpAddressType Ipv6: the AWS provider 5.x accepts only PublicIpv4 and PrivateIpv4 here; create the connection with `causeway apply` or CloudFormation (\(AWSNumbers.VPNOptions.ipv6OutsidePage))"))
        }
        if o.enableAcceleration { out.append(.attr("enable_acceleration", .bool(true))) }
        if o.tunnelBandwidth != .standard {
            out.append(.comment("TunnelBandwidth \(o.tunnelBandwidth.rawValue): the AWS provider 5.x has no argument for it; set it with `aws ec2 modify-vpn-connection-options --tunnel-bandwidth \(o.tunnelBandwidth.rawValue)` (\(AWSNumbers.VPNOptions.bandwidthPage))"))
        }
        return out
    }

    /// Tunnel endpoint lifecycle control and the tunnel log, when the topology asks for them. The
    /// AWS provider 5.x's `cloudwatch_log_options` has no BGP log arguments: a BGP log is a comment.
    func tunnelExtras(_ p: String, _ o: TunnelOptions) -> [HCLItem] {
        var out: [HCLItem] = []
        if o.enableTunnelLifecycleControl { out.append(.attr(p + "enable_tunnel_lifecycle_control", .bool(true))) }
        let l = o.logOptions
        if l.logEnabled || l.logGroupARN != nil || l.logOutputFormat != nil {
            var cw: [HCLItem] = [.attr("log_enabled", .bool(l.logEnabled))]
            if let arn = l.logGroupARN { cw.append(.attr("log_group_arn", .string(arn))) }
            if let f = l.logOutputFormat { cw.append(.attr("log_output_format", .string(f.rawValue))) }
            out.append(.block(p + "log_options", [], [.block("cloudwatch_log_options", [], cw)]))
        }
        if l.bgpLogEnabled {
            out.append(.comment("BGP log to \(l.bgpLogGroupARN ?? "(no log group)") (\(l.bgpLogOutputFormat?.rawValue ?? "json")): the AWS provider 5.x has no argument for it; set it with `aws ec2 modify-vpn-tunnel-options` (\(AWSNumbers.VPNOptions.logsPage))"))
        }
        return out
    }

    /// CloudWatch alarms on each tunnel's `TunnelState` (AWS/VPN, per VpnId and TunnelIpAddress:
    /// 1 is UP for static routing and ESTABLISHED for BGP, 0 anything else), created only when
    /// `alarm_sns_topic_arn` names a topic to notify. Tunnels the device keeps down get none.
    /// https://docs.aws.amazon.com/vpn/latest/s2svpn/monitoring-cloudwatch-vpn.html
    mutating func tunnelAlarms(_ connection: String, _ c: AWSVPNConnection) {
        let topic = N.alarmTopicVariable
        variable(topic, "SNS topic (arn:aws:sns:…) that CloudWatch notifies when a VPN tunnel has been down for 10 minutes and when it is back; empty (the default): no alarms are created.",
                 default: "", validation: ("var.\(topic) == \"\" || can(regex(\"^arn:aws[a-z-]*:sns:\", var.\(topic)))",
                                          "The alarm topic must be empty or an SNS topic ARN (arn:aws:sns:…)."))
        let cid = N.id(connection)
        for tn in c.tunnels where !tn.disabledOnDevice {
            main.append(HCL.block("resource", ["aws_cloudwatch_metric_alarm", N.id(connection, "tunnel\(tn.index)", "state")], [
                .attr("count", .ref("var.\(topic) == \"\" ? 0 : 1")),
                .attr("alarm_name", .string("\(d.topology) \(connection) tunnel \(tn.index) down")),
                .attr("alarm_description", .string("Tunnel \(tn.index) of VPN connection `\(connection)` has not been \(c.routing == .bgp ? "ESTABLISHED (BGP)" : "UP") for 10 minutes.")),
                .attr("namespace", .string("AWS/VPN")),
                .attr("metric_name", .string("TunnelState")),
                .attr("statistic", .string("Maximum")),
                .attr("period", .int(300)),
                .attr("evaluation_periods", .int(2)),
                .attr("comparison_operator", .string("LessThanThreshold")),
                .attr("threshold", .int(1)),
                .attr("treat_missing_data", .string("breaching")),
                .attr("alarm_actions", .list([.ref("var.\(topic)")])),
                .attr("ok_actions", .list([.ref("var.\(topic)")])),
                .attr("dimensions", .map([
                    ("VpnId", .ref("aws_vpn_connection.\(cid).id")),
                    ("TunnelIpAddress", .ref("aws_vpn_connection.\(cid).tunnel\(tn.index)_address")),
                ])),
            ], comment: "Alarm: tunnel \(tn.index) of `\(connection)` down (only with `alarm_sns_topic_arn` set)"))
        }
    }
}
