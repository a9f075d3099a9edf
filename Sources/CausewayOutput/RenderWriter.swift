import CausewayRender
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#else
import Darwin
private let systemWrite = Darwin.write
#endif

/// What causeway wrote into an output folder, kept as `DIR/.causeway-render.json`. It is the one
/// authority for what a later render may replace or remove; everything else in DIR is the user's.
/// Paths, modes and digests only: a secret file gets no digest (a hash of a short key is
/// something to guess against offline).
struct RenderManifest: Codable, Equatable {
    static let fileName = ".causeway-render.json"
    static let currentFormat = 1

    struct Entry: Codable, Equatable {
        let path: String
        let mode: String
        var sha256: String?
    }

    var format: Int
    var note: String?
    var files: [Entry]

    init(_ entries: [Entry]) {
        format = Self.currentFormat
        note = "Files causeway rendered into this folder. A later render replaces or removes only these; any other file here is kept."
        files = Dictionary(entries.map { ($0.path, $0) }, uniquingKeysWith: { _, new in new }).values.sorted { $0.path < $1.path }
    }

    init(rendered: [RenderedFile]) {
        self.init(rendered.map { f in
            Entry(path: f.path, mode: String(format: "%04o", f.mode),
                  sha256: f.isSecret ? nil : SHA256.hash(data: Data(f.contents.utf8)).map { String(format: "%02x", $0) }.joined())
        })
    }

    var paths: Set<String> { Set(files.map(\.path)) }

    /// This manifest with `newer`'s entries added or replacing its own.
    func adding(_ newer: RenderManifest) -> RenderManifest { RenderManifest(files + newer.files) }

    /// A path a manifest may name and a render may write: relative, staying inside the folder,
    /// and not causeway's own bookkeeping.
    static func isSafe(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return !path.isEmpty && !path.hasPrefix("/") && !path.contains("\0")
            && parts.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
            && parts[0] != Substring(fileName) && !parts[0].hasPrefix(RenderWriter.workPrefix)
    }

    /// Reads a manifest; the reason when it cannot be trusted.
    static func decode(_ data: Data) -> Result<RenderManifest, ManifestProblem> {
        guard let m = try? JSONDecoder().decode(RenderManifest.self, from: data) else {
            return .failure(ManifestProblem("it is not a causeway render manifest (unreadable JSON)"))
        }
        guard m.format == currentFormat else {
            return .failure(ManifestProblem("its format \(m.format) is not one this causeway knows (\(currentFormat))"))
        }
        if let bad = m.files.first(where: { !isSafe($0.path) }) {
            return .failure(ManifestProblem("it lists `\(bad.path)`, which is not a path inside the folder"))
        }
        return .success(m)
    }

    func encoded() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try e.encode(self) + Data("\n".utf8)
    }
}

struct ManifestProblem: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Writes rendered files into an output folder that causeway owns through its manifest.
///
/// - DIR missing or empty: created and written, with the manifest.
/// - DIR with causeway's manifest: causeway's files are replaced, files of an earlier render that
///   this (full) render no longer produces are removed, and every other file is kept.
/// - Anything else (a non-empty folder without a manifest, an untrustworthy manifest, a file or
///   a link as DIR, a user's file where the render would write) is refused before anything is
///   written.
///
/// DIR itself is never replaced: it may be the user's working directory, a mount point, or hold
/// their files, so swapping the whole folder (rename or renameat2's RENAME_EXCHANGE) would move
/// their files and their shell's cwd with it. Instead every file is written and synced into a
/// 0700 working folder inside DIR (same file system, so rename(2) cannot fail with EXDEV), then
/// renamed over its path: rename(2) replaces a path atomically, so a reader sees each file old or
/// new, never partial (https://man7.org/linux/man-pages/man2/rename.2.html). The replaced files
/// are kept as hard links in the working folder until the end, so a failing step puts every
/// earlier one back. The manifest is written first listing the old and new files together, and
/// last listing just the new ones, so even a SIGKILL mid-way leaves no file causeway wrote that it
/// does not own. SIGINT, SIGTERM and SIGHUP wait for all of it (`HeldSignals`); a working folder
/// left by a SIGKILL is removed by the next render, which holds an flock(2) on DIR.
public struct RenderWriter: Sendable {
    static let workPrefix = ".causeway-work-"

