import CausewayCore

extension VpnConnectionConfiguration {
    /// The configuration as the facts of the topology's connection `connection`, and its
    /// pre-shared keys by `connection/tunnel` (kept apart: they go to a 0600 file only).
    public func facts(connection: String) -> (facts: ConnectionFacts, keys: [String: PreSharedKey]) {
        var keys: [String: PreSharedKey] = [:]
        let tunnels = self.tunnels.enumerated().map { i, t -> ConnectionFacts.TunnelFacts in
            keys["\(connection)/\(i + 1)"] = PreSharedKey(t.preSharedKey.revealed)
            return ConnectionFacts.TunnelFacts(
                index: i + 1, awsOutsideIP: t.awsOutsideIP, customerOutsideIP: t.cgwOutsideIP, insideCIDR: t.insideCIDR,
                awsInsideAddress: t.awsInsideAddress, customerInsideAddress: t.cgwInsideAddress, awsASN: t.awsASN,
                customerASN: t.cgwASN, holdTimeSeconds: t.holdTimeSeconds,
                ikeEncryption: t.ike.encryptionProtocol, ikeIntegrity: t.ike.authenticationProtocol,
                ikeGroup: t.ike.perfectForwardSecrecy, ikeLifetimeSeconds: t.ike.lifetimeSeconds,
                ipsecEncryption: t.ipsec.encryptionProtocol, ipsecIntegrity: t.ipsec.authenticationProtocol,
                ipsecGroup: t.ipsec.perfectForwardSecrecy, ipsecLifetimeSeconds: t.ipsec.lifetimeSeconds,
                dpdDelaySeconds: t.ipsec.dpdDelaySeconds, dpdRetries: t.ipsec.dpdRetries)
        }
        return (ConnectionFacts(connection: connection, vpnConnectionId: connectionId, customerGatewayId: customerGatewayId,
                                vpnGatewayId: vpnGatewayId, tunnels: tunnels), keys)
    }
}

/// Reads the deployed facts of every VPN connection of a topology that exists, from
/// DescribeVpnConnections' `CustomerGatewayConfiguration` (what `apply` does after it ran).
public struct FactsCollector: Sendable {
    public let client: EC2Client
    public init(client: EC2Client) { self.client = client }

    public struct Collected: Sendable {
        public var facts: [ConnectionFacts] = []
        public var keys: [String: PreSharedKey] = [:]
        /// Connections whose document could not be read, with why.
        public var problems: [String] = []
    }

    /// `ids` maps logical keys to AWS ids (apply's result).
    public func collect(_ topology: Topology, ids: [String: String]) async throws -> Collected {
        var out = Collected()
        let wanted = topology.vpnConnections.compactMap { c in ids[LogicalKey.vpnConnection(c.name)].map { (c.name, $0) } }
        guard !wanted.isEmpty else { return out }
        let described = try await client.describeVpnConnections(ids: wanted.map(\.1))
        for (name, id) in wanted {
            guard let vpn = described.first(where: { $0.id == id }) else { continue }
            do {
                let (facts, keys) = try vpn.configuration().facts(connection: name)
                out.facts.append(facts)
                out.keys.merge(keys) { _, new in new }
            } catch {
                out.problems.append("\(name) (\(id)): \(error)")
            }
        }
        return out
    }
}
