import CausewayCore

extension CloudFormationNames {
    /// The parameter taking an imported certificate's ARN: `RemoteAccessServerCertificateArn`.
    public static func certificateParameter(_ endpoint: String, _ role: ClientVPNCertificateRole) -> String {
        id("", endpoint, role.rawValue, "CertificateArn")
    }
    /// The stack output holding a Client VPN endpoint's id.
    public static func clientVPNOutput(_ endpoint: String) -> String { id("", endpoint, "ClientVpnEndpointId") }
}

extension CloudFormationBuilder {
    /// The Client VPN resources, properties as the CloudFormation template reference names them
    /// (aws-resource-ec2-clientvpnendpoint.html, aws-resource-ec2-clientvpntargetnetworkassociation.html,
    /// aws-resource-ec2-clientvpnauthorizationrule.html, aws-resource-ec2-clientvpnroute.html,
    /// aws-resource-lambda-function.html, aws-resource-iam-role.html). CloudFormation cannot import
    /// a certificate into ACM (`AWS::CertificateManager::Certificate` only requests one ACM
    /// issues): as AWS's mutual-authentication guide does, the certificates are imported with
    /// `aws acm import-certificate` and their ARNs come in as parameters. The connect handler's
    /// source is inline (`Code.ZipFile`, which Lambda saves as `index.py`).
    mutating func clientVPN(_ r: ClientVPNResource) {
        guard !r.isAdopted else { return }
        let e = r.names[0]
        let id = Self.logicalID(r)
        switch r.properties {
        case .certificate(let role, _, _):
            parameter(N.certificateParameter(e, role), [
                ("Type", .string("String")),
                ("AllowedPattern", .string("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$")),
                ("Description", .string("ARN of the \(role == .server ? "server certificate" : "client root certificate chain") of Client VPN endpoint \(e): aws acm import-certificate --certificate fileb://\(ClientVPNPaths.certificate(e, role)) --private-key fileb://\(ClientVPNPaths.privateKey(e, role)) --certificate-chain fileb://\(ClientVPNPaths.chain(e, role))")),
            ])
        case .connectHandler(let name, let policy):
            let role = N.id("Role", r.names)
            resource(role, "AWS::IAM::Role", [
                ("AssumeRolePolicyDocument", .map([
                    ("Version", .string("2012-10-17")),
                    ("Statement", .list([.map([("Effect", .string("Allow")), ("Principal", .map([("Service", .string("lambda.amazonaws.com"))])), ("Action", .string("sts:AssumeRole"))])])),
                ])),
                ("ManagedPolicyArns", .list([.string("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")])),
                ("Tags", tags(name)),
            ])
            resource(id, r.kind.cloudFormationType, [
                ("FunctionName", .string(name)),
                ("Runtime", .string(ConnectHandlerSource.runtime)),
                ("Handler", .string("index.lambda_handler")),
                ("Role", .getAtt(role, "Arn")),
                ("Code", .map([("ZipFile", .string(ConnectHandlerSource.render(policy, functionName: name, topology: d.topology)))])),
                ("Tags", tags(name)),
            ])
        case .endpoint(let p):
            var auth: [(String, YAMLNode)] = []
            if let root = p.clientRootCertificate {
                auth = [("Type", .string("certificate-authentication")), ("MutualAuthentication", .map([("ClientRootCertificateChainArn", cvpnRef(root))]))]
            }
            var log: [(String, YAMLNode)] = [("Enabled", .bool(p.connectionLog.enabled))]
            if let g = p.connectionLog.logGroup { log.append(("CloudwatchLogGroup", .string(g))) }
            if let s = p.connectionLog.logStream { log.append(("CloudwatchLogStream", .string(s))) }
            var props: [(String, YAMLNode)] = [
                ("Description", .string(e)),
                ("ClientCidrBlock", .string(p.clientCIDR.description)),
                ("ServerCertificateArn", cvpnRef(p.serverCertificate)),
                ("AuthenticationOptions", .list(auth.isEmpty ? [] : [.map(auth)])),
                ("ConnectionLogOptions", .map(log)),
                ("SplitTunnel", .bool(p.splitTunnel)),
                ("TransportProtocol", .string(p.transportProtocol.rawValue)),
                ("VpnPort", .int(p.vpnPort)),
                ("SessionTimeoutHours", .int(p.sessionTimeoutHours)),
                ("VpcId", ref(p.vpc, "VPC")),
                ("SecurityGroupIds", securityGroups(p.securityGroups)),
            ]
            if !p.dnsServers.isEmpty { props.append(("DnsServers", .list(p.dnsServers.map { .string($0.description) }))) }
            if let h = p.connectHandler { props.append(("ClientConnectOptions", .map([("Enabled", .bool(true)), ("LambdaFunctionArn", cvpnRef(h, "Arn"))]))) }
            props.append(("TagSpecifications", .list([.map([("ResourceType", .string("client-vpn-endpoint")), ("Tags", tags(e, p.tags))])])))
            resource(id, r.kind.cloudFormationType, props)
            outputs.append((N.clientVPNOutput(e), .map([("Description", .string("The id of Client VPN endpoint \(e) (the .ovpn profiles' remote is ID.prod.clientvpn.REGION.amazonaws.com)")), ("Value", .ref(id))])))
        case .targetNetwork(let endpoint, let subnet):
            resource(id, r.kind.cloudFormationType, [("ClientVpnEndpointId", cvpnRef(endpoint)), ("SubnetId", ref(subnet, "Subnet"))])
        case .authorizationRule(let endpoint, let destination, let group, let description):
            var props: [(String, YAMLNode)] = [("ClientVpnEndpointId", cvpnRef(endpoint)), ("TargetNetworkCidr", .string(destination.description))]
            if let group { props.append(("AccessGroupId", .string(group))) } else { props.append(("AuthorizeAllGroups", .bool(true))) }
            if let description { props.append(("Description", .string(description))) }
            resource(id, r.kind.cloudFormationType, props)
        case .route(let endpoint, let destination, let subnet, let association, let description):
            var props: [(String, YAMLNode)] = [("ClientVpnEndpointId", cvpnRef(endpoint)), ("DestinationCidrBlock", .string(destination.description)), ("TargetVpcSubnetId", ref(subnet, "Subnet"))]
            if let description { props.append(("Description", .string(description))) }
            // AWS takes the route only once its subnet is associated.
            let waits = d.clientVPN(association).flatMap { $0.isAdopted ? nil : Self.logicalID($0) }
            resource(id, r.kind.cloudFormationType, props, dependsOn: waits.map { [$0] } ?? [])
        }
    }

    /// A Client VPN resource's logical id: its kind's prefix and its names in PascalCase.
    static func logicalID(_ r: ClientVPNResource) -> String {
        let prefix: String = switch r.kind {
        case .certificate: "Certificate"
        case .connectHandler: "Function"
        case .endpoint: "ClientVpnEndpoint"
        case .targetNetwork: "ClientVpnAssociation"
        case .authorizationRule: "ClientVpnAuthorization"
        case .route: "ClientVpnRoute"
        }
        return CloudFormationNames.id(prefix, r.names)
    }

    /// A Client VPN resource's id (`Ref`) or attribute: the adopted id or ARN, a certificate's
    /// ARN parameter, else the resource of this template.
    func cvpnRef(_ key: String, _ attribute: String = "") -> YAMLNode {
        guard let r = d.clientVPN(key) else { return .string("") }
        if let id = r.adoptedID { return .string(id) }
        if case .certificate(let role, _, _) = r.properties { return .ref(N.certificateParameter(r.names[0], role)) }
        return attribute.isEmpty ? .ref(Self.logicalID(r)) : .getAtt(Self.logicalID(r), attribute)
    }
}
