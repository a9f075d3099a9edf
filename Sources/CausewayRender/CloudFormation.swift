import CausewayCore

/// A CloudFormation template for the AWS side, with the `DependsOn` ordering S1's stack lacked:
/// routes to an internet gateway, a virtual private gateway or a transit gateway wait for the
/// gateway's attachment to the VPC, and so do route propagations and NAT gateways. Pre-shared keys
/// are `NoEcho` parameters, never values. CloudFormation cannot read the transit-gateway
/// attachment AWS creates for a VPN connection, nor the default TGW route table's id: resources
/// that need them take them as parameters and are created once those are given (a second deploy).
/// A table the topology makes the VPC's main one is associated explicitly with every subnet that
/// would use the main table, since CloudFormation can neither replace nor reach the main table.
public struct CloudFormation: Renderer {
    public let target = "cloudformation"
    public init() {}

    /// What the template leaves out because CloudFormation has no resource type for it (Direct
    /// Connect gateways, their associations, virtual interfaces), as warnings at their nodes.
    public static func omitted(_ topology: Topology) -> [Diagnostic] { omitted(AWSResources(topology)) }

    /// `omitted` from the description the render already built.
    public static func omitted(_ d: AWSResources) -> [Diagnostic] {
        d.resources.filter { $0.kind.isDirectConnect && $0.kind != .tgwDXAttachment }.map { r in
            Diagnostic(RenderRules.notInTemplate, "the CloudFormation template leaves out \(r.key) (CloudFormation has no Direct Connect resource types); render `--only terraform` or use the Direct Connect API for it", at: d.locate(r.key))
        }
    }

    public func render(_ topology: Topology, context: RenderContext) throws -> [RenderedFile] {
        var b = CloudFormationBuilder(t: topology, resolved: context.resolved)
        try b.build()
        var head = Lines()
        head.comment("#", banner("CloudFormation template for the AWS side of `\(topology.name)`.", topology: topology.name,
                                 install: "Deploy: aws cloudformation deploy --template-file template.yaml --stack-name \(topology.name) \\\n  --parameter-overrides \(b.parameterNames.filter { $0.hasSuffix("PreSharedKey") || $0.hasSuffix("SecurityGroupId") || $0.hasSuffix("CertificateArn") }.map { "\($0)=…" }.joined(separator: " "))"))
        let omitted = b.d.resources.filter { $0.kind.isDirectConnect && $0.kind != .tgwDXAttachment }
        if !omitted.isEmpty {
            head.comment("#", "Not in this template (CloudFormation has no Direct Connect resource types; the Terraform render\nhas them): \(omitted.map(\.key).joined(separator: ", ")).")
        }
        var doc: [(String, YAMLNode)] = [
            ("AWSTemplateFormatVersion", .string("2010-09-09")),
            ("Description", .string("AWS side of \(topology.name), rendered by causeway")),
        ]
        if b.d.all(.subnet).contains(where: { if case .subnet(_, _, _?, _) = $0.properties { true } else { false } }) {
            // The topology names its availability zones on purpose (the documents' layouts).
            doc.append(("Metadata", .map([("cfn-lint", .map([("config", .map([("ignore_checks", .list([.string("W3010")]))]))]))])))
        }
        if !b.parameters.isEmpty { doc.append(("Parameters", .map(b.parameters))) }
        if !b.conditions.isEmpty { doc.append(("Conditions", .map(b.conditions))) }
        doc.append(("Resources", .map(b.resources)))
        if !b.outputs.isEmpty { doc.append(("Outputs", .map(b.outputs))) }
        return [RenderedFile(path: "aws/cloudformation/template.yaml", contents: head.text + YAMLNode.map(doc).text)]
    }
}

/// Logical ids shared by the template, the README and tests.
public enum CloudFormationNames {
    /// `VPCEks`, `SubnetEksPrivateA`: a type prefix and the model names in PascalCase.
    public static func id(_ prefix: String, _ parts: String...) -> String { id(prefix, parts) }
    public static func id(_ prefix: String, _ parts: [String]) -> String {
        prefix + parts.map { part in
            part.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) })
                .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        }.joined()
    }
    /// The stack output holding a VPN connection's id.
    public static func connectionOutput(_ connection: String) -> String { id("", connection, "VpnConnectionId") }
    public static func pskParameter(_ connection: String, _ tunnel: Int) -> String {
        id("", connection, "Tunnel\(tunnel)", "PreSharedKey")
    }
}

