/// An on-premises network (or one simulated in a VPC, as S1/S3/S4 do): its address space, the
/// customer-gateway device that terminates the tunnels, LAN routers and test hosts.
public struct Site: Sendable, Encodable, Identifiable {
    public var id: String { name }
    public var name: String
    public var path: String
    /// The site's address space, advertised (BGP) or routed (static) toward AWS.
    public var cidrs: [IPv4Prefix]
    /// The on-premises network this site is one gateway of (`network: NAME`): sites naming the
    /// same network share their address space and are joined on premises, each with its own
    /// device and VPN connections (two devices, or two data centres, in front of one network).
    public var network: String?
    public var gateway: GatewayDevice?
    public var routers: [LANRouter] = []
    public var hosts: [Host] = []
    /// `dns_servers`: the site's DNS servers (BIND), queried by its hosts in file order.
    @OmittedWhenEmpty public var dnsServers: [DNSServer] = []

    enum CodingKeys: String, CodingKey {
        case name, path, cidrs, network, gateway, routers, hosts
        case dnsServers = "dns_servers"
    }

    /// The DNS server of this site at an address.
    public func dnsServer(at a: IPv4Address) -> DNSServer? { dnsServers.first { $0.address == a } }
}

/// IPsec daemon family on the customer gateway.
public enum IPsecImplementation: String, Sendable, Encodable, CaseIterable {
    case libreswan
    /// strongSwan with `swanctl.conf` (vici).
    case strongswan
    /// strongSwan with `ipsec.conf` / `ipsec.secrets` (stroke), as S3 and S4 wrote it.
    case strongswanLegacy = "strongswan-legacy"
}

/// How routes cross the tunnels.
public enum RoutingMode: String, Sendable, Encodable, CaseIterable {
    case `static`
    case bgp
}

/// Operating-system family of the gateway host: decides the firewall and package tooling.
public enum OSFamily: String, Sendable, Encodable, CaseIterable {
    /// apt-based (Debian, Ubuntu): nftables.
    case debian, ubuntu
    /// dnf-based (RHEL, Rocky, Alma, CentOS 8+, Fedora, Amazon Linux 2023): firewalld.
    case rhel, rocky, almalinux, centos, fedora
    case amazonLinux = "amazon-linux"

    public var usesFirewalld: Bool {
        switch self {
        case .debian, .ubuntu: return false
        default: return true
        }
    }
}

/// Whether both tunnels carry traffic, or tunnel 2 stands by (higher metric, prepended AS path).
public enum TunnelRedundancy: String, Sendable, Encodable, CaseIterable {
    case activeActive = "active-active"
    case activeStandby = "active-standby"
}

/// The Linux host that terminates the VPN on the customer side.
public struct GatewayDevice: Sendable, Encodable {
    public var path: String
    /// Public (outside) address AWS sees; the customer gateway's IP (IPv4, or IPv6 for
    /// `outside_ip_address_type: Ipv6` connections).
    public var publicIP: OuterAddress?
    /// Address on the uplink when the host is behind NAT (EC2 with an EIP, as S3/S4).
    public var privateIP: IPv4Address?
    public var asn: ASN?
    public var ipsec: IPsecImplementation = .strongswan
    public var routing: RoutingMode = .bgp
    public var os: OSFamily = .debian
    /// The OS release (`os_version`); nil: the family's current release (`HostPlatform`).
    public var osVersion: String?
    public var uplink: String = "eth0"
    public var lanInterface: String?
    /// The gateway's address on the LAN (next hop for LAN routers' static routes).
    public var lanAddress: IPv4Address?
    public var redundancy: TunnelRedundancy = .activeActive
    /// OSPF toward LAN routers (S0), or nil.
    public var ospf: OSPFSettings?
    /// Interface MTU for the tunnels and the TCP MSS clamp (AWS: at most 1446 / 1406).
    public var tunnelMTU: Int = 1436
    public var tcpMSS: Int = 1379
    /// The host is an EC2 instance (S1/S3/S4 simulate on-prem in a VPC): its check must be off.
    public var sourceDestCheck: Bool?
    /// Prefixes the device advertises (BGP) or AWS routes to it (static); default: the site's CIDRs.
    public var advertise: [IPv4Prefix] = []
    /// Per-tunnel settings on this device, one per tunnel of each of the site's VPN connections.
    public var tunnels: [DeviceTunnel] = []

