/// The AWS Client VPN resources a topology wants (`client_vpn_endpoints:`), part of the one AWS
/// resource description: the certificates imported into ACM, the endpoint, its target network
/// associations, authorization rules and routes, and the connect handler's Lambda function. Apply
/// creates them (CausewayAWS), the Terraform and CloudFormation renders print them, each from
/// these properties without walking the topology again.
public enum ClientVPNResourceKind: String, Sendable, Encodable, CaseIterable {
    case certificate, connectHandler, endpoint, targetNetwork, authorizationRule, route

    /// The CloudFormation type.
    public var cloudFormationType: String {
        switch self {
        case .certificate: "AWS::CertificateManager::Certificate"
        case .connectHandler: "AWS::Lambda::Function"
        case .endpoint: "AWS::EC2::ClientVpnEndpoint"
        case .targetNetwork: "AWS::EC2::ClientVpnTargetNetworkAssociation"
        case .authorizationRule: "AWS::EC2::ClientVpnAuthorizationRule"
        case .route: "AWS::EC2::ClientVpnRoute"
        }
    }

    /// The Terraform AWS provider's resource type.
    public var terraformType: String {
        switch self {
        case .certificate: "aws_acm_certificate"
        case .connectHandler: "aws_lambda_function"
        case .endpoint: "aws_ec2_client_vpn_endpoint"
        case .targetNetwork: "aws_ec2_client_vpn_network_association"
        case .authorizationRule: "aws_ec2_client_vpn_authorization_rule"
        case .route: "aws_ec2_client_vpn_route"
        }
    }
}

/// Which certificate of an endpoint: the one it presents, or the CA its clients' certificates
/// chain to (mutual TLS).
public enum ClientVPNCertificateRole: String, Sendable, Encodable, CaseIterable {
    case server
    case clientRoot = "client-root"
}

/// What is wanted of each Client VPN resource, every reference as a logical key.
public enum ClientVPNResourceProperties: Sendable {
    /// A certificate imported into ACM (ImportCertificate), or adopted by ARN (`.acm`).
    case certificate(role: ClientVPNCertificateRole, endpoint: String, source: CertificateSource)
    /// The connect handler's Lambda function (rendered from its policy unless adopted by ARN).
    case connectHandler(functionName: String, policy: ConnectPolicy)
    case endpoint(ClientVPNEndpointProperties)
    /// `endpoint`: the endpoint's key; `subnet`: the subnet's key.
    case targetNetwork(endpoint: String, subnet: String)
    /// `accessGroup` nil: every user (AuthorizeAllGroups).
    case authorizationRule(endpoint: String, destination: IPv4Prefix, accessGroup: String?, description: String?)
    /// `association`: the key of the target network association the route leaves through
    /// (AWS requires it before the route).
    case route(endpoint: String, destination: IPv4Prefix, subnet: String, association: String, description: String?)

    public var kind: ClientVPNResourceKind {
        switch self {
        case .certificate: .certificate
        case .connectHandler: .connectHandler
        case .endpoint: .endpoint
        case .targetNetwork: .targetNetwork
        case .authorizationRule: .authorizationRule
        case .route: .route
        }
    }

    /// The keys this resource refers to, in the order the properties name them.
    public var references: [String] {
        switch self {
        case .certificate, .connectHandler: []
        case .endpoint(let e): [e.vpc, e.serverCertificate] + [e.clientRootCertificate, e.connectHandler].compactMap { $0 }
        case .targetNetwork(let e, let s): [e, s]
        case .authorizationRule(let e, _, _, _): [e]
        case .route(let e, _, let s, let a, _): [e, s, a]
        }
    }
}

/// The endpoint's own settings (CreateClientVpnEndpoint), references as keys.
public struct ClientVPNEndpointProperties: Sendable {
    public var vpc: String
    public var clientCIDR: IPv4Prefix
    /// The server certificate's key (a `.certificate` resource).
    public var serverCertificate: String
    /// The client root certificate's key (mutual TLS); nil when authentication is not modelled.
    public var clientRootCertificate: String?
    public var splitTunnel: Bool
    public var transportProtocol: ClientVPNTransport
    public var vpnPort: Int
    public var dnsServers: [IPv4Address]
    public var securityGroups: [SecurityGroupReference]
    public var connectionLog: ClientVPNConnectionLog
    /// The connect handler's key, or its adopted function ARN through that resource.
    public var connectHandler: String?
    public var sessionTimeoutHours: Int
    public var tags: [String: String]
}

/// One Client VPN resource: its kind, a stable key, the topology node it comes from, the names
/// templates build identifiers from, the AWS id or ARN the topology adopts, and its properties.
public struct ClientVPNResource: Sendable {
    public var key: String
    public var names: [String]
    public var path: String
    public var adoptedID: String?
    public var properties: ClientVPNResourceProperties
    /// A connect handler's execution role (`role_arn`), which apply passes to Lambda.
    public var executionRole: String?

