import CausewayCore

// The EC2 Client VPN calls apply, status and destroy use (EC2 API reference, "Client VPN"
// actions: CreateClientVpnEndpoint, AssociateClientVpnTargetNetwork, AuthorizeClientVpnIngress,
// CreateClientVpnRoute, their Describe, Modify, Disassociate, Revoke and Delete calls). Parameter
// names, nesting and enum values follow botocore's EC2 model (ClientVPNRequestTests checks them).

/// `<status><code>…</code><message>…</message></status>`, the state of every Client VPN object.
public struct ClientVPNStatus: Sendable, Hashable {
    public var code: String
    public var message: String?

    init(_ xml: XMLTree?) {
        code = xml?.string("code") ?? ""
        message = xml?.string("message")
    }
}

/// A part of an endpoint (association, authorization rule, route) with its status.
public protocol ClientVPNPartInfo: Sendable {
    var status: ClientVPNStatus { get }
}

/// An endpoint as DescribeClientVpnEndpoints returns it (`clientVpnEndpoint/item`).
public struct ClientVPNEndpointInfo: Sendable, Hashable {
    public var id: String
    public var status: ClientVPNStatus
    public var clientCIDR, transportProtocol, vpcId: String?
    public var vpnPort, sessionTimeoutHours: Int?
    public var dnsServers, securityGroupIds: [String]
    public var splitTunnel, connectionLogEnabled: Bool?
    /// The server certificate and (mutual authentication) the client root certificate.
    public var serverCertificateARN, clientRootCertificateARN: String?
    /// The connect handler (`clientConnectOptions`).
    public var connectHandlerEnabled: Bool?
    public var connectHandlerARN: String?
    public var tags: [ResourceTag]

    init?(xml: XMLTree) {
        guard let id = xml.string("clientVpnEndpointId") else { return nil }
        (self.id, status, tags) = (id, ClientVPNStatus(xml.child("status")), xml.tags)
        clientCIDR = xml.string("clientCidrBlock")
        dnsServers = xml.items("dnsServer").map(\.trimmedText)
        splitTunnel = xml.bool("splitTunnel")
        transportProtocol = xml.string("transportProtocol")
        vpnPort = xml.int("vpnPort")
        serverCertificateARN = xml.string("serverCertificateArn")
        clientRootCertificateARN = xml.items("authenticationOptions").lazy
            .compactMap { $0.string("mutualAuthentication", "clientRootCertificateChain") }.first
        connectionLogEnabled = xml.bool("connectionLogOptions", "Enabled")
        vpcId = xml.string("vpcId")
        securityGroupIds = xml.items("securityGroupIdSet").map(\.trimmedText)
        connectHandlerEnabled = xml.bool("clientConnectOptions", "enabled")
        connectHandlerARN = xml.string("clientConnectOptions", "lambdaFunctionArn")
        sessionTimeoutHours = xml.int("sessionTimeoutHours")
    }
}

/// A target network association (`clientVpnTargetNetworks/item`).
public struct ClientVPNTargetNetworkInfo: ClientVPNPartInfo, Hashable {
    public var associationId: String
    public var subnetId: String
    public var status: ClientVPNStatus

    init?(xml: XMLTree) {
        guard let a = xml.string("associationId"), let s = xml.string("targetNetworkId") else { return nil }
        (associationId, subnetId, status) = (a, s, ClientVPNStatus(xml.child("status")))
    }
}

/// An authorization rule (`authorizationRule/item`).
public struct ClientVPNAuthorizationRuleInfo: ClientVPNPartInfo, Hashable {
    public var destination: String
    /// The group it admits; nil with `accessAll`.
    public var groupId: String?
    public var accessAll: Bool
    public var status: ClientVPNStatus

    init?(xml: XMLTree) {
        guard let d = xml.string("destinationCidr") else { return nil }
        (destination, groupId, accessAll) = (d, xml.string("groupId"), xml.bool("accessAll") ?? false)
        status = ClientVPNStatus(xml.child("status"))
    }
}

/// A route of the endpoint's route table (`routes/item`). `origin` is `add-route` for routes
/// made with CreateClientVpnRoute, `associate` for the VPC route AWS adds with an association.
public struct ClientVPNRouteInfo: ClientVPNPartInfo, Hashable {
    public var destination: String
    public var targetSubnet: String
    public var origin: String?
    public var status: ClientVPNStatus

    init?(xml: XMLTree) {
        guard let d = xml.string("destinationCidr"), let s = xml.string("targetSubnet") else { return nil }
        (destination, targetSubnet, origin, status) = (d, s, xml.string("origin"), ClientVPNStatus(xml.child("status")))
    }
}

