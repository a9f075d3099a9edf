import ArgumentParser
import CausewayAWS
import CausewayCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where and as whom to call EC2: shared by plan, apply, status and destroy.
struct AWSOptions: ParsableArguments {
    @Option(help: "EC2 endpoint URL (default https://ec2.REGION.amazonaws.com; moto: http://127.0.0.1:PORT).")
    var endpoint: String?
    @Option(help: "AWS region (default: the topology's `region`).")
    var region: String?
    @Option(help: "Profile of the shared credentials file (default: AWS_PROFILE, else `default`); used instead of AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.")
    var profile: String?
    @Option(help: "Seconds between polls while waiting on a state.")
    var pollInterval: Double = 5
    @Option(help: "Longest wait for one resource's state, in seconds.")
    var waitTimeout: Double = 900
    @Option(help: ArgumentHelp(
        "Longest time one EC2 request may take, in seconds, from sending it to the last byte of the answer.",
        discussion: "After two timeouts in a row the command stops calling the endpoint and fails, naming the call.",
        valueName: "seconds"))
    var timeout: Double = 30

    var waits: WaitPolicy {
        WaitPolicy(pollInterval: .milliseconds(Int(max(0.01, pollInterval) * 1000)), timeout: .seconds(max(0, waitTimeout)))
    }

    /// A client for the topology's region (or --region), with credentials from the environment
    /// or the shared credentials file. Exits 2 with a message when they are missing.
    func client(for topology: Topology) throws -> EC2Client {
        var environment = ProcessInfo.processInfo.environment
        if let profile {
            environment["AWS_PROFILE"] = profile
            for k in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] { environment[k] = nil }
        }
        let resolved: ResolvedCredentials
        do {
            resolved = try CredentialSource.resolve(environment: environment)
        } catch {
            printErr("causeway: \(error)")
            throw Exit.unusable
        }
        var url: URL?
        if let endpoint {
            guard let u = URL(string: endpoint), let scheme = u.scheme, ["http", "https"].contains(scheme), u.host != nil else {
                printErr("causeway: --endpoint \(endpoint) is not an http(s) URL (e.g. http://127.0.0.1:5000)")
                throw Exit.unusable
            }
            url = u
        }
        guard timeout.isFinite, timeout > 0, timeout <= 86_400 else {
            printErr("causeway: --timeout \(timeout) is not a number of seconds between 0 and 86400 (e.g. --timeout 30)")
            throw Exit.unusable
        }
        // libcurl under FoundationNetworking does not hold URLSession's resource timeout against
        // a peer that trickles bytes; DeadlineTransport enforces the deadline itself.
        let deadline = Duration.milliseconds(Int((timeout * 1000).rounded(.up)))
        let transport = DeadlineTransport(URLSessionTransport(requestTimeout: timeout, resourceTimeout: timeout), timeout: deadline)
        return EC2Client(credentials: resolved.credentials, region: region ?? topology.region, endpoint: url, transport: transport)
    }
}

/// Reads what exists, printing a clear message and exiting 1 when the endpoint fails.
func readObserved(_ topology: Topology, _ client: EC2Client) async throws -> ObservedState {
    do {
        return try await ObservedStateReader(client: client).read(topology)
    } catch {
        printErr("causeway: cannot read what exists in \(client.region) at \(client.endpoint.absoluteString): \(error)")
        throw Exit.findings
    }
}

/// Loads FILE, reads what exists in AWS and plans the changes: the start of `plan` and `apply`.
func planChanges(file: String, aws: AWSOptions) async throws -> (topology: Topology, client: EC2Client, plan: Plan) {
    let topology = try TopologyInput.loadOrExit(file)
    let client = try aws.client(for: topology)
    let observed = try await readObserved(topology, client)
    let secrets = EnvironmentSecretResolver(topologyFile: file).resolveAll(topology)
    return (topology, client, Planner(topology: topology, observed: observed, secrets: secrets).plan())
}

/// Deployed facts and imported keys of one topology: `DIR/NAME.facts.json` (plain) and
/// `DIR/NAME.secrets.json` (mode 0600), DIR defaulting to `.causeway` beside the topology file.
struct FactsStore {
    let directory: String
    let topology: String

    init(topologyFile: String, topology: String, stateDir: String?) {
        let base = (topologyFile as NSString).deletingLastPathComponent
        directory = stateDir ?? (base.isEmpty ? ".causeway" : "\(base)/.causeway")
        self.topology = topology
    }

    var factsPath: String { "\(directory)/\(topology).facts.json" }
    var secretsPath: String { "\(directory)/\(topology).secrets.json" }

    func load() throws -> (facts: DeployedFacts?, keys: [String: PreSharedKey]) {
        var facts: DeployedFacts?
        if let data = FileManager.default.contents(atPath: factsPath) {
            do { facts = try JSONDecoder().decode(DeployedFacts.self, from: data) } catch {
                throw ValidationError("\(factsPath) is not a causeway facts file: \(error)")
            }
        }
        var keys: [String: PreSharedKey] = [:]
        if let data = FileManager.default.contents(atPath: secretsPath) {
            guard let raw = try? JSONDecoder().decode([String: String].self, from: data) else {
                throw ValidationError("\(secretsPath) is not a causeway secrets file")
            }
            keys = raw.mapValues(PreSharedKey.init)
        }
        return (facts, keys)
    }

    /// Writes both files atomically (temporary file + rename), the secrets with mode 0600 from creation.
    func save(_ facts: DeployedFacts, keys: [String: PreSharedKey]) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try writeAtomically(factsPath, try enc.encode(facts), mode: 0o644)
        if !keys.isEmpty {
            try writeAtomically(secretsPath, try enc.encode(keys.mapValues(\.revealed)), mode: 0o600)
        }
    }

    func remove() {
        unlink(factsPath)
        unlink(secretsPath)
    }
}

/// Creates `path` with `data` and exactly `mode`, via a temporary file renamed into place.
func writeAtomically(_ path: String, _ data: Data, mode: mode_t) throws {
    let temp = "\(path).tmp-\(getpid())"
    unlink(temp)
    let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
    guard fd >= 0 else { throw ValidationError("cannot write \(path): \(String(cString: strerror(errno)))") }
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
        throw ValidationError("cannot write \(path): \(e)")
    }
}

/// Prints apply/destroy progress on stderr.
let stderrProgress: @Sendable (ApplyEvent) -> Void = { event in
    switch event {
    case .started(let i, let total, let summary): printErr("[\(i)/\(total)] \(summary)")
    case .finished(_, _, let id): if let id { printErr("        done: \(id)") }
    case .waiting(let what): printErr("        waiting for \(what)")
    case .note(let text): printErr("        note: \(text)")
    }
}

/// The topology with deployed facts overlaid, and the key map for renderers (imported keys win:
/// they are what AWS has). Prints which values came from the facts.
func withDeployedFacts(_ topology: Topology, file: String, stateDir: String?, quiet: Bool = false)
    throws -> (topology: Topology, keys: [String: PreSharedKey]) {
    let store = FactsStore(topologyFile: file, topology: topology.name, stateDir: stateDir)
    let (facts, keys) = try store.load()
    var secrets = EnvironmentSecretResolver(topologyFile: file).resolveAll(topology)
    secrets.merge(keys) { _, imported in imported }
    guard let facts else { return (topology, secrets) }
    let (overlaid, changes) = FactsOverlay.apply(facts, to: topology)
    if !quiet && !changes.isEmpty {
        printErr("causeway: using deployed facts from \(store.factsPath):")
        for c in changes { printErr("  \(c)") }
    }
    return (overlaid, secrets)
}
