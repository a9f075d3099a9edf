import CausewayCore

extension Run {
    /// A token that is the same for the same resource of the same endpoint (a retried apply is
    /// answered with the first attempt's result) and new for an endpoint made again.
    func token(_ key: String, _ scope: String) -> ClientToken { .derived(from: "\(topology)|\(key)|\(scope)") }

    mutating func execute(_ op: ClientVPNOperation, key: String) async throws -> String? {
        let c = client
        switch op {
        case .importCertificate(let role, let source):
            let m = try material.certificate(forKey: key, role: role, source: source)
            let arn = try await ACMClient(ec2: c).importCertificate(m, tags: tags(key))
            ids[key] = arn
            return arn

        case .createFunction(let name, let role, let policy):
            let code = try material.connectHandler(forKey: key, functionName: name, policy: policy)
            let lambda = LambdaClient(ec2: c)
            let f = try await lambda.createFunction(name: name, role: role, code: code, description: "causeway \(topology) \(key)", tags: tags(key))
            ids[key] = f.arn
            // Lambda creates a function `Pending` and runs it once `Active` (Lambda developer
            // guide, "Lambda function states"); Client VPN checks the function when it is named.
            try await waiter.until("\(key) (\(name)) to be active") {
                let state = try await lambda.getFunction(name)?.state ?? ""
                return state == "Active" || state.isEmpty
            }
            return f.arn

        case .createEndpoint(let e):
            return try await createEndpoint(e, key: key, scope: "")

        case .replaceEndpoint(let e, let oldID):
            try await Teardown(client: c, waiter: waiter, progress: progress).deleteClientVPNEndpoint(oldID)
            return try await createEndpoint(e, key: key, scope: oldID)

        case .modifyEndpoint(let e):
            let id = try id(key)
            let have = try await c.describeClientVpnEndpoints(ids: [id]).first
            var change = ClientVPNEndpointChange(wanted: e, ids: ids, have: have)
            if change.serverCertificateARN != nil { change.serverCertificateARN = try self.id(e.serverCertificate) }
            if !change.isEmpty { try await c.modifyClientVpnEndpoint(id: id, change) }
            return id

        case .associate(let endpoint, let subnet):
            let endpointID = try id(endpoint), subnetID = try id(subnet)
            let a = try await c.associateClientVpnTargetNetwork(endpointId: endpointID, subnetId: subnetID,
                                                                clientToken: token(key, endpointID))
            ids[key] = a.associationId
            // An association is `associating` for minutes while AWS places the endpoint's
            // interface in the subnet; routes through it need it `associated`.
            try await waiter.until("\(key) (\(a.associationId)) to be associated") {
                let now = try await c.describeClientVpnTargetNetworks(endpointId: endpointID).first { $0.associationId == a.associationId }
                if now?.status.code == "association-failed" {
                    throw ClientVPNApplyError(what: "\(a.associationId) failed", message: now?.status.message)
                }
                return now?.status.code == "associated"
            }
            return a.associationId

        case .authorize(let endpoint, let destination, let group, let description):
            let endpointID = try id(endpoint)
            _ = try await c.authorizeClientVpnIngress(endpointId: endpointID, destination: destination.description, group: group,
                                                      description: description, clientToken: token(key, endpointID))
            try await untilActive(key, { try await c.describeClientVpnAuthorizationRules(endpointId: endpointID) }) {
                $0.destination == destination.description && $0.groupId == group
            }
            return endpointID

        case .createRoute(let endpoint, let destination, let subnet, let description):
            let endpointID = try id(endpoint), subnetID = try id(subnet)
            _ = try await c.createClientVpnRoute(endpointId: endpointID, destination: destination.description, subnetId: subnetID,
                                                 description: description, clientToken: token(key, endpointID))
            try await untilActive(key, { try await c.describeClientVpnRoutes(endpointId: endpointID) }) {
                $0.destination == destination.description && $0.targetSubnet == subnetID
            }
            return endpointID
        }
    }

    /// Waits until the endpoint lists a part matching `match` as `active` (rules start
    /// `authorizing`, routes `creating`).
    func untilActive<T: ClientVPNPartInfo>(_ key: String, _ list: () async throws -> [T], _ match: (T) -> Bool) async throws {
        try await waiter.until("\(key) to be active") { try await list().contains { match($0) && $0.status.code == "active" } }
    }