/// What CreateClientVpnEndpoint and ModifyClientVpnEndpoint send, in AWS's names.
public struct ClientVPNEndpointRequest: Sendable, Hashable {
    public var clientCIDR: String
    public var serverCertificateARN: String
    public var clientRootCertificateARN: String?
    public var connectionLog: ClientVPNConnectionLog
    public var dnsServers: [String]
    public var transportProtocol: String
    public var vpnPort: Int
    public var description: String?
    public var splitTunnel: Bool
    public var securityGroupIds: [String]
    public var vpcId: String?
    /// The connect handler's function ARN (nil: no handler).
    public var connectHandlerARN: String?
    public var sessionTimeoutHours: Int

    /// `ConnectionLogOptions.*` (required by CreateClientVpnEndpoint, even when off).
    func addConnectionLog(_ p: inout QueryParameters) {
        p.add("ConnectionLogOptions.Enabled", connectionLog.enabled)
        if connectionLog.enabled {
            p.add("ConnectionLogOptions.CloudwatchLogGroup", connectionLog.logGroup)
            p.add("ConnectionLogOptions.CloudwatchLogStream", connectionLog.logStream)
        }
    }

    /// `ClientConnectOptions.*`: on with the function, off without one.
    func addConnectOptions(_ p: inout QueryParameters) {
        p.add("ClientConnectOptions.Enabled", connectHandlerARN != nil)
        p.add("ClientConnectOptions.LambdaFunctionArn", connectHandlerARN)
    }
}

/// What ModifyClientVpnEndpoint changes in place; nil members are left as they are.
public struct ClientVPNEndpointChange: Sendable, Hashable {
    public var serverCertificateARN: String?
    public var dnsServers: [String]?
    public var vpnPort: Int?
    public var splitTunnel: Bool?
    public var connectHandlerARN: String??
    public var sessionTimeoutHours: Int?

    public init() {}

    /// Nothing to change.
    public var isEmpty: Bool { self == ClientVPNEndpointChange() }
}

extension EC2Client {
    public func createClientVpnEndpoint(_ r: ClientVPNEndpointRequest, clientToken: ClientToken, tags: [ResourceTag]) async throws -> (id: String, status: ClientVPNStatus) {
        var p = QueryParameters()
        p.add("ClientCidrBlock", r.clientCIDR)
        p.add("ServerCertificateArn", r.serverCertificateARN)
        if let root = r.clientRootCertificateARN {
            p.add("Authentication.1.Type", "certificate-authentication")
            p.add("Authentication.1.MutualAuthentication.ClientRootCertificateChainArn", root)
        }
        r.addConnectionLog(&p)
        p.addList("DnsServers", r.dnsServers)
        p.add("TransportProtocol", r.transportProtocol)
        p.add("VpnPort", r.vpnPort)
        p.add("Description", r.description)
        p.add("SplitTunnel", r.splitTunnel)
        p.add("ClientToken", clientToken.value)
        p.addTagSpecification("client-vpn-endpoint", tags)
        p.addList("SecurityGroupId", r.securityGroupIds)
        p.add("VpcId", r.vpcId)
        r.addConnectOptions(&p)
        p.add("SessionTimeoutHours", r.sessionTimeoutHours)
        let response = try await call("CreateClientVpnEndpoint", p)
        guard let id = response.string("clientVpnEndpointId") else {
            throw EC2Error.malformedResponse(action: "CreateClientVpnEndpoint", detail: "no <clientVpnEndpointId>")
        }
        return (id, ClientVPNStatus(response.child("status")))
    }

    public func modifyClientVpnEndpoint(id: String, _ change: ClientVPNEndpointChange) async throws {
        var p = QueryParameters()
        p.add("ClientVpnEndpointId", id)
        p.add("ServerCertificateArn", change.serverCertificateARN)
        if let dns = change.dnsServers {
            p.addList("DnsServers.CustomDnsServers", dns)
            p.add("DnsServers.Enabled", !dns.isEmpty)
        }
        p.add("VpnPort", change.vpnPort)
        p.add("SplitTunnel", change.splitTunnel)
        if let handler = change.connectHandlerARN {
            p.add("ClientConnectOptions.Enabled", handler != nil)
            p.add("ClientConnectOptions.LambdaFunctionArn", handler)
        }
        p.add("SessionTimeoutHours", change.sessionTimeoutHours)
        try await callExpectingReturn("ModifyClientVpnEndpoint", p)
    }

