import CausewayCore

/// A path-compressed binary trie over IPv4 prefixes: longest-prefix match in at most 33 node
/// visits, whatever the number of routes. Nodes live in one array (no per-node allocation), so
/// a trie is a cheap, `Sendable` value.
public struct PrefixTrie<Value: Sendable>: Sendable {
    @usableFromInline struct Node: Sendable {
        @usableFromInline var key: UInt32
        @usableFromInline var length: UInt8
        /// Index into `values`, or -1 when this node only branches.
        @usableFromInline var value: Int32 = -1
        @usableFromInline var left: Int32 = -1
        @usableFromInline var right: Int32 = -1
        @usableFromInline init(key: UInt32, length: UInt8, value: Int32 = -1) {
            self.key = key
            self.length = length
            self.value = value
        }
    }

    @usableFromInline var nodes: [Node] = [Node(key: 0, length: 0)]
    @usableFromInline var values: [Value] = []
    @usableFromInline var prefixes: [IPv4Prefix] = []

    public init() {}

    /// Number of prefixes stored.
    public var count: Int { values.count }
    public var isEmpty: Bool { values.isEmpty }

    @inlinable @inline(__always) static func bit(_ key: UInt32, _ position: UInt8) -> Bool {
        (key >> (31 - UInt32(position))) & 1 == 1
    }

    @inlinable @inline(__always) static func mask(_ length: UInt8) -> UInt32 {
        length == 0 ? 0 : UInt32.max << (32 - UInt32(length))
    }

    /// Stores `value` for `prefix`, replacing any value stored for exactly that prefix.
    public mutating func insert(_ prefix: IPv4Prefix, _ value: Value) {
        let key = prefix.network.value
        let length = UInt8(prefix.length)
        var i = 0
        while true {
            let n = nodes[i]
            if n.length == length {
                if n.value >= 0 {
                    values[Int(n.value)] = value
                } else {
                    nodes[i].value = Int32(values.count)
                    values.append(value)
                    prefixes.append(prefix)
                }
                return
            }
            let goRight = Self.bit(key, n.length)
            let c = goRight ? n.right : n.left
            if c < 0 {
                let leaf = appendNode(key, length, value, prefix)
                if goRight { nodes[i].right = leaf } else { nodes[i].left = leaf }
                return
            }
            let child = nodes[Int(c)]
            let common = UInt8(min(UInt32((key ^ child.key).leadingZeroBitCount), UInt32(length), UInt32(child.length)))
            if common == child.length {
                i = Int(c)
                continue
            }
            let split: Int32
            if common == length {
                // The new prefix sits between this node and the child.
                split = appendNode(key, length, value, prefix)
                if Self.bit(child.key, length) { nodes[Int(split)].right = c } else { nodes[Int(split)].left = c }
            } else {
                // A branching node at the first differing bit, with the child and a new leaf under it.
                let branchKey = key & Self.mask(common)
                split = Int32(nodes.count)
                nodes.append(Node(key: branchKey, length: common))
                let leaf = appendNode(key, length, value, prefix)
                if Self.bit(key, common) {
                    nodes[Int(split)].right = leaf
                    nodes[Int(split)].left = c
                } else {
                    nodes[Int(split)].left = leaf
                    nodes[Int(split)].right = c
                }
            }
            if goRight { nodes[i].right = split } else { nodes[i].left = split }
            return
        }
    }

    private mutating func appendNode(_ key: UInt32, _ length: UInt8, _ value: Value, _ prefix: IPv4Prefix) -> Int32 {
        let idx = Int32(nodes.count)
        nodes.append(Node(key: key, length: length, value: Int32(values.count)))
        values.append(value)
        prefixes.append(prefix)
        return idx
    }

    /// Index of the longest stored prefix containing `address` (into `values`), or -1.
    @inlinable @inline(__always) func longestIndex(_ address: UInt32) -> Int32 {
        var best: Int32 = -1
        var i: Int32 = 0
        nodes.withUnsafeBufferPointer { buf in
            while i >= 0 {
                let n = buf[Int(i)]
                if (address ^ n.key) & Self.mask(n.length) != 0 { break }
                if n.value >= 0 { best = n.value }
                if n.length == 32 { break }
                i = Self.bit(address, n.length) ? n.right : n.left
            }
        }
        return best
    }

    @inlinable @inline(__always) func valueAt(_ i: Int32) -> Value { values[Int(i)] }

    /// The value of the longest stored prefix that contains `address`.
    @inlinable public func lookup(_ address: IPv4Address) -> Value? {
        let i = longestIndex(address.value)
        return i < 0 ? nil : values[Int(i)]
    }

    /// The longest stored prefix containing `address`, with its value.
    @inlinable public func longestMatch(_ address: IPv4Address) -> (prefix: IPv4Prefix, value: Value)? {
        let i = longestIndex(address.value)
        return i < 0 ? nil : (prefixes[Int(i)], values[Int(i)])
    }

    /// Every stored prefix containing `address`, shortest first.
    public func matches(_ address: IPv4Address) -> [(prefix: IPv4Prefix, value: Value)] {
        var out: [(prefix: IPv4Prefix, value: Value)] = []
        var i: Int32 = 0
        while i >= 0 {
            let n = nodes[Int(i)]
            if (address.value ^ n.key) & Self.mask(n.length) != 0 { break }
            if n.value >= 0 { out.append((prefixes[Int(n.value)], values[Int(n.value)])) }
            if n.length == 32 { break }
            i = Self.bit(address.value, n.length) ? n.right : n.left
        }
        return out
    }

    /// The value stored for exactly `prefix`.
    public subscript(exact prefix: IPv4Prefix) -> Value? {
        let key = prefix.network.value
        var i: Int32 = 0
        while i >= 0 {
            let n = nodes[Int(i)]
            if Int(n.length) > prefix.length || (key ^ n.key) & Self.mask(n.length) != 0 { return nil }
            if Int(n.length) == prefix.length { return n.value >= 0 ? values[Int(n.value)] : nil }
            i = Self.bit(key, n.length) ? n.right : n.left
        }
        return nil
    }

    /// All stored prefixes and values, in insertion order.
    public var entries: [(prefix: IPv4Prefix, value: Value)] {
        Array(zip(prefixes, values)).map { (prefix: $0.0, value: $0.1) }
    }
}

/// The obvious longest-prefix match: a linear scan. The reference the trie is tested and
/// benchmarked against.
public struct NaiveLPM<Value: Sendable>: Sendable {
    private var routes: [(prefix: IPv4Prefix, value: Value)] = []
    public init() {}
    public var count: Int { routes.count }

    public mutating func insert(_ prefix: IPv4Prefix, _ value: Value) {
        if let i = routes.firstIndex(where: { $0.prefix == prefix }) { routes[i].value = value } else { routes.append((prefix, value)) }
    }

    public func longestMatch(_ address: IPv4Address) -> (prefix: IPv4Prefix, value: Value)? {
        var best: (prefix: IPv4Prefix, value: Value)?
        for r in routes where r.prefix.contains(address) {
            if best == nil || r.prefix.length > best!.prefix.length { best = r }
        }
        return best
    }

    @inlinable public func lookup(_ address: IPv4Address) -> Value? { longestMatch(address)?.value }
}
