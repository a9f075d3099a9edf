import CausewayCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a lab has created, written before each step of `lab up` so `lab down` can remove it
/// all, also after a crash or an interrupted `up`. Holds no secret.
public struct LabState: Codable, Sendable {
    public enum Phase: String, Codable, Sendable { case starting, up }
    /// A process the lab started, by PID.
    public struct Process: Codable, Sendable, Equatable {
        public var pid: Int32
        public var name: String
        public var namespace: String
    }

    public var name: String
    public var topologyFile: String
    public var phase: Phase
    /// Namespaces that may exist (written before they are created).
    public var namespaces: [String]
    public var processes: [Process] = []
    public var nodes: [LabNode] = []
    public var tunnels: [LabTunnel] = []
    public var frr: [FRRInstance] = []
    public var endpoints: [LabEndpoint] = []
    public var mapping: [OutsideMapping] = []
    /// Seconds from the first namespace to the first ping through a tunnel.
    public var coldStartSeconds: Double?
    /// The faithful lab's gateway VMs (nil for the namespace lab).
    public var vms: [VMRecord]?

    /// A gateway VM of the faithful lab: its hypervisor process and its taps.
    public struct VMRecord: Codable, Sendable, Equatable {
        public var name: String
        public var site: String
        public var pid: Int32?
        public var taps: [String]
        public var namespaces: [String]
        public var stateDir: String
        public init(name: String, site: String, pid: Int32?, taps: [String], namespaces: [String], stateDir: String) {
            self.name = name
            self.site = site
            self.pid = pid
            self.taps = taps
            self.namespaces = namespaces
            self.stateDir = stateDir
        }
    }

    public init(plan: LabPlan, topologyFile: String) {
        name = plan.name
        self.topologyFile = topologyFile
        phase = .starting
        namespaces = plan.nodes.map(\.namespace)
        nodes = plan.nodes
        tunnels = plan.tunnels
        frr = plan.frr
        endpoints = plan.endpoints
        mapping = plan.mapping
    }

    public static func path(root: String, name: String) -> String { "\(root)/\(name)/state.json" }

    public static func load(root: String, name: String) throws -> LabState? {
        let p = path(root: root, name: name)
        guard let data = FileManager.default.contents(atPath: p) else { return nil }
        do { return try JSONDecoder().decode(LabState.self, from: data) } catch {
            throw LabPlanError("cannot read \(p): \(error)")
        }
    }

    /// Written to a temporary file and renamed: a reader never sees half a state.
    public func save(root: String) throws {
        let p = LabState.path(root: root, name: name)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try enc.encode(self)
        let tmp = p + ".tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: data, attributes: [.posixPermissions: 0o644]) else {
            throw LabPlanError("cannot write \(tmp)")
        }
        guard rename(tmp, p) == 0 else { throw LabPlanError("cannot rename \(tmp) to \(p): \(String(cString: strerror(errno)))") }
    }

    /// Labs with a state file under `root`.
    public static func names(root: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter {
            FileManager.default.fileExists(atPath: path(root: root, name: $0))
        }.sorted()
    }
}

/// Set by a SIGINT/SIGTERM handler; long steps check it and stop.
public final class Interruption: @unchecked Sendable {
    public static let shared = Interruption()
    /// One word, so a signal handler may set it (a store to it is async-signal-safe).
    public let signalled: UnsafeMutablePointer<sig_atomic_t> = {
        let p = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()
    public var requested: Bool { signalled.pointee != 0 }
    public func request() { signalled.pointee = 1 }
}

/// `lab up` stopped by SIGINT/SIGTERM.
public struct LabInterrupted: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "interrupted" }
}