    public var kind: ClientVPNResourceKind { properties.kind }
    public var name: String { names.last ?? key }
    public var isAdopted: Bool { adoptedID != nil }

    /// The topology's Client VPN resources in creation order: per endpoint its certificates and
    /// connect handler, the endpoint, its associations, authorization rules and routes.
    static func all(_ t: Topology) -> [ClientVPNResource] {
        var out: [ClientVPNResource] = []
        func add(_ key: String, _ names: [String], _ path: String, adopted: String? = nil, _ p: ClientVPNResourceProperties) {
            out.append(ClientVPNResource(key: key, names: names, path: path, adoptedID: adopted, properties: p))
        }
        for e in t.clientVPNEndpoints {
            let ek = ClientVPNKeys.endpoint(e.name)
            func certificate(_ role: ClientVPNCertificateRole, _ source: CertificateSource, _ path: String) -> String {
                let k = ClientVPNKeys.certificate(e.name, role)
                var adopted: String?
                if case .acm(let arn) = source { adopted = arn }
                add(k, [e.name, role.rawValue], path, adopted: adopted, .certificate(role: role, endpoint: ek, source: source))
                return k
            }
            let server = certificate(.server, e.serverCertificate, "\(e.path).server_certificate")
            let root = e.authentication.clientRootCertificate.map { certificate(.clientRoot, $0, "\(e.path).authentication") }
            var handler: String?
            if let h = e.connectHandler {
                let k = ClientVPNKeys.connectHandler(e.name)
                add(k, [e.name, h.functionName], h.path, adopted: h.functionARN, .connectHandler(functionName: h.functionName, policy: h.policy))
                out[out.count - 1].executionRole = h.roleARN
                handler = k
            }
            add(ek, [e.name], e.path, adopted: e.id, .endpoint(ClientVPNEndpointProperties(
                vpc: LogicalKey.vpc(e.vpc), clientCIDR: e.clientCIDR, serverCertificate: server, clientRootCertificate: root,
                splitTunnel: e.splitTunnel, transportProtocol: e.transportProtocol, vpnPort: e.vpnPort, dnsServers: e.dnsServers,
                securityGroups: SecurityGroupReference.groups(e.securityGroups, vpc: e.vpc), connectionLog: e.connectionLog,
                connectHandler: handler, sessionTimeoutHours: e.sessionTimeoutHours, tags: e.tags)))
            for n in e.targetNetworks {
                add(ClientVPNKeys.targetNetwork(ek, subnet: n.subnet), [e.name, n.subnet], n.path,
                    .targetNetwork(endpoint: ek, subnet: LogicalKey.subnet(e.vpc, n.subnet)))
            }
            for r in e.authorizationRules {
                add(ClientVPNKeys.authorizationRule(ek, r.destination, group: r.accessGroup), [e.name, "authorize", r.destination.description] + (r.accessGroup.map { [$0] } ?? []),
                    r.path, .authorizationRule(endpoint: ek, destination: r.destination, accessGroup: r.accessGroup, description: r.description))
            }
            for r in e.routes {
                add(ClientVPNKeys.route(ek, r.destination, subnet: r.targetSubnet), [e.name, r.targetSubnet, r.destination.description], r.path,
                    .route(endpoint: ek, destination: r.destination, subnet: LogicalKey.subnet(e.vpc, r.targetSubnet),
                           association: ClientVPNKeys.targetNetwork(ek, subnet: r.targetSubnet), description: r.description))
            }
        }
        return out
    }
}

/// The logical keys of the Client VPN resources (topology names only).
public enum ClientVPNKeys {
    public static func endpoint(_ name: String) -> String { "client-vpn/\(name)" }
    public static func certificate(_ endpoint: String, _ role: ClientVPNCertificateRole) -> String { "acm/\(endpoint)/\(role.rawValue)" }
    public static func connectHandler(_ endpoint: String) -> String { "lambda/\(endpoint)/connect-handler" }
    /// `subnet`: the subnet's topology name.
    public static func targetNetwork(_ endpoint: String, subnet: String) -> String { "\(endpoint)/association/\(subnet)" }
    public static func authorizationRule(_ endpoint: String, _ destination: IPv4Prefix, group: String?) -> String {
        "\(endpoint)/authorization/\(destination)" + (group.map { "/\($0)" } ?? "")
    }
    public static func route(_ endpoint: String, _ destination: IPv4Prefix, subnet: String) -> String { "\(endpoint)/route/\(subnet)/\(destination)" }
}

extension AWSResources {
    /// The Client VPN resource with this key.
    public func clientVPN(_ key: String) -> ClientVPNResource? { clientVPN.first { $0.key == key } }
}