/// A template parameter for an id AWS assigns while the stack is created and CloudFormation
/// cannot return: `AWS::EC2::VPNConnection` returns only its own id, not the transit gateway
/// attachment AWS creates for it, and `AWS::EC2::TransitGateway` returns no default route table
/// id (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-vpnconnection.html#aws-resource-ec2-vpnconnection-return-values).
struct SecondDeployParameter {
    enum Kind { case vpnAttachment(connection: String), defaultRouteTable(gateway: String) }
    let parameter: String
    let kind: Kind
}

/// Prints the description of the AWS resources (`AWSResources`) as a CloudFormation template:
/// every resource but VPC routes and propagations in order, then those (after every gateway).
struct CloudFormationBuilder {
    let d: AWSResources
    var parameters: [(String, YAMLNode)] = []
    var conditions: [(String, YAMLNode)] = []
    var resources: [(String, YAMLNode)] = []
    var outputs: [(String, YAMLNode)] = []
    var missing: [RenderGap] = []
    /// The keys of the resources that gave a resource, in order.
    var printed: [String] = []
    /// The same for the Route 53, Resolver, health check and EFS resources (CloudFormationDNS.swift).
    var printedRoute53: [String] = []
    /// Parameters only AWS can fill after a first deploy, in the order they appear.
    var secondDeploy: [SecondDeployParameter] = []
    /// Resources created only once a condition holds, with that condition.
    var conditional: [(id: String, condition: String)] = []
    var parameterNames: [String] { parameters.map(\.0) }

    init(t: Topology, resolved: ResolvedNetwork? = nil) { d = AWSResources(resolved ?? ResolvedNetwork(t)) }
    typealias N = CloudFormationNames

    mutating func build() throws {
        let late: Set<AWSResourceKind> = [.route, .vgwPropagation]
        for r in d.resources.filter({ !late.contains($0.kind) }) + d.resources.filter({ late.contains($0.kind) }) {
            let before = resources.count
            print(r)
            if resources.count > before { printed.append(r.key) }
        }
        for r in d.route53 { route53(r) }
        for r in d.clientVPN { clientVPN(r) }
        if !missing.isEmpty { throw RenderError(target: "cloudformation", gaps: missing) }
    }

    /// `lintIgnores`: cfn-lint checks a resource is exempt from (a resource type or property
    /// newer than the cfn-lint schema on these machines), as the resource's cfn-lint metadata.
    mutating func resource(_ id: String, _ type: String, _ props: [(String, YAMLNode)], dependsOn: [String] = [], condition: String? = nil, lintIgnores: [String] = []) {
        var r: [(String, YAMLNode)] = [("Type", .string(type))]
        if !lintIgnores.isEmpty {
            r.append(("Metadata", .map([("cfn-lint", .map([("config", .map([("ignore_checks", .list(lintIgnores.map { .string($0) }))]))]))])))
        }
        if let condition {
            r.append(("Condition", .string(condition)))
            conditional.append((id, condition))
        }
        let deps = dependsOn.uniqued()
        if deps.count == 1 { r.append(("DependsOn", .string(deps[0]))) }
        else if !deps.isEmpty { r.append(("DependsOn", .list(deps.map { .string($0) }))) }
        r.append(("Properties", .map(props)))
        resources.append((id, .map(r)))
    }

    mutating func parameter(_ name: String, _ props: [(String, YAMLNode)]) {
        if !parameters.contains(where: { $0.0 == name }) { parameters.append((name, .map(props))) }
    }

    /// A parameter for an id only known after a first deploy, and the condition that it is set.
    mutating func laterID(_ name: String, _ description: String) -> String {
        parameter(name, [("Type", .string("String")), ("Default", .string("")), ("Description", .string(description))])
        let cond = "Has\(name)"
        if !conditions.contains(where: { $0.0 == cond }) {
            conditions.append((cond, .map([("Fn::Not", .list([.map([("Fn::Equals", .list([.ref(name), .string("")]))])]))])))
        }
        return cond
    }

