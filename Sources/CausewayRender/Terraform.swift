import CausewayCore

/// Terraform (AWS provider) for the AWS side: VPCs, subnets, route tables and routes (unless
/// adopted by `id`), the virtual private gateway and its attachment, customer gateways, VPN
/// connections with every tunnel option, VPN static routes, route propagation, transit
/// gateways with their VPC attachments, route tables, associations, propagations, routes and
/// blackholes. Pre-shared keys are never written: each one the topology references becomes a
/// sensitive variable; keys AWS generates and the tunnel addresses AWS chooses are outputs.
public struct Terraform: Renderer {
    public let target = "terraform"
    public init() {}

    public func render(_ topology: Topology, context: RenderContext) throws -> [RenderedFile] {
        var b = TerraformBuilder(t: topology)
        try b.build()
        let head = { (what: String) -> String in
            var l = Lines()
            l.comment("#", banner("Terraform \(what) for the AWS side of `\(topology.name)`.", topology: topology.name, install: nil))
            return l.text
        }
        return [
            RenderedFile(path: "aws/terraform/main.tf", contents: head("resources") + "\n" + b.main.joined(separator: "\n")),
            RenderedFile(path: "aws/terraform/variables.tf", contents: head("variables") + (b.variables.isEmpty ? "" : "\n" + b.variables.joined(separator: "\n"))),
            RenderedFile(path: "aws/terraform/outputs.tf", contents: head("outputs") + (b.outputs.isEmpty ? "" : "\n" + b.outputs.joined(separator: "\n"))),
        ]
    }
}

/// Names shared by the Terraform renderer, the README and error messages.
public enum TerraformNames {
    /// A Terraform identifier from model names: letters, digits and `_`.
    public static func id(_ parts: String...) -> String { id(parts) }
    public static func id(_ parts: [String]) -> String {
        let raw = parts.joined(separator: "_")
        var s = String(raw.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        if let f = s.first, !(f.isLetter || f == "_") { s = "r_" + s }
        return s
    }
    /// Output for a tunnel value: `vpn_tunnel1_address`.
    public static func output(_ connection: String, _ tunnel: Int, _ what: String) -> String {
        id(connection, "tunnel\(tunnel)", what)
    }
    /// The variable naming the SNS topic the tunnel alarms notify (empty: no alarms).
    public static let alarmTopicVariable = "alarm_sns_topic_arn"
    /// The sensitive output holding a connection's customer gateway configuration.
    public static func configurationOutput(_ connection: String) -> String { id(connection, "customer_gateway_configuration") }
    /// The sensitive variable holding a tunnel's pre-shared key: `vpn_tunnel1_psk`.
    public static func pskVariable(_ connection: String, _ tunnel: Int) -> String {
        id(connection, "tunnel\(tunnel)", "psk")
    }
}

struct TerraformBuilder {
    let t: Topology
    var main: [String] = []
    var variables: [String] = []
    var outputs: [String] = []
    var missing: [String] = []

    init(t: Topology) { self.t = t }

    typealias N = TerraformNames

    mutating func build() throws {
        main.append(HCL.block("terraform", [], [
            .attr("required_version", .string(">= 1.5")),
            .block("required_providers", [], [
                .attr("aws", .map([("source", .string("hashicorp/aws")), ("version", .string(">= 5.40"))])),
            ]),
        ]))
        main.append(HCL.block("provider", ["aws"], [
            .attr("region", .string(t.region)),
            .block("default_tags", [], [.attr("tags", .map([("causeway:topology", .string(t.name))]))]),
        ]))
        for v in t.vpcs { vpc(v) }
        for g in t.vpnGateways { vgw(g) }
        for c in t.customerGateways { cgw(c) }
        for g in t.transitGateways { tgw(g) }
        for c in t.vpnConnections { vpn(c) }
        if !missing.isEmpty { throw RenderError(target: "terraform", missing: missing) }
    }

