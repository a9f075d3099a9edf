import CausewayCore
import Foundation

/// A Site-to-Site VPN connection as EC2 describes it.
public struct VpnConnection: Sendable, Hashable {
    /// A static route of a static (non-BGP) connection.
    public struct StaticRoute: Sendable, Hashable {
        public var destinationCidrBlock: String
        public var source: String?
        public var state: String?
    }
    /// What AWS sees of one tunnel.
    public struct Telemetry: Sendable, Hashable {
        public var outsideIpAddress: String?
        /// `UP` or `DOWN`.
        public var status: String?
        public var statusMessage: String?
        public var acceptedRouteCount: Int?
        /// As AWS writes it (ISO 8601).
        public var lastStatusChange: String?
    }

    public var id: String
    public var state: String
    public var type: String
    public var customerGatewayId: String?
    public var vpnGatewayId: String?
    public var transitGatewayId: String?
    public var staticRoutesOnly: Bool?
    /// The options set once per connection, as reported (nil when the endpoint does not say).
    public var options: VpnConnectionOptions
    public var tunnelOptions: [VpnTunnelOptions]
    public var routes: [StaticRoute]
    public var telemetry: [Telemetry]
    public var tags: [ResourceTag]
    /// AWS's generic configuration document; holds the pre-shared keys, so it never prints.
    public var customerGatewayConfiguration: Secret?

    init?(xml: XMLTree) {
        guard let id = xml.string("vpnConnectionId") else { return nil }
        self.id = id
        state = xml.string("state") ?? ""
        type = xml.string("type") ?? "ipsec.1"
        customerGatewayId = xml.string("customerGatewayId")
        vpnGatewayId = xml.string("vpnGatewayId")
        transitGatewayId = xml.string("transitGatewayId")
        staticRoutesOnly = xml.bool("options", "staticRoutesOnly")
        options = VpnConnectionOptions(outsideIpAddressType: xml.string("options", "outsideIpAddressType"),
                                       tunnelBandwidth: xml.string("options", "tunnelBandwidth"),
                                       enableAcceleration: xml.bool("options", "enableAcceleration"),
                                       localIpv4NetworkCidr: xml.string("options", "localIpv4NetworkCidr"),
                                       remoteIpv4NetworkCidr: xml.string("options", "remoteIpv4NetworkCidr"))
        tunnelOptions = xml["options"]?.items("tunnelOptionSet").map(VpnTunnelOptions.init(xml:)) ?? []
        routes = xml.items("routes").compactMap { item in
            item.string("destinationCidrBlock").map {
                StaticRoute(destinationCidrBlock: $0, source: item.string("source"), state: item.string("state"))
            }
        }
        telemetry = xml.items("vgwTelemetry").map {
            Telemetry(outsideIpAddress: $0.string("outsideIpAddress"), status: $0.string("status"),
                      statusMessage: $0.string("statusMessage"), acceptedRouteCount: $0.int("acceptedRouteCount"),
                      lastStatusChange: $0.string("lastStatusChange"))
        }
        tags = xml.tags
        customerGatewayConfiguration = xml["customerGatewayConfiguration"].map { Secret($0.text) }.flatMap {
            $0.revealed.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0
        }
    }

    /// Parses `customerGatewayConfiguration` (already entity-decoded by the XML parser).
    public func configuration() throws -> VpnConnectionConfiguration {
        guard let document = customerGatewayConfiguration else {
            throw VpnConfigurationError.missing("customerGatewayConfiguration of \(id)")
        }
        return try VpnConnectionConfiguration(document: document.revealed)
    }
}

/// The options CreateVpnConnection takes once per connection (VpnConnectionOptionsSpecification),
/// in AWS's names; nil = not sent (AWS's default: `PublicIpv4`, `standard`, no acceleration).
public struct VpnConnectionOptions: Sendable, Hashable {
    /// `PublicIpv4` or `Ipv6`.
    public var outsideIpAddressType: String?
    /// `standard` or `large`.
    public var tunnelBandwidth: String?
    public var enableAcceleration: Bool?
    /// The traffic selectors AWS offers on both tunnels (default `0.0.0.0/0` each side).
    public var localIpv4NetworkCidr: String?
    public var remoteIpv4NetworkCidr: String?

    public init(outsideIpAddressType: String? = nil, tunnelBandwidth: String? = nil, enableAcceleration: Bool? = nil,
                localIpv4NetworkCidr: String? = nil, remoteIpv4NetworkCidr: String? = nil) {
        self.outsideIpAddressType = outsideIpAddressType
        self.tunnelBandwidth = tunnelBandwidth
        self.enableAcceleration = enableAcceleration
        self.localIpv4NetworkCidr = localIpv4NetworkCidr
        self.remoteIpv4NetworkCidr = remoteIpv4NetworkCidr
    }

    /// `Options.OutsideIpAddressType`, `Options.TunnelBandwidth`, `Options.EnableAcceleration`,
    /// `Options.LocalIpv4NetworkCidr`, `Options.RemoteIpv4NetworkCidr` (EC2 API reference,
    /// VpnConnectionOptionsSpecification).
    func encode(into p: inout QueryParameters) {
        p.add("Options.OutsideIpAddressType", outsideIpAddressType)
        p.add("Options.TunnelBandwidth", tunnelBandwidth)
        p.add("Options.EnableAcceleration", enableAcceleration)
        p.add("Options.LocalIpv4NetworkCidr", localIpv4NetworkCidr)
        p.add("Options.RemoteIpv4NetworkCidr", remoteIpv4NetworkCidr)
    }
}

