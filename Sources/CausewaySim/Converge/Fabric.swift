import CausewayCore

/// Where a selected route sends a packet, resolved to indices at converge time so a trace does
/// no name lookups.
enum ForwardTarget: Sendable, Hashable {
    /// Into a VPC: delivered when the destination is inside it, else routed by `table` (the
    /// attachment subnet's route table; nil for none).
    case enterVPC(vpc: VPCIndex, table: NodeIndex?)
    /// To another routing node (VGW, TGW route table, LAN router, customer gateway).
    case node(NodeIndex)
    /// From AWS over a tunnel to the customer gateway.
    case tunnelToCustomer(conn: ConnIndex, tunnel: Int8)
    /// From the customer gateway over a tunnel to AWS.
    case tunnelToAWS(conn: ConnIndex, tunnel: Int8)
    /// From a TGW route table to a VPN attachment: the tunnel is chosen when forwarding.
    case vpnAttachment(conn: ConnIndex)
    /// From AWS (VGW or TGW route table) over a virtual interface to the site's router.
    case vifToCustomer(vif: VIFIndex)
    /// From the site's router over a virtual interface to AWS: `node` is where the Direct
    /// Connect gateway hands the traffic (the VGW, or the TGW route table associated with the
    /// Direct Connect gateway attachment).
    case vifToAWS(vif: VIFIndex, node: NodeIndex)
    /// Toward the internet (internet gateway, or a NAT gateway).
    case internet(nat: Bool)
    /// To an instance that forwards (a router / NAT instance).
    case instance(vpc: VPCIndex, instance: InstanceIndex)
    /// From a VPC route table to the TGW route table associated with the VPC's attachment;
    /// only from a subnet in one of `zones` (the attachment's), or from any when nil (an
    /// Availability Zone is not given).
    case transitGateway(table: NodeIndex, zones: ZoneSet?)
    case peering(vpc: VPCIndex)
    /// On the node's own LAN.
    case onLink
    case drop(DropReason)
}

struct FibEntry: Sendable {
    var route: RouteIndex
    var target: ForwardTarget
    /// Size of the ECMP group this entry starts (only meaningful on the first entry).
    var groupSize: Int32
}

/// One routing node: its public table, its forwarding trie and the trie of routes that would
/// exist but are inactive (to say why a lookup failed).
struct FabricNode: Sendable {
    var table: RoutingTable
    /// Destination → the first entry of its (ECMP) group.
    var fib = PrefixTrie<EntryIndex>()
    var entries: [FibEntry] = []
    /// Destination → the inactive route that explains why it has no usable route.
    var shadow = PrefixTrie<RouteIndex>()
    var kind: Kind
    /// The table id's text, made once: traces name nodes in every hop and drop.
    let label: String

    enum Kind: Sendable {
        case vpcTable(vpc: VPCIndex)
        /// `attachedVPC` is nil when the gateway is detached.
        case vgw(name: String, attachedVPC: VPCIndex?)
        case tgwTable(tgw: TGWIndex)
        case cgw(site: SiteIndex)
        case router(site: SiteIndex)
    }

    init(table: RoutingTable, kind: Kind) {
        self.table = table
        self.kind = kind
        label = table.id.description
    }

    func group(_ start: EntryIndex) -> ArraySlice<FibEntry> {
        let s = start.int
        return entries[s..<(s + Int(entries[s].groupSize))]
    }
}

struct SubnetInfo: Sendable {
    var name: String
    var cidr: IPv4Prefix
    var tableNode: NodeIndex
    /// The subnet's Availability Zone among its VPC's `zones`; nil when the topology gives none.
    var zone: ZoneIndex?

    /// Which of the five addresses AWS reserves in every subnet `a` is, if it is one
    /// (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html).
    func reserved(_ a: IPv4Address) -> String? {
        let offset = a.value &- cidr.network.value
        switch UInt64(offset) {
        case 0: return "the network address"
        case 1: return "the VPC router's address (+1)"
        case 2: return "the DNS server's address (+2)"
        case 3: return "reserved for future use (+3)"
        case cidr.size - 1: return "the broadcast address"
        default: return nil
        }
    }
}

/// An Availability Zone among a VPC's (`VPCInfo.zones`).
struct ZoneIndex: Hashable, Sendable {
    let raw: UInt8
}

/// A set of a VPC's Availability Zones, as bits of `ZoneIndex` (at most `capacity` zones: a
/// Region has fewer; small, so a forwarding entry stays small).
struct ZoneSet: Hashable, Sendable {
    static let capacity = 16
    var bits: UInt16 = 0
    func contains(_ z: ZoneIndex) -> Bool { bits & (1 << UInt16(z.raw)) != 0 }
    mutating func insert(_ z: ZoneIndex) { bits |= 1 << UInt16(z.raw) }
}

struct VPCInfo: Sendable {
    /// "instance web" or "EFS mount target of efs", for trace details.
    func label(_ i: InstanceIndex) -> String {
        let inst = model.instances[i]
        return mountTargetOf[inst.address.value].map { "EFS mount target of \($0)" } ?? "instance \(inst.name)"
    }

