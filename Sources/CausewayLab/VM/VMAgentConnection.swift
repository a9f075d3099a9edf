import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The host end of a VM's second serial port: QEMU's Unix socket, spoken to in
/// `VMAgentProtocol`'s frames. Not thread-safe: its VirtualMachine serialises calls.
final class VMAgentConnection {
    let path: String
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []

    init(path: String) { self.path = path }

    /// Over an open descriptor (a pty in tests); the caller keeps it and calls `detach`.
    init(fd: Int32) {
        self.path = "fd \(fd)"
        self.fd = fd
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    func detach() { fd = -1 }

    deinit { close() }

    /// Connects once QEMU has made the socket; `alive` says whether waiting still makes sense.
    func connect(until deadline: Date, alive: () -> Bool) throws {
        let bytes = Array(path.utf8)
        var addr = sockaddr_un()
        guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else {
            throw VMError("the agent socket path \(path) is longer than a Unix socket allows (\(MemoryLayout.size(ofValue: addr.sun_path) - 1) bytes): use a shorter state folder")
        }
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        while true {
            let s = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard s >= 0 else { throw VMError("socket: \(String(cString: strerror(errno)))") }
            let rc = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(s, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            if rc == 0 {
                _ = fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK)
                fd = s
                return
            }
            let why = String(cString: strerror(errno))
            Glibc.close(s)
            guard alive(), Date() < deadline else { throw VMError("cannot connect to \(path): \(why)") }
            usleep(100_000)
        }
    }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    func send(_ bytes: [UInt8], until deadline: Date) throws {
        var offset = 0
        while offset < bytes.count {
            // MSG_NOSIGNAL: a QEMU that went away is an error here, not a SIGPIPE for the caller.
            var n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == ENOTSOCK { n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } }
            if n > 0 {
                offset += n
                continue
            }
            guard n < 0, errno == EAGAIN || errno == EINTR else {
                throw VMError("writing to the agent socket: \(String(cString: strerror(errno)))")
            }
            guard Date() < deadline else { throw VMError("the VM does not read its agent port") }
            var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            _ = poll(&p, 1, 200)
        }
    }

    /// The first reply to one of `ids`, or nil when `deadline` passes (or `alive` turns false).
    func receive(ids: Set<String>, until deadline: Date, alive: () -> Bool) throws -> VMAgentProtocol.Parsed? {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let parsed = VMAgentProtocol.take(from: &buffer, ids: ids) { return parsed }
            let left = deadline.timeIntervalSinceNow
            guard left > 0, alive() else { return nil }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&p, 1, Int32(min(left, 0.5) * 1000) + 1)
            guard ready > 0 else { continue }
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
            } else if n == 0 {
                throw VMError("the agent socket closed (QEMU exited?)")
            } else if errno != EAGAIN && errno != EINTR {
                throw VMError("reading the agent socket: \(String(cString: strerror(errno)))")
            }
        }
    }

    static func newID() -> String {
        let hex = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