    func tags(_ name: String, _ extra: [String: String] = [:]) -> YAMLNode {
        .list(([("Name", name)] + extra.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } + [("causeway:topology", d.topology)])
            .map { .map([("Key", .string($0.0)), ("Value", .string($0.1))]) })
    }

    // MARK: references

    /// The topology names of a resource, from its key when the topology lacks it.
    func names(_ key: String) -> [String] { d[key]?.names ?? key.split(separator: "/").dropFirst().map(String.init) }
    /// The id of the resource `key` names: the adopted id, else a `Ref` to `PREFIX` + its names.
    func ref(_ key: String, _ prefix: String) -> YAMLNode {
        d[key]?.adoptedID.map { .string($0) } ?? .ref(N.id(prefix, names(key)))
    }
    func adopted(_ key: String) -> Bool { d[key]?.isAdopted == true }
    /// The gateway attachments created here that a resource waits for.
    func attachments(_ r: AWSResource) -> [String] {
        r.dependsOn.compactMap { d[$0] }.filter { !$0.isAdopted }.compactMap {
            switch $0.kind {
            case .internetGatewayAttachment: N.id("InternetGatewayAttachment", $0.names)
            case .vpnGatewayAttachment: N.id("VPNGatewayAttachment", $0.names)
            case .tgwVPCAttachment: N.id("TransitGatewayAttachment", $0.names)
            default: nil
            }
        }
    }

    /// An attachment's id, and the condition guarding it when it is a parameter.
    mutating func attachmentRef(_ key: String) -> (YAMLNode, String?) {
        guard let a = d[key] else { return (.string(""), nil) }
        if let id = a.adoptedID { return (.string(id), nil) }
        if case .tgwPeeringAttachment = a.properties { return (.ref(N.id("TransitGatewayPeeringAttachment", a.names)), nil) }
        if case .tgwPeeringAccepter(let requester, _) = a.properties { return attachmentRef(requester) }
        if case .tgwDXAttachment(_, let dxgw) = a.properties {
            let g = names(dxgw).last ?? dxgw
            let p = N.id("", g, a.names[0], "TransitGatewayAttachmentId")
            return (.ref(p), laterID(p, "The transit gateway attachment AWS creates when Direct Connect gateway \(g) is associated with transit gateway \(a.names[0]) (tgw-attach-…); CloudFormation has no Direct Connect resources: create the gateway, its association and the virtual interfaces with the Terraform render or the Direct Connect API, then set this"))
        }
        guard case .tgwVPNAttachment(_, let vpn) = a.properties else { return (.ref(N.id("TransitGatewayAttachment", a.names)), nil) }
        let c = names(vpn).last ?? vpn
        let p = N.id("", c, "TransitGatewayAttachmentId")
        let cond = laterID(p, "The transit gateway attachment AWS created for VPN connection \(c) (tgw-attach-…), known after the first deploy; resources that use it are created once it is set")
        if !secondDeploy.contains(where: { $0.parameter == p }) { secondDeploy.append(.init(parameter: p, kind: .vpnAttachment(connection: c))) }
        return (.ref(p), cond)
    }

    mutating func tgwTableRef(_ key: String) -> (YAMLNode, String?) {
        if let id = d[key]?.adoptedID { return (.string(id), nil) }
        if case .tgwRouteTable(_, true, _) = d[key]?.properties {
            let g = names(key)[0]
            let p = N.id("", g, "DefaultRouteTableId")
            let cond = laterID(p, "The default route table of transit gateway \(g) (tgw-rtb-…), known after the first deploy")
            if !secondDeploy.contains(where: { $0.parameter == p }) { secondDeploy.append(.init(parameter: p, kind: .defaultRouteTable(gateway: g))) }
            return (.ref(p), cond)
        }
        return (.ref(N.id("TransitGatewayRouteTable", names(key))), nil)
    }

    /// One condition from several (CloudFormation allows one per resource).
    mutating func both(_ a: String?, _ b: String?) -> String? {
        switch (a, b) {
        case (nil, nil): return nil
        case (let x?, nil), (nil, let x?): return x
        case (let x?, let y?):
            if x == y { return x }
            let name = x + "And" + y.dropFirst(3)
            if !conditions.contains(where: { $0.0 == name }) {
                conditions.append((name, .map([("Fn::And", .list([.map([("Condition", .string(x))]), .map([("Condition", .string(y))])]))])))
            }
            return name
        }
    }

    // MARK: resources

    mutating func print(_ r: AWSResource) {
        let n = r.names
        switch r.properties {
        case .vpc(let cidrs, let tags):
            guard !r.isAdopted, let first = cidrs.first else { return }
            resource(N.id("VPC", n), "AWS::EC2::VPC", [
                ("CidrBlock", .string(first.description)),
                ("EnableDnsSupport", .bool(true)),
                ("EnableDnsHostnames", .bool(true)),
                ("Tags", self.tags(r.name, tags)),
            ])
            for (i, c) in cidrs.dropFirst().enumerated() {
                resource(N.id("VPCCidr", n + ["\(i + 2)"]), "AWS::EC2::VPCCidrBlock", [("VpcId", ref(r.key, "VPC")), ("CidrBlock", .string(c.description))])
            }
        case .internetGateway(let vpc):
            guard !adopted(vpc) else { return }
            resource(N.id("InternetGateway", n), "AWS::EC2::InternetGateway", [("Tags", tags(r.name))])
        case .internetGatewayAttachment(let igw, let vpc):
            guard !r.isAdopted else { return }
            resource(N.id("InternetGatewayAttachment", n), "AWS::EC2::VPCGatewayAttachment", [
                ("VpcId", ref(vpc, "VPC")), ("InternetGatewayId", .ref(N.id("InternetGateway", names(igw)))),
            ])
        case .subnet(let vpc, let cidr, let zone, let tags):
            guard !r.isAdopted else { return }
            var p: [(String, YAMLNode)] = [("VpcId", ref(vpc, "VPC")), ("CidrBlock", .string(cidr.description))]
            if let zone { p.append(("AvailabilityZone", .string(zone))) }
            p.append(("Tags", self.tags(r.name, tags)))
            resource(N.id("Subnet", n), "AWS::EC2::Subnet", p)
        case .natGateway(let vpc, let subnet, _):
            guard !adopted(vpc) else { return }
            let attach = attachments(r)
            resource(N.id("EIP", n), "AWS::EC2::EIP", [("Domain", .string("vpc"))], dependsOn: attach)
            resource(N.id("NatGateway", n), "AWS::EC2::NatGateway", [
                ("AllocationId", .getAtt(N.id("EIP", n), "AllocationId")),
                ("SubnetId", ref(subnet, "Subnet")),
                ("Tags", tags(r.name)),
            ], dependsOn: attach)
        case .routeTable(let vpc, _):
            guard !r.isAdopted else { return }
            resource(N.id("RouteTable", n), "AWS::EC2::RouteTable", [("VpcId", ref(vpc, "VPC")), ("Tags", tags(r.name))])
        case .subnetAssociation(let table, let subnet, let implicit):
            // CloudFormation cannot make a table the VPC's main one, nor reach the main table
            // AWS created (AWS::EC2::VPC returns no MainRouteTableId): the subnets that would
            // use it implicitly are associated explicitly instead.
            // https://docs.aws.amazon.com/vpc/latest/userguide/subnet-route-tables.html#main-route-table
            guard !(adopted(table) && (implicit || adopted(subnet))) else { return }
            resource(N.id("SubnetRouteTableAssociation", n[0], n[2]), "AWS::EC2::SubnetRouteTableAssociation", [
                ("SubnetId", ref(subnet, "Subnet")), ("RouteTableId", ref(table, "RouteTable")),
            ])
        case .route(let route): self.route(r, route)
        case .vgwPropagation(let table, let gateway):
            resource(N.id("VPNGatewayRoutePropagation", n), "AWS::EC2::VPNGatewayRoutePropagation", [
                ("RouteTableIds", .list([ref(table, "RouteTable")])), ("VpnGatewayId", ref(gateway, "VPNGateway")),
            ], dependsOn: attachments(r))
        case .vpnGateway(let asn):
            guard !r.isAdopted else { return }
            resource(N.id("VPNGateway", n), "AWS::EC2::VPNGateway", [
                ("Type", .string("ipsec.1")), ("AmazonSideAsn", .int(Int(asn.value))), ("Tags", tags(r.name)),
            ])
        case .vpnGatewayAttachment(let gateway, let vpc):
            guard !r.isAdopted, d[vpc] != nil else { return }
            resource(N.id("VPNGatewayAttachment", n), "AWS::EC2::VPCGatewayAttachment", [
                ("VpcId", ref(vpc, "VPC")), ("VpnGatewayId", ref(gateway, "VPNGateway")),
            ])
        case .customerGateway(let ip, let asn, let deviceName):
            guard !r.isAdopted else { return }
            guard let ip else {
                missing.append(RenderGap("the IP address of customer gateway `\(r.name)` (`\(r.path).ip_address`, or its site's `gateway.public_ip`)", at: r.path))
                return
            }
            var p: [(String, YAMLNode)] = [("Type", .string("ipsec.1")), ("BgpAsn", .int(Int(asn.value))), ("IpAddress", .string(ip.description))]
            if let deviceName { p.append(("DeviceName", .string(deviceName))) }
            p.append(("Tags", tags(r.name)))
            resource(N.id("CustomerGateway", n), "AWS::EC2::CustomerGateway", p)
        case .transitGateway(let o):
            guard !r.isAdopted else { return }
            resource(N.id("TransitGateway", n), "AWS::EC2::TransitGateway", [
                ("AmazonSideAsn", .int(Int(o.asn.value))),
                ("DefaultRouteTableAssociation", .string(o.defaultRouteTableAssociation ? "enable" : "disable")),
                ("DefaultRouteTablePropagation", .string(o.defaultRouteTablePropagation ? "enable" : "disable")),
                ("VpnEcmpSupport", .string(o.vpnECMP ? "enable" : "disable")),
                ("Tags", tags(r.name)),
            ])
        case .tgwVPCAttachment(let gateway, let vpc, let subnets, _, _):
            guard !r.isAdopted, d[vpc] != nil else { return }
            resource(N.id("TransitGatewayAttachment", n), "AWS::EC2::TransitGatewayAttachment", [
                ("TransitGatewayId", ref(gateway, "TransitGateway")),
                ("VpcId", ref(vpc, "VPC")),
                ("SubnetIds", .list(subnets.map { ref($0, "Subnet") })),
                ("Tags", tags(r.name)),
            ])
        case .tgwVPNAttachment: break // AWS creates it with the connection.
        case .tgwRouteTable(let gateway, let isDefault, _):
            guard !isDefault, !r.isAdopted else { return }
            resource(N.id("TransitGatewayRouteTable", n), "AWS::EC2::TransitGatewayRouteTable", [
                ("TransitGatewayId", ref(gateway, "TransitGateway")), ("Tags", tags(r.name)),
            ])
        case .tgwAssociation(let table, let attachment, let automatic, _), .tgwPropagation(let table, let attachment, let automatic):
            // An association and a propagation take the same two properties.
            guard !automatic else { return }
            let kind = r.kind == .tgwPropagation ? "TransitGatewayRouteTablePropagation" : "TransitGatewayRouteTableAssociation"
            let (t, c1) = tgwTableRef(table)
            let (a, c2) = attachmentRef(attachment)
            resource(N.id(kind, n), "AWS::EC2::\(kind)", [
                ("TransitGatewayAttachmentId", a), ("TransitGatewayRouteTableId", t),
            ], condition: both(c1, c2))
        case .tgwRoute(let table, let destination, let attachment):
            let (t, c1) = tgwTableRef(table)
            var p: [(String, YAMLNode)] = [("DestinationCidrBlock", .string(destination.description)), ("TransitGatewayRouteTableId", t)]
            var c2: String?
            if let attachment {
                let (a, c) = attachmentRef(attachment)
                p.append(("TransitGatewayAttachmentId", a))
                c2 = c
            } else {
                p.append(("Blackhole", .bool(true)))
            }
            resource(N.id("TransitGatewayRoute", n), "AWS::EC2::TransitGatewayRoute", p, condition: both(c1, c2))
        // CloudFormation has no Direct Connect resource types: the Terraform render (or the
        // Direct Connect API) creates them; `CloudFormation.omitted` names each one.
        case .dxGateway, .dxGatewayAssociation, .virtualInterface, .tgwDXAttachment: break
        case .vpnConnection(let c): vpn(r, c)
        case .vpnConnectionRoute(let connection, let destination):
            guard !adopted(connection) else { return }
            resource(N.id("VPNConnectionRoute", n), "AWS::EC2::VPNConnectionRoute", [
                ("VpnConnectionId", .ref(N.id("VPNConnection", names(connection)))), ("DestinationCidrBlock", .string(destination.description)),
            ])
        case .prefixList, .prefixListRoute, .tgwPrefixListReference, .vpcPeering, .tgwPeeringAttachment, .tgwPeeringAccepter:
            routing(r)
        case .iamRole, .eksCluster, .eksNodeGroup, .eksAddon: eks(r)
        }
    }

    /// A VPC route, after every gateway exists in the template.
    mutating func route(_ r: AWSResource, _ route: AWSRoute, destination: (String, YAMLNode)? = nil) {
        let v = r.names[0]
        var p: [(String, YAMLNode)] = [("RouteTableId", ref(route.table, "RouteTable")), destination ?? ("DestinationCidrBlock", .string(route.destination.description))]
        var cond: String?
        switch route.target {
        case .local: return
        case .internetGateway:
            if !adopted(route.vpc) { p.append(("GatewayId", .ref(N.id("InternetGateway", v)))) }
            else {
                let name = N.id("", v, "InternetGatewayId")
                cond = laterID(name, "The internet gateway of the adopted VPC \(v) (igw-…)")
                p.append(("GatewayId", .ref(name)))
            }
        case .natGateway(let name), .vpnGateway(let name), .transitGateway(let name):
            if route.unresolved != nil { missing.append(.unresolvedGateway(name, of: route, d, at: r.path)); return }
            let key = route.targetKey ?? ""
            switch route.target {
            case .natGateway:
                if !adopted(route.vpc) { p.append(("NatGatewayId", .ref(N.id("NatGateway", names(key))))) }
                else {
                    let nat = names(key).last ?? key
                    let name = N.id("", v, nat, "NatGatewayId")
                    cond = laterID(name, "The NAT gateway \(nat) of the adopted VPC \(v) (nat-…)")
                    p.append(("NatGatewayId", .ref(name)))
                }
            case .vpnGateway: p.append(("GatewayId", ref(key, "VPNGateway")))
            default: p.append(("TransitGatewayId", ref(key, "TransitGateway")))
            }
        case .instance(let i):
            let name = N.id("", v, i, "NetworkInterfaceId")
            cond = laterID(name, "The network interface of instance \(i) in VPC \(v) (eni-…): instances are not managed here")
            p.append(("NetworkInterfaceId", .ref(name)))
        case .vpcPeering(let o):
            guard route.unresolved == nil, d[LogicalKey.vpcPeering(o)] != nil else {
                missing.append(RenderGap("the VPC peering `\(o)` of route \(route.destination) in `\(d[route.table]?.path ?? route.table)`", at: r.path, rule: RenderRules.unresolvedTarget))
                return
            }
            p.append(("VpcPeeringConnectionId", ref(LogicalKey.vpcPeering(o), "VPCPeeringConnection")))
        }
        resource(N.id("Route", r.names), "AWS::EC2::Route", p, dependsOn: attachments(r), condition: cond)
    }

    // MARK: VPN connections

    mutating func vpn(_ r: AWSResource, _ c: AWSVPNConnection) {
        guard !r.isAdopted else { return }
        let id = N.id("VPNConnection", r.name), name = r.name
        var p: [(String, YAMLNode)] = [("Type", .string("ipsec.1")), ("CustomerGatewayId", ref(c.customerGateway, "CustomerGateway"))]
        if c.onTransitGateway { p.append(("TransitGatewayId", ref(c.gatewayKey, "TransitGateway"))) }
        else { p.append(("VpnGatewayId", ref(c.gatewayKey, "VPNGateway"))) }
        p.append(("StaticRoutesOnly", .bool(c.routing == .static)))
        if c.localNetworkCIDR != .any { p.append(("LocalIpv4NetworkCidr", .string(c.localNetworkCIDR.description))) }
        if c.remoteNetworkCIDR != .any { p.append(("RemoteIpv4NetworkCidr", .string(c.remoteNetworkCIDR.description))) }
        // AWS's 2025–26 options, each only when not AWS's default (AWS::EC2::VPNConnection).
        if c.options.outsideIPAddressType != .publicIpv4 { p.append(("OutsideIpAddressType", .string(c.options.outsideIPAddressType.rawValue))) }
        if c.options.tunnelBandwidth != .standard { p.append(("TunnelBandwidth", .string(c.options.tunnelBandwidth.rawValue))) }
        if c.options.enableAcceleration { p.append(("EnableAcceleration", .bool(true))) }
        var specs: [YAMLNode] = []
        for tn in c.tunnels {
            let o = tn.options
            var s: [(String, YAMLNode)] = []
            if let cidr = tn.insideCIDR { s.append(("TunnelInsideCidr", .string(cidr.description))) }
            if tn.psk != .generated {
                let param = N.pskParameter(name, tn.index)
                parameter(param, [
                    ("Type", .string("String")),
                    ("NoEcho", .bool(true)),
                    ("MinLength", .int(AWSPreSharedKeyRule.minLength)),
                    ("MaxLength", .int(AWSPreSharedKeyRule.maxLength)),
                    ("AllowedPattern", .string(AWSPreSharedKeyRule.cloudFormationPattern)),
                    ("Description", .string("Pre-shared key of tunnel \(tn.index) of VPN connection \(name) (\(tn.psk.origin))")),
                ])
                s.append(("PreSharedKey", .ref(param)))
            }
            let values = { (xs: [String]) -> YAMLNode in .list(xs.map { .map([("Value", .string($0))]) }) }
            let ints = { (xs: [Int]) -> YAMLNode in .list(xs.map { .map([("Value", .int($0))]) }) }
            if !o.ikeVersions.isEmpty { s.append(("IKEVersions", values(o.ikeVersions.map(\.rawValue)))) }
            for (n, prop, life) in [(1, o.phase1, o.phase1Lifetime), (2, o.phase2, o.phase2Lifetime)] {
                if !prop.encryption.isEmpty { s.append(("Phase\(n)EncryptionAlgorithms", values(prop.encryption.map(\.name)))) }
                if !prop.integrity.isEmpty { s.append(("Phase\(n)IntegrityAlgorithms", values(prop.integrity.map(\.name)))) }
                if !prop.dhGroups.isEmpty { s.append(("Phase\(n)DHGroupNumbers", ints(prop.dhGroups))) }
                s.append(("Phase\(n)LifetimeSeconds", .int(life)))
            }
            s += [
                ("RekeyMarginTimeSeconds", .int(o.rekeyMarginTime)),
                ("RekeyFuzzPercentage", .int(o.rekeyFuzz)),
                ("ReplayWindowSize", .int(o.replayWindow)),
                ("DPDTimeoutSeconds", .int(o.dpdTimeout)),
                ("DPDTimeoutAction", .string(o.dpdTimeoutAction.rawValue)),
                ("StartupAction", .string(o.startupAction.rawValue)),
            ]
            if o.enableTunnelLifecycleControl { s.append(("EnableTunnelLifecycleControl", .bool(true))) }
            if !o.logOptions.isDefault { s.append(("LogOptions", .map([("CloudwatchLogOptions", Self.logOptions(o.logOptions))]))) }
            specs.append(.map(s))
        }
        p.append(("VpnTunnelOptionsSpecifications", .list(specs)))
        p.append(("Tags", tags(name)))
        resource(id, "AWS::EC2::VPNConnection", p)
        outputs.append((N.connectionOutput(name), .map([
            ("Description", .string("VPN connection \(name): its tunnel outside addresses (and generated keys) are in its configuration; run `causeway import` or `aws ec2 describe-vpn-connections`")),
            ("Value", .ref(id)),
        ])))
    }

    /// A tunnel's CloudwatchLogOptions (CloudFormation spells it with a small w).
    static func logOptions(_ l: TunnelLogOptions) -> YAMLNode {
        var m: [(String, YAMLNode)] = [("LogEnabled", .bool(l.logEnabled))]
        if let v = l.logGroupARN { m.append(("LogGroupArn", .string(v))) }
        if let v = l.logOutputFormat { m.append(("LogOutputFormat", .string(v.rawValue))) }
        m.append(("BgpLogEnabled", .bool(l.bgpLogEnabled)))
        if let v = l.bgpLogGroupARN { m.append(("BgpLogGroupArn", .string(v))) }
        if let v = l.bgpLogOutputFormat { m.append(("BgpLogOutputFormat", .string(v.rawValue))) }
        return .map(m)
    }
}
