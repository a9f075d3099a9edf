import CausewayCore

/// One value a renderer needs and the model does not have (yet): what is missing, where in
/// the topology it belongs, and the rule it falls under. `RenderError` turns gaps into the
/// same `Diagnostic` values load and check report.
public struct RenderGap: Sendable, Equatable {
    public var rule: Rule
    /// What is missing and where it comes from (`the AWS outside address of tunnel vpn/1 …`).
    public var what: String
    /// The model path the gap is about (`vpn_connections.vpn.tunnels.1`), when there is one.
    public var path: String?

    public init(_ what: String, at path: String? = nil, rule: Rule = RenderRules.missingValue) {
        self.rule = rule
        self.what = what
        self.path = path
    }
}

extension RenderGap {
    /// A route to a NAT, virtual private or transit gateway that names nothing in the topology,
    /// at the route's resource (both templates report it the same way).
    static func unresolvedGateway(_ name: String, of route: AWSRoute, _ d: AWSResources, at path: String) -> RenderGap {
        let what = if case .natGateway = route.target { "NAT gateway" } else if case .vpnGateway = route.target { "virtual private gateway" } else { "transit gateway" }
        return RenderGap("the \(what) `\(name)` of route \(route.destination) in `\(d[route.table]?.path ?? route.table)`", at: path, rule: RenderRules.unresolvedTarget)
    }
}

/// Why a file cannot be rendered, as rules: every render gap is one of these.
public enum RenderRules {
    public static let missingValue = Rule("render-missing-value", .error,
        "A value the rendered file needs is not known: an AWS-chosen outside address or inside CIDR, a pre-shared key, the gateway's public address.",
        reference: "AWS Site-to-Site VPN user guide, Tunnel options: AWS chooses outside addresses and, when not given, inside CIDRs and keys")
    public static let noCommonProposal = Rule("render-no-common-proposal", .error,
        "The IPsec daemon supports none of the algorithms or DH groups the tunnel allows.",
        reference: "AWS Site-to-Site VPN user guide, Tunnel options: phase 1 and phase 2 encryption, integrity and DH groups")
    public static let noGatewayDevice = Rule("render-no-gateway-device", .error,
        "A site chosen for rendering has no `gateway:` device, so nothing terminates the VPN there.",
        reference: "causeway topology format (docs/topology.md): sites.*.gateway")
    public static let unknownSite = Rule("render-unknown-site", .error,
        "`--site` names a site the topology does not have.",
        reference: "causeway topology format (docs/topology.md): sites")
    public static let duplicatePath = Rule("render-duplicate-path", .error,
        "Two renderers wrote the same file.",
        reference: "causeway render output layout (README.md)")
    public static let unresolvedTarget = Rule("render-unresolved-target", .error,
        "A route names a gateway the AWS template cannot refer to.",
        reference: "Amazon VPC user guide, Route table concepts: route targets")

    public static let certificateInvalid = Rule("render-certificate-invalid", .error,
        "A Client VPN certificate or key cannot be used: a file the topology names is not PEM, has expired, is not the certificate's key or its chain does not verify; or a file kept in the output's PKI folder does not fit the CA there.",
        reference: "AWS Certificate Manager user guide, Prerequisites for importing certificates; AWS Client VPN administrator guide, Mutual authentication")

    public static let notInTemplate = Rule("render-not-in-template", .warning,
        "A resource a template cannot hold: CloudFormation has no Direct Connect resource types (the Terraform render has them); a Route 53, Resolver or EFS resource that refers to something the topology lacks is in neither.",
        reference: "AWS CloudFormation template reference: resource types (no AWS::DirectConnect types); Terraform AWS provider aws_dx_* resources")

    public static let providerRefuses = Rule("render-provider-refuses", .warning,
        "A value the AWS provider for Terraform (5.x) refuses: an IPv6 customer gateway address or `outside_ip_address_type: Ipv6`; the Terraform render comments it, CloudFormation and `causeway apply` carry it.",
        reference: "Terraform AWS provider 5.100: aws_customer_gateway ip_address (IPv4 validation), aws_vpn_connection outside_ip_address_type (PublicIpv4, PrivateIpv4); EC2 API reference, CreateCustomerGateway IpAddress")

    public static let all: [Rule] = [missingValue, noCommonProposal, noGatewayDevice, unknownSite, duplicatePath, unresolvedTarget, certificateInvalid, notInTemplate, providerRefuses]
}

extension RenderError {
    /// Each gap as a diagnostic at the topology node it is about (the top of the file when the
    /// gap names none): `file:line:col: error: cannot render T: missing … [render-missing-value]`.
    public func diagnostics(in topology: Topology) -> [Diagnostic] {
        gaps.map { Diagnostic($0.rule, "cannot render \(target): missing \($0.what)", at: topology.locate($0.path ?? "")) }
    }
}

extension RenderFailure {
    /// Every gap of every failed step, as diagnostics.
    public func diagnostics(in topology: Topology) -> [Diagnostic] {
        errors.flatMap { $0.diagnostics(in: topology) }
    }
}

extension RenderRules {
    /// The Route 53, Route 53 Resolver, health check and EFS resources neither template can
    /// print: those whose references (a VPC, a subnet, an endpoint, a zone, a health check) name
    /// nothing in the topology. One warning per resource at its node, so a render is never
    /// silently short of them; the rest are printed (TerraformDNS.swift, CloudFormationDNS.swift).
    public static func notPrinted(_ topology: Topology, template: String) -> [Diagnostic] {
        notPrinted(AWSResources(topology), template: template)
    }

    /// `notPrinted` from the description the render already built.
    public static func notPrinted(_ d: AWSResources, template: String) -> [Diagnostic] {
        d.route53.compactMap { r in
            let missing = d.unresolved(r)
            guard !missing.isEmpty else { return nil }
            return Diagnostic(notInTemplate, "the \(template) render leaves out \(r.key) (\(template == "Terraform" ? r.kind.terraformType : r.kind.cloudFormationType)): it refers to \(missing.joined(separator: ", ")), which the topology does not have (or which is left out too); name an existing one", at: d.sourceMap.locate(r.path))
        }
    }
}
