/// An IPv6 address as a 128-bit value. Parsed strictly (RFC 4291 section 2.2 text forms, no zone,
/// no brackets, no prefix length) and printed in RFC 5952's canonical form: lowercase hex, no
/// leading zeros, the longest run of two or more zero groups (the first of equal runs) as `::`.
public struct IPv6Address: Hashable, Comparable, Sendable, CustomStringConvertible, Codable, CodableAsText {
    public static let textKind = "an IPv6 address"
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// From eight 16-bit groups, most significant first.
    public init(groups g: [UInt16]) {
        precondition(g.count == 8, "an IPv6 address has eight groups")
        high = g[0..<4].reduce(0) { $0 << 16 | UInt64($1) }
        low = g[4..<8].reduce(0) { $0 << 16 | UInt64($1) }
    }

    /// The eight 16-bit groups, most significant first.
    public var groups: [UInt16] {
        (0..<4).map { UInt16(truncatingIfNeeded: high >> (48 - 16 * UInt64($0))) }
            + (0..<4).map { UInt16(truncatingIfNeeded: low >> (48 - 16 * UInt64($0))) }
    }

    /// Parses the RFC 4291 text forms: `x:x:x:x:x:x:x:x` with 1–4 hex digits a group, one `::`
    /// at most, and an optional dotted-quad tail for the last 32 bits. Anything else is nil.
    public init?(_ text: String) {
        guard !text.isEmpty, text.count <= 45, text.allSatisfy(\.isASCII) else { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func parse(_ part: String, allowTail: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            var out: [UInt16] = []
            for (i, f) in fields.enumerated() {
                if f.contains(".") {
                    guard allowTail, i == fields.count - 1, let v4 = IPv4Address(String(f)) else { return nil }
                    out += [UInt16(v4.value >> 16), UInt16(v4.value & 0xffff)]
                } else {
                    guard (1...4).contains(f.count), f.allSatisfy(\.isHexDigit), let v = UInt16(f, radix: 16) else { return nil }
                    out.append(v)
                }
            }
            return out
        }
        var groups: [UInt16]
        if halves.count == 2 {
            guard let head = parse(halves[0], allowTail: false), let tail = parse(halves[1], allowTail: true),
                  head.count + tail.count <= 7 else { return nil }
            groups = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let all = parse(halves[0], allowTail: true), all.count == 8 else { return nil }
            groups = all
        }
        self.init(groups: groups)
    }

    /// RFC 5952 section 4 canonical text; IPv4-mapped addresses (`::ffff:a.b.c.d`) keep the
    /// dotted quad (section 5).
    public var description: String {
        let g = groups
        if high == 0 && low >> 32 == 0xffff {
            return "::ffff:\(IPv4Address(UInt32(truncatingIfNeeded: low)))"
        }
        var best: Range<Int>? = nil
        var i = 0
        while i < 8 {
            guard g[i] == 0 else { i += 1; continue }
            var j = i
            while j < 8 && g[j] == 0 { j += 1 }
            if j - i >= 2 && j - i > (best?.count ?? 0) { best = i..<j }
            i = j
        }
        let hex = { (r: Range<Int>) in r.map { String(g[$0], radix: 16) }.joined(separator: ":") }
        guard let run = best else { return hex(0..<8) }
        return hex(0..<run.lowerBound) + "::" + hex(run.upperBound..<8)
    }

    public static func < (l: Self, r: Self) -> Bool { (l.high, l.low) < (r.high, r.low) }

    /// Global unicast (2000::/3, RFC 4291 section 2.4; IANA allocates only from it): what "an
    /// internet-routable IPv6 address" can be for a customer gateway.
    public var isGlobalUnicast: Bool { high >> 61 == 0b001 }
}

/// An outer (outside) tunnel address: the customer gateway's or an AWS tunnel endpoint's public
/// address, IPv4 or — on transit gateway connections with `outside_ip_address_type: Ipv6` — IPv6.
public enum OuterAddress: Hashable, Comparable, Sendable, CustomStringConvertible, Codable, CodableAsText {
    public static let textKind = "an IP address"
    case v4(IPv4Address)
    case v6(IPv6Address)

    /// An IPv4 dotted quad or an IPv6 address; nil for anything else.
    public init?(_ text: String) {
        if let a = IPv4Address(text) { self = .v4(a) } else if let a = IPv6Address(text) { self = .v6(a) } else { return nil }
    }

    public var ipv4: IPv4Address? { if case .v4(let a) = self { a } else { nil } }
    public var ipv6: IPv6Address? { if case .v6(let a) = self { a } else { nil } }
    public var isIPv6: Bool { ipv6 != nil }

    public var description: String {
        switch self {
        case .v4(let a): a.description
        case .v6(let a): a.description
        }
    }

    /// The host prefix written after the address (`/32`, `/128`).
    public var hostPrefixLength: Int { isIPv6 ? 128 : 32 }

    public static func < (l: Self, r: Self) -> Bool {
        switch (l, r) {
        case (.v4(let a), .v4(let b)): a < b
        case (.v6(let a), .v6(let b)): a < b
        case (.v4, .v6): true
        case (.v6, .v4): false
        }
    }
}
