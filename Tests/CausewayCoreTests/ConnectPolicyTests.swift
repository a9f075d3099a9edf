import Foundation
import Testing
@testable import CausewayCore

/// The connect handler's policy, evaluated as the rendered Lambda function evaluates it (AWS Client
/// VPN administrator guide, "Client connect handler": AWS passes the client's `public-ip` and the
/// handler answers `allow`). The table is the one the rendered handler's own test uses.
@Suite struct ConnectPolicyTests {
    /// S3's policy: weekdays in Asia/Seoul, sources in 72.21.0.0/16.
    static let s3: ConnectPolicy = {
        var p = ConnectPolicy()
        p.weekdays = [.mon, .tue, .wed, .thu, .fri]
        p.sourceCIDRs = [IPv4Prefix("72.21.0.0/16")!]
        p.timeZone = "Asia/Seoul"
        return p
    }()

    @Test(arguments: [
        ("2026-12-07T10:00+09:00", "72.21.10.20", true),    // Monday 10:00 in Seoul, inside the pool
        ("2026-12-07T10:00+09:00", "203.0.113.77", false),  // same time, outside the pool
        ("2026-12-05T10:00+09:00", "72.21.10.20", false),   // Saturday in Seoul
        ("2026-12-06T23:30Z", "72.21.10.20", true),         // Sunday in UTC, Monday 08:30 in Seoul
    ])
    func sharedTable(_ at: String, _ source: String, _ admitted: Bool) throws {
        let date = try #require(ISO8601Moment.parse(at))
        let v = Self.s3.verdict(sourceIP: try #require(IPv4Address(source)), at: date)
        #expect(v.admitted == admitted, "\(at) \(source): \(v.reason)")
    }

    @Test func reasonsNameTheFailedConditions() throws {
        let sat = try #require(ISO8601Moment.parse("2026-12-05T10:00+09:00"))
        let v = Self.s3.verdict(sourceIP: IPv4Address("203.0.113.77")!, at: sat)
        #expect(v.reason.contains("sat 10:00 in Asia/Seoul"))
        #expect(v.reason.contains("203.0.113.77 is in none of 72.21.0.0/16"))
    }

    /// Hours are [start, end) in the policy's zone; an unknown zone refuses.
    @Test func hoursAndZones() throws {
        var p = ConnectPolicy()
        p.hours = MinuteRange("09:00-18:00")
        p.timeZone = "Asia/Seoul"
        let ip = IPv4Address("72.21.10.20")!
        #expect(p.admits(sourceIP: ip, at: try #require(ISO8601Moment.parse("2026-12-07T00:00Z"))))    // 09:00 Seoul
        #expect(!p.admits(sourceIP: ip, at: try #require(ISO8601Moment.parse("2026-12-07T09:00Z"))))   // 18:00 Seoul
        p.timeZone = "Mars/Olympus_Mons"
        #expect(!p.admits(sourceIP: ip, at: try #require(ISO8601Moment.parse("2026-12-07T00:00Z"))))
    }

    @Test(arguments: ["2026-12-07T10:00", "2026-12-07 10:00+09:00", "2026-02-31T10:00Z", "2026-12-07T24:00Z", "2026-12-07T10:00+9", "yesterday"])
    func momentsWithoutAnOffsetOrValidFieldsAreRefused(_ text: String) {
        #expect(ISO8601Moment.parse(text) == nil)
    }

    @Test func momentsWithSecondsAndOffsets() {
        #expect(ISO8601Moment.parse("2026-12-07T10:00:30+09:00")?.timeIntervalSince1970 == ISO8601Moment.parse("2026-12-07T01:00:30Z")?.timeIntervalSince1970)
        #expect(ISO8601Moment.parse("2026-12-06T20:00-05:00") == ISO8601Moment.parse("2026-12-07T01:00Z"))
    }
}
