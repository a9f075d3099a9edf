import CausewayCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Deployed facts and imported keys of one topology: `DIR/NAME.facts.json` (plain) and
/// `DIR/NAME.secrets.json` (mode 0600), DIR defaulting to `.causeway` beside the topology file.
/// `import`, `apply`, `render` and `destroy` read and write them through this type.
public struct FactsStore: Sendable {
    public let directory: String
    public let topology: String

    public init(topologyFile: String, topology: String, stateDir: String?) {
        let base = (topologyFile as NSString).deletingLastPathComponent
        directory = stateDir ?? (base.isEmpty ? ".causeway" : "\(base)/.causeway")
        self.topology = topology
    }

    public var factsPath: String { "\(directory)/\(topology).facts.json" }
    public var secretsPath: String { "\(directory)/\(topology).secrets.json" }

    public func load() throws -> (facts: DeployedFacts?, keys: [String: PreSharedKey]) {
        var facts: DeployedFacts?
        if let data = FileManager.default.contents(atPath: factsPath) {
            do { facts = try JSONDecoder().decode(DeployedFacts.self, from: data) } catch {
                throw FactsStoreError("\(factsPath) is not a causeway facts file: \(error)")
            }
        }
        var keys: [String: PreSharedKey] = [:]
        if let data = FileManager.default.contents(atPath: secretsPath) {
            guard let raw = try? JSONDecoder().decode([String: String].self, from: data) else {
                throw FactsStoreError("\(secretsPath) is not a causeway secrets file")
            }
            keys = raw.mapValues(PreSharedKey.init)
        }
        return (facts, keys)
    }

    /// Writes both files atomically (temporary file + rename), the secrets with mode 0600 from creation.
    public func save(_ facts: DeployedFacts, keys: [String: PreSharedKey]) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try Self.writeAtomically(factsPath, try enc.encode(facts), mode: 0o644)
        if !keys.isEmpty {
            try Self.writeAtomically(secretsPath, try enc.encode(keys.mapValues(\.revealed)), mode: 0o600)
        }
    }

    /// Merges `facts` and `keys` into what is stored (new values win) and saves when anything
    /// changed. Returns the outside addresses that changed since the stored facts.
    @discardableResult
    public func merge(_ facts: [ConnectionFacts], keys: [String: PreSharedKey]) throws -> [OutsideAddressChange] {
        let (previous, oldKeys) = try load()
        var all = previous ?? DeployedFacts(topology: topology)
        for f in facts { all.set(f) }
        if all != previous || keys != oldKeys.filter({ keys[$0.key] != nil }) {
            try save(all, keys: oldKeys.merging(keys) { _, new in new })
        }
        return all.outsideAddressChanges(since: previous)
    }

    public func remove() {
        unlink(factsPath)
        unlink(secretsPath)
    }

    /// The topology with the stored facts overlaid, and the renderers' keys: `secrets` (what the
    /// topology references) with the imported keys winning, since they are what AWS has.
    public func overlay(_ topology: Topology, secrets: [String: PreSharedKey]) throws -> DeployedOverlay {
        let (facts, keys) = try load()
        let merged = secrets.merging(keys) { _, imported in imported }
        guard let facts else { return DeployedOverlay(topology: topology, keys: merged, changes: []) }
        let (overlaid, changes) = FactsOverlay.apply(facts, to: topology)
        return DeployedOverlay(topology: overlaid, keys: merged, changes: changes)
    }

    /// Creates `path` with `data` and exactly `mode`, via a temporary file renamed into place.
    public static func writeAtomically(_ path: String, _ data: Data, mode: mode_t) throws {
        let temp = "\(path).tmp-\(getpid())"
        unlink(temp)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FactsStoreError("cannot write \(path): \(String(cString: strerror(errno)))") }
        var ok = fchmod(fd, mode) == 0
        let bytes = [UInt8](data)
        var off = 0
        while ok && off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { ok = false } else { off += n }
        }
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(temp, path) == 0 else {
            let e = String(cString: strerror(errno))
            unlink(temp)
            throw FactsStoreError("cannot write \(path): \(e)")
        }
    }
}

/// A topology with deployed facts overlaid: the values that came from the facts are `changes`.
public struct DeployedOverlay: Sendable {
    public var topology: Topology
    public var keys: [String: PreSharedKey]
    public var changes: [FactsOverlay.Change]
}

/// A facts or secrets file that cannot be read or written.
public struct FactsStoreError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
