import CausewayCore

/// Reads `ObservedState` through describe calls: by the topology's tag, and by id for the
/// resources the topology adopts. Resources in a final state (`deleted`, `deleting`, `failed`,
/// `rejected`) count as absent: AWS keeps listing deleted VPN connections for a while.
public struct ObservedStateReader: Sendable {
    public let client: EC2Client

    public init(client: EC2Client) { self.client = client }

    static let gone: Set<String> = ["deleted", "deleting", "failed", "rejected"]

    public func read(_ topology: Topology) async throws -> ObservedState {
        try await read(AWSResources(topology))
    }

    /// What exists of the resources `resources` describes, and what carries its tag without being in it.
    public func read(_ resources: AWSResources) async throws -> ObservedState {
        var s = ObservedState()
        let topology = resources.topology
        let tag = [LogicalKey.filter(topology: topology)]
        let wanted = DesiredKeys(resources)

        var strays: [Stray] = []
        var adopted: Set<String> = []
        func place<T>(_ kind: ResourceKind, _ found: [T], id: (T) -> String, tags: (T) -> [ResourceTag],
                      preferring referenced: Set<String> = [], into dict: inout [String: T]) {
            for item in found {
                // Only what really carries the tag: moto's tag filter also returns a transit
                // gateway's untagged default route table.
                guard tags(item).contains(where: { $0.key == LogicalKey.topologyTag && $0.value == topology }) else { continue }
                guard let key = LogicalKey.key(in: tags(item)) else {
                    strays.append(Stray(kind: kind, key: "(no key)", id: id(item), reason: "tagged for the topology but without causeway:key"))
                    continue
                }
                if !wanted.keys.contains(key) {
                    strays.append(Stray(kind: kind, key: key, id: id(item), reason: "not in the topology"))
                } else if let first = dict[key] {
                    // Keep the copy other resources hang on (a create re-sent after a lost answer
                    // leaves an empty twin); otherwise the smaller id, so every run picks the same.
                    let firstWins = referenced.contains(id(first)) != referenced.contains(id(item))
                        ? referenced.contains(id(first)) : id(first) < id(item)
                    let (keep, drop) = firstWins ? (first, item) : (item, first)
                    dict[key] = keep
                    strays.append(Stray(kind: kind, key: key, id: id(drop), reason: "a second \(kind.rawValue) with key \(key) (id \(id(keep)) is kept)"))
                } else {
                    dict[key] = item
                }
            }
        }
        func adopt<T>(_ ids: [String: String], _ describe: ([String]) async throws -> [T], id: (T) -> String,
                      into dict: inout [String: T]) async throws {
            guard !ids.isEmpty else { return }
            let found = try await describe(Array(Set(ids.values)).sorted())
            for (key, wantedID) in ids {
                guard let item = found.first(where: { id($0) == wantedID }) else { continue }
                dict[key] = item
                adopted.insert(key)
            }
        }

        // VPCs, internet gateways, subnets.
        let taggedVPCs = try await client.describeVpcs(filters: tag)
        let taggedSubnets = try await client.describeSubnets(filters: tag)
        let taggedIGWs = try await client.describeInternetGateways(filters: tag)
        let vpcsInUse = Set(taggedSubnets.map(\.vpcId) + taggedIGWs.flatMap { $0.attachments.map(\.vpcId) })
        place(.vpc, taggedVPCs, id: \.id, tags: \.tags, preferring: vpcsInUse, into: &s.vpcs)
        try await adopt(wanted.adopted(.vpc), { try await client.describeVpcs(ids: $0) }, id: \.id, into: &s.vpcs)
        place(.internetGateway, taggedIGWs, id: \.id, tags: \.tags, into: &s.internetGateways)
        for (vpc, key) in wanted.adoptedVPCGateways {
            guard s.internetGateways[key] == nil, let vpcID = s.vpcs[vpc]?.id else { continue }
            if let igw = try await client.describeInternetGateways(filters: [EC2Filter("attachment.vpc-id", vpcID)]).first {
                s.internetGateways[key] = igw
                adopted.insert(key)
            }
        }
        place(.subnet, taggedSubnets, id: \.id, tags: \.tags, into: &s.subnets)
        try await adopt(wanted.adopted(.subnet), { try await client.describeSubnets(ids: $0) }, id: \.id, into: &s.subnets)

        // Prefix lists (AWS-managed ones carry no tag of ours).
        place(.prefixList, try await client.describeManagedPrefixLists(filters: tag).filter { !$0.state.hasPrefix("delete") },
              id: \.id, tags: \.tags, into: &s.prefixLists)
        try await adopt(wanted.adopted(.prefixList), { try await client.describeManagedPrefixLists(ids: $0) }, id: \.id, into: &s.prefixLists)

        // Route tables, and the main table of every VPC found.
        place(.routeTable, try await client.describeRouteTables(filters: tag), id: \.id, tags: \.tags, into: &s.routeTables)
        try await adopt(wanted.adopted(.routeTable), { try await client.describeRouteTables(ids: $0) }, id: \.id, into: &s.routeTables)
        let vpcIDs = s.vpcs.mapValues(\.id)
        if !vpcIDs.isEmpty {
            let all = try await client.describeRouteTables(filters: [EC2Filter("vpc-id", Array(Set(vpcIDs.values)).sorted())])
            for (key, id) in vpcIDs {
                if let main = all.first(where: { $0.vpcId == id && $0.associations.contains(where: \.main) }) {
                    s.mainRouteTables[key] = main
                }
            }
        }

        // Gateways and VPN connections.
        place(.vpnGateway, try await client.describeVpnGateways(filters: tag).filter { !Self.gone.contains($0.state) },
              id: \.id, tags: \.tags, into: &s.vpnGateways)
        try await adopt(wanted.adopted(.vpnGateway), { try await client.describeVpnGateways(ids: $0) }, id: \.id, into: &s.vpnGateways)
        let customerGateways = try await client.describeCustomerGateways(filters: tag).filter { !Self.gone.contains($0.state) }
        let connections = try await client.describeVpnConnections(filters: tag).filter { !Self.gone.contains($0.state) }
        // Of two customer gateways with one key (a replacement that stopped half way), the one a
        // connection uses is kept; the other is deleted as a stray.
        place(.customerGateway, customerGateways, id: \.id, tags: \.tags,
              preferring: Set(connections.compactMap(\.customerGatewayId)), into: &s.customerGateways)
        try await adopt(wanted.adopted(.customerGateway), { try await client.describeCustomerGateways(ids: $0) }, id: \.id, into: &s.customerGateways)
        place(.vpnConnection, connections, id: \.id, tags: \.tags, into: &s.vpnConnections)
        try await adopt(wanted.adopted(.vpnConnection), { try await client.describeVpnConnections(ids: $0) }, id: \.id, into: &s.vpnConnections)

        // Transit gateways, their route tables and attachments.
        place(.transitGateway, try await client.describeTransitGateways(filters: tag).filter { !Self.gone.contains($0.state) },
              id: \.id, tags: \.tags, into: &s.transitGateways)
        try await adopt(wanted.adopted(.transitGateway), { try await client.describeTransitGateways(ids: $0) }, id: \.id, into: &s.transitGateways)
        place(.transitGatewayRouteTable,
              try await client.describeTransitGatewayRouteTables(filters: tag).filter { !Self.gone.contains($0.state) },
              id: \.id, tags: \.tags, into: &s.tgwRouteTables)
        try await adopt(wanted.adopted(.transitGatewayRouteTable), { try await client.describeTransitGatewayRouteTables(ids: $0) },
                        id: \.id, into: &s.tgwRouteTables)

        let tgwIDs = Array(Set(s.transitGateways.values.map(\.id))).sorted()
        if !tgwIDs.isEmpty {
            let attachments = try await client.describeTransitGatewayAttachments(filters: [EC2Filter("transit-gateway-id", tgwIDs)])
                .filter { !Self.gone.contains($0.state) }
            let vpnByID = Dictionary(s.vpnConnections.map { ($0.value.id, $0.key) }, uniquingKeysWith: { a, _ in a })
            var tagged: [TransitGatewayAttachment] = []
            let tgwByID = Dictionary(s.transitGateways.map { ($0.value.id, $0.key) }, uniquingKeysWith: { a, _ in a })
            let vpcByID = Dictionary(s.vpcs.map { ($0.value.id, $0.key) }, uniquingKeysWith: { a, _ in a })
            for a in attachments {
                if a.resourceType == "vpn" {
                    // AWS creates this attachment with the connection: it is known by its connection.
                    guard let vpnKey = a.resourceId.flatMap({ vpnByID[$0] }), let key = wanted.vpnAttachments[vpnKey] else { continue }
                    s.tgwAttachments[key] = a
                    if adopted.contains(vpnKey) { adopted.insert(key) }
                } else if let adoptedKey = wanted.adopted(.transitGatewayAttachment).first(where: { $0.value == a.id })?.key {
                    s.tgwAttachments[adoptedKey] = a
                    adopted.insert(adoptedKey)
                } else if a.tags.contains(where: { $0.key == LogicalKey.topologyTag && $0.value == topology }) {
                    tagged.append(a)
                } else if a.resourceType == "vpc", let tgw = tgwByID[a.transitGatewayId ?? ""], let vpc = vpcByID[a.resourceId ?? ""],
                          let key = wanted.vpcAttachments["\(tgw)|\(vpc)"], s.tgwAttachments[key] == nil {
                    // AWS allows one attachment per VPC on a transit gateway, so (gateway, VPC)
                    // names it even when the describe call returns no tags (moto 5.2.1 omits them).
                    s.tgwAttachments[key] = a
                    if adopted.contains(tgw) { adopted.insert(key) }
                }
            }
            place(.transitGatewayAttachment, tagged, id: \.id, tags: \.tags, into: &s.tgwAttachments)
        }
        s.strays = strays
        s.adopted = adopted
        for (key, table) in s.tgwRouteTables {
            s.tgwAssociations[key] = try await client.transitGatewayRouteTableAssociations(routeTableId: table.id)
                .filter { !Self.gone.contains($0.state) && $0.state != "disassociating" }.map(\.attachmentId)
            s.tgwPropagations[key] = try await client.transitGatewayRouteTablePropagations(routeTableId: table.id)
                .filter { $0.state == "enabled" || $0.state == "enabling" }.map(\.attachmentId)
            s.tgwRoutes[key] = try await client.searchTransitGatewayRoutes(
                routeTableId: table.id, filters: [EC2Filter("type", "static")]).routes
        }
        // Route 53 and Resolver: read only for a topology that has some (their APIs are not EC2's).
        let dns = DNSDesired(resources)
        if !dns.isEmpty {
            let (found, dnsStrays) = try await DNSStateReader(client: client, topology: topology).read(dns, vpcIDs: s.vpcs.mapValues(\.id), subnetIDs: s.subnets.mapValues(\.id))
            s.dns = found
            s.strays += dnsStrays
        }
        if !resources.clientVPN.isEmpty {
            let (found, cvpnStrays) = try await ClientVPNStateReader(client: client, topology: topology).read(resources)
            s.clientVPN = found
            s.strays += cvpnStrays
        }
        return s
    }
}

