import CausewayCore

/// A position in one of the fabric's arrays, typed by what it indexes so a VPC index cannot
/// stand for a node index. `Int32` keeps `ForwardTarget` and `FibEntry` compact; an absent
/// index is an Optional, never a negative number.
struct Slot<Of>: Hashable, Sendable, Comparable {
    let raw: Int32
    init(_ i: Int) { raw = Int32(i) }
    var int: Int { Int(raw) }
    static func < (l: Self, r: Self) -> Bool { l.raw < r.raw }
}

/// A routing node (one table) of the fabric.
typealias NodeIndex = Slot<FabricNode>
typealias VPCIndex = Slot<VPCInfo>
typealias SubnetIndex = Slot<SubnetInfo>
typealias InstanceIndex = Slot<Instance>
typealias SiteIndex = Slot<SiteInfo>
typealias ConnIndex = Slot<ConnInfo>
typealias VIFIndex = Slot<VIFInfo>
typealias TGWIndex = Slot<TransitGateway>
/// A route of one node's table.
typealias RouteIndex = Slot<SimRoute>
/// The first forwarding entry of an ECMP group of one node.
typealias EntryIndex = Slot<FibEntry>

extension Array {
    /// The element at a typed index.
    subscript(_ s: Slot<Element>) -> Element {
        get { self[Int(s.raw)] }
        _modify { yield &self[Int(s.raw)] }
    }

    /// The index the next appended element gets.
    var nextSlot: Slot<Element> { Slot(count) }
}
