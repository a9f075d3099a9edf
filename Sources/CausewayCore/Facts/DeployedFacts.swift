/// What AWS chose for the VPN connections of one topology: per tunnel its outside addresses,
/// inside addresses, ASNs, proposals and DPD, read from AWS's customer gateway configuration
/// (`causeway import aws-vpn-config`, or automatically after `causeway apply`).
///
/// Pre-shared keys are not part of this value: they travel separately (a 0600 secrets file) so
/// the facts can be printed and diffed freely.
public struct DeployedFacts: Sendable, Codable, Equatable {
    /// The topology these facts belong to.
    public var topology: String
    public var connections: [ConnectionFacts]

    public init(topology: String, connections: [ConnectionFacts] = []) {
        self.topology = topology
        self.connections = connections
    }

    public func connection(_ name: String) -> ConnectionFacts? { connections.first { $0.connection == name } }

    /// Adds or replaces the facts of one connection, keeping the others.
    public mutating func set(_ facts: ConnectionFacts) {
        if let i = connections.firstIndex(where: { $0.connection == facts.connection }) {
            connections[i] = facts
        } else {
            connections.append(facts)
        }
    }

    /// Tunnels whose AWS outside address differs from `previous` (S1: a stack update replaced the
    /// connection and the customer gateway kept pointing at the old addresses).
    public func outsideAddressChanges(since previous: DeployedFacts?) -> [OutsideAddressChange] {
        guard let previous else { return [] }
        var out: [OutsideAddressChange] = []
        for c in connections {
            guard let old = previous.connection(c.connection) else { continue }
            for t in c.tunnels {
                guard let before = old.tunnel(t.index)?.awsOutsideIP, before != t.awsOutsideIP else { continue }
                out.append(OutsideAddressChange(connection: c.connection, tunnel: t.index, before: before, after: t.awsOutsideIP))
            }
        }
        return out
    }
}

/// A tunnel whose AWS outside address changed between two imports.
public struct OutsideAddressChange: Sendable, Codable, Equatable, CustomStringConvertible {
    public var connection: String
    public var tunnel: Int
    public var before: String
    public var after: String
    public var description: String { "\(connection)/\(tunnel): AWS outside address \(before) → \(after)" }
}

/// The deployed facts of one VPN connection of the topology.
public struct ConnectionFacts: Sendable, Codable, Equatable {
    /// The connection's name in the topology.
    public var connection: String
    /// nil when the source does not say (Terraform outputs that carry no connection id).
    public var vpnConnectionId: String?
    public var customerGatewayId: String?
    public var vpnGatewayId: String?
    public var tunnels: [TunnelFacts]

    public init(connection: String, vpnConnectionId: String?, customerGatewayId: String?, vpnGatewayId: String?, tunnels: [TunnelFacts]) {
        self.connection = connection
        self.vpnConnectionId = vpnConnectionId
        self.customerGatewayId = customerGatewayId
        self.vpnGatewayId = vpnGatewayId
        self.tunnels = tunnels
    }

    public func tunnel(_ index: Int) -> TunnelFacts? { tunnels.first { $0.index == index } }

    /// One tunnel as AWS describes it (document words kept: `aes-128-cbc`, `sha1`, `group2`).
    /// The proposals and lifetimes are nil when the source does not carry them (Terraform's
    /// `tunnelN_*` outputs give addresses and keys only).
    public struct TunnelFacts: Sendable, Codable, Equatable {
        /// 1 or 2, AWS's order.
        public var index: Int
        public var awsOutsideIP: String
        public var customerOutsideIP: String
        public var insideCIDR: String
        public var awsInsideAddress: String
        public var customerInsideAddress: String
        public var awsASN: Int?
        public var customerASN: Int?
        public var holdTimeSeconds: Int?
        public var ikeEncryption: String?
        public var ikeIntegrity: String?
        public var ikeGroup: String?
        public var ikeLifetimeSeconds: Int?
        public var ipsecEncryption: String?
        public var ipsecIntegrity: String?
        public var ipsecGroup: String?
        public var ipsecLifetimeSeconds: Int?
        public var dpdDelaySeconds: Int?
        public var dpdRetries: Int?

        public init(index: Int, awsOutsideIP: String, customerOutsideIP: String, insideCIDR: String, awsInsideAddress: String,
                    customerInsideAddress: String, awsASN: Int? = nil, customerASN: Int? = nil, holdTimeSeconds: Int? = nil,
                    ikeEncryption: String? = nil, ikeIntegrity: String? = nil, ikeGroup: String? = nil, ikeLifetimeSeconds: Int? = nil,
                    ipsecEncryption: String? = nil, ipsecIntegrity: String? = nil, ipsecGroup: String? = nil, ipsecLifetimeSeconds: Int? = nil,
                    dpdDelaySeconds: Int? = nil, dpdRetries: Int? = nil) {
            self.index = index
            self.awsOutsideIP = awsOutsideIP
            self.customerOutsideIP = customerOutsideIP
            self.insideCIDR = insideCIDR
            self.awsInsideAddress = awsInsideAddress
            self.customerInsideAddress = customerInsideAddress
            self.awsASN = awsASN
            self.customerASN = customerASN
            self.holdTimeSeconds = holdTimeSeconds
            self.ikeEncryption = ikeEncryption
            self.ikeIntegrity = ikeIntegrity
            self.ikeGroup = ikeGroup
            self.ikeLifetimeSeconds = ikeLifetimeSeconds
            self.ipsecEncryption = ipsecEncryption
            self.ipsecIntegrity = ipsecIntegrity
            self.ipsecGroup = ipsecGroup
            self.ipsecLifetimeSeconds = ipsecLifetimeSeconds
            self.dpdDelaySeconds = dpdDelaySeconds
            self.dpdRetries = dpdRetries
        }
    }
}
