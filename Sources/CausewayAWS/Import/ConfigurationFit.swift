import CausewayCore

/// One way an imported VPN configuration does not fit the topology's connection: which field
/// (of which tunnel), the document's value and the topology's, and why. Never holds a key.
public struct ConfigurationMismatch: Sendable, Hashable, CustomStringConvertible {
    /// A kebab-case id: `import-routing`, `import-customer-gateway-ip`, `import-asn`,
    /// `import-gateway`, `import-id`, or the id of the checker rule the document's value breaks.
    public var rule: String
    /// 1 or 2; nil for the whole connection.
    public var tunnel: Int?
    public var field: String
    public var document: String
    public var topology: String
    public var reason: String

    public var description: String {
        (tunnel.map { "tunnel \($0) " } ?? "") + "\(field): the document has \(document), the topology \(topology); \(reason) [\(rule)]"
    }
}

extension VpnConnectionConfiguration {
    /// Why this document cannot be the topology's connection `name`: routing mode, customer
    /// gateway address, ASNs and gateway kind compared directly, and the document's inside CIDRs
    /// and keys put on the topology (`FactsOverlay`) and run through `checker`, so the same
    /// AWS rules `check` applies decide. Empty when it fits.
    public func mismatches(with topology: Topology, connection name: String, checker: Checker = Checker()) -> [ConfigurationMismatch] {
        guard let c = topology.vpnConnection(name) else { return [] }
        var out: [ConfigurationMismatch] = []
        let cgw = topology.customerGateway(c.customerGateway)

        // AWS omits <bgp> from both tunnels of a static connection and marks it
        // NoBGPVPNConnection (Site-to-Site VPN user guide, "Download the configuration file").
        let documentBGP = usesBGP && attributes != "NoBGPVPNConnection"
        if documentBGP != (c.routing == .bgp) {
            out.append(ConfigurationMismatch(
                rule: "import-routing", tunnel: nil, field: "routing",
                document: documentBGP ? "BGP (<bgp> in each tunnel)" : "static (no <bgp>\(attributes.map { ", \($0)" } ?? ""))",
                topology: "`\(c.routing.rawValue)` on `\(c.name)`",
                reason: "a static-routing connection cannot carry BGP and a BGP one takes no static routes; import the document of the connection the topology describes"))
        }

        for (i, t) in tunnels.enumerated() {
            if let ip = cgw?.ipAddress, OuterAddress(t.cgwOutsideIP) != ip {
                out.append(ConfigurationMismatch(
                    rule: "import-customer-gateway-ip", tunnel: i + 1, field: "customer gateway outside address",
                    document: t.cgwOutsideIP, topology: "\(ip) (customer gateway `\(c.customerGateway)`)",
                    reason: "the document belongs to another customer gateway's connection"))
            }
        }
        if documentBGP && c.routing == .bgp {
            out += facts(connection: name).facts.asnMismatches(c, topology)
        }

        out += gatewayMismatches(c, topology)
        out += checkedValues(c, topology, checker)
        return out
    }

    /// The gateway kind and the ids, where both the document and the topology name one.
    func gatewayMismatches(_ c: VPNConnection, _ t: Topology) -> [ConfigurationMismatch] {
        var out: [ConfigurationMismatch] = []
        if let vgw = vpnGatewayId, !vgw.isEmpty {
            switch c.gateway {
            case .transitGateway(let n):
                out.append(ConfigurationMismatch(
                    rule: "import-gateway", tunnel: nil, field: "AWS gateway", document: "virtual private gateway \(vgw)",
                    topology: "transit gateway `\(n)`", reason: "the document is of a connection to a virtual private gateway"))
            case .vpnGateway(let n):
                if let id = t.vpnGateway(n)?.id, id != vgw {
                    out.append(ConfigurationMismatch(
                        rule: "import-id", tunnel: nil, field: "vpn_gateway_id", document: vgw,
                        topology: "\(id) (virtual private gateway `\(n)`)", reason: "the document is of another gateway's connection"))
                }
            }
        }
        if let id = t.customerGateway(c.customerGateway)?.id, id != customerGatewayId {
            out.append(ConfigurationMismatch(
                rule: "import-id", tunnel: nil, field: "customer_gateway_id", document: customerGatewayId,
                topology: "\(id) (customer gateway `\(c.customerGateway)`)", reason: "the document is of another customer gateway's connection"))
        }
        if let id = c.id, id != connectionId {
            out.append(ConfigurationMismatch(
                rule: "import-id", tunnel: nil, field: "vpn_connection id", document: connectionId,
                topology: "\(id) (`\(c.name)`)", reason: "the document is of another VPN connection"))
        }
        return out
    }

    func checkedValues(_ c: VPNConnection, _ topology: Topology, _ checker: Checker) -> [ConfigurationMismatch] {
        let (facts, keys) = self.facts(connection: c.name)
        return facts.checkedValues(keys: keys, c, topology, checker)
    }
}

