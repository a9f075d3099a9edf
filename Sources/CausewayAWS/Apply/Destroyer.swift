import CausewayCore

/// Deletes what carries the topology's tag, in reverse dependency order, waiting for each
/// detach and delete to finish. Idempotent: what is already gone counts as deleted. Tables AWS
/// made itself (a VPC's main table, a transit gateway's default table) go with their owner;
/// they are only untagged.
public struct Destroyer: Sendable {
    public let client: EC2Client
    public let waits: WaitPolicy
    let sleeper: any Sleeper

    public init(client: EC2Client, waits: WaitPolicy = WaitPolicy(), sleeper: any Sleeper = TaskSleeper()) {
        self.client = client
        self.waits = waits
        self.sleeper = sleeper
    }

    /// Deletion order: the reverse of creation, Client VPN first (routes, authorization rules and
    /// associations before their endpoint, the endpoint before its function and certificates),
    /// EFS mount targets and file systems next (their interfaces hold subnets), Route 53 and
    /// Resolver next (records before their zones and health checks, shares and associations
    /// before their rules, rules before their endpoints), VPN connections next (they hold the
    /// TGW's VPN attachments and the customer gateways), prefix lists last (routes refer to them).
    public static let order: [ResourceKind] = [
        .clientVpnRoute, .clientVpnAuthorizationRule, .clientVpnTargetNetwork, .clientVpnEndpoint, .lambdaFunction, .acmCertificate,
        .mountTarget, .fileSystem, .recordSet, .hostedZone, .healthCheck, .resourceShare, .resolverRuleAssociation, .resolverRule, .resolverEndpoint, .vpnConnection, .transitGatewayAttachment, .transitGatewayRouteTable, .transitGateway, .customerGateway,
        .vpnGateway, .routeTable, .internetGateway, .subnet, .vpc, .prefixList,
    ]

    public struct Result: Sendable {
        public var deleted: [OwnedResource] = []
        public var failure: (resource: OwnedResource, error: String)?
        public var remaining: [OwnedResource] = []
    }

    /// The resources `destroy` would delete, in its order.
    public static func targets(_ observed: ObservedState) -> [OwnedResource] {
        let owned = observed.owned
        return order.flatMap { kind in owned.filter { $0.kind == kind } }
    }

    public func destroy(_ observed: ObservedState, progress: @escaping @Sendable (ApplyEvent) -> Void = { _ in }) async -> Result {
        let teardown = Teardown(client: client, waiter: Waiter(policy: waits, sleeper: sleeper, progress: progress), progress: progress)
        let targets = Self.targets(observed)
        var result = Result()
        for (i, r) in targets.enumerated() {
            let summary = "- delete \(r.kind.rawValue) \(r.key) (\(r.id))"
            progress(.started(index: i + 1, total: targets.count, summary: summary))
            do {
                try await teardown.delete(r)
                result.deleted.append(r)
                progress(.finished(index: i + 1, summary: summary, id: r.id))
            } catch {
                result.failure = (r, "\(error)")
                result.remaining = Array(targets.dropFirst(i + 1))
                break
            }
        }
        return result
    }
}

/// Deletes one resource of any kind, detaching and waiting as AWS requires.
struct Teardown: Sendable {
    let client: EC2Client
    let waiter: Waiter
    let progress: @Sendable (ApplyEvent) -> Void

    /// Runs `body`; an AWS "not found" answer means it is already done.
    func ignoringNotFound(_ body: () async throws -> Void) async throws {
        do { try await body() } catch let e as EC2Error where e.isNotFound {}
    }

    /// Describes by id; a "not found" answer is an empty list.
    func describe<T>(_ body: () async throws -> [T]) async throws -> [T] {
        do { return try await body() } catch let e as EC2Error where e.isNotFound { return [] }
    }

    func untag(_ id: String) async throws {
        try await client.deleteTags(resourceIds: [id], keys: [LogicalKey.topologyTag, LogicalKey.keyTag])
    }

    func detachVpnGateway(_ id: String) async throws {
        let c = client
        let live = try await describe { try await c.describeVpnGateways(ids: [id]) }.first?.attachments
            .filter { ["attached", "attaching"].contains($0.state) } ?? []
        for a in live {
            try await ignoringNotFound { try await c.detachVpnGateway(id: id, vpcId: a.vpcId) }
            try await waiter.until("\(id) to detach from \(a.vpcId)") {
                let now = try await describe { try await c.describeVpnGateways(ids: [id]) }.first?.attachments ?? []
                return !now.contains { $0.vpcId == a.vpcId && ["attached", "attaching", "detaching"].contains($0.state) }
            }
        }
    }