    // MARK: references

    func tags(_ name: String, _ extra: [String: String] = [:]) -> HCLItem {
        .attr("tags", .map([("Name", .string(name))] + extra.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
    }
    func vpcRef(_ v: VPC) -> HCLExpr { v.id.map { .string($0) } ?? .ref("aws_vpc.\(N.id(v.name)).id") }
    func subnetRef(_ v: VPC, _ s: String) -> HCLExpr {
        if let sub = v.subnet(s), let id = sub.id { return .string(id) }
        return .ref("aws_subnet.\(N.id(v.name, s)).id")
    }
    func tableRef(_ v: VPC, _ r: RouteTable) -> HCLExpr { r.id.map { .string($0) } ?? .ref("aws_route_table.\(N.id(v.name, r.name)).id") }
    func vgwRef(_ name: String) -> HCLExpr { t.vpnGateway(name)?.id.map { .string($0) } ?? .ref("aws_vpn_gateway.\(N.id(name)).id") }
    func tgwRef(_ name: String) -> HCLExpr { t.transitGateway(name)?.id.map { .string($0) } ?? .ref("aws_ec2_transit_gateway.\(N.id(name)).id") }
    func cgwRef(_ name: String) -> HCLExpr { t.customerGateway(name)?.id.map { .string($0) } ?? .ref("aws_customer_gateway.\(N.id(name)).id") }

    func attachmentRef(_ g: TransitGateway, _ name: String) -> HCLExpr {
        guard let a = g.attachment(name) else { return .ref("null") }
        if let id = a.id { return .string(id) }
        switch a.resource {
        case .vpc: return .ref("aws_ec2_transit_gateway_vpc_attachment.\(N.id(g.name, a.name)).id")
        case .vpn(let c):
            if t.vpnConnection(c)?.id != nil { return .ref("var.\(N.id(c, "transit_gateway_attachment_id"))") }
            return .ref("aws_vpn_connection.\(N.id(c)).transit_gateway_attachment_id")
        }
    }
    func tgwTableRef(_ g: TransitGateway, _ rt: TransitGatewayRouteTable) -> HCLExpr {
        if let id = rt.id { return .string(id) }
        if rt.isDefault { return .ref("aws_ec2_transit_gateway.\(N.id(g.name)).association_default_route_table_id") }
        return .ref("aws_ec2_transit_gateway_route_table.\(N.id(g.name, rt.name)).id")
    }

    mutating func variable(_ name: String, _ description: String, sensitive: Bool = false, default value: String? = nil,
                           validation: (condition: String, message: String)? = nil) {
        var body: [HCLItem] = [.attr("description", .string(description)), .attr("type", .ref("string"))]
        if let value { body.append(.attr("default", .string(value))) }
        if sensitive { body.append(.attr("sensitive", .bool(true))) }
        if let validation {
            body.append(.block("validation", [], [
                .attr("condition", .ref(validation.condition)), .attr("error_message", .string(validation.message)),
            ]))
        }
        let block = HCL.block("variable", [name], body)
        if !variables.contains(block) { variables.append(block) }
    }

    // MARK: VPCs

    mutating func vpc(_ v: VPC) {
        let vid = N.id(v.name)
        if v.id == nil, let first = v.cidrs.first {
            main.append(HCL.block("resource", ["aws_vpc", vid], [
                .attr("cidr_block", .string(first.description)),
                .attr("enable_dns_support", .bool(true)),
                .attr("enable_dns_hostnames", .bool(true)),
                tags(v.name, v.tags),
            ], comment: "VPC `\(v.name)`"))
            for (i, c) in v.cidrs.dropFirst().enumerated() {
                main.append(HCL.block("resource", ["aws_vpc_ipv4_cidr_block_association", N.id(v.name, "cidr\(i + 2)")], [
                    .attr("vpc_id", vpcRef(v)), .attr("cidr_block", .string(c.description)),
                ]))
            }
        } else if let id = v.id {
            main.append("# VPC `\(v.name)` is adopted (\(id)): not managed here.\n")
        }
        if v.internetGateway {
            if v.id == nil {
                main.append(HCL.block("resource", ["aws_internet_gateway", vid], [.attr("vpc_id", vpcRef(v)), tags(v.name)]))
            } else {
                main.append(HCL.block("data", ["aws_internet_gateway", vid], [
                    .block("filter", [], [.attr("name", .string("attachment.vpc-id")), .attr("values", .list([vpcRef(v)]))]),
                ]))
            }
        }
        for s in v.subnets where s.id == nil {
            var body: [HCLItem] = [.attr("vpc_id", vpcRef(v)), .attr("cidr_block", .string(s.cidr.description))]
            if let az = s.availabilityZone { body.append(.attr("availability_zone", .string(az))) }
            body.append(tags(s.name, s.tags))
            main.append(HCL.block("resource", ["aws_subnet", N.id(v.name, s.name)], body))
        }
        for n in v.natGateways {
            let nid = N.id(v.name, n.name)
            if v.id == nil {
                main.append(HCL.block("resource", ["aws_eip", nid], [.attr("domain", .string("vpc")), tags(n.name),
                                                                   .attr("depends_on", .list([.ref("aws_internet_gateway.\(vid)")]))]))
                main.append(HCL.block("resource", ["aws_nat_gateway", nid], [
                    .attr("allocation_id", .ref("aws_eip.\(nid).id")),
                    .attr("subnet_id", subnetRef(v, n.subnet)),
                    tags(n.name),
                    .attr("depends_on", .list([.ref("aws_internet_gateway.\(vid)")])),
                ]))
            } else {
                main.append(HCL.block("data", ["aws_nat_gateway", nid], [
                    .attr("subnet_id", subnetRef(v, n.subnet)), .attr("state", .string("available")),
                ]))
            }
        }
        for r in v.routeTables {
            let rid = N.id(v.name, r.name)
            if r.id == nil {
                main.append(HCL.block("resource", ["aws_route_table", rid], [.attr("vpc_id", vpcRef(v)), tags(r.name)],
                                      comment: "Route table `\(r.name)` of VPC `\(v.name)`"))
                if r.main {
                    main.append(HCL.block("resource", ["aws_main_route_table_association", rid], [
                        .attr("vpc_id", vpcRef(v)), .attr("route_table_id", tableRef(v, r)),
                    ]))
                }
            }
            for s in r.subnets where !(r.id != nil && v.subnet(s)?.id != nil) {
                main.append(HCL.block("resource", ["aws_route_table_association", N.id(v.name, r.name, s)], [
                    .attr("subnet_id", subnetRef(v, s)), .attr("route_table_id", tableRef(v, r)),
                ]))
            }
            for (i, route) in r.routes.enumerated() {
                route_(v, r, route, index: i)
            }
            for g in r.propagations {
                var body: [HCLItem] = [.attr("vpn_gateway_id", vgwRef(g)), .attr("route_table_id", tableRef(v, r))]
                if let attach = vgwAttachment(g) { body.append(.attr("depends_on", .list([.ref(attach)]))) }
                main.append(HCL.block("resource", ["aws_vpn_gateway_route_propagation", N.id(v.name, r.name, g)], body))
            }
        }
    }

    func vgwAttachment(_ g: String) -> String? {
        guard let gw = t.vpnGateway(g), gw.id == nil, gw.attachedTo != nil else { return nil }
        return "aws_vpn_gateway_attachment.\(N.id(g))"
    }

    mutating func route_(_ v: VPC, _ r: RouteTable, _ route: Route, index: Int) {
        var body: [HCLItem] = [.attr("route_table_id", tableRef(v, r)), .attr("destination_cidr_block", .string(route.destination.description))]
        var deps: [HCLExpr] = []
        switch route.target {
        case .local: return
        case .internetGateway:
            body.append(.attr("gateway_id", .ref(v.id == nil ? "aws_internet_gateway.\(N.id(v.name)).id" : "data.aws_internet_gateway.\(N.id(v.name)).id")))
        case .natGateway(let name):
            guard let n = v.resolveNATGateway(name)?.name else {
                missing.append("the NAT gateway `\(name)` of route \(route.destination) in `\(r.path)`")
                return
            }
            body.append(.attr("nat_gateway_id", .ref(v.id == nil ? "aws_nat_gateway.\(N.id(v.name, n)).id" : "data.aws_nat_gateway.\(N.id(v.name, n)).id")))
        case .vpnGateway(let name):
            guard let g = t.resolveVPNGateway(name, in: v)?.name else {
                missing.append("the virtual private gateway `\(name)` of route \(route.destination) in `\(r.path)`")
                return
            }
            body.append(.attr("gateway_id", vgwRef(g)))
            if let a = vgwAttachment(g) { deps.append(.ref(a)) }
        case .transitGateway(let name):
            guard let gw = t.resolveTransitGateway(name, in: v) else {
                missing.append("the transit gateway `\(name)` of route \(route.destination) in `\(r.path)`")
                return
            }
            body.append(.attr("transit_gateway_id", tgwRef(gw.name)))
            if let a = gw.attachment(forVPC: v.name), a.id == nil {
                deps.append(.ref("aws_ec2_transit_gateway_vpc_attachment.\(N.id(gw.name, a.name))"))
            }
        case .instance(let i):
            let name = N.id(v.name, i, "network_interface_id")
            variable(name, "Network interface of instance `\(i)` in VPC `\(v.name)` (routes point at it; instances are not managed here).")
            body.append(.attr("network_interface_id", .ref("var.\(name)")))
        case .vpcPeering(let p):
            let name = N.id(v.name, "to", p, "peering_connection_id")
            variable(name, "VPC peering connection between `\(v.name)` and `\(p)` (not managed here).")
            body.append(.attr("vpc_peering_connection_id", .ref("var.\(name)")))
        }
        if !deps.isEmpty { body.append(.attr("depends_on", .list(deps))) }
        main.append(HCL.block("resource", ["aws_route", N.id(v.name, r.name, route.destination.description)], body))
    }

    // MARK: gateways

    mutating func vgw(_ g: VirtualPrivateGateway) {
        if let id = g.id {
            main.append("# Virtual private gateway `\(g.name)` is adopted (\(id)): not managed here.\n")
            return
        }
        main.append(HCL.block("resource", ["aws_vpn_gateway", N.id(g.name)], [
            .attr("amazon_side_asn", .string(g.asn.description)), tags(g.name),
        ], comment: "Virtual private gateway `\(g.name)`"))
        if let v = g.attachedTo.flatMap({ t.vpc($0) }) {
            main.append(HCL.block("resource", ["aws_vpn_gateway_attachment", N.id(g.name)], [
                .attr("vpc_id", vpcRef(v)), .attr("vpn_gateway_id", vgwRef(g.name)),
            ]))
        }
    }

    mutating func cgw(_ c: CustomerGateway) {
        if let id = c.id {
            main.append("# Customer gateway `\(c.name)` is adopted (\(id)): not managed here.\n")
            return
        }
        guard let ip = c.ipAddress else {
            missing.append("the IP address of customer gateway `\(c.name)` (`\(c.path).ip_address`, or its site's `gateway.public_ip`)")
            return
        }
        var body: [HCLItem] = [
            .attr("bgp_asn", .string(c.asn.description)),
            .attr("ip_address", .string(ip.description)),
            .attr("type", .string("ipsec.1")),
        ]
        if let d = c.deviceName { body.append(.attr("device_name", .string(d))) }
        body.append(tags(c.name))
        main.append(HCL.block("resource", ["aws_customer_gateway", N.id(c.name)], body, comment: "Customer gateway `\(c.name)`"))
    }

    mutating func tgw(_ g: TransitGateway) {
        let gid = N.id(g.name)
        if let id = g.id {
            main.append("# Transit gateway `\(g.name)` is adopted (\(id)): not managed here.\n")
        } else {
            main.append(HCL.block("resource", ["aws_ec2_transit_gateway", gid], [
                .attr("amazon_side_asn", .int(Int(g.asn.value))),
                .attr("default_route_table_association", .string(g.defaultRouteTableAssociation ? "enable" : "disable")),
                .attr("default_route_table_propagation", .string(g.defaultRouteTablePropagation ? "enable" : "disable")),
                .attr("vpn_ecmp_support", .string(g.vpnECMP ? "enable" : "disable")),
                tags(g.name),
            ], comment: "Transit gateway `\(g.name)`"))
        }
        let defaultTable = g.defaultRouteTable
        for a in g.attachments {
            guard case .vpc(let vn, let subnets) = a.resource, a.id == nil, let v = t.vpc(vn) else { continue }
            let assocDefault = g.defaultRouteTableAssociation && (g.associatedTable(of: a.name)?.isDefault ?? false)
            let propDefault = g.defaultRouteTablePropagation && (defaultTable?.propagations.contains(a.name) ?? false)
            main.append(HCL.block("resource", ["aws_ec2_transit_gateway_vpc_attachment", N.id(g.name, a.name)], [
                .attr("transit_gateway_id", tgwRef(g.name)),
                .attr("vpc_id", vpcRef(v)),
                .attr("subnet_ids", .list(subnets.map { subnetRef(v, $0) })),
                .attr("transit_gateway_default_route_table_association", .bool(assocDefault)),
                .attr("transit_gateway_default_route_table_propagation", .bool(propDefault)),
                tags(a.name),
            ], comment: "Attachment `\(a.name)` of VPC `\(vn)` to transit gateway `\(g.name)`"))
        }
        for rt in g.routeTables {
            let rid = N.id(g.name, rt.name)
            if !rt.isDefault && rt.id == nil {
                main.append(HCL.block("resource", ["aws_ec2_transit_gateway_route_table", rid], [
                    .attr("transit_gateway_id", tgwRef(g.name)), tags(rt.name),
                ], comment: "Transit gateway route table `\(rt.name)`"))
            }
            for a in rt.associations {
                // AWS associates new attachments with the default table by itself.
                if rt.isDefault && g.defaultRouteTableAssociation { continue }
                var body: [HCLItem] = [
                    .attr("transit_gateway_attachment_id", attachmentRef(g, a)),
                    .attr("transit_gateway_route_table_id", tgwTableRef(g, rt)),
                ]
                if case .vpn = g.attachment(a)?.resource, g.defaultRouteTableAssociation {
                    // The VPN attachment starts out on the default table; move it.
                    body.append(.attr("replace_existing_association", .bool(true)))
                }
                main.append(HCL.block("resource", ["aws_ec2_transit_gateway_route_table_association", N.id(g.name, rt.name, a)], body))
            }
            for a in rt.propagations {
                if rt.isDefault && g.defaultRouteTablePropagation { continue }
                main.append(HCL.block("resource", ["aws_ec2_transit_gateway_route_table_propagation", N.id(g.name, rt.name, a)], [
                    .attr("transit_gateway_attachment_id", attachmentRef(g, a)),
                    .attr("transit_gateway_route_table_id", tgwTableRef(g, rt)),
                ]))
            }
            for r in rt.routes {
                var body: [HCLItem] = [
                    .attr("destination_cidr_block", .string(r.destination.description)),
                    .attr("transit_gateway_route_table_id", tgwTableRef(g, rt)),
                ]
                if let a = r.attachment { body.append(.attr("transit_gateway_attachment_id", attachmentRef(g, a))) }
                else { body.append(.attr("blackhole", .bool(true))) }
                main.append(HCL.block("resource", ["aws_ec2_transit_gateway_route", N.id(g.name, rt.name, r.destination.description)], body))
            }
        }
    }

    // MARK: VPN connections

    mutating func vpn(_ c: VPNConnection) {
        let cid = N.id(c.name)
        if let id = c.id {
            main.append("# VPN connection `\(c.name)` is adopted (\(id)): not managed here.\n")
            if case .transitGateway = c.gateway {
                variable(N.id(c.name, "transit_gateway_attachment_id"), "Transit gateway attachment of the adopted VPN connection `\(c.name)`.")
            }
            return
        }
        var body: [HCLItem] = [.attr("customer_gateway_id", cgwRef(c.customerGateway))]
        switch c.gateway {
        case .vpnGateway(let g): body.append(.attr("vpn_gateway_id", vgwRef(g)))
        case .transitGateway(let g): body.append(.attr("transit_gateway_id", tgwRef(g)))
        }
        body.append(.attr("type", .string("ipsec.1")))
        body.append(.attr("static_routes_only", .bool(c.routing == .static)))
        if c.localNetworkCIDR != .any { body.append(.attr("local_ipv4_network_cidr", .string(c.localNetworkCIDR.description))) }
        if c.remoteNetworkCIDR != .any { body.append(.attr("remote_ipv4_network_cidr", .string(c.remoteNetworkCIDR.description))) }
        var keyChecks: [HCLItem] = []
        for tn in c.tunnels.sorted(by: { $0.index < $1.index }) {
            body.append(.blank)
            body.append(.comment("Tunnel \(tn.index)"))
            let p = "tunnel\(tn.index)_"
            let o = tn.options
            var attrs: [HCLItem] = []
            if let cidr = tn.insideCIDR { attrs.append(.attr(p + "inside_cidr", .string(cidr.description))) }
            if tn.psk != .generated {
                let v = N.pskVariable(c.name, tn.index)
                variable(v, "Pre-shared key of tunnel \(tn.index) of VPN connection `\(c.name)` (\(tn.psk.origin)); \(AWSPreSharedKeyRule.description). Set TF_VAR_\(v).", sensitive: true)
                // The rule of the CloudFormation parameter's AllowedPattern, checked at plan time
                // before anything is created. A precondition, not a variable `validation`:
                // Terraform 1.11 prints a failing variable's value in the validation error even
                // when the variable is sensitive; a precondition's error does not.
                keyChecks.append(.block("precondition", [], [
                    .attr("condition", .ref("can(regex(\(HCLExpr.quote(AWSPreSharedKeyRule.terraformPattern)), var.\(v)))")),
                    .attr("error_message", .string("The pre-shared key of tunnel \(tn.index) of `\(c.name)` (var.\(v)) must be \(AWSPreSharedKeyRule.description) (AWS's rule).")),
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
            body += attrs
            // What the customer gateway needs and only AWS knows until the connection exists.
            let out = { (what: String, attr: String, sensitive: Bool) -> String in
                var b: [HCLItem] = [
                    .attr("description", .string("Tunnel \(tn.index) of `\(c.name)`: \(what)")),
                    .attr("value", .ref("aws_vpn_connection.\(cid).\(p)\(attr)")),
                ]
                if sensitive { b.append(.attr("sensitive", .bool(true))) }
                return HCL.block("output", [N.output(c.name, tn.index, attr)], b)
            }
            outputs.append(out("AWS outside address (the customer gateway's `right`)", "address", false))
            outputs.append(out("AWS inside address (BGP neighbour)", "vgw_inside_address", false))
            outputs.append(out("customer gateway inside address", "cgw_inside_address", false))
            if tn.psk == .generated {
                outputs.append(out("pre-shared key AWS generated (`terraform output -raw \(N.output(c.name, tn.index, "preshared_key"))`)", "preshared_key", true))
            }
        }
        body.append(.blank)
        body.append(tags(c.name))
        if !keyChecks.isEmpty {
            body.append(.blank)
            body.append(.block("lifecycle", [], keyChecks))
        }
        main.append(HCL.block("resource", ["aws_vpn_connection", cid], body, comment: "VPN connection `\(c.name)` (\(c.routing.rawValue))"))
        outputs.append(HCL.block("output", [N.id(c.name, "id")], [
            .attr("description", .string("VPN connection `\(c.name)`: `causeway import` reads its configuration")),
            .attr("value", .ref("aws_vpn_connection.\(cid).id")),
        ]))
        outputs.append(HCL.block("output", [N.configurationOutput(c.name)], [
            .attr("description", .string("AWS's configuration of `\(c.name)` for the customer gateway (XML, with the pre-shared keys): what `causeway import aws-vpn-config` reads")),
            .attr("value", .ref("aws_vpn_connection.\(cid).customer_gateway_configuration")),
            .attr("sensitive", .bool(true)),
        ]))
        tunnelAlarms(c)
        if case .transitGateway = c.gateway {
            outputs.append(HCL.block("output", [N.id(c.name, "transit_gateway_attachment_id")], [
                .attr("description", .string("The transit gateway attachment AWS created for `\(c.name)`")),
                .attr("value", .ref("aws_vpn_connection.\(cid).transit_gateway_attachment_id")),
            ]))
        }
        if case .vpnGateway = c.gateway, c.routing == .static {
            for r in c.staticRoutes {
                main.append(HCL.block("resource", ["aws_vpn_connection_route", N.id(c.name, r.description)], [
                    .attr("vpn_connection_id", .ref("aws_vpn_connection.\(cid).id")),
                    .attr("destination_cidr_block", .string(r.description)),
                ]))
            }
        }
    }

    /// CloudWatch alarms on each tunnel's `TunnelState` (AWS/VPN, per VpnId and TunnelIpAddress:
    /// 1 is UP for static routing and ESTABLISHED for BGP, 0 anything else), created only when
    /// `alarm_sns_topic_arn` names a topic to notify. Tunnels the device keeps down get none.
    /// https://docs.aws.amazon.com/vpn/latest/s2svpn/monitoring-cloudwatch-vpn.html
    mutating func tunnelAlarms(_ c: VPNConnection) {
        let topic = N.alarmTopicVariable
        variable(topic, "SNS topic (arn:aws:sns:…) that CloudWatch notifies when a VPN tunnel has been down for 10 minutes and when it is back; empty (the default): no alarms are created.",
                 default: "", validation: ("var.\(topic) == \"\" || can(regex(\"^arn:aws[a-z-]*:sns:\", var.\(topic)))",
                                          "The alarm topic must be empty or an SNS topic ARN (arn:aws:sns:…)."))
        let cid = N.id(c.name)
        for tn in c.tunnels.sorted(by: { $0.index < $1.index }) where !t.tunnelDisabledOnDevice(c, tn.index) {
            main.append(HCL.block("resource", ["aws_cloudwatch_metric_alarm", N.id(c.name, "tunnel\(tn.index)", "state")], [
                .attr("count", .ref("var.\(topic) == \"\" ? 0 : 1")),
                .attr("alarm_name", .string("\(t.name) \(c.name) tunnel \(tn.index) down")),
                .attr("alarm_description", .string("Tunnel \(tn.index) of VPN connection `\(c.name)` has not been \(c.routing == .bgp ? "ESTABLISHED (BGP)" : "UP") for 10 minutes.")),
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
            ], comment: "Alarm: tunnel \(tn.index) of `\(c.name)` down (only with `alarm_sns_topic_arn` set)"))
        }
    }
}
