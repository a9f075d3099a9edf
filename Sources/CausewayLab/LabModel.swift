import CausewayCore
import CausewayRender

/// A network namespace of the lab and the role it plays.
public struct LabNode: Sendable, Codable, Equatable {
    public enum Role: String, Sendable, Codable {
        /// Routes the outside addresses between customer and AWS tunnel namespaces.
        case internet
        /// A site's customer gateway device: the rendered FRR runs here.
        case customerGateway = "customer-gateway"
        /// A site's LAN: its hosts and LAN routers' addresses.
        case lan
        /// One tunnel's customer end: a charon (kernel-libipsec) standing in for a VTI.
        case customerTunnel = "customer-tunnel"
        /// One tunnel's AWS end: a charon with the tunnel options as AWS runs them.
        case awsTunnel = "aws-tunnel"
        /// The AWS end of one VPN connection: FRR with the Amazon-side ASN (VGW or the TGW's VPN attachment).
        case awsEdge = "aws-edge"
        /// A transit gateway: one kernel table per TGW route table, selected by `ip rule iif`.
        case transitGateway = "transit-gateway"
        /// A VPC: its subnets' addresses, one kernel table per route table, selected by source subnet.
        case vpc
        /// A Direct Connect gateway: FRR with its Amazon side ASN, a plain link (a VLAN
        /// sub-interface on a veth) per virtual interface, linked to its transit gateways.
        case directConnectGateway = "dx-gateway"
        /// Route 53 on the lab's internet: the authoritative server and the health checker.
        case route53
        /// A health check's endpoint: a web server on the checked address (`LabFailover`).
        case webEndpoint = "web-endpoint"
        /// A Client VPN endpoint's stand-in: an OpenVPN server on the lab's internet, linked to its VPC.
        case clientVPNEndpoint = "client-vpn-endpoint"
        /// A remote user on the lab's internet at its public address, running the `openvpn` client.
        case remoteUser = "remote-user"
    }
    /// `internet`, `site:onprem`, `lan:onprem`, `cgw-tunnel:vpn/1`, `aws-tunnel:vpn/1`,
    /// `edge:vpn`, `tgw:hub`, `vpc:eks`.
    public var name: String
    /// The namespace, `cw-<lab>-<short>`.
    public var namespace: String
    public var role: Role
}

/// A long-running process the lab starts (charon, an FRR daemon, a link watcher).
public struct LabProcess: Sendable, Codable, Equatable {
    /// `charon`, `zebra`, `bgpd`, `staticd`, `ospfd`, `link-watch`.
    public var name: String
    public var namespace: String
    public var argv: [String]
    /// Where its stdout and stderr go.
    public var log: String
}

/// A file the lab writes before starting daemons (absolute path; mode 0o600 for anything holding
/// a pre-shared key): a rendered file's path, contents and mode.
public typealias LabFile = RenderedFile

/// One tunnel as the lab builds it.
public struct LabTunnel: Sendable, Codable, Equatable {
    public var connection: String
    public var index: Int
    /// nil when the customer's device has the tunnel disabled (only the AWS end exists).
    public var customerNamespace: String?
    public var awsNamespace: String
    public var customerVici: String?
    public var awsVici: String
    /// The IKE/child name on each end (`vpn-tunnel1` as rendered; `aws-vpn-tunnel1`).
    public var customerName: String?
    public var awsName: String
    public var customerOutside: IPv4Address
    public var awsOutside: IPv4Address
    public var customerInside: IPv4Address
    public var awsInside: IPv4Address
    public var bgp: Bool
    public var ref: String { "\(connection)/\(index)" }
}

/// One Direct Connect virtual interface as the lab stands it in: a veth from the site's gateway
/// namespace to the Direct Connect gateway's, named as the VLAN sub-interface (`dx1.210`,
/// untagged), with the BGP peer addresses as rendered. No physical connection, no 802.1Q tagging.
public struct LabVirtualInterface: Sendable, Codable, Equatable {
    public var name: String
    public var vlan: Int
    /// The site's gateway namespace and its end of the link (`dx1.VLAN`).
    public var customerNamespace: String
    public var customerLink: String
    /// The Direct Connect gateway's namespace and its end of the link (`vif1.VLAN`).
    public var awsNamespace: String
    public var awsLink: String
    public var customerAddress: IPv4Address
    public var awsAddress: IPv4Address
    /// `dx:NAME`, as `--fail` names it.
    public var ref: String { "dx:\(name)" }
}

/// Where an address of the model lives in the lab (the namespace to ping from or to).
public struct LabEndpoint: Sendable, Codable, Equatable {
    public var address: IPv4Address
    public var namespace: String
}

/// One FRR instance (a set of daemons sharing a vty folder), for status and readiness.
public struct FRRInstance: Sendable, Codable, Equatable {
    public var node: String
    public var namespace: String
    /// The folder with the daemons' vty sockets (`vtysh --vty_socket`).
    public var vtyDirectory: String
    public var bgp: Bool
}
