import CausewayCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One probe as one Route 53 health checker makes it, with the response times of "How Amazon
/// Route 53 determines whether a health check is healthy": connect within 4 s (TCP: 10 s), a
/// 2xx/3xx status within 2 s after connecting, for a string match the string within the first
/// 5,120 bytes of the body received in the 2 s after the status.
public enum HealthCheckProbe {
    public static func passes(_ c: HealthCheckerConfig.Check) -> Bool {
        let N = AWSNumbers.HealthCheck.self
        let connectSeconds = c.probe == .tcp ? N.tcpConnectSeconds : N.httpConnectSeconds
        guard let fd = connect(c.address, c.port, seconds: Double(connectSeconds)) else { return false }
        defer { close(fd) }
        if c.probe == .tcp { return true }
        let request = "GET \(c.path) HTTP/1.1\r\nHost: \(c.address)\r\nUser-Agent: causeway-lab-health-checker\r\nConnection: close\r\n\r\n"
        guard sendAll(fd, Array(request.utf8)) else { return false }
        var received: [UInt8] = []
        let statusBy = Date().addingTimeInterval(Double(N.httpStatusSeconds))
        guard read(fd, into: &received, until: statusBy, enough: { $0.firstRange(of: [13, 10]) != nil }),
              let code = statusCode(received), N.passingStatus.contains(code) else { return false }
        guard c.probe == .httpStringMatch, let wanted = c.searchString else { return true }
        let bodyBy = statusBy.addingTimeInterval(Double(N.httpStatusSeconds))
        func body(_ b: [UInt8]) -> ArraySlice<UInt8>? {
            b.firstRange(of: [13, 10, 13, 10]).map { b[$0.upperBound...].prefix(N.searchStringBytes) }
        }
        _ = read(fd, into: &received, until: bodyBy) { b in
            body(b).map { $0.count >= N.searchStringBytes || $0.firstRange(of: Array(wanted.utf8)) != nil } ?? false
        }
        return body(received)?.firstRange(of: Array(wanted.utf8)) != nil
    }

    /// The status code of an HTTP response's first line (`HTTP/1.1 200 OK`).
    static func statusCode(_ bytes: [UInt8]) -> Int? {
        let line = String(decoding: bytes.prefix { $0 != 13 }, as: UTF8.self).split(separator: " ")
        guard line.count >= 2, line[0].hasPrefix("HTTP/") else { return nil }
        return Int(line[1])
    }

    /// A non-blocking TCP connection to `address`:`port` (from `source` when given), or nil when
    /// it is not made in time.
    static func connect(_ address: IPv4Address, _ port: Int, from source: IPv4Address? = nil, seconds: Double) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        if let source {
            var local = socketAddress(source, 0)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else { close(fd); return nil }
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var sa = socketAddress(address, port)
        let rc = withUnsafePointer(to: &sa) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if rc != 0 {
            var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            var err: Int32 = 0
            var len = socklen_t(MemoryLayout<Int32>.size)
            guard errno == EINPROGRESS, poll(&p, 1, Int32(seconds * 1000)) == 1,
                  getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0, err == 0 else {
                close(fd)
                return nil
            }
        }
        return fd
    }

    static func socketAddress(_ address: IPv4Address, _ port: Int) -> sockaddr_in {
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = UInt16(truncatingIfNeeded: port).bigEndian
        sa.sin_addr = in_addr(s_addr: address.value.bigEndian)
        return sa
    }

    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            guard poll(&p, 1, 2000) == 1 else { return false }
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return false }
            sent += n
        }
        return true
    }

    /// Reads into `buffer` until `enough` holds, the peer closes, or `deadline`; returns `enough`.
    static func read(_ fd: Int32, into buffer: inout [UInt8], until deadline: Date, enough: ([UInt8]) -> Bool) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !enough(buffer) {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return false }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, Int32(left * 1000) + 1) == 1 else { return false }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return enough(buffer) }
            buffer += chunk[..<n]
        }
        return true
    }
}

/// `causeway lab health-checker`: one thread per health check probes every `request_interval`
/// seconds; when a status flips, every zone is rewritten and named is told to reload (SIGHUP to
/// the PID in its pid file). Runs until it is stopped by PID.
public final class HealthCheckerDaemon: @unchecked Sendable {
    let config: HealthCheckerConfig
    let started = Date()
    let lock = NSLock()
    var counters: [String: HealthCheckCounter] = [:]
    var status: HealthCheckerStatus

    public init(config: HealthCheckerConfig) {
        self.config = config
        for c in config.checks { counters[c.name] = HealthCheckCounter(threshold: c.failureThreshold) }
        status = HealthCheckerStatus(checks: config.checks.map {
            .init(name: $0.name, healthy: true, streak: 0, probes: 0, lastPassed: nil, changedAt: nil, lastProbeSeconds: nil)
        })
    }

    public func run() -> Never {
        log("probing \(config.checks.map { "\($0.name) (\($0.probe.rawValue) \($0.address):\($0.port), every \($0.requestInterval) s, threshold \($0.failureThreshold))" }.joined(separator: ", "))")
        for c in config.checks { Thread.detachNewThread { self.loop(c) } }
        while true { sleep(3600) }
    }

    func loop(_ c: HealthCheckerConfig.Check) {
        var k = 0
        while true {
            let due = started.addingTimeInterval(Double(k * c.requestInterval))
            let wait = due.timeIntervalSinceNow
            if wait > 0 { usleep(useconds_t(wait * 1_000_000)) }
            let t0 = Date()
            let passed = HealthCheckProbe.passes(c)
            record(c.name, passed: passed, took: Date().timeIntervalSince(t0))
            k += 1
        }
    }

    func record(_ name: String, passed: Bool, took: Double) {
        lock.lock()
        defer { lock.unlock() }
        guard var counter = counters[name], let i = status.checks.firstIndex(where: { $0.name == name }) else { return }
        let flipped = counter.record(passed: passed)
        counters[name] = counter
        let at = Date().timeIntervalSince(started)
        status.checks[i].healthy = counter.healthy
        status.checks[i].streak = counter.streak
        status.checks[i].probes += 1
        status.checks[i].lastPassed = passed
        status.checks[i].lastProbeSeconds = took
        if flipped {
            status.checks[i].changedAt = Date().timeIntervalSince1970
            log(String(format: "%.1f s: %@ is %@ (probe %d took %.2f s)", at, name, counter.healthy ? "healthy" : "unhealthy", status.checks[i].probes, took))
            let unhealthy = Set(counters.filter { !$0.value.healthy }.keys)
            for z in config.zones { writeAtomically(z.path, z.contents(unhealthy: unhealthy)) }
            reloadNamed()
        }
        if let data = try? JSONEncoder().encode(status) { writeAtomically(config.statusPath, String(decoding: data, as: UTF8.self)) }
    }

    func reloadNamed() {
        let text = (try? String(contentsOfFile: config.namedPIDFile, encoding: .utf8)) ?? ""
        guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1 else {
            log("no named pid in \(config.namedPIDFile): zone written, not reloaded")
            return
        }
        kill(pid, SIGHUP)
    }

    func writeAtomically(_ path: String, _ text: String) {
        let tmp = path + ".tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8), attributes: [.posixPermissions: 0o644]),
              rename(tmp, path) == 0 else {
            log("cannot write \(path)")
            return
        }
    }

    func log(_ line: String) {
        // Unbuffered: the log is a file, read while the checker runs.
        FileHandle.standardOutput.write(Data("health-checker: \(line)\n".utf8))
    }
}