    public let destination: String
    /// A render narrowed with --site/--only: keep causeway's files that it does not write
    /// (nothing is removed); a full render removes those it no longer produces.
    public let merge: Bool
    /// Folders (`diagram/`) a full render does not cover: causeway's files there, from an
    /// earlier render that asked for them, stay its own and in place.
    public let keeping: [String]

    public init(destination: String, merge: Bool, keeping: [String] = []) {
        self.destination = destination
        self.merge = merge
        self.keeping = keeping
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ d: String) { description = d }
    }

    /// What a write did beyond writing the files.
    public struct Outcome: Sendable {
        /// Files of an earlier render that this one no longer produces.
        public var removed: [String] = []
        /// Things worth a warning (leftovers of older causeway versions, files not removed).
        public var warnings: [String] = []
    }

    private var dir: String {
        let url = destination.hasPrefix("/") ? URL(fileURLWithPath: destination)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(destination)
        let p = url.standardizedFileURL.path
        return p.count > 1 && p.hasSuffix("/") ? String(p.dropLast()) : p
    }

    /// Whether DIR can take this render, without writing anything (apply asks before it changes AWS).
    public func check() throws {
        let dir = self.dir
        switch Kind(dir) {
        case .absent: return
        case .directory: _ = try ownership(dir)
        case .symlink: throw linkFailure(dir)
        default: throw Failure("\(destination) exists and is not a folder; give a new folder, an empty one, or one causeway rendered before")
        }
    }

    @discardableResult
    public func write(_ files: [RenderedFile]) throws -> Outcome {
        if let bad = files.first(where: { !RenderManifest.isSafe($0.path) }) {
            throw Failure("refusing to write outside the output folder: \(bad.path)")
        }
        let held = HeldSignals()
        defer { held.release() }
        let dir = self.dir
        var outcome = Outcome()
        outcome.warnings = olderLeftovers(dir)

        var created = false
        switch Kind(dir) {
        case .absent:
            let parent = (dir as NSString).deletingLastPathComponent
            do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) }
            catch { throw Failure("cannot create \(parent): \(error.localizedDescription)") }
            if mkdir(dir, 0o755) == 0 { created = true }
            else if errno != EEXIST { throw Failure("cannot create \(destination): \(errorText())") }
            if Kind(dir) != .directory { throw Failure("\(destination) is not a folder") }
        case .directory: break
        case .symlink: throw linkFailure(dir)
        default: throw Failure("\(destination) exists and is not a folder; give a new folder, an empty one, or one causeway rendered before")
        }
        do {
            try write(files, into: dir, outcome: &outcome)
        } catch {
            if created { rmdir(dir) }
            throw error
        }
        return outcome
    }

    private func write(_ files: [RenderedFile], into dir: String, outcome: inout Outcome) throws {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw Failure("cannot open \(destination): \(errorText())") }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            throw Failure("another causeway is writing \(destination) (it holds the folder's lock); try again when it has finished")
        }
        // Under the lock no other causeway writes here: a working folder is a SIGKILLed run's.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        where name.hasPrefix(Self.workPrefix) && Kind(dir + "/" + name) == .directory {
            try? FileManager.default.removeItem(atPath: dir + "/" + name)
        }
        let old = try ownership(dir)
        let new = RenderManifest(rendered: files)
        let owned = old?.paths ?? []
        let union = (old ?? RenderManifest([])).adding(new)
        let kept = RenderManifest((old?.files ?? []).filter { e in keeping.contains { e.path.hasPrefix($0) } && !new.paths.contains(e.path) })
        let final = merge ? union : kept.adding(new)

        let obstacles = files.compactMap { obstacle(for: $0.path, in: dir, owned: owned) }
        guard obstacles.isEmpty else {
            throw Failure("""
                cannot render into \(destination) without overwriting what is not causeway's; nothing written:
                \(obstacles.prefix(5).map { "  - \($0)" }.joined(separator: "\n"))\(obstacles.count > 5 ? "\n  - and \(obstacles.count - 5) more" : "")
                Move them away, or choose a new or empty folder.
                """)
        }
        var removals: [String] = []
        for path in merge ? [] : (owned.subtracting(new.paths).subtracting(kept.paths)).sorted() {
            let kind = Kind(dir + "/" + path)
            if kind == .absent { continue }
            if (kind == .file || kind == .symlink) && !hasLinkAbove(path, in: dir) {
                removals.append(path)
            } else {
                outcome.warnings.append("\(destination)/\(path) is no longer a file causeway wrote (a folder, or behind a link); left in place, and no longer causeway's")
            }
        }

        let work = dir + "/" + Self.workPrefix + "\(getpid())-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        guard mkdir(work, 0o700) == 0 else { throw Failure("cannot write in \(destination): \(errorText())") }
        defer { try? FileManager.default.removeItem(atPath: work) }
        var commit = Commit(dir: dir, backups: work + "/backup")
        do {
            try makeDirectory(work + "/backup")
            for f in files { try put(f, under: work + "/files") }
            try put(RenderManifest.fileName, try union.encoded(), at: work + "/union")
            try put(RenderManifest.fileName, try final.encoded(), at: work + "/final")
        } catch {
            throw Failure("cannot write the rendered files (\(destination) left as it was): \(error)")
        }
        do {
            if union != old { try commit.install(work + "/union", at: RenderManifest.fileName) }
            for f in files { try commit.install(work + "/files/" + f.path, at: f.path) }
            for path in removals { try commit.remove(path) }
            if final != union { try commit.install(work + "/final", at: RenderManifest.fileName) }
        } catch {
            commit.undo()
            throw Failure("cannot put the rendered files in place (\(error)); \(destination) is left as it was")
        }
        for path in removals { removeEmptyFolders(above: path, in: dir) }
        fsync(fd)
        outcome.removed = removals
    }

    /// Who owns DIR: nil when it is empty, the manifest when causeway rendered it; refused otherwise.
    private func ownership(_ dir: String) throws -> RenderManifest? {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { !$0.hasPrefix(Self.workPrefix) }.sorted() }
        catch { throw Failure("cannot read \(destination): \(error.localizedDescription)") }
        let manifestPath = dir + "/" + RenderManifest.fileName
        if names.contains(RenderManifest.fileName) {
            let problem: String
            if Kind(manifestPath) != .file {
                problem = "it is not a regular file"
            } else if let data = FileManager.default.contents(atPath: manifestPath) {
                switch RenderManifest.decode(data) {
                case .success(let m): return m
                case .failure(let p): problem = p.description
                }
            } else {
                problem = "it cannot be read (\(errorText()))"
            }
            throw Failure("""
                \(destination)/\(RenderManifest.fileName) cannot be trusted: \(problem). causeway replaces and removes \
                only what that manifest lists, so it writes nothing here. Choose a new or empty folder, or, if \
                everything in \(destination) is causeway's output, remove the folder and render again.
                """)
        }
        guard names.isEmpty else {
            let shown = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", … (\(names.count) entries)" : "")
            throw Failure("""
                \(destination) is not empty and causeway did not render it (no \(RenderManifest.fileName)): it holds \(shown). \
                causeway writes only into a new or empty folder, or one it rendered before, so it never replaces \
                files that are not its own. Choose a new or empty folder, e.g. --out out/NAME.
                """)
        }
        return nil
    }

    /// Why `path` cannot be written in DIR, if something not causeway's is in its way.
    private func obstacle(for path: String, in dir: String, owned: Set<String>) -> String? {
        let parts = path.split(separator: "/").map(String.init)
        var rel = ""
        for part in parts.dropLast() {
            rel += (rel.isEmpty ? "" : "/") + part
            switch Kind(dir + "/" + rel) {
            case .absent: return nil
            case .directory: continue
            case .symlink: return "\(rel) is a symbolic link (causeway does not write through links)"
            default: return "\(rel) is a file where causeway needs a folder"
            }
        }
        switch Kind(dir + "/" + path) {
        case .absent: return nil
        case .file, .symlink: return owned.contains(path) ? nil : "\(path) exists and causeway did not write it"
        case .directory: return "\(path) is a folder"
        case .other: return "\(path) is not a regular file"
        }
    }

    private func hasLinkAbove(_ path: String, in dir: String) -> Bool {
        var rel = ""
        for part in path.split(separator: "/").dropLast() {
            rel += (rel.isEmpty ? "" : "/") + part
            if Kind(dir + "/" + rel) != .directory { return true }
        }
        return false
    }

    private func removeEmptyFolders(above path: String, in dir: String) {
        var parts = path.split(separator: "/").dropLast()
        while !parts.isEmpty, rmdir(dir + "/" + parts.joined(separator: "/")) == 0 { parts = parts.dropLast() }
    }

    /// Folders an older causeway left beside DIR when it was killed (`.NAME.causeway-new-*`,
    /// `-old-*`). Named, not removed: an `-old-` one may hold the folder's only previous copy.
    private func olderLeftovers(_ dir: String) -> [String] {
        let parent = (dir as NSString).deletingLastPathComponent, name = (dir as NSString).lastPathComponent
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        return names.filter { $0.hasPrefix(".\(name).causeway-new-") || $0.hasPrefix(".\(name).causeway-old-") }.sorted().map {
            "\((parent as NSString).appendingPathComponent($0)) was left by an interrupted render of an earlier causeway; it may hold keys or the folder's previous contents: look, then remove it"
        }
    }

    private func linkFailure(_ dir: String) -> Failure {
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: dir)) ?? "?"
        return Failure("\(destination) is a symbolic link (to \(target)); causeway writes only into a real folder: give the folder itself")
    }

    /// Creates one file with its mode set at creation (no window with wider permissions).
    private func put(_ f: RenderedFile, under root: String) throws {
        try put(f.path, Data(f.contents.utf8), at: root + "/" + f.path, mode: f.mode)
    }

    private func put(_ name: String, _ bytes: Data, at path: String, mode: UInt16 = 0o644) throws {
        try makeDirectory((path as NSString).deletingLastPathComponent)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode_t(mode))
        guard fd >= 0 else { throw Failure("\(name): \(errorText())") }
        defer { close(fd) }
        // The umask may have narrowed the mode; set it exactly.
        guard fchmod(fd, mode_t(mode)) == 0 else { throw Failure("\(name): \(errorText())") }
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Failure("\(name): \(errorText())") }
            off += n
        }
        guard fsync(fd) == 0 else { throw Failure("\(name): \(errorText())") }
    }

    private func makeDirectory(_ path: String) throws {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        catch { throw Failure("cannot create a working folder: \(error.localizedDescription)") }
    }
}