    var name: String
    var model: VPC
    var subnets: [SubnetInfo] = []
    /// The Availability Zones its subnets name, in order of first appearance.
    var zones: [String] = []
    var subnetTrie = PrefixTrie<SubnetIndex>()
    var instanceByAddress: [UInt32: InstanceIndex] = [:]
    /// EFS mount targets: interfaces of the VPC like instances (their address in their subnet,
    /// their security groups), by address, with the file system's name.
    var mountTargetOf: [UInt32: String] = [:]
    /// Security groups by name, for rule evaluation.
    var groups: [String: SecurityGroup] = [:]
    /// Client VPN endpoints' interfaces by their stand-in address, with the endpoint's security
    /// groups (a destination's rule naming one of them admits the endpoint's traffic).
    var clientVPNInterfaceGroups: [UInt32: [String]] = [:]
    var attachedVGWNode: NodeIndex?
    /// TGW route tables associated with this VPC's attachments.
    var tgwTables: [NodeIndex] = []
}

/// A named address on a site's LAN.
enum SiteResident: Sendable, Equatable {
    case device
    case router(NodeIndex)
    case host(String, gateway: IPv4Address?)
}

struct SiteInfo: Sendable {
    var name: String
    var cidrs: [IPv4Prefix]
    var cgwNode: NodeIndex?
    var routerNodes: [NodeIndex] = []
    /// LAN addresses of the device and routers → their nodes (next-hop resolution).
    var nodeByAddress: [UInt32: NodeIndex] = [:]
    var residents: [UInt32: SiteResident] = [:]
    /// A host with no gateway of its own uses this one: the LAN router, else the device.
    var defaultGateway: IPv4Address?
    var deviceFailed = false
    /// The device is an EC2 instance with its source/destination check on.
    var sourceDestCheck = false
    var deviceAddresses: Set<UInt32> = []
    /// The other sites of its on-premises network (`network:`), joined to it on premises.
    var joined: [SiteIndex] = []
}

struct ConnInfo: Sendable {
    var name: String
    var site: SiteIndex?
    var cgwNode: NodeIndex?
    /// Where traffic from the tunnels enters AWS: the VGW node, or the TGW route table
    /// associated with the VPN attachment (nil for none).
    var awsNode: NodeIndex?
    var awsLabel: String = ""
    var tunnelUp: [Bool] = [false, false]
    /// Tunnels AWS sends over when a route names only the attachment, best first.
    var awsEgress: [Int8] = []
    var insideAWS: [IPv4Address?] = [nil, nil]
    var insideCustomer: [IPv4Address?] = [nil, nil]
}

/// One Direct Connect virtual interface in the fabric.
struct VIFInfo: Sendable {
    var name: String
    var vlan: Int
    var site: SiteIndex?
    var cgwNode: NodeIndex?
    var up: Bool = true
    var detail: String?
}

/// The converged network in indexed form: what traces walk.
struct Fabric: Sendable {
    var nodes: [FabricNode] = []
    var nodeIndex: [TableID: NodeIndex] = [:]
    var vpcs: [VPCInfo] = []
    var sites: [SiteInfo] = []
    var conns: [ConnInfo] = []
    var vifs: [VIFInfo] = []
    var vifStatus: [VirtualInterfaceStatus] = []
    var vpcTrie = PrefixTrie<VPCIndex>()
    var siteTrie = PrefixTrie<SiteIndex>()
    var tunnels: [TunnelStatus] = []
    var sessions: [BGPSession] = []
    var notes: [String] = []

    func vpc(containing a: IPv4Address) -> VPCIndex? { vpcTrie.lookup(a) }
    func site(containing a: IPv4Address) -> SiteIndex? { siteTrie.lookup(a) }

    /// Whether `a` is on site `si`'s on-premises network: its own CIDRs, or those of a site
    /// joined to it (several customer gateways in front of one network).
    func onNetwork(_ a: IPv4Address, of si: SiteIndex) -> Bool {
        guard let s = site(containing: a) else { return false }
        return s == si || sites[si].joined.contains(s)
    }

    /// Where on a network an address lives: the site that lists it (device, router or host),
    /// else the first site, in file order, whose CIDRs hold it.
    func siteEndpoint(_ a: IPv4Address) -> (SiteIndex, SiteResident?)? {
        guard let s = site(containing: a) else { return nil }
        if sites[s].joined.isEmpty { return (s, sites[s].residents[a.value]) }
        let all = ([s] + sites[s].joined).sorted { $0.raw < $1.raw }
        if let r = all.first(where: { sites[$0].residents[a.value] != nil }) { return (r, sites[r].residents[a.value]) }
        return (all.first { sites[$0].cidrs.contains { $0.contains(a) } } ?? s, nil)
    }

    /// The routing node at a LAN address of a site's network (its own, else a joined site's).
    func lanNode(_ a: IPv4Address, on si: SiteIndex) -> NodeIndex? {
        if let n = sites[si].nodeByAddress[a.value] { return n }
        for j in sites[si].joined { if let n = sites[j].nodeByAddress[a.value] { return n } }
        return nil
    }
}
