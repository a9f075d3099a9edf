import Foundation

/// The framing `VMGuest.agentScript` speaks (pure: bytes in, values out).
enum VMAgentProtocol {
    /// One request: a marker line with the script's length and checksum, then the script in
    /// base64 on one line. The leading newline ends whatever partial line the agent holds.
    static func request(id: String, script: String, seconds: Int) -> [UInt8] {
        let body = Array(Data(script.utf8).base64EncodedString().utf8)
        let head = "\n@@CW-REQ \(id) \(max(1, seconds)) \(body.count) \(bsdSum(body))\n"
        return Array(head.utf8) + body + [10]
    }

    /// `sum -r` (the BSD checksum), as it prints it: five digits.
    static func bsdSum(_ bytes: [UInt8]) -> String {
        var sum: UInt32 = 0
        for b in bytes {
            sum = (sum >> 1) + ((sum & 1) << 15)
            sum = (sum + UInt32(b)) & 0xffff
        }
        let digits = String(sum)
        return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    enum Parsed: Equatable {
        case reply(id: String, CommandResult)
        /// The reply's frame was complete but its contents do not match its own lengths.
        case damaged(id: String)
    }

    /// Finds the first complete reply to one of `ids` in `buffer`, removes everything up to its
    /// end, and returns it. Bytes that belong to no awaited reply are dropped (all but a tail
    /// that may hold the start of a marker).
    static func take(from buffer: inout [UInt8], ids: Set<String>) -> Parsed? {
        let res = Array("@@CW-RES ".utf8)
        var searchFrom = 0
        while let start = find(res, in: buffer, from: searchFrom) {
            guard let lineEnd = buffer[start...].firstIndex(of: 10) else { return nil }
            let head = String(decoding: buffer[(start + res.count)..<lineEnd], as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
            guard head.count == 4, ids.contains(head[0]), let status = Int32(head[1]),
                  let outCount = Int(head[2]), let errCount = Int(head[3]) else {
                searchFrom = start + res.count
                continue
            }
            let id = head[0]
            let sep = Array("@@CW-SEP \(id)\n".utf8), end = Array("@@CW-END \(id)\n".utf8)
            guard let sepAt = find(sep, in: buffer, from: lineEnd),
                  let endAt = find(end, in: buffer, from: sepAt) else { return nil }
            let out = decode(buffer[(lineEnd + 1)..<sepAt])
            let err = decode(buffer[(sepAt + sep.count)..<endAt])
            buffer.removeSubrange(0..<(endAt + end.count))
            guard let out, let err, out.count == outCount, err.count == errCount else { return .damaged(id: id) }
            return .reply(id: id, CommandResult(status: status, stdout: String(decoding: out, as: UTF8.self),
                                                stderr: String(decoding: err, as: UTF8.self)))
        }
        if buffer.count > 64 { buffer.removeFirst(buffer.count - 64) }
        return nil
    }

    static func decode(_ lines: ArraySlice<UInt8>) -> Data? {
        let text = String(decoding: lines.filter { $0 != 10 && $0 != 13 }, as: UTF8.self)
        return Data(base64Encoded: text)
    }

    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, hay.count >= needle.count, from <= hay.count - needle.count else { return nil }
        var i = from
        while i <= hay.count - needle.count {
            if hay[i] == needle[0] && hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// A shell script that writes `file` atomically: a temporary file beside the target, its
    /// mode set before `mv`, so no reader sees it half written or with a looser mode.
    static func putScript(_ file: VMFile) -> String {
        let b64 = Data(file.contents.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        let path = shellQuote(file.path)
        let dir = shellQuote((file.path as NSString).deletingLastPathComponent.isEmpty ? "/" : (file.path as NSString).deletingLastPathComponent)
        return """
        set -e
        umask 022
        mkdir -p -- \(dir)
        umask 077
        tmp=$(mktemp -- \(path).causeway-XXXXXX)
        trap 'rm -f -- "$tmp"' EXIT
        base64 -d >"$tmp" <<'CAUSEWAY_EOF'
        \(b64)
        CAUSEWAY_EOF
        chmod \(String(file.mode, radix: 8)) "$tmp"
        mv -f -- "$tmp" \(path)
        trap - EXIT

        """
    }

    static func shellQuote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
