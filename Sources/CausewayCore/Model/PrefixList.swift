/// A customer-managed prefix list: a named set of IPv4 CIDRs that VPC route tables and transit
/// gateway route tables use as a destination
/// (https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html).
public struct ManagedPrefixList: Sendable, Encodable {
    public var name: String
    public var path: String
    /// An existing prefix list to adopt (`pl-…`) instead of creating one.
    public var id: String?
    /// AWS's `MaxEntries`: fixed when the list is created; every table that references the list
    /// counts this many routes against its quota, however many entries the list holds.
    public var maxEntries: Int
    public var entries: [PrefixListEntry] = []
    /// Customer-managed lists are IPv4 or IPv6; causeway models IPv4.
    public var addressFamily: String { "IPv4" }

    public var cidrs: [IPv4Prefix] { entries.map(\.cidr) }

    enum CodingKeys: String, CodingKey { case name, id, maxEntries = "max_entries", entries }
}

/// One entry of a prefix list.
public struct PrefixListEntry: Sendable, Encodable {
    public var path: String
    public var cidr: IPv4Prefix
    public var description: String?
    enum CodingKeys: String, CodingKey { case cidr, description }
}

/// A VPC route whose destination is a prefix list (`DestinationPrefixListId`): one route per
/// entry of the list, each to the same target.
public struct PrefixListRoute: Sendable, Encodable {
    public var path: String
    public var prefixList: String
    public var target: RouteTarget
    enum CodingKeys: String, CodingKey { case prefixList = "prefix_list", target }
}

/// A prefix list reference in a transit gateway route table: every entry of the list routes to
/// the attachment, or is a blackhole (`CreateTransitGatewayPrefixListReference`).
public struct TransitGatewayPrefixListReference: Sendable, Encodable {
    public var path: String
    public var prefixList: String
    /// The attachment name; nil for a blackhole.
    public var attachment: String?
    public var blackhole: Bool { attachment == nil }
    enum CodingKeys: String, CodingKey { case prefixList = "prefix_list", attachment }
}