/// The steps that put a render in place, with what undoes each.
private struct Commit {
    let dir: String
    let backups: String
    private var steps: [Step] = []

    enum Step {
        case madeFolder(String)
        case created(String)
        case replaced(String, backup: String)
        case removed(String, backup: String)
    }

    init(dir: String, backups: String) { self.dir = dir; self.backups = backups }

    /// Renames a staged file over `path`, keeping the file it replaces as a backup.
    mutating func install(_ staged: String, at path: String) throws {
        var rel = ""
        for part in path.split(separator: "/").dropLast() {
            rel += (rel.isEmpty ? "" : "/") + part
            if Kind(dir + "/" + rel) == .absent {
                guard mkdir(dir + "/" + rel, 0o755) == 0 else { throw RenderWriter.Failure("\(rel): \(errorText())") }
                steps.append(.madeFolder(dir + "/" + rel))
            }
        }
        let target = dir + "/" + path
        if Kind(target) != .absent {
            let backup = backups + "/\(steps.count)"
            // A hard link keeps the old file at its path until the rename replaces it; a file
            // system without hard links gets it moved aside for that instant.
            guard link(target, backup) == 0 || rename(target, backup) == 0 else {
                throw RenderWriter.Failure("\(path): \(errorText())")
            }
            steps.append(.replaced(target, backup: backup))
            guard rename(staged, target) == 0 else { throw RenderWriter.Failure("\(path): \(errorText())") }
        } else {
            guard rename(staged, target) == 0 else { throw RenderWriter.Failure("\(path): \(errorText())") }
            steps.append(.created(target))
        }
    }

