import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP server on 127.0.0.1 that misbehaves as an HTTP endpoint, for tests of timeouts and
/// hostile responses. Each accepted connection is served on its own thread until `stop()`.
public final class HostilePeer: @unchecked Sendable {
    public enum Behaviour: Sendable {
        /// Reads the request, sends a 200 status line and headers promising a long body, then
        /// one byte every `interval` forever.
        case trickle(interval: TimeInterval)
        /// Accepts and never writes.
        case silent
        /// Closes every connection as soon as it is accepted.
        case closeAtOnce
        /// Reads the request and answers `status` with `body` at once.
        case respond(status: Int, body: Data)
    }

    public let port: Int
    private let behaviour: Behaviour
    private let listener: Int32
    private let lock = NSLock()
    private var stopped = false
    private var connections: [Int32] = []
    private var acceptedCount = 0

    public init(_ behaviour: Behaviour) throws {
        self.behaviour = behaviour
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 && listen(fd, 64) == 0
            }
        }
        guard ok else { close(fd); throw POSIXError(.EADDRINUSE) }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// How many connections were accepted so far.
    public var accepted: Int { lock.withLock { acceptedCount } }

    public var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Stops accepting and ends every open connection. Only shuts the sockets down: each is
    /// closed by the thread that uses it, so a number another test's socket reuses is never
    /// touched here.
    public func stop() {
        let open: [Int32] = lock.withLock {
            guard !stopped else { return [] }
            stopped = true
            return connections
        }
        shutdown(listener, Int32(SHUT_RDWR))
        for c in open { shutdown(c, Int32(SHUT_RDWR)) }
    }

    deinit { stop() }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func acceptLoop() {
        defer { close(listener) }
        while !isStopped {
            let c = accept(listener, nil, nil)
            guard c >= 0 else {
                if isStopped { return }
                continue
            }
            let keep: Bool = lock.withLock {
                acceptedCount += 1
                if stopped { return false }
                connections.append(c)
                return true
            }
            guard keep else { close(c); return }
            let thread = Thread { [self] in
                serve(c)
                lock.withLock { connections.removeAll { $0 == c } }
                close(c)
            }
            thread.start()
        }
    }

    private func serve(_ c: Int32) {
        switch behaviour {
        case .closeAtOnce:
            return
        case .silent:
            while !isStopped { Thread.sleep(forTimeInterval: 0.1) }
        case .trickle(let interval):
            readRequest(c)
            guard send(c, Data("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 1000000\r\n\r\n<".utf8)) else { return }
            while !isStopped {
                Thread.sleep(forTimeInterval: interval)
                guard send(c, Data(" ".utf8)) else { return }
            }
        case .respond(let status, let body):
            readRequest(c)
            let head = "HTTP/1.1 \(status) X\r\nContent-Type: text/xml\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
            _ = send(c, Data(head.utf8) + body)
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    /// Reads until the end of the headers and the Content-Length bytes of body after them.
    private func readRequest(_ c: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        var received = Data()
        while true {
            let n = recv(c, &buffer, buffer.count, 0)
            if n <= 0 { return }
            received.append(contentsOf: buffer[0..<n])
            guard let end = received.range(of: Data("\r\n\r\n".utf8)) else { continue }
            let head = String(decoding: received[..<end.lowerBound], as: UTF8.self).lowercased()
            let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            if received.count - end.upperBound >= length { return }
        }
    }

    private func send(_ c: Int32, _ data: Data) -> Bool {
        var offset = 0
        let bytes = [UInt8](data)
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(c, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}
