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

    public func render(_ topology: Topology, context: RenderContext) throws -> [RenderedFile] {
        var b = CloudFormationBuilder(t: topology)
        try b.build()
        var head = Lines()
        head.comment("#", banner("CloudFormation template for the AWS side of `\(topology.name)`.", topology: topology.name,
                                 install: "Deploy: aws cloudformation deploy --template-file template.yaml --stack-name \(topology.name) \\\n  --parameter-overrides \(b.parameterNames.filter { $0.hasSuffix("PreSharedKey") }.map { "\($0)=…" }.joined(separator: " "))"))
        var doc: [(String, YAMLNode)] = [
            ("AWSTemplateFormatVersion", .string("2010-09-09")),
            ("Description", .string("AWS side of \(topology.name), rendered by causeway")),
        ]
        if topology.vpcs.contains(where: { $0.subnets.contains { $0.availabilityZone != nil } }) {
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

struct CloudFormationBuilder {
    let t: Topology
    var parameters: [(String, YAMLNode)] = []
    var conditions: [(String, YAMLNode)] = []
    var resources: [(String, YAMLNode)] = []
    var outputs: [(String, YAMLNode)] = []
    var missing: [String] = []
    /// Parameters only AWS can fill after a first deploy, in the order they appear.
    var secondDeploy: [SecondDeployParameter] = []
    /// Resources created only once a condition holds, with that condition.
    var conditional: [(id: String, condition: String)] = []
    var parameterNames: [String] { parameters.map(\.0) }

    init(t: Topology) { self.t = t }
    typealias N = CloudFormationNames

    mutating func build() throws {
        for v in t.vpcs { vpc(v) }
        for g in t.vpnGateways { vgw(g) }
        for c in t.customerGateways { cgw(c) }
        for g in t.transitGateways { tgw(g) }
        for c in t.vpnConnections { vpn(c) }
        for v in t.vpcs { vpcRoutes(v) }
        if !missing.isEmpty { throw RenderError(target: "cloudformation", missing: missing) }
    }

    mutating func resource(_ id: String, _ type: String, _ props: [(String, YAMLNode)], dependsOn: [String] = [], condition: String? = nil) {
        var r: [(String, YAMLNode)] = [("Type", .string(type))]
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
        .list(([("Name", name)] + extra.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } + [("causeway:topology", t.name)])
            .map { .map([("Key", .string($0.0)), ("Value", .string($0.1))]) })
    }

    // MARK: references

    func vpcRef(_ v: VPC) -> YAMLNode { v.id.map { .string($0) } ?? .ref(N.id("VPC", v.name)) }
    func subnetRef(_ v: VPC, _ s: String) -> YAMLNode {
        if let id = v.subnet(s)?.id { return .string(id) }
        return .ref(N.id("Subnet", v.name, s))
    }
    func tableRef(_ v: VPC, _ r: RouteTable) -> YAMLNode { r.id.map { .string($0) } ?? .ref(N.id("RouteTable", v.name, r.name)) }
    func vgwRef(_ n: String) -> YAMLNode { t.vpnGateway(n)?.id.map { .string($0) } ?? .ref(N.id("VPNGateway", n)) }
    func tgwRef(_ n: String) -> YAMLNode { t.transitGateway(n)?.id.map { .string($0) } ?? .ref(N.id("TransitGateway", n)) }
    func cgwRef(_ n: String) -> YAMLNode { t.customerGateway(n)?.id.map { .string($0) } ?? .ref(N.id("CustomerGateway", n)) }
    func vgwAttachment(_ n: String) -> String? {
        guard let g = t.vpnGateway(n), g.id == nil, g.attachedTo != nil else { return nil }
        return N.id("VPNGatewayAttachment", n)
    }

    /// An attachment's id, and the condition guarding it when it is a parameter.
    mutating func attachmentRef(_ g: TransitGateway, _ name: String) -> (YAMLNode, String?) {
        guard let a = g.attachment(name) else { return (.string(""), nil) }
        if let id = a.id { return (.string(id), nil) }
        switch a.resource {
        case .vpc: return (.ref(N.id("TransitGatewayAttachment", g.name, a.name)), nil)
        case .vpn(let c):
            let p = N.id("", c, "TransitGatewayAttachmentId")
            let cond = laterID(p, "The transit gateway attachment AWS created for VPN connection \(c) (tgw-attach-…), known after the first deploy; resources that use it are created once it is set")
            if !secondDeploy.contains(where: { $0.parameter == p }) { secondDeploy.append(.init(parameter: p, kind: .vpnAttachment(connection: c))) }
            return (.ref(p), cond)
        }
    }

    mutating func tgwTableRef(_ g: TransitGateway, _ rt: TransitGatewayRouteTable) -> (YAMLNode, String?) {
        if let id = rt.id { return (.string(id), nil) }
        if rt.isDefault {
            let p = N.id("", g.name, "DefaultRouteTableId")
            let cond = laterID(p, "The default route table of transit gateway \(g.name) (tgw-rtb-…), known after the first deploy")
            if !secondDeploy.contains(where: { $0.parameter == p }) { secondDeploy.append(.init(parameter: p, kind: .defaultRouteTable(gateway: g.name))) }
            return (.ref(p), cond)
        }
        return (.ref(N.id("TransitGatewayRouteTable", g.name, rt.name)), nil)
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

    // MARK: VPCs

    mutating func vpc(_ v: VPC) {
        let vid = N.id("VPC", v.name)
        if v.id == nil, let first = v.cidrs.first {
            resource(vid, "AWS::EC2::VPC", [
                ("CidrBlock", .string(first.description)),
                ("EnableDnsSupport", .bool(true)),
                ("EnableDnsHostnames", .bool(true)),
                ("Tags", tags(v.name, v.tags)),
            ])
            for (i, c) in v.cidrs.dropFirst().enumerated() {
                resource(N.id("VPCCidr", v.name, "\(i + 2)"), "AWS::EC2::VPCCidrBlock", [("VpcId", vpcRef(v)), ("CidrBlock", .string(c.description))])
            }
            if v.internetGateway {
                resource(N.id("InternetGateway", v.name), "AWS::EC2::InternetGateway", [("Tags", tags(v.name))])
                resource(N.id("InternetGatewayAttachment", v.name), "AWS::EC2::VPCGatewayAttachment", [
                    ("VpcId", vpcRef(v)), ("InternetGatewayId", .ref(N.id("InternetGateway", v.name))),
                ])
            }
        }
        for s in v.subnets where s.id == nil {
            var p: [(String, YAMLNode)] = [("VpcId", vpcRef(v)), ("CidrBlock", .string(s.cidr.description))]
            if let az = s.availabilityZone { p.append(("AvailabilityZone", .string(az))) }
            p.append(("Tags", tags(s.name, s.tags)))
            resource(N.id("Subnet", v.name, s.name), "AWS::EC2::Subnet", p)
        }
        for n in v.natGateways where v.id == nil {
            let attach = v.internetGateway ? [N.id("InternetGatewayAttachment", v.name)] : []
            resource(N.id("EIP", v.name, n.name), "AWS::EC2::EIP", [("Domain", .string("vpc"))], dependsOn: attach)
            resource(N.id("NatGateway", v.name, n.name), "AWS::EC2::NatGateway", [
                ("AllocationId", .getAtt(N.id("EIP", v.name, n.name), "AllocationId")),
                ("SubnetId", subnetRef(v, n.subnet)),
                ("Tags", tags(n.name)),
            ], dependsOn: attach)
        }
        for r in v.routeTables {
            if r.id == nil {
                resource(N.id("RouteTable", v.name, r.name), "AWS::EC2::RouteTable", [("VpcId", vpcRef(v)), ("Tags", tags(r.name))])
            }
            var associated = r.subnets.filter { s in !(r.id != nil && v.subnet(s)?.id != nil) }
            if r.main && r.id == nil {
                // CloudFormation cannot make a table the VPC's main one, nor reach the main table
                // AWS created (AWS::EC2::VPC returns no MainRouteTableId): the subnets that would
                // use it implicitly are associated explicitly instead.
                // https://docs.aws.amazon.com/vpc/latest/userguide/subnet-route-tables.html#main-route-table
                associated += v.subnetsOnMainTable.map(\.name)
            }
            for s in associated {
                resource(N.id("SubnetRouteTableAssociation", v.name, s), "AWS::EC2::SubnetRouteTableAssociation", [
                    ("SubnetId", subnetRef(v, s)), ("RouteTableId", tableRef(v, r)),
                ])
            }
        }
    }

    /// Routes and propagations, after every gateway exists in the template.
    mutating func vpcRoutes(_ v: VPC) {
        for r in v.routeTables {
            for route in r.routes {
                var p: [(String, YAMLNode)] = [("RouteTableId", tableRef(v, r)), ("DestinationCidrBlock", .string(route.destination.description))]
                var deps: [String] = []
                var cond: String?
                switch route.target {
                case .local: continue
                case .internetGateway:
                    if v.id == nil {
                        p.append(("GatewayId", .ref(N.id("InternetGateway", v.name))))
                        deps.append(N.id("InternetGatewayAttachment", v.name))
                    } else {
                        let name = N.id("", v.name, "InternetGatewayId")
                        cond = laterID(name, "The internet gateway of the adopted VPC \(v.name) (igw-…)")
                        p.append(("GatewayId", .ref(name)))
                    }
                case .natGateway(let name):
                    guard let n = v.resolveNATGateway(name)?.name else {
                        missing.append("the NAT gateway `\(name)` of route \(route.destination) in `\(r.path)`")
                        continue
                    }
                    if v.id == nil { p.append(("NatGatewayId", .ref(N.id("NatGateway", v.name, n)))) }
                    else {
                        let name = N.id("", v.name, n, "NatGatewayId")
                        cond = laterID(name, "The NAT gateway \(n) of the adopted VPC \(v.name) (nat-…)")
                        p.append(("NatGatewayId", .ref(name)))
                    }
                case .vpnGateway(let name):
                    guard let g = t.resolveVPNGateway(name, in: v)?.name else {
                        missing.append("the virtual private gateway `\(name)` of route \(route.destination) in `\(r.path)`")
                        continue
                    }
                    p.append(("GatewayId", vgwRef(g)))
                    if let a = vgwAttachment(g) { deps.append(a) }
                case .transitGateway(let name):
                    guard let gw = t.resolveTransitGateway(name, in: v) else {
                        missing.append("the transit gateway `\(name)` of route \(route.destination) in `\(r.path)`")
                        continue
                    }
                    p.append(("TransitGatewayId", tgwRef(gw.name)))
                    if let a = gw.attachment(forVPC: v.name), a.id == nil {
                        deps.append(N.id("TransitGatewayAttachment", gw.name, a.name))
                    }
                case .instance(let i):
                    let name = N.id("", v.name, i, "NetworkInterfaceId")
                    cond = laterID(name, "The network interface of instance \(i) in VPC \(v.name) (eni-…): instances are not managed here")
                    p.append(("NetworkInterfaceId", .ref(name)))
                case .vpcPeering(let o):
                    let name = N.id("", v.name, "To", o, "PeeringConnectionId")
                    cond = laterID(name, "The VPC peering connection between \(v.name) and \(o) (pcx-…): not managed here")
                    p.append(("VpcPeeringConnectionId", .ref(name)))
                }
                resource(N.id("Route", v.name, r.name, route.destination.description), "AWS::EC2::Route", p, dependsOn: deps, condition: cond)
            }
            if !r.propagations.isEmpty {
                for g in r.propagations {
                    resource(N.id("VPNGatewayRoutePropagation", v.name, r.name, g), "AWS::EC2::VPNGatewayRoutePropagation", [
                        ("RouteTableIds", .list([tableRef(v, r)])), ("VpnGatewayId", vgwRef(g)),
                    ], dependsOn: vgwAttachment(g).map { [$0] } ?? [])
                }
            }
        }
    }

    // MARK: gateways

    mutating func vgw(_ g: VirtualPrivateGateway) {
        guard g.id == nil else { return }
        resource(N.id("VPNGateway", g.name), "AWS::EC2::VPNGateway", [
            ("Type", .string("ipsec.1")), ("AmazonSideAsn", .int(Int(g.asn.value))), ("Tags", tags(g.name)),
        ])
        if let v = g.attachedTo.flatMap({ t.vpc($0) }) {
            resource(N.id("VPNGatewayAttachment", g.name), "AWS::EC2::VPCGatewayAttachment", [
                ("VpcId", vpcRef(v)), ("VpnGatewayId", vgwRef(g.name)),
            ])
        }
    }

    mutating func cgw(_ c: CustomerGateway) {
        guard c.id == nil else { return }
        guard let ip = c.ipAddress else {
            missing.append("the IP address of customer gateway `\(c.name)` (`\(c.path).ip_address`, or its site's `gateway.public_ip`)")
            return
        }
        var p: [(String, YAMLNode)] = [("Type", .string("ipsec.1")), ("BgpAsn", .int(Int(c.asn.value))), ("IpAddress", .string(ip.description))]
        if let d = c.deviceName { p.append(("DeviceName", .string(d))) }
        p.append(("Tags", tags(c.name)))
        resource(N.id("CustomerGateway", c.name), "AWS::EC2::CustomerGateway", p)
    }

    mutating func tgw(_ g: TransitGateway) {
        if g.id == nil {
            resource(N.id("TransitGateway", g.name), "AWS::EC2::TransitGateway", [
                ("AmazonSideAsn", .int(Int(g.asn.value))),
                ("DefaultRouteTableAssociation", .string(g.defaultRouteTableAssociation ? "enable" : "disable")),
                ("DefaultRouteTablePropagation", .string(g.defaultRouteTablePropagation ? "enable" : "disable")),
                ("VpnEcmpSupport", .string(g.vpnECMP ? "enable" : "disable")),
                ("Tags", tags(g.name)),
            ])
        }
        for a in g.attachments {
            guard case .vpc(let vn, let subnets) = a.resource, a.id == nil, let v = t.vpc(vn) else { continue }
            resource(N.id("TransitGatewayAttachment", g.name, a.name), "AWS::EC2::TransitGatewayAttachment", [
                ("TransitGatewayId", tgwRef(g.name)),
                ("VpcId", vpcRef(v)),
                ("SubnetIds", .list(subnets.map { subnetRef(v, $0) })),
                ("Tags", tags(a.name)),
            ])
        }
        for rt in g.routeTables {
            if !rt.isDefault && rt.id == nil {
                resource(N.id("TransitGatewayRouteTable", g.name, rt.name), "AWS::EC2::TransitGatewayRouteTable", [
                    ("TransitGatewayId", tgwRef(g.name)), ("Tags", tags(rt.name)),
                ])
            }
            for a in rt.associations {
                if rt.isDefault && g.defaultRouteTableAssociation { continue }
                let (table, c1) = tgwTableRef(g, rt)
                let (att, c2) = attachmentRef(g, a)
                resource(N.id("TransitGatewayRouteTableAssociation", g.name, rt.name, a), "AWS::EC2::TransitGatewayRouteTableAssociation", [
                    ("TransitGatewayAttachmentId", att), ("TransitGatewayRouteTableId", table),
                ], condition: both(c1, c2))
            }
            for a in rt.propagations {
                if rt.isDefault && g.defaultRouteTablePropagation { continue }
                let (table, c1) = tgwTableRef(g, rt)
                let (att, c2) = attachmentRef(g, a)
                resource(N.id("TransitGatewayRouteTablePropagation", g.name, rt.name, a), "AWS::EC2::TransitGatewayRouteTablePropagation", [
                    ("TransitGatewayAttachmentId", att), ("TransitGatewayRouteTableId", table),
                ], condition: both(c1, c2))
            }
            for r in rt.routes {
                let (table, c1) = tgwTableRef(g, rt)
                var p: [(String, YAMLNode)] = [("DestinationCidrBlock", .string(r.destination.description)), ("TransitGatewayRouteTableId", table)]
                var c2: String?
                if let a = r.attachment {
                    let (att, c) = attachmentRef(g, a)
                    p.append(("TransitGatewayAttachmentId", att))
                    c2 = c
                } else {
                    p.append(("Blackhole", .bool(true)))
                }
                resource(N.id("TransitGatewayRoute", g.name, rt.name, r.destination.description), "AWS::EC2::TransitGatewayRoute", p, condition: both(c1, c2))
            }
        }
    }

    // MARK: VPN connections

    mutating func vpn(_ c: VPNConnection) {
        guard c.id == nil else { return }
        let id = N.id("VPNConnection", c.name)
        var p: [(String, YAMLNode)] = [("Type", .string("ipsec.1")), ("CustomerGatewayId", cgwRef(c.customerGateway))]
        switch c.gateway {
        case .vpnGateway(let g): p.append(("VpnGatewayId", vgwRef(g)))
        case .transitGateway(let g): p.append(("TransitGatewayId", tgwRef(g)))
        }
        p.append(("StaticRoutesOnly", .bool(c.routing == .static)))
        if c.localNetworkCIDR != .any { p.append(("LocalIpv4NetworkCidr", .string(c.localNetworkCIDR.description))) }
        if c.remoteNetworkCIDR != .any { p.append(("RemoteIpv4NetworkCidr", .string(c.remoteNetworkCIDR.description))) }
        var specs: [YAMLNode] = []
        for tn in c.tunnels.sorted(by: { $0.index < $1.index }) {
            let o = tn.options
            var s: [(String, YAMLNode)] = []
            if let cidr = tn.insideCIDR { s.append(("TunnelInsideCidr", .string(cidr.description))) }
            if tn.psk != .generated {
                let name = N.pskParameter(c.name, tn.index)
                parameter(name, [
                    ("Type", .string("String")),
                    ("NoEcho", .bool(true)),
                    ("MinLength", .int(AWSPreSharedKeyRule.minLength)),
                    ("MaxLength", .int(AWSPreSharedKeyRule.maxLength)),
                    ("AllowedPattern", .string(AWSPreSharedKeyRule.cloudFormationPattern)),
                    ("Description", .string("Pre-shared key of tunnel \(tn.index) of VPN connection \(c.name) (\(tn.psk.origin))")),
                ])
                s.append(("PreSharedKey", .ref(name)))
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
            specs.append(.map(s))
        }
        p.append(("VpnTunnelOptionsSpecifications", .list(specs)))
        p.append(("Tags", tags(c.name)))
        resource(id, "AWS::EC2::VPNConnection", p)
        if case .vpnGateway = c.gateway, c.routing == .static {
            for r in c.staticRoutes {
                resource(N.id("VPNConnectionRoute", c.name, r.description), "AWS::EC2::VPNConnectionRoute", [
                    ("VpnConnectionId", .ref(id)), ("DestinationCidrBlock", .string(r.description)),
                ])
            }
        }
        outputs.append((N.connectionOutput(c.name), .map([
            ("Description", .string("VPN connection \(c.name): its tunnel outside addresses (and generated keys) are in its configuration; run `causeway import` or `aws ec2 describe-vpn-connections`")),
            ("Value", .ref(id)),
        ])))
    }
}