    func delete(_ r: OwnedResource) async throws {
        let c = client, id = r.id
        let gone = ObservedStateReader.gone
        switch r.kind {
        case .vpnConnection:
            try await ignoringNotFound { try await c.deleteVpnConnection(id: id) }
            try await waiter.until("\(id) to be deleted") {
                try await describe { try await c.describeVpnConnections(ids: [id]) }.allSatisfy { $0.state == "deleted" }
            }
        case .transitGatewayAttachment:
            try await ignoringNotFound { try await c.deleteTransitGatewayVpcAttachment(id: id) }
            try await waiter.until("\(id) to be deleted") {
                try await describe { try await c.describeTransitGatewayAttachments(ids: [id]) }.allSatisfy { $0.state == "deleted" }
            }
        case .transitGatewayRouteTable:
            guard let table = try await describe({ try await c.describeTransitGatewayRouteTables(ids: [id]) }).first,
                  !gone.contains(table.state) else { return }
            if table.isDefaultAssociationRouteTable {
                progress(.note("\(id) is its transit gateway's default table: untagged, it goes with the gateway"))
                try await untag(id)
                return
            }
            for a in try await c.transitGatewayRouteTableAssociations(routeTableId: id) where !gone.contains(a.state) {
                do {
                    _ = try await c.disassociateTransitGatewayRouteTable(routeTableId: id, attachmentId: a.attachmentId)
                } catch let e as EC2Error where e.isNotImplemented || e.isNotFound {
                    // moto 5.2.1 lacks the call and deletes associated tables anyway.
                }
            }
            for p in try await c.transitGatewayRouteTablePropagations(routeTableId: id) where p.state == "enabled" {
                try await ignoringNotFound {
                    _ = try await c.disableTransitGatewayRouteTablePropagation(routeTableId: id, attachmentId: p.attachmentId)
                }
            }
            try await waiter.retryingDependencies("\(id) to lose its associations") {
                try await ignoringNotFound { try await c.deleteTransitGatewayRouteTable(id: id) }
            }
            try await waiter.until("\(id) to be deleted") {
                try await describe { try await c.describeTransitGatewayRouteTables(ids: [id]) }.allSatisfy { $0.state == "deleted" }
            }
        case .transitGateway:
            try await waiter.retryingDependencies("\(id) to lose its attachments") {
                try await ignoringNotFound { try await c.deleteTransitGateway(id: id) }
            }
            try await waiter.until("\(id) to be deleted") {
                try await describe { try await c.describeTransitGateways(ids: [id]) }.allSatisfy { $0.state == "deleted" }
            }
        case .customerGateway:
            try await waiter.retryingDependencies("\(id) to lose its VPN connections") {
                try await ignoringNotFound { try await c.deleteCustomerGateway(id: id) }
            }
            try await waiter.until("\(id) to be deleted") {
                try await describe { try await c.describeCustomerGateways(ids: [id]) }.allSatisfy { $0.state == "deleted" }
            }
        case .vpnGateway:
            try await detachVpnGateway(id)
            try await waiter.retryingDependencies("\(id) to be free") {
                try await ignoringNotFound { try await c.deleteVpnGateway(id: id) }
            }
        case .routeTable:
            guard let table = try await describe({ try await c.describeRouteTables(ids: [id]) }).first else { return }
            if table.associations.contains(where: \.main) {
                // Its explicit subnet associations are causeway's; the table itself is AWS's.
                for a in table.associations where !a.main {
                    try await ignoringNotFound { try await c.disassociateRouteTable(associationId: a.id) }
                }
                progress(.note("\(id) is its VPC's main route table: untagged, it goes with the VPC"))
                try await untag(id)
                return
            }
            for a in table.associations {
                try await ignoringNotFound { try await c.disassociateRouteTable(associationId: a.id) }
            }
            try await waiter.retryingDependencies("\(id) to be free") {
                try await ignoringNotFound { try await c.deleteRouteTable(id: id) }
            }
        case .internetGateway:
            for a in try await describe({ try await c.describeInternetGateways(ids: [id]) }).first?.attachments ?? [] {
                try await waiter.retryingDependencies("\(id) to detach from \(a.vpcId)") {
                    try await ignoringNotFound { try await c.detachInternetGateway(id: id, vpcId: a.vpcId) }
                }
            }
            try await ignoringNotFound { try await c.deleteInternetGateway(id: id) }
        case .subnet:
            try await waiter.retryingDependencies("\(id) to be free of network interfaces") {
                try await ignoringNotFound { try await c.deleteSubnet(id: id) }
            }
        case .prefixList:
            try await waiter.retryingDependencies("\(id) to lose the routes that reference it") {
                try await ignoringNotFound { try await c.deleteManagedPrefixList(id: id) }
            }
        case .vpc:
            try await waiter.retryingDependencies("\(id) to be empty") {
                try await ignoringNotFound { try await c.deleteVpc(id: id) }
            }
        case .healthCheck, .resolverEndpoint, .resolverRule, .resolverRuleAssociation, .hostedZone, .recordSet, .resourceShare, .fileSystem, .mountTarget:
            try await deleteDNS(r)
        case .acmCertificate, .lambdaFunction, .clientVpnEndpoint, .clientVpnTargetNetwork, .clientVpnAuthorizationRule, .clientVpnRoute:
            try await deleteClientVPN(r)
        }
    }
}
