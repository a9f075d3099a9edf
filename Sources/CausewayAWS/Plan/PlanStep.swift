import CausewayCore

/// One change apply would make: what, to which logical resource, and how (the `operation`
/// names other resources by logical key; apply resolves them to AWS ids as they come to exist).
public struct PlanStep: Sendable, Encodable {
    public enum Action: String, Sendable, Codable {
        case create, adopt, attach, detach, associate, enable, disable, update, replace, delete
    }
    public var action: Action
    /// What is changed, in AWS's words: `vpc`, `route`, `transit-gateway-association`, …
    public var resource: String
    /// The logical key (`route-table/vpc-a/a-public/route/10.30.0.0/16`).
    public var key: String
    /// A short human description; never holds a secret.
    public var detail: String
    /// What the change does to the VPN tunnels' traffic.
    public var outage: ChangeOutage = .inPlace
    let operation: Operation

    enum CodingKeys: String, CodingKey { case action, resource, key, detail, outage }

    /// `+ create vpc vpc/vpc-a (10.10.0.0/16)`.
    public var summary: String {
        let sign: String
        switch action {
        case .create, .adopt, .attach, .associate, .enable: sign = "+"
        case .update, .replace: sign = "~"
        case .delete, .detach, .disable: sign = "-"
        }
        return "\(sign) \(action.rawValue) \(resource) \(key)" + (detail.isEmpty ? "" : " (\(detail))")
    }
}

/// What a step does, with every other resource named by logical key.
enum Operation: Sendable {
    case createManagedPrefixList(name: String, maxEntries: Int, entries: [PrefixListEntry])
    case createVpc(cidr: String)
    /// Adds the topology's own tags to a resource (CreateTags).
    case tag(resource: String, tags: [ResourceTag])
    case createInternetGateway
    case attachInternetGateway(igw: String, vpc: String)
    case createSubnet(vpc: String, cidr: String, zone: String?)
    case createRouteTable(vpc: String)
    /// Tag the VPC's main route table (AWS made it with the VPC) with this key.
    case adoptMainRouteTable(vpc: String)
    case associateSubnet(table: String, subnet: String)
    case createRoute(table: String, destination: String, target: RouteTargetKey, replace: Bool)
    case deleteRoute(table: String, destination: String)
    case createVpnGateway(asn: Int)
    case attachVpnGateway(vgw: String, vpc: String)
    case detachVpnGateway(vgw: String)
    case enableVgwPropagation(table: String, vgw: String)
    case disableVgwPropagation(table: String, vgwID: String)
    case createCustomerGateway(ip: String, asn: Int, deviceName: String?)
    case createVpnConnection(customerGateway: String, target: RouteTargetKey, staticRoutesOnly: Bool,
                             options: VpnConnectionOptions, tunnels: [VpnTunnelOptions], attachment: String?)
    case modifyTunnel(vpn: String, outsideIP: String, options: VpnTunnelOptions)
    /// Moves a connection to the customer gateway `customerGateway` (ModifyVpnConnection).
    case moveVpnConnection(vpn: String, customerGateway: String)
    /// Moves a connection to another virtual private gateway or transit gateway
    /// (ModifyVpnConnection); `attachment` is the VPN attachment's key on a transit gateway.
    case moveVpnTarget(vpn: String, target: RouteTargetKey, attachment: String?)
    /// Sets the traffic selectors of a connection (ModifyVpnConnectionOptions).
    case modifyTrafficSelectors(vpn: String, local: String, remote: String)
    case createVpnRoute(vpn: String, destination: String)
    case deleteVpnRoute(vpn: String, destination: String)
    case createTransitGateway(options: TransitGatewayOptions)
    case createTgwRouteTable(tgw: String)
    /// Tag the transit gateway's default association table with this key.
    case adoptDefaultTgwRouteTable(tgw: String)
    case createTgwVpcAttachment(tgw: String, vpc: String, subnets: [String])
    case associateTgw(table: String, attachment: String)
    case enableTgwPropagation(table: String, attachment: String)
    case disableTgwPropagation(table: String, attachmentID: String)
    case createTgwRoute(table: String, destination: String, attachment: String?, replace: Bool)
    case deleteTgwRoute(table: String, destination: String)
    case delete(OwnedResource)
    /// Route 53 and Route 53 Resolver (DNS/DNSPlan.swift).
    case dns(DNSOperation)
    /// Client VPN, ACM and Lambda (ClientVPN/ClientVPNPlan.swift).
    case clientVPN(ClientVPNOperation)
}

/// A route or connection target by logical key.
enum RouteTargetKey: Sendable, Hashable {
    case gateway(String)
    case transitGateway(String)
    var key: String {
        switch self {
        case .gateway(let k), .transitGateway(let k): k
        }
    }
}

/// The changes apply would make, in the order it makes them.
public struct Plan: Sendable, Encodable {
    public var topology: String
    public var region: String
    public var steps: [PlanStep] = []
    /// Differences apply cannot fix in place (an immutable property changed), as error
    /// diagnostics at the topology node: apply refuses to start while there are any.
    public var conflicts: [Diagnostic] = []
    /// What apply leaves alone and why (not modelled yet, endpoint quirks), as note diagnostics.
    public var notes: [Diagnostic] = []
    /// AWS ids of what exists, by logical key.
    public var existing: [String: String] = [:]
    /// Customer-side files that must be rendered again and re-loaded after apply.
    public var reRender: [ReRender] = []

    public var hasChanges: Bool { !steps.isEmpty }

    enum CodingKeys: String, CodingKey { case topology, region, steps, conflicts, notes, existing, changes, outages, reRender = "rerender" }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(topology, forKey: .topology)
        try c.encode(region, forKey: .region)
        try c.encode(steps, forKey: .steps)
        try c.encode(steps.count, forKey: .changes)
        try c.encode(conflicts, forKey: .conflicts)
        try c.encode(notes, forKey: .notes)
        try c.encode(existing, forKey: .existing)
        try c.encode(Dictionary(uniqueKeysWithValues: outageCounts.map { ($0.0.rawValue, $0.1) }), forKey: .outages)
        try c.encode(reRender, forKey: .reRender)
    }
}
