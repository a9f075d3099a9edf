import CausewayCore
import CausewayPKI
import CausewayRender
import Foundation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The Client VPN certificates and keys of a render, outside the pure render (keys are random,
/// files are I/O): the PKI causeway keeps in `DIR/client-vpn/ENDPOINT/pki/` is read and reused,
/// what is missing is made (`ClientVPNPKI`), PEM files the topology names are read relative to
/// its folder and checked. The PKI folder is not in the render's manifest: a later render never
/// replaces or removes it; new files are created there only after the render is written, each
/// with O_EXCL (never over an existing file), keys mode 0600.
struct ClientVPNMaterialStore {
    let out: String
    let topologyFile: String

    /// What a render needs and what it adds.
    struct Prepared {
        var material: [String: ClientVPNMaterial] = [:]
        var newFiles: [(endpoint: String, file: PKIFile)] = []
        var problems: [Diagnostic] = []
    }

    /// The largest file read from the PKI folder or for a certificate (a PEM chain is a few KiB).
    static let maxFileBytes = 1 << 20

    func prepare(_ t: Topology, now: Date = Date()) -> Prepared {
        var p = Prepared()
        let base = URL(fileURLWithPath: topologyFile).deletingLastPathComponent()
        for e in t.clientVPNEndpoints where ClientVPNFiles.needsMaterial(e) {
            let o = ClientVPNPKI.make(for: e, existing: existing(e.name), read: { path in
                let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
                return try Self.readText(url.path)
            }, now: now)
            p.problems += o.problems.map { Diagnostic(RenderRules.certificateInvalid, $0.message, at: t.locate($0.path)) }
            p.material[e.name] = o.material
            p.newFiles += o.newFiles.map { (e.name, $0) }
        }
        return p
    }

    func folder(_ endpoint: String) -> String { "\(out)/\(ClientVPNPaths.pki(endpoint))" }

    /// The PKI folder's regular files by name relative to it (links are not followed).
    func existing(_ endpoint: String) -> [String: String] {
        let dir = folder(endpoint)
        var out: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: dir) else { return out }
        while let name = walker.nextObject() as? String {
            let attrs = walker.fileAttributes
            guard attrs?[.type] as? FileAttributeType == .typeRegular, let text = try? Self.readText("\(dir)/\(name)") else { continue }
            out[name] = text
        }
        return out
    }

    static func readText(_ path: String) throws -> String {
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        if let size = attrs[.size] as? Int, size > maxFileBytes { throw StoreFailure("\(path) is larger than \(maxFileBytes / 1024) KiB; a PEM file is a few KiB") }
        guard let data = FileManager.default.contents(atPath: path) else { throw StoreFailure("cannot read \(path) (permissions?)") }
        guard let text = String(data: data, encoding: .utf8) else { throw StoreFailure("\(path) is not text (a DER file? convert it to PEM)") }
        return text
    }

    /// Creates the new PKI files (folders 0700); the paths written.
    func save(_ p: Prepared) throws -> [String] {
        var written: [String] = []
        for (endpoint, f) in p.newFiles {
            let path = "\(folder(endpoint))/\(f.name)"
            let dir = (path as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(f.mode))
            guard fd >= 0 else { throw StoreFailure("cannot create \(path): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            let bytes = Array(f.contents.revealed.utf8)
            guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count, fsync(fd) == 0 else {
                throw StoreFailure("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            written.append(path)
        }
        return written
    }
}

struct StoreFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
