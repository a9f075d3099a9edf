import CausewayCore

/// Terraform (AWS provider) for the AWS side: VPCs, subnets, route tables and routes (unless
/// adopted by `id`), the virtual private gateway and its attachment, customer gateways, VPN
/// connections with every tunnel option, VPN static routes, route propagation, transit
/// gateways with their VPC attachments, route tables, associations, propagations, routes and
/// blackholes; Route 53 health checks, hosted zones and records, Resolver endpoints and rules,
/// EFS file systems and mount targets. Pre-shared keys are never written: each one the topology references becomes a
/// sensitive variable; keys AWS generates and the tunnel addresses AWS chooses are outputs.
public struct Terraform: Renderer {
    public let target = "terraform"
    public init() {}

    public func render(_ topology: Topology, context: RenderContext) throws -> [RenderedFile] {
        var b = TerraformBuilder(t: topology, resolved: context.resolved)
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

/// Prints the description of the AWS resources (`AWSResources`) as Terraform, one block (or
/// none, for what AWS makes by itself or the topology adopts) per resource.
struct TerraformBuilder {
    let d: AWSResources
    var main: [String] = []
    var variables: [String] = []
    var outputs: [String] = []
    var missing: [RenderGap] = []
    /// The keys of the resources that gave a block, in order.
    var printed: [String] = []
    /// The same for the Route 53, Resolver, health check and EFS resources (TerraformDNS.swift).
    var printedRoute53: [String] = []

    init(t: Topology, resolved: ResolvedNetwork? = nil) { d = AWSResources(resolved ?? ResolvedNetwork(t)) }

    typealias N = TerraformNames

    mutating func build() throws {
        main.append(HCL.block("terraform", [], [
            .attr("required_version", .string(">= 1.5")),
            .block("required_providers", [], [
                .attr("aws", .map([("source", .string("hashicorp/aws")), ("version", .string(">= 5.40"))])),
            ]),
        ]))
        main.append(HCL.block("provider", ["aws"], [
            .attr("region", .string(d.region)),
            .block("default_tags", [], [.attr("tags", .map([("causeway:topology", .string(d.topology))]))]),
        ]))
        for r in d.resources {
            let before = main.count
            print(r)
            if main.count > before { printed.append(r.key) }
        }
        for r in d.route53 { route53(r) }
        for r in d.clientVPN { clientVPN(r) }
        if !missing.isEmpty { throw RenderError(target: "terraform", gaps: missing) }
    }

    mutating func print(_ r: AWSResource) {
        let id = N.id(r.names)
        switch r.properties {
        case .vpc(let cidrs, let tags):
            if let adopted = r.adoptedID {
                main.append("# VPC `\(r.name)` is adopted (\(adopted)): not managed here.\n")
            } else if let first = cidrs.first {
                main.append(HCL.block("resource", ["aws_vpc", id], [
                    .attr("cidr_block", .string(first.description)),
                    .attr("enable_dns_support", .bool(true)),
                    .attr("enable_dns_hostnames", .bool(true)),
                    self.tags(r.name, tags),
                ], comment: "VPC `\(r.name)`"))
                for (i, c) in cidrs.dropFirst().enumerated() {
                    main.append(HCL.block("resource", ["aws_vpc_ipv4_cidr_block_association", N.id(r.name, "cidr\(i + 2)")], [
                        .attr("vpc_id", ref(r.key, "aws_vpc")), .attr("cidr_block", .string(c.description)),
                    ]))
                }
            }
        case .internetGateway(let vpc):
            if d[vpc]?.isAdopted == true {
                main.append(HCL.block("data", ["aws_internet_gateway", id], [
                    .block("filter", [], [.attr("name", .string("attachment.vpc-id")), .attr("values", .list([ref(vpc, "aws_vpc")]))]),
                ]))
            } else {
                main.append(HCL.block("resource", ["aws_internet_gateway", id], [.attr("vpc_id", ref(vpc, "aws_vpc")), tags(r.name)]))
            }
        case .internetGatewayAttachment, .tgwVPNAttachment:
            break // `aws_internet_gateway` takes its VPC; AWS creates a VPN's TGW attachment with it.
        case .subnet(let vpc, let cidr, let zone, let tags):
            guard !r.isAdopted else { return }
            var body: [HCLItem] = [.attr("vpc_id", ref(vpc, "aws_vpc")), .attr("cidr_block", .string(cidr.description))]
            if let zone { body.append(.attr("availability_zone", .string(zone))) }
            body.append(self.tags(r.name, tags))
            main.append(HCL.block("resource", ["aws_subnet", id], body))
        case .natGateway(let vpc, let subnet, _):
            if d[vpc]?.isAdopted == true {
                main.append(HCL.block("data", ["aws_nat_gateway", id], [
                    .attr("subnet_id", ref(subnet, "aws_subnet")), .attr("state", .string("available")),
                ]))
            } else {
                let igw = HCLExpr.ref("aws_internet_gateway.\(N.id(r.names[0]))")
                main.append(HCL.block("resource", ["aws_eip", id], [.attr("domain", .string("vpc")), tags(r.name), .attr("depends_on", .list([igw]))]))
                main.append(HCL.block("resource", ["aws_nat_gateway", id], [
                    .attr("allocation_id", .ref("aws_eip.\(id).id")),
                    .attr("subnet_id", ref(subnet, "aws_subnet")),
                    tags(r.name),
                    .attr("depends_on", .list([igw])),
                ]))
            }
        case .routeTable(let vpc, let isMain):
            guard !r.isAdopted else { return }
            main.append(HCL.block("resource", ["aws_route_table", id], [.attr("vpc_id", ref(vpc, "aws_vpc")), tags(r.name)],
                                  comment: "Route table `\(r.name)` of VPC `\(r.names[0])`"))
            if isMain {
                main.append(HCL.block("resource", ["aws_main_route_table_association", id], [
                    .attr("vpc_id", ref(vpc, "aws_vpc")), .attr("route_table_id", ref(r.key, "aws_route_table")),
                ]))
            }
        case .subnetAssociation(let table, let subnet, let implicit):
            guard !implicit, !(d[table]?.isAdopted == true && d[subnet]?.isAdopted == true) else { return }
            main.append(HCL.block("resource", ["aws_route_table_association", id], [
                .attr("subnet_id", ref(subnet, "aws_subnet")), .attr("route_table_id", ref(table, "aws_route_table")),
            ]))
        case .route(let route): self.route(r, route)
        case .vgwPropagation(let table, let gateway):
            var body: [HCLItem] = [.attr("vpn_gateway_id", ref(gateway, "aws_vpn_gateway")), .attr("route_table_id", ref(table, "aws_route_table"))]
            let deps = attachments(r)
            if !deps.isEmpty { body.append(.attr("depends_on", .list(deps))) }
            main.append(HCL.block("resource", ["aws_vpn_gateway_route_propagation", id], body))
        case .vpnGateway(let asn):
            if let adopted = r.adoptedID {
                main.append("# Virtual private gateway `\(r.name)` is adopted (\(adopted)): not managed here.\n")
                return
            }
            main.append(HCL.block("resource", ["aws_vpn_gateway", id], [
                .attr("amazon_side_asn", .string(asn.description)), tags(r.name),
            ], comment: "Virtual private gateway `\(r.name)`"))
        case .vpnGatewayAttachment(let gateway, let vpc):
            guard !r.isAdopted, d[vpc] != nil else { return }
            main.append(HCL.block("resource", ["aws_vpn_gateway_attachment", id], [
                .attr("vpc_id", ref(vpc, "aws_vpc")), .attr("vpn_gateway_id", ref(gateway, "aws_vpn_gateway")),
            ]))
        case .customerGateway(let ip, let asn, let deviceName):
            if let adopted = r.adoptedID {
                main.append("# Customer gateway `\(r.name)` is adopted (\(adopted)): not managed here.\n")
                return
            }
            guard let ip else {
                missing.append(RenderGap("the IP address of customer gateway `\(r.name)` (`\(r.path).ip_address`, or its site's `gateway.public_ip`)", at: r.path))
                return
            }
            // The AWS provider 5.x validates ip_address as IPv4 (`terraform validate` refuses an IPv6 one).
            var body: [HCLItem] = [
                .attr("bgp_asn", .string(asn.description)),
                ip.isIPv6 ? .comment("ip_address = \"\(ip)\": the AWS provider 5.x accepts only IPv4 here; create this customer gateway with `causeway apply` or CloudFormation") : .attr("ip_address", .string(ip.description)),
                .attr("type", .string("ipsec.1")),
            ]
            if let deviceName { body.append(.attr("device_name", .string(deviceName))) }
            body.append(tags(r.name))
            main.append(HCL.block("resource", ["aws_customer_gateway", id], body, comment: "Customer gateway `\(r.name)`"))
        case .transitGateway(let o):
            if let adopted = r.adoptedID {
                main.append("# Transit gateway `\(r.name)` is adopted (\(adopted)): not managed here.\n")
                return
            }
            main.append(HCL.block("resource", ["aws_ec2_transit_gateway", id], [
                .attr("amazon_side_asn", .int(Int(o.asn.value))),
                .attr("default_route_table_association", .string(o.defaultRouteTableAssociation ? "enable" : "disable")),
                .attr("default_route_table_propagation", .string(o.defaultRouteTablePropagation ? "enable" : "disable")),
                .attr("vpn_ecmp_support", .string(o.vpnECMP ? "enable" : "disable")),
                tags(r.name),
            ], comment: "Transit gateway `\(r.name)`"))
        case .tgwVPCAttachment(let gateway, let vpc, let subnets, let defaultAssociation, let defaultPropagation):
            guard !r.isAdopted, let v = d[vpc] else { return }
            main.append(HCL.block("resource", ["aws_ec2_transit_gateway_vpc_attachment", id], [
                .attr("transit_gateway_id", ref(gateway, "aws_ec2_transit_gateway")),
                .attr("vpc_id", ref(vpc, "aws_vpc")),
                .attr("subnet_ids", .list(subnets.map { ref($0, "aws_subnet") })),
                .attr("transit_gateway_default_route_table_association", .bool(defaultAssociation)),
                .attr("transit_gateway_default_route_table_propagation", .bool(defaultPropagation)),
                tags(r.name),
            ], comment: "Attachment `\(r.name)` of VPC `\(v.name)` to transit gateway `\(r.names[0])`"))
        case .tgwRouteTable(let gateway, let isDefault, _):
            guard !isDefault, !r.isAdopted else { return }
            main.append(HCL.block("resource", ["aws_ec2_transit_gateway_route_table", id], [
                .attr("transit_gateway_id", ref(gateway, "aws_ec2_transit_gateway")), tags(r.name),
            ], comment: "Transit gateway route table `\(r.name)`"))
        case .tgwAssociation(let table, let attachment, let automatic, let replacesDefault):
            // AWS associates new attachments with the default table by itself.
            guard !automatic else { return }
            var body: [HCLItem] = [
                .attr("transit_gateway_attachment_id", attachmentRef(attachment)),
                .attr("transit_gateway_route_table_id", tgwTableRef(table)),
            ]
            // The VPN attachment starts out on the default table; move it.
            if replacesDefault { body.append(.attr("replace_existing_association", .bool(true))) }
            if let wait = acceptance(attachment) { body.append(wait) }
            main.append(HCL.block("resource", ["aws_ec2_transit_gateway_route_table_association", id], body))
        case .tgwPropagation(let table, let attachment, let automatic):
            guard !automatic else { return }
            main.append(HCL.block("resource", ["aws_ec2_transit_gateway_route_table_propagation", id], [
                .attr("transit_gateway_attachment_id", attachmentRef(attachment)),
                .attr("transit_gateway_route_table_id", tgwTableRef(table)),
            ]))
        case .tgwRoute(let table, let destination, let attachment):
            var body: [HCLItem] = [
                .attr("destination_cidr_block", .string(destination.description)),
                .attr("transit_gateway_route_table_id", tgwTableRef(table)),
            ]
            if let attachment { body.append(.attr("transit_gateway_attachment_id", attachmentRef(attachment))) }
            else { body.append(.attr("blackhole", .bool(true))) }
            if let wait = attachment.flatMap({ acceptance($0) }) { body.append(wait) }
            main.append(HCL.block("resource", ["aws_ec2_transit_gateway_route", id], body))
        case .dxGateway, .dxGatewayAssociation, .tgwDXAttachment, .virtualInterface: directConnect(r)
        case .vpnConnection(let c): vpn(r, c)
        case .vpnConnectionRoute(let connection, let destination):
            guard d[connection]?.isAdopted != true else { return }
            main.append(HCL.block("resource", ["aws_vpn_connection_route", id], [
                .attr("vpn_connection_id", .ref("aws_vpn_connection.\(N.id(r.names[0])).id")),
                .attr("destination_cidr_block", .string(destination.description)),
            ]))
        case .prefixList, .prefixListRoute, .tgwPrefixListReference, .vpcPeering, .tgwPeeringAttachment, .tgwPeeringAccepter:
            routing(r)
        case .iamRole, .eksCluster, .eksNodeGroup, .eksAddon: eks(r)
        }
    }

    // MARK: references

    func tags(_ name: String, _ extra: [String: String] = [:]) -> HCLItem {
        .attr("tags", .map([("Name", .string(name))] + extra.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
    }
    /// The topology names of a resource, from its key when the topology lacks it.
    func names(_ key: String) -> [String] { d[key]?.names ?? key.split(separator: "/").dropFirst().map(String.init) }
    /// The id of the resource `key` names: the adopted id, else the `TYPE.NAME.id` reference.
    func ref(_ key: String, _ type: String) -> HCLExpr {
        d[key]?.adoptedID.map { .string($0) } ?? .ref("\(type).\(N.id(names(key))).id")
    }
    /// The gateway attachments created here that a resource waits for.
    func attachments(_ r: AWSResource) -> [HCLExpr] {
        r.dependsOn.compactMap { d[$0] }.filter { !$0.isAdopted }.compactMap {
            switch $0.kind {
            case .vpnGatewayAttachment: .ref("aws_vpn_gateway_attachment.\(N.id($0.names))")
            case .tgwVPCAttachment: .ref("aws_ec2_transit_gateway_vpc_attachment.\(N.id($0.names))")
            default: nil
            }
        }
    }
    func attachmentRef(_ key: String) -> HCLExpr {
        guard let a = d[key] else { return .ref("null") }
        if let id = a.adoptedID { return .string(id) }
        if case .tgwPeeringAttachment = a.properties { return .ref("aws_ec2_transit_gateway_peering_attachment.\(N.id(a.names)).id") }
        if case .tgwPeeringAccepter = a.properties { return .ref("aws_ec2_transit_gateway_peering_attachment_accepter.\(N.id(a.names)).id") }
        if case .tgwDXAttachment = a.properties { return .ref("data.aws_ec2_transit_gateway_dx_gateway_attachment.\(N.id(a.names)).id") }
        guard case .tgwVPNAttachment(_, let vpn) = a.properties else { return ref(key, "aws_ec2_transit_gateway_vpc_attachment") }
        let c = names(vpn).last ?? vpn
        if d[vpn]?.isAdopted == true { return .ref("var.\(N.id(c, "transit_gateway_attachment_id"))") }
        return .ref("aws_vpn_connection.\(N.id(c)).transit_gateway_attachment_id")
    }
    func tgwTableRef(_ key: String) -> HCLExpr {
        if let id = d[key]?.adoptedID { return .string(id) }
        if case .tgwRouteTable(_, true, _) = d[key]?.properties {
            return .ref("aws_ec2_transit_gateway.\(N.id(names(key)[0])).association_default_route_table_id")
        }
        return ref(key, "aws_ec2_transit_gateway_route_table")
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

    // MARK: VPC routes

    mutating func route(_ r: AWSResource, _ route: AWSRoute, destination: HCLItem? = nil) {
        let vpc = r.names[0], table = d[route.table]
        var body: [HCLItem] = [.attr("route_table_id", ref(route.table, "aws_route_table")),
                               destination ?? .attr("destination_cidr_block", .string(route.destination.description))]
        let adoptedVPC = d[route.vpc]?.isAdopted == true
        switch route.target {
        case .local: return
        case .internetGateway:
            body.append(.attr("gateway_id", .ref(adoptedVPC ? "data.aws_internet_gateway.\(N.id(vpc)).id" : "aws_internet_gateway.\(N.id(vpc)).id")))
        case .natGateway(let name), .vpnGateway(let name), .transitGateway(let name):
            if route.unresolved != nil { missing.append(.unresolvedGateway(name, of: route, d, at: r.path)); return }
            let key = route.targetKey ?? ""
            switch route.target {
            case .natGateway: body.append(.attr("nat_gateway_id", .ref((adoptedVPC ? "data." : "") + "aws_nat_gateway.\(N.id(names(key))).id")))
            case .vpnGateway: body.append(.attr("gateway_id", ref(key, "aws_vpn_gateway")))
            default: body.append(.attr("transit_gateway_id", ref(key, "aws_ec2_transit_gateway")))
            }
        case .instance(let i):
            let name = N.id(vpc, i, "network_interface_id")
            variable(name, "Network interface of instance `\(i)` in VPC `\(vpc)` (routes point at it; instances are not managed here).")
            body.append(.attr("network_interface_id", .ref("var.\(name)")))
        case .vpcPeering(let p):
            guard route.unresolved == nil, d[LogicalKey.vpcPeering(p)] != nil else {
                missing.append(RenderGap("the VPC peering `\(p)` of route \(route.destination) in `\(table?.path ?? route.table)`", at: r.path, rule: RenderRules.unresolvedTarget))
                return
            }
            body.append(.attr("vpc_peering_connection_id", ref(LogicalKey.vpcPeering(p), "aws_vpc_peering_connection")))
        }
        let deps = attachments(r)
        if !deps.isEmpty { body.append(.attr("depends_on", .list(deps))) }
        main.append(HCL.block("resource", ["aws_route", N.id(r.names)], body))
    }
}

/// What the AWS provider 5.x cannot say, as `render-provider-refuses` warnings at their nodes
/// (the Terraform render comments them).
extension Terraform {
    public static func refused(_ topology: Topology) -> [Diagnostic] { refused(AWSResources(topology), topology) }

    /// `refused` from the description the render already built.
    public static func refused(_ d: AWSResources, _ topology: Topology) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for r in d.resources {
            if case .customerGateway(let ip?, _, _) = r.properties, ip.isIPv6, !r.isAdopted {
                out.append(Diagnostic(RenderRules.providerRefuses, "the Terraform render comments out the IPv6 address \(ip) of customer gateway `\(r.name)` (the AWS provider 5.x takes IPv4 only): create it with `causeway apply` or CloudFormation", at: d.locate(r.key)))
            }
        }
        for r in d.route53 where r.isUncreatedPrivateHealthCheck {
            let what = r.kind == .healthCheckSource
                ? "comments out health check source `\(r.name)` (the AWS provider 5.x has no resource for Route 53 health check sources)"
                : "takes PRIVATE health check `\(r.name)` as a variable (the AWS provider 5.x has no endpoint_type)"
            out.append(Diagnostic(RenderRules.providerRefuses, "the Terraform render \(what): create it with CloudFormation, the console or the CLI", at: d.sourceMap.locate(r.path)))
        }
        for c in topology.vpnConnections where c.options.outsideIPAddressType == .ipv6 {
            out.append(Diagnostic(RenderRules.providerRefuses, "the Terraform render comments out `outside_ip_address_type: Ipv6` of `\(c.name)` (the AWS provider 5.x takes PublicIpv4 and PrivateIpv4 only): create it with `causeway apply` or CloudFormation", at: topology.locate(c.path)))
        }
        return out
    }
}
