import CausewayRender
import Foundation
#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#else
import Darwin
private let systemWrite = Darwin.write
#endif

/// Writes rendered files into a folder atomically: everything goes into a temporary folder next
/// to the destination, which is renamed into place only when every file was written. Secret
/// files get mode 0600 from the start. On any failure the destination is left as it was.
struct RenderWriter {
    let destination: String
    /// Keep files already in the destination that this render does not write (used when the
    /// render was narrowed with --site/--only); otherwise the folder is replaced as a whole.
    let merge: Bool

    enum Failure: Error, CustomStringConvertible {
        case io(String)
        var description: String { if case .io(let s) = self { return s }; return "" }
    }

    func write(_ files: [RenderedFile]) throws {
        let fm = FileManager.default
        let dest = URL(fileURLWithPath: destination).standardizedFileURL
        let parent = dest.deletingLastPathComponent()
        let name = dest.lastPathComponent
        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: dest.path, isDirectory: &isDir)
        if exists && !isDir.boolValue { throw Failure.io("\(destination) exists and is not a folder") }
        do { try fm.createDirectory(at: parent, withIntermediateDirectories: true) }
        catch { throw Failure.io("cannot create \(parent.path): \(error.localizedDescription)") }

        let tag = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let temp = parent.appendingPathComponent(".\(name).causeway-new-\(tag)")
        let old = parent.appendingPathComponent(".\(name).causeway-old-\(tag)")
        do {
            if exists && merge {
                try fm.copyItem(at: dest, to: temp)
            } else {
                try fm.createDirectory(at: temp, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
            }
            for f in files { try put(f, under: temp) }
        } catch {
            try? fm.removeItem(at: temp)
            throw Failure.io("cannot write the rendered files (\(destination) left as it was): \((error as? Failure)?.description ?? error.localizedDescription)")
        }
        if exists {
            guard rename(dest.path, old.path) == 0 else {
                let e = String(cString: strerror(errno))
                try? fm.removeItem(at: temp)
                throw Failure.io("cannot move \(destination) aside (\(e)); it is left as it was")
            }
        }
        guard rename(temp.path, dest.path) == 0 else {
            let e = String(cString: strerror(errno))
            if exists { _ = rename(old.path, dest.path) }
            try? fm.removeItem(at: temp)
            throw Failure.io("cannot rename the rendered folder into place (\(e)); \(destination) is left as it was")
        }
        if exists { try? fm.removeItem(at: old) }
    }

    /// Creates one file with its mode set at creation (no window with wider permissions).
    private func put(_ f: RenderedFile, under root: URL) throws {
        guard !f.path.hasPrefix("/"), !f.path.split(separator: "/").contains("..") else {
            throw Failure.io("refusing to write outside the output folder: \(f.path)")
        }
        let url = root.appendingPathComponent(f.path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        unlink(url.path)
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(f.mode))
        guard fd >= 0 else { throw Failure.io("\(f.path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        // The umask may have narrowed the mode; set it exactly.
        guard fchmod(fd, mode_t(f.mode)) == 0 else { throw Failure.io("\(f.path): \(String(cString: strerror(errno)))") }
        let bytes = Array(f.contents.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw Failure.io("\(f.path): \(String(cString: strerror(errno)))") }
            off += n
        }
        guard fsync(fd) == 0 else { throw Failure.io("\(f.path): \(String(cString: strerror(errno)))") }
    }
}