    public func describeClientVpnEndpoints(ids: [String] = [], filters: [EC2Filter] = []) async throws -> [ClientVPNEndpointInfo] {
        try await describe("DescribeClientVpnEndpoints", idList: "ClientVpnEndpointId", ids, filters, list: "clientVpnEndpoint",
                           item: "clientVpnEndpoint", ClientVPNEndpointInfo.init(xml:))
    }

    public func deleteClientVpnEndpoint(id: String) async throws {
        try await delete("DeleteClientVpnEndpoint", idName: "ClientVpnEndpointId", id, expectReturn: false)
    }

    public func associateClientVpnTargetNetwork(endpointId: String, subnetId: String, clientToken: ClientToken) async throws -> (associationId: String, status: ClientVPNStatus) {
        var p = QueryParameters()
        p.add("ClientVpnEndpointId", endpointId)
        p.add("SubnetId", subnetId)
        p.add("ClientToken", clientToken.value)
        let response = try await call("AssociateClientVpnTargetNetwork", p)
        guard let id = response.string("associationId") else {
            throw EC2Error.malformedResponse(action: "AssociateClientVpnTargetNetwork", detail: "no <associationId>")
        }
        return (id, ClientVPNStatus(response.child("status")))
    }

    public func describeClientVpnTargetNetworks(endpointId: String) async throws -> [ClientVPNTargetNetworkInfo] {
        try await endpointList("DescribeClientVpnTargetNetworks", endpointId, list: "clientVpnTargetNetworks", ClientVPNTargetNetworkInfo.init(xml:))
    }

    public func disassociateClientVpnTargetNetwork(endpointId: String, associationId: String) async throws {
        var p = QueryParameters()
        p.add("ClientVpnEndpointId", endpointId)
        p.add("AssociationId", associationId)
        _ = try await call("DisassociateClientVpnTargetNetwork", p)
    }

    /// `group` nil: every user (AuthorizeAllGroups).
    public func authorizeClientVpnIngress(endpointId: String, destination: String, group: String?, description: String?,
                                          clientToken: ClientToken) async throws -> ClientVPNStatus {
        var p = QueryParameters()
        p.add("ClientVpnEndpointId", endpointId)
        p.add("TargetNetworkCidr", destination)
        p.add("AccessGroupId", group)
        p.add("AuthorizeAllGroups", group == nil ? true : nil)
        p.add("Description", description)
        p.add("ClientToken", clientToken.value)
        return ClientVPNStatus(try await call("AuthorizeClientVpnIngress", p).child("status"))
    }

    public func describeClientVpnAuthorizationRules(endpointId: String) async throws -> [ClientVPNAuthorizationRuleInfo] {
        try await endpointList("DescribeClientVpnAuthorizationRules", endpointId, list: "authorizationRule", ClientVPNAuthorizationRuleInfo.init(xml:))
    }

    public func revokeClientVpnIngress(endpointId: String, destination: String, group: String?) async throws {
        var p = QueryParameters()
        p.add("ClientVpnEndpointId", endpointId)
        p.add("TargetNetworkCidr", destination)
        p.add("AccessGroupId", group)
        p.add("RevokeAllGroups", group == nil ? true : nil)
        _ = try await call("RevokeClientVpnIngress", p)
    }

    public func createClientVpnRoute(endpointId: String, destination: String, subnetId: String, description: String?,
                                     clientToken: ClientToken) async throws -> ClientVPNStatus {
        var p = QueryParameters()
        p.add("ClientVpnEndpointId", endpointId)
        p.add("DestinationCidrBlock", destination)
        p.add("TargetVpcSubnetId", subnetId)
        p.add("Description", description)
        p.add("ClientToken", clientToken.value)
        return ClientVPNStatus(try await call("CreateClientVpnRoute", p).child("status"))
    }

    public func describeClientVpnRoutes(endpointId: String) async throws -> [ClientVPNRouteInfo] {
        try await endpointList("DescribeClientVpnRoutes", endpointId, list: "routes", ClientVPNRouteInfo.init(xml:))
    }

    public func deleteClientVpnRoute(endpointId: String, destination: String, subnetId: String) async throws {
        var p = QueryParameters()
        p.add("ClientVpnEndpointId", endpointId)
        p.add("TargetVpcSubnetId", subnetId)
        p.add("DestinationCidrBlock", destination)
        _ = try await call("DeleteClientVpnRoute", p)
    }

    /// A Describe call about one endpoint's parts, every page.
    func endpointList<T>(_ action: String, _ endpointId: String, list: String, _ make: (XMLTree) -> T?) async throws -> [T] {
        var p = QueryParameters()
        p.add("ClientVpnEndpointId", endpointId)
        return try decodeAll(try await callPaginated(action, p, listElement: list), action: action, what: list, make)
    }
}