/// The gateway a VPN connection ends on at AWS.
public enum VpnGatewayTarget: Sendable, Hashable {
    case virtualPrivateGateway(String)
    case transitGateway(String)
}

extension EC2Client {
    /// Creates a VPN connection; `tunnels` holds 0–2 tunnel option sets, in tunnel order.
    public func createVpnConnection(customerGatewayId: String, target: VpnGatewayTarget, staticRoutesOnly: Bool,
                                    options: VpnConnectionOptions = VpnConnectionOptions(),
                                    tunnels: [VpnTunnelOptions] = [], tags: [ResourceTag] = []) async throws -> VpnConnection {
        var p = QueryParameters()
        p.add("Type", "ipsec.1")
        p.add("CustomerGatewayId", customerGatewayId)
        switch target {
        case .virtualPrivateGateway(let id): p.add("VpnGatewayId", id)
        case .transitGateway(let id): p.add("TransitGatewayId", id)
        }
        p.add("Options.StaticRoutesOnly", staticRoutesOnly)
        options.encode(into: &p)
        for (index, tunnel) in tunnels.enumerated() {
            tunnel.encode(into: &p, prefix: "Options.TunnelOptions.\(index + 1)")
        }
        p.addTagSpecification("vpn-connection", tags)
        return try await create("CreateVpnConnection", p, element: "vpnConnection", VpnConnection.init(xml:))
    }

    /// DescribeVpnConnections is not paginated.
    public func describeVpnConnections(ids: [String] = [], filters: [EC2Filter] = []) async throws -> [VpnConnection] {
        try await describe("DescribeVpnConnections", idList: "VpnConnectionId", ids, filters, list: "vpnConnectionSet", item: "vpnConnection", paged: false, VpnConnection.init(xml:))
    }

    public func deleteVpnConnection(id: String) async throws {
        try await delete("DeleteVpnConnection", idName: "VpnConnectionId", id, expectReturn: true)
    }

    /// Changes the options of one tunnel, named by its AWS outside address.
    public func modifyVpnTunnelOptions(vpnConnectionId: String, outsideIpAddress: String,
                                       options: VpnTunnelOptions) async throws {
        var p = QueryParameters()
        p.add("VpnConnectionId", vpnConnectionId)
        p.add("VpnTunnelOutsideIpAddress", outsideIpAddress)
        options.encode(into: &p, prefix: "TunnelOptions")
        _ = try await call("ModifyVpnTunnelOptions", p)
    }

    /// Moves a connection to another customer gateway (ModifyVpnConnection, CustomerGatewayId):
    /// AWS keeps the tunnels' outside addresses and options; both tunnels are down meanwhile.
    public func modifyVpnConnection(vpnConnectionId: String, customerGatewayId: String) async throws {
        _ = try await call("ModifyVpnConnection", QueryParameters(["CustomerGatewayId": customerGatewayId, "VpnConnectionId": vpnConnectionId]))
    }

    /// Moves a connection to another virtual private gateway or transit gateway
    /// (ModifyVpnConnection, VpnGatewayId or TransitGatewayId): AWS keeps the tunnels' outside
    /// addresses and options; both tunnels are down meanwhile.
    public func modifyVpnConnection(vpnConnectionId: String, target: VpnGatewayTarget) async throws {
        var p = QueryParameters(["VpnConnectionId": vpnConnectionId])
        switch target {
        case .virtualPrivateGateway(let id): p.add("VpnGatewayId", id)
        case .transitGateway(let id): p.add("TransitGatewayId", id)
        }
        _ = try await call("ModifyVpnConnection", p)
    }

    /// Changes the traffic selectors both tunnels offer (ModifyVpnConnectionOptions): AWS keeps
    /// the outside addresses and tunnel options; both tunnels are down meanwhile.
    public func modifyVpnConnectionOptions(vpnConnectionId: String, localIpv4NetworkCidr: String, remoteIpv4NetworkCidr: String) async throws {
        _ = try await call("ModifyVpnConnectionOptions", QueryParameters(["LocalIpv4NetworkCidr": localIpv4NetworkCidr,
                                                                          "RemoteIpv4NetworkCidr": remoteIpv4NetworkCidr, "VpnConnectionId": vpnConnectionId]))
    }

    public func createVpnConnectionRoute(vpnConnectionId: String, destinationCidrBlock: String) async throws {
        try await callExpectingReturn("CreateVpnConnectionRoute", QueryParameters(["DestinationCidrBlock": destinationCidrBlock, "VpnConnectionId": vpnConnectionId]))
    }

    public func deleteVpnConnectionRoute(vpnConnectionId: String, destinationCidrBlock: String) async throws {
        try await callExpectingReturn("DeleteVpnConnectionRoute", QueryParameters(["DestinationCidrBlock": destinationCidrBlock, "VpnConnectionId": vpnConnectionId]))
    }
}
