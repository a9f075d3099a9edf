import Foundation

/// The SigV4 timestamp `yyyyMMdd'T'HHmmss'Z'` in UTC, and its date part for the credential scope.
public struct AmzDate: Sendable, Hashable, CustomStringConvertible {
    /// `20150830T123600Z`
    public let timestamp: String
    /// `20150830`
    public var day: String { String(timestamp.prefix(8)) }
    public var description: String { timestamp }

    public init(_ date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let s = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        timestamp = pad(c.year, 4) + pad(c.month, 2) + pad(c.day, 2) + "T"
            + pad(c.hour, 2) + pad(c.minute, 2) + pad(c.second, 2) + "Z"
    }

    /// Parses `yyyyMMdd'T'HHmmss'Z'` back into a date (used to read skew hints in AWS messages).
    public static func parse(_ text: String) -> Date? {
        let digits = Array(text.utf8)
        guard digits.count == 16, digits[8] == UInt8(ascii: "T"), digits[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: digits[range], as: UTF8.self)) }
        guard let y = number(0..<4), let mo = number(4..<6), let d = number(6..<8),
              let h = number(9..<11), let mi = number(11..<13), let s = number(13..<15) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: y, month: mo, day: d, hour: h, minute: mi, second: s))
    }
}