extension ConnectionFacts {
    /// The ASNs AWS reports for each tunnel against the topology's: the customer gateway's
    /// (AWS expects the device to speak it) and the Amazon side's (its VGW's or TGW's, which the
    /// BGP peer on AWS's side uses). An Amazon-side ASN on a static connection says the source
    /// belongs to a BGP connection (AWS's configuration of a static connection has no BGP).
    public func asnMismatches(_ c: VPNConnection, _ topology: Topology) -> [ConfigurationMismatch] {
        var out: [ConfigurationMismatch] = []
        if c.routing == .static, let t = tunnels.first(where: { $0.awsASN != nil }), let asn = t.awsASN {
            return [ConfigurationMismatch(
                rule: "import-routing", tunnel: t.index, field: "routing", document: "BGP (Amazon-side ASN \(asn))",
                topology: "`static` on `\(c.name)`",
                reason: "a static-routing connection has no BGP; import the values of the connection the topology describes")]
        }
        let cgw = topology.customerGateway(c.customerGateway)
        let amazon = ResolvedNetwork(topology).connection(c.name).flatMap { $0.amazonGatewayExists ? $0.amazonASN : nil }
        for t in tunnels {
            if let cgw, let asn = t.customerASN, UInt32(exactly: asn) != cgw.asn.value {
                out.append(ConfigurationMismatch(
                    rule: "import-asn", tunnel: t.index, field: "customer gateway ASN", document: String(asn),
                    topology: "\(cgw.asn) (customer gateway `\(cgw.name)`)",
                    reason: "AWS expects the customer gateway to speak BGP as the document's ASN"))
            }
            if let amazon, let asn = t.awsASN, UInt32(exactly: asn) != amazon.value {
                out.append(ConfigurationMismatch(
                    rule: "import-asn", tunnel: t.index, field: "Amazon-side ASN", document: String(asn),
                    topology: "\(amazon) (\(c.gateway))", reason: "the BGP peer on AWS's side uses the document's ASN"))
            }
        }
        return out
    }

    /// Errors `checker` finds once these inside CIDRs and `keys` are on the topology and did
    /// not find before: first tunnel by tunnel (so each is named), then both together. Every
    /// import (AWS's configuration document, Terraform's outputs) fits its values through this.
    public func checkedValues(keys: [String: PreSharedKey], _ c: VPNConnection, _ topology: Topology, _ checker: Checker = Checker()) -> [ConfigurationMismatch] {
        let facts = self
        let before = Set(checker.check(topology).map(Self.identity))
        var seen = before
        var out: [ConfigurationMismatch] = []

        func findings(_ only: [ConnectionFacts.TunnelFacts]) -> [Diagnostic] {
            var partial = facts
            partial.tunnels = only
            var t = FactsOverlay.apply(DeployedFacts(topology: topology.name, connections: [partial]), to: topology).topology
            if let ci = t.vpnConnections.firstIndex(where: { $0.name == c.name }) {
                for ti in t.vpnConnections[ci].tunnels.indices {
                    let index = t.vpnConnections[ci].tunnels[ti].index
                    guard only.contains(where: { $0.index == index }), let key = keys["\(c.name)/\(index)"] else { continue }
                    t.vpnConnections[ci].tunnels[ti].psk = .literal(key)
                }
            }
            // A device's own literal key differing from AWS's is no reason to refuse: the
            // imported key replaces both when rendering.
            return checker.check(t).filter { $0.severity == .error && $0.rule != TunnelChecks.rule.pskMismatch.id }
        }

        for tf in facts.tunnels {
            for d in findings([tf]) where seen.insert(Self.identity(d)).inserted {
                out.append(mismatch(d, tunnel: tf, in: c))
            }
        }
        for d in findings(facts.tunnels) where seen.insert(Self.identity(d)).inserted {
            out.append(mismatch(d, tunnel: nil, in: c))
        }
        return out
    }

    static func identity(_ d: Diagnostic) -> String { "\(d.rule)|\(d.message)" }

    func mismatch(_ d: Diagnostic, tunnel tf: ConnectionFacts.TunnelFacts?, in c: VPNConnection) -> ConfigurationMismatch {
        let topologyTunnel = tf.flatMap { c.tunnel($0.index) }
        if d.rule.hasPrefix("psk-") {
            return ConfigurationMismatch(rule: d.rule, tunnel: tf?.index, field: "pre-shared key", document: "a key AWS would not accept",
                                         topology: topologyTunnel.map { "\($0.psk)" } ?? "-", reason: d.message)
        }
        if d.rule.hasPrefix("inside-cidr-") {
            return ConfigurationMismatch(rule: d.rule, tunnel: tf?.index, field: "inside CIDR",
                                         document: tf?.insideCIDR ?? tunnels.map(\.insideCIDR).joined(separator: " and "),
                                         topology: topologyTunnel?.insideCIDR?.description ?? "left to AWS", reason: d.message)
        }
        return ConfigurationMismatch(rule: d.rule, tunnel: tf?.index, field: "tunnel values", document: "its addresses and keys",
                                     topology: "`\(c.name)`", reason: d.message)
    }
}
