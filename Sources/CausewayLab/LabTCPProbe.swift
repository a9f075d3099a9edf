import CausewayCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `lab test`'s probe for a `protocol: tcp` intent: a listener on the destination's address in
/// its namespace and a connection from the source's address in its own, each a run of the
/// causeway binary there (`causeway lab tcp-probe`, hidden), so the lab's routes, tunnels and
/// security groups (nftables, stateful, by port: `LabSecurityGroups`) decide as they do for
/// ping. A port something in the namespace already listens on (a DNS server, a web stand-in) is
/// left to it.
public enum LabTCPProbe {
    /// What the listener prints once it listens (or finds the port taken).
    public static let ready = "listening"

    /// Listens on `address`:`port` and accepts (and closes) connections until `seconds` pass;
    /// prints `ready` first. False when the address is not this namespace's.
    public static func listen(_ address: IPv4Address, _ port: Int, seconds: Double) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var yes: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var sa = HealthCheckProbe.socketAddress(address, port)
        let bound = withUnsafePointer(to: &sa) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if bound != 0 {
            let taken = errno == EADDRINUSE
            say(taken ? "\(ready) (the port is taken: its listener answers)" : "cannot bind \(address):\(port): errno \(errno)")
            return taken
        }
        guard Glibc.listen(fd, 16) == 0 else { return false }
        say(ready)
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, 200) == 1 {
                let c = accept(fd, nil, nil)
                if c >= 0 { close(c) }
            }
        }
        return true
    }

    /// One line on standard output, unbuffered (the lab reads it from the log while this runs).
    static func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

    /// Whether a TCP connection from `source` to `address`:`port` is made within `seconds`.
    public static func connects(from source: IPv4Address, to address: IPv4Address, port: Int, seconds: Double) -> Bool {
        guard let fd = HealthCheckProbe.connect(address, port, from: source, seconds: seconds) else { return false }
        close(fd)
        return true
    }
}

extension LabRunner {
    /// The causeway binary running this lab (the probes and the health checker run it inside
    /// namespaces).
    public static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// One TCP connection attempt from `from` to `to`:`port` (`LabTCPProbe`), within `wait`
    /// seconds; the listener is stopped by its PID afterwards.
    public func tcpConnects(_ from: LabEndpoint, _ to: LabEndpoint, port: Int, wait: Int = 2, log: String) -> Bool {
        let exe = Self.executable
        // The log names the listener ready: not an earlier probe's (the child truncates it later).
        try? FileManager.default.removeItem(atPath: log)
        guard let pid = try? runner.spawn(["ip", "netns", "exec", to.namespace, exe, "lab", "tcp-probe", "--listen", "\(to.address)",
                                            "--port", "\(port)", "--seconds", "\(wait + 10)"], log: log) else { return false }
        defer { _ = Processes.stop([pid], grace: 1) }
        let ready = Date().addingTimeInterval(5)
        while Date() < ready, !((try? String(contentsOfFile: log, encoding: .utf8))?.contains(LabTCPProbe.ready) ?? false) {
            usleep(50_000)
        }
        let connect = ["ip", "netns", "exec", from.namespace, exe, "lab", "tcp-probe", "--from", "\(from.address)", "--to", "\(to.address)",
                       "--port", "\(port)", "--seconds", "\(wait)"]
        return (try? runner.run(connect).succeeded) ?? false
    }
}
