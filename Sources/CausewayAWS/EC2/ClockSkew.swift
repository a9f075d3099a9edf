import Foundation
import CausewayCore

/// Works out how far the local clock is off when AWS rejects a signature.
///
/// AWS refuses requests signed more than 5 minutes away from its own time
/// (`SignatureDoesNotMatch` "Signature expired…", `RequestExpired`, `AuthFailure`). The offset
/// comes from the response's `Date` header, or else from the timestamps AWS quotes in the message.
enum ClockSkew {
    static let signatureCodes: Set<String> = [
        "SignatureDoesNotMatch", "RequestExpired", "AuthFailure", "RequestTimeTooSkewed",
        "InvalidSignatureException", "RequestInTheFuture",
    ]
    /// AWS's tolerance.
    static let tolerance = TimeInterval(AWSNumbers.signatureClockTolerance)

    /// Seconds the local clock is ahead of the server (negative: behind), when beyond tolerance.
    static func offset(localAtSigning: Date, localNow: Date, serverDateHeader: String?, message: String) -> Int? {
        if let header = serverDateHeader, let server = parseHTTPDate(header) {
            let offset = localNow.timeIntervalSince(server)
            return abs(offset) > tolerance ? Int(offset.rounded()) : nil
        }
        // "Signature expired: 20240101T000000Z is now earlier than 20240101T001000Z (20240101T001500Z - 15 min.)"
        let stamps = timestamps(in: message)
        if stamps.count >= 2, let server = stamps.last {
            let offset = localAtSigning.timeIntervalSince(server)
            return abs(offset) > tolerance ? Int(offset.rounded()) : nil
        }
        return nil
    }

    static func timestamps(in message: String) -> [Date] {
        let characters = Array(message)
        var dates: [Date] = []
        var index = 0
        while index + 16 <= characters.count {
            if let date = AmzDate.parse(String(characters[index..<index + 16])) {
                dates.append(date)
                index += 16
            } else {
                index += 1
            }
        }
        return dates
    }

    /// RFC 7231 IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func parseHTTPDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text.trimmingCharacters(in: .whitespaces))
    }
}
