import CausewayCore

/// Where a selected route sends a packet, resolved to indices at converge time so a trace does
/// no name lookups.
enum ForwardTarget: Sendable, Hashable {
    /// Into a VPC: delivered when the destination is inside it, else routed by `table` (the
    /// attachment subnet's route table; -1 = none).
    case enterVPC(vpc: Int32, table: Int32)
    /// To another routing node (VGW, TGW route table, LAN router, customer gateway).
    case node(Int32)
    /// From AWS over a tunnel to the customer gateway.
    case tunnelToCustomer(conn: Int32, tunnel: Int8)
    /// From the customer gateway over a tunnel to AWS.
    case tunnelToAWS(conn: Int32, tunnel: Int8)
    /// From a TGW route table to a VPN attachment: the tunnel is chosen when forwarding.
    case vpnAttachment(conn: Int32)
    /// Toward the internet (internet gateway, or a NAT gateway).
    case internet(nat: Bool)
    /// To an instance that forwards (a router / NAT instance).
    case instance(vpc: Int32, instance: Int32)
    case peering(vpc: Int32)
    /// On the node's own LAN.
    case onLink
    case drop(DropReason)
}

struct FibEntry: Sendable {
    var route: Int32
    var target: ForwardTarget
    /// Size of the ECMP group this entry starts (only meaningful on the first entry).
    var groupSize: Int32
}

/// One routing node: its public table, its forwarding trie and the trie of routes that would
/// exist but are inactive (to say why a lookup failed).
struct FabricNode: Sendable {
    var table: RoutingTable
    var fib = PrefixTrie<Int32>()
    var entries: [FibEntry] = []
    var shadow = PrefixTrie<Int32>()
    var kind: Kind

    enum Kind: Sendable {
        case vpcTable(vpc: Int32)
        case vgw(name: String, attachedVPC: Int32)
        case tgwTable(tgw: Int32)
        case cgw(site: Int32)
        case router(site: Int32)
    }

    init(table: RoutingTable, kind: Kind) {
        self.table = table
        self.kind = kind
    }

    func group(_ start: Int32) -> ArraySlice<FibEntry> {
        let s = Int(start)
        return entries[s..<(s + Int(entries[s].groupSize))]
    }
}

struct SubnetInfo: Sendable {
    var name: String
    var cidr: IPv4Prefix
    var tableNode: Int32
}

struct VPCInfo: Sendable {
    var name: String
    var model: VPC
    var subnets: [SubnetInfo] = []
    var subnetTrie = PrefixTrie<Int32>()
    var instanceByAddress: [UInt32: Int32] = [:]
    /// Security groups by name, for rule evaluation.
    var groups: [String: SecurityGroup] = [:]
    var attachedVGWNode: Int32 = -1
    /// TGW route tables associated with this VPC's attachments.
    var tgwTables: [Int32] = []
}

/// A named address on a site's LAN.
enum SiteResident: Sendable, Equatable {
    case device
    case router(Int32)
    case host(String, gateway: IPv4Address?)
}

struct SiteInfo: Sendable {
    var name: String
    var cidrs: [IPv4Prefix]
    var cgwNode: Int32 = -1
    var routerNodes: [Int32] = []
    /// LAN addresses of the device and routers → their nodes (next-hop resolution).
    var nodeByAddress: [UInt32: Int32] = [:]
    var residents: [UInt32: SiteResident] = [:]
    /// A host with no gateway of its own uses this one: the LAN router, else the device.
    var defaultGateway: IPv4Address?
    var deviceFailed = false
    /// The device is an EC2 instance with its source/destination check on.
    var sourceDestCheck = false
    var deviceAddresses: Set<UInt32> = []
}

struct ConnInfo: Sendable {
    var name: String
    var site: Int32 = -1
    var cgwNode: Int32 = -1
    /// Where traffic from the tunnels enters AWS: the VGW node, or the TGW route table
    /// associated with the VPN attachment (-1 = none).
    var awsNode: Int32 = -1
    var awsLabel: String = ""
    var tunnelUp: [Bool] = [false, false]
    /// Tunnels AWS sends over when a route names only the attachment, best first.
    var awsEgress: [Int8] = []
    var insideAWS: [IPv4Address?] = [nil, nil]
    var insideCustomer: [IPv4Address?] = [nil, nil]
}

/// The converged network in indexed form: what traces walk.
struct Fabric: Sendable {
    var nodes: [FabricNode] = []
    var nodeIndex: [String: Int32] = [:]
    var vpcs: [VPCInfo] = []
    var sites: [SiteInfo] = []
    var conns: [ConnInfo] = []
    var vpcTrie = PrefixTrie<Int32>()
    var siteTrie = PrefixTrie<Int32>()
    var tunnels: [TunnelStatus] = []
    var sessions: [BGPSession] = []
    var notes: [String] = []

    func vpc(containing a: IPv4Address) -> Int32? { vpcTrie.lookup(a) }
    func site(containing a: IPv4Address) -> Int32? { siteTrie.lookup(a) }
}