    /// CreateClientVpnEndpoint with the certificates' ARNs, the VPC's security groups and the
    /// connect handler when it exists (an uncreated handler leaves the option off; the plan said so).
    mutating func createEndpoint(_ e: ClientVPNEndpointProperties, key: String, scope: String) async throws -> String {
        let vpcID = try id(e.vpc)
        let groups = try await securityGroupIDs(e.securityGroups.compactMap(\.name), vpcID: vpcID)
        let request = ClientVPNEndpointRequest(
            clientCIDR: e.clientCIDR.description, serverCertificateARN: try id(e.serverCertificate),
            clientRootCertificateARN: try e.clientRootCertificate.map { try id($0) }, connectionLog: e.connectionLog,
            dnsServers: e.dnsServers.map(\.description), transportProtocol: e.transportProtocol.rawValue, vpnPort: e.vpnPort,
            description: "causeway \(topology) \(key)", splitTunnel: e.splitTunnel, securityGroupIds: groups, vpcId: vpcID,
            connectHandlerARN: e.connectHandler.flatMap { ids[$0] }, sessionTimeoutHours: e.sessionTimeoutHours)
        let created = try await client.createClientVpnEndpoint(request, clientToken: token(key, scope), tags: tags(key))
        ids[key] = created.id
        // A new endpoint is `pending-associate` until a subnet is associated: nothing to wait for.
        return created.id
    }
}

/// A Client VPN object AWS reports as failed.
struct ClientVPNApplyError: Error, CustomStringConvertible {
    var what: String
    var message: String?
    var description: String { what + (message.map { ": \($0)" } ?? "") }
}

extension Teardown {
    /// Deletes one Client VPN, ACM or Lambda resource; what is gone already counts as deleted.
    /// A part's id holds its endpoint's id first (`ObservedClientVPN.owned`).
    func deleteClientVPN(_ r: OwnedResource) async throws {
        let c = client
        let f = r.id.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        switch r.kind {
        case .clientVpnRoute where f.count == 3:
            try await ignoringGone { try await c.deleteClientVpnRoute(endpointId: f[0], destination: f[2], subnetId: f[1]) }
            try await waiter.until("\(r.key) to be deleted") {
                try await parts { try await c.describeClientVpnRoutes(endpointId: f[0]) }.allSatisfy { $0.destination != f[2] || $0.targetSubnet != f[1] }
            }
        case .clientVpnAuthorizationRule where f.count == 3:
            let group = f[2] == "*" ? nil : f[2]
            try await ignoringGone { try await c.revokeClientVpnIngress(endpointId: f[0], destination: f[1], group: group) }
            try await waiter.until("\(r.key) to be revoked") {
                try await parts { try await c.describeClientVpnAuthorizationRules(endpointId: f[0]) }.allSatisfy { $0.destination != f[1] || $0.groupId != group }
            }
        case .clientVpnTargetNetwork where f.count == 2:
            try await disassociate(endpointID: f[0], associationID: f[1])
        case .clientVpnEndpoint:
            try await deleteClientVPNEndpoint(r.id)
        case .lambdaFunction:
            try await ignoringGone { try await LambdaClient(ec2: c).deleteFunction(r.id) }
        case .acmCertificate:
            // ACM refuses while the certificate is in use (ResourceInUseException) until the
            // endpoint that names it is deleted.
            try await waiter.until("\(r.id) to be free of its endpoint") {
                do {
                    try await ignoringGone { try await ACMClient(ec2: c).deleteCertificate(arn: r.id) }
                    return true
                } catch let e as EC2Error where e.code == "ResourceInUseException" { return false }
            }
        default:
            return
        }
    }

    /// Describes an endpoint's parts; an endpoint already gone has none.
    func parts<T>(_ body: () async throws -> [T]) async throws -> [T] {
        do { return try await body() } catch let e as EC2Error where e.isGone || e.code == "InvalidClientVpnEndpointId.NotFound" { return [] }
    }

    func disassociate(endpointID: String, associationID: String) async throws {
        let c = client
        try await ignoringGone { try await c.disassociateClientVpnTargetNetwork(endpointId: endpointID, associationId: associationID) }
        try await waiter.until("\(associationID) to be disassociated") {
            try await parts { try await c.describeClientVpnTargetNetworks(endpointId: endpointID) }
                .allSatisfy { $0.associationId != associationID || $0.status.code == "disassociated" }
        }
    }

    /// Deletes an endpoint with whatever parts it still has: AWS deletes an endpoint only once
    /// every target network is disassociated (EC2 API reference, DeleteClientVpnEndpoint).
    func deleteClientVPNEndpoint(_ id: String) async throws {
        let c = client
        for a in try await parts({ try await c.describeClientVpnTargetNetworks(endpointId: id) }) where !a.status.code.hasPrefix("disassociat") {
            try await disassociate(endpointID: id, associationID: a.associationId)
        }
        try await ignoringGone { try await c.deleteClientVpnEndpoint(id: id) }
        try await waiter.until("\(id) to be deleted") {
            try await parts { try await c.describeClientVpnEndpoints(ids: [id]) }.allSatisfy { $0.status.code == "deleted" }
        }
    }
}
