import Foundation

/// What a connect handler answers for one connection attempt: admitted or refused, and why.
/// The rendered Lambda function and the lab's stand-in answer the same for the same input.
public struct ConnectVerdict: Sendable, Hashable, Encodable {
    public var admitted: Bool
    /// Each condition of the policy with the value it was checked against, e.g.
    /// `weekday sat in Asia/Seoul is not one of mon, tue, wed, thu, fri`.
    public var reason: String
}

extension ConnectPolicy {
    /// Whether a connection from `sourceIP` (the client's public address, AWS's `public-ip`) at
    /// `date` is admitted: every condition written must hold, weekdays (Monday = 0) and hours
    /// [start, end) in `timeZone`. An unknown zone refuses (the handler fails closed).
    /// (AWS Client VPN administrator guide, "Client connect handler":
    /// https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/connection-authorization.html)
    public func verdict(sourceIP: IPv4Address, at date: Date) -> ConnectVerdict {
        guard let zone = TimeZone(identifier: timeZone) else {
            return ConnectVerdict(admitted: false, reason: "time zone \(timeZone) is unknown: the handler refuses every connection")
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        // Calendar's weekday is 1 = Sunday … 7 = Saturday; the policy's is 0 = Monday … 6 = Sunday.
        let day = Weekday.allCases[((c.weekday ?? 1) + 5) % 7]
        let minute = (c.hour ?? 0) * 60 + (c.minute ?? 0)
        let local = "\(day.rawValue) \(MinuteRange.clock(minute)) in \(timeZone)"
        var refusals: [String] = []
        var checks: [String] = []
        if !weekdays.isEmpty {
            if weekdays.contains(day) { checks.append("weekday \(local) is allowed") } else {
                refusals.append("weekday \(local) is not one of \(weekdays.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let hours {
            if hours.contains(minute: minute) { checks.append("\(local) is within \(hours)") } else {
                refusals.append("\(local) is outside \(hours)")
            }
        }
        if !sourceCIDRs.isEmpty {
            if let p = sourceCIDRs.first(where: { $0.contains(sourceIP) }) { checks.append("source \(sourceIP) is in \(p)") } else {
                refusals.append("source \(sourceIP) is in none of \(sourceCIDRs.map(\.description).joined(separator: ", "))")
            }
        }
        if !refusals.isEmpty { return ConnectVerdict(admitted: false, reason: refusals.joined(separator: "; ")) }
        return ConnectVerdict(admitted: true, reason: checks.isEmpty ? "the policy sets no condition" : checks.joined(separator: "; "))
    }

    /// `verdict(sourceIP:at:).admitted`.
    public func admits(sourceIP: IPv4Address, at date: Date) -> Bool { verdict(sourceIP: sourceIP, at: date).admitted }
}

extension MinuteRange {
    /// `HH:MM` for minutes after midnight.
    static func clock(_ m: Int) -> String {
        (m / 60 < 10 ? "0" : "") + "\(m / 60):" + (m % 60 < 10 ? "0" : "") + "\(m % 60)"
    }
}

/// A moment written in ISO 8601 with its offset: `2026-12-07T10:00+09:00`, `2026-12-06T23:30Z`,
/// seconds optional. The offset is required: a time without one names no moment.
public enum ISO8601Moment {
    public static func parse(_ text: String) -> Date? {
        let chars = Array(text)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= chars.count, chars[from..<from + count].allSatisfy(\.isASCII), chars[from..<from + count].allSatisfy(\.isNumber) else { return nil }
            return Int(String(chars[from..<from + count]))
        }
        guard chars.count >= 17, let y = number(0, 4), chars[4] == "-", let mo = number(5, 2), chars[7] == "-", let d = number(8, 2),
              chars[10] == "T" || chars[10] == "t", let h = number(11, 2), chars[13] == ":", let mi = number(14, 2) else { return nil }
        var i = 16, s = 0
        if i < chars.count, chars[i] == ":" {
            guard let sec = number(i + 1, 2) else { return nil }
            s = sec
            i += 3
        }
        guard i < chars.count else { return nil }
        let offset: Int
        switch chars[i] {
        case "Z", "z":
            guard i + 1 == chars.count else { return nil }
            offset = 0
        case "+", "-":
            guard i + 6 == chars.count, let oh = number(i + 1, 2), chars[i + 3] == ":", let om = number(i + 4, 2), oh <= 23, om <= 59 else { return nil }
            offset = (chars[i] == "-" ? -1 : 1) * (oh * 3600 + om * 60)
        default: return nil
        }
        guard (1...12).contains(mo), (1...31).contains(d), h <= 23, mi <= 59, s <= 59 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let parts = DateComponents(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
        // Refuse dates the calendar would roll over (2026-02-31).
        guard let utc = calendar.date(from: parts), calendar.dateComponents([.day], from: utc).day == d else { return nil }
        return utc.addingTimeInterval(TimeInterval(-offset))
    }
}