/// The logical keys of the tagged resources a topology asks for, and the ids it adopts, as the
/// AWS resource description (`AWSResources`) lists them.
struct DesiredKeys {
    var keys: Set<String> = []
    /// Adopted ids by key, per kind.
    var adopted: [ResourceKind: [String: String]] = [:]
    /// VPN connection key → the key of its TGW attachment.
    var vpnAttachments: [String: String] = [:]
    /// "TGW key|VPC key" → the key of the VPC attachment.
    var vpcAttachments: [String: String] = [:]
    /// The internet gateways of adopted VPCs (found by their attachment), by VPC key.
    var adoptedVPCGateways: [(vpc: String, igw: String)] = []

    init(_ d: AWSResources) {
        for r in d.tagged {
            guard let kind = r.kind.tagged else { continue }
            keys.insert(r.key)
            if let id = r.adoptedID { adopted[kind, default: [:]][r.key] = id }
            switch r.properties {
            case .tgwVPNAttachment(_, let vpn): vpnAttachments[vpn] = r.key
            case .tgwVPCAttachment(let tgw, let vpc, _, _, _): vpcAttachments["\(tgw)|\(vpc)"] = r.key
            case .internetGateway(let vpc) where d[vpc]?.isAdopted == true: adoptedVPCGateways.append((vpc, r.key))
            default: break
            }
        }
    }

    func adopted(_ kind: ResourceKind) -> [String: String] { adopted[kind] ?? [:] }
}