    /// Moves a file of the earlier render into the backups (removed with the working folder).
    mutating func remove(_ path: String) throws {
        let backup = backups + "/\(steps.count)"
        guard rename(dir + "/" + path, backup) == 0 else { throw RenderWriter.Failure("\(path): \(errorText())") }
        steps.append(.removed(dir + "/" + path, backup: backup))
    }

    func undo() {
        for step in steps.reversed() {
            switch step {
            case .madeFolder(let p): rmdir(p)
            case .created(let p): unlink(p)
            case .replaced(let p, let b), .removed(let p, let b): rename(b, p)
            }
        }
    }
}

/// SIGINT, SIGTERM and SIGHUP wait while an output folder is written (milliseconds), then act as
/// they would have: stopping in the middle is what left working folders holding keys and
/// half-replaced folders behind. A handler that records the signal rather than sigprocmask:
/// sigprocmask holds a signal for the calling thread only, and a process-directed signal goes to
/// any thread that does not block it (https://man7.org/linux/man-pages/man7/signal.7.html);
/// causeway's commands run on a Swift concurrency thread, not always the main one.
final class HeldSignals {
    private static let signals = [SIGINT, SIGTERM, SIGHUP]
    private var previous: [(Int32, sigaction)] = []

    init() {
        heldSignal.pointee = 0
        for s in Self.signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { heldSignal.pointee = $0 }
            action.sa_flags = SA_RESTART
            sigfillset(&action.sa_mask)
            var old = sigaction()
            sigaction(s, &action, &old)
            previous.append((s, old))
        }
    }

    /// Restores the earlier handlers and delivers a signal that arrived meanwhile to them.
    func release() {
        for (s, old) in previous {
            var o = old
            sigaction(s, &o, nil)
        }
        previous = []
        let s = heldSignal.pointee
        heldSignal.pointee = 0
        guard s != 0 else { return }
        // This thread may be a dispatch worker, which blocks these signals: unblock it here so
        // the signal acts now, in this thread, rather than stay pending.
        var set = sigset_t(), old = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, s)
        pthread_sigmask(SIG_UNBLOCK, &set, &old)
        raise(s)
        pthread_sigmask(SIG_SETMASK, &old, nil)
    }
}

/// The signal that arrived while held; one word, so the handler may store it.
nonisolated(unsafe) private let heldSignal: UnsafeMutablePointer<sig_atomic_t> = {
    let p = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
    p.initialize(to: 0)
    return p
}()

private enum Kind: Equatable {
    case absent, file, directory, symlink, other

    init(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { self = .absent; return }
        switch st.st_mode & S_IFMT {
        case S_IFREG: self = .file
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symlink
        default: self = .other
        }
    }
}

private func errorText() -> String { String(cString: strerror(errno)) }