    /// The device's settings for tunnel `index` (1 or 2) of `connection`.
    public func tunnel(_ connection: String, _ index: Int) -> DeviceTunnel? {
        tunnels.first { $0.connection == connection && $0.index == index }
    }
}

/// OSPF toward LAN routers.
public struct OSPFSettings: Sendable, Encodable {
    public var area: String = "0.0.0.0"
    /// Networks to enable OSPF on (default: the site's CIDRs).
    public var networks: [IPv4Prefix] = []
    /// Redistribute BGP-learned (AWS) routes into OSPF.
    public var redistributeBGP: Bool = true
    public init() {}
}

/// The customer side of one tunnel: its kernel plumbing, preference, and what the device is
/// configured with. Fields left nil mirror AWS's side of the tunnel.
public struct DeviceTunnel: Sendable, Encodable {
    public var path: String
    public var connection: String
    /// 1 or 2: AWS's tunnel order.
    public var index: Int
    /// XFRM mark / VTI key, unique per tunnel on the host.
    public var mark: UInt32
    /// Name of the tunnel interface (VTI).
    public var interface: String
    /// Static route metric (lower wins), S4's 100/200; `defaultMetric` when the topology names none.
    public var metric: Int
    /// Extra copies of the site's ASN prepended on this tunnel's BGP advertisements.
    public var asPathPrepend: Int
    /// BGP MED sent on this tunnel's advertisements (nil = none; AWS compares MEDs only between
    /// paths whose first AS is the same).
    public var med: UInt32?
    /// The tunnel is administratively down on the device.
    public var disabled: Bool = false
    /// What the device is configured with, when it differs from the AWS side (a mismatch
    /// brings the tunnel down in the simulator, as it would on the wire).
    public var ikeVersion: IKEVersion?
    public var phase1: Proposal?
    public var phase2: Proposal?
    public var psk: SecretReference?
    public var insideCIDR: IPv4Prefix?
    /// The ASN the device's BGP expects on the AWS side, when set explicitly.
    public var peerASN: ASN?

    /// The static-route distance of a tunnel the topology gives no `metric`: 100 for tunnel 1, 200
    /// for tunnel 2 when it stands by or its connection routes statically. Equal distances would
    /// make the customer gateway spread flows over both tunnels (ECMP), and with static routes
    /// nothing but the tunnel's own state withdraws a route: tunnel 1 is preferred, tunnel 2 takes
    /// over when tunnel 1's interface goes down with its SA.
    public static func defaultMetric(index: Int, standby: Bool, staticRouting: Bool) -> Int {
        index >= 2 && (standby || staticRouting) ? 200 : 100
    }
}

/// A router on the site's LAN (S2's OpenStack router): static routes, or OSPF with the gateway.
public struct LANRouter: Sendable, Encodable {
    public var name: String
    public var path: String
    public var address: IPv4Address
    /// Networks attached to the router (default: the site's CIDRs containing its address).
    public var networks: [IPv4Prefix] = []
    public var routes: [StaticRoute] = []
    public var ospf: Bool = false
}

/// A static route on a LAN router or host.
public struct StaticRoute: Sendable, Encodable, Hashable {
    public var destination: IPv4Prefix
    public var via: IPv4Address
}

/// A host on a site's LAN, for traces and the lab.
public struct Host: Sendable, Encodable {
    public var name: String
    public var path: String
    public var address: IPv4Address
    /// Default gateway (default: the site's LAN router, else the gateway device).
    public var gateway: IPv4Address?
}
