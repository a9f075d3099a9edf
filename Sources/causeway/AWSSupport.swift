import ArgumentParser
import CausewayAWS
import CausewayCore
import Foundation

/// Where and as whom to call EC2: shared by plan, apply, status and destroy.
struct AWSOptions: ParsableArguments {
    @Option(help: "EC2 endpoint URL (default https://ec2.REGION.amazonaws.com; moto: http://127.0.0.1:PORT).")
    var endpoint: EndpointURL?
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
        let resolved = try exiting(Exit.unusable) { try CredentialSource.resolve(environment: environment) }
        guard timeout.isFinite, timeout > 0, timeout <= 86_400 else {
            printErr("causeway: --timeout \(timeout) is not a number of seconds between 0 and 86400 (e.g. --timeout 30)")
            throw Exit.unusable
        }
        // libcurl under FoundationNetworking does not hold URLSession's resource timeout against
        // a peer that trickles bytes; DeadlineTransport enforces the deadline itself.
        let deadline = Duration.milliseconds(Int((timeout * 1000).rounded(.up)))
        let transport = DeadlineTransport(URLSessionTransport(requestTimeout: timeout, resourceTimeout: timeout), timeout: deadline)
        return EC2Client(credentials: resolved.credentials, region: region ?? topology.region, endpoint: endpoint?.url, transport: transport)
    }
}

/// An http(s) URL with a host (`http://127.0.0.1:5000`), as `--endpoint` takes it.
struct EndpointURL: ExpressibleByArgument {
    var url: URL
    init?(argument: String) {
        guard let u = URL(string: argument), let scheme = u.scheme, ["http", "https"].contains(scheme), u.host != nil else { return nil }
        url = u
    }
    var defaultValueDescription: String { url.absoluteString }
}

extension AWSOptions {
    /// The workflow for the topology's region (or --region), with credentials from the
    /// environment or the shared credentials file. Exits 2 with a message when they are missing.
    func workflow(for topology: Topology) throws -> AWSWorkflow {
        AWSWorkflow(client: try client(for: topology), waits: waits)
    }
}

/// Reads what exists, printing a clear message and exiting 1 when the endpoint fails.
func readObserved(_ resources: AWSResources, _ workflow: AWSWorkflow) async throws -> ObservedState {
    do {
        return try await workflow.observe(resources)
    } catch {
        printErr("causeway: \(error)")
        throw Exit.findings
    }
}

/// Loads FILE, reads what exists in AWS and plans the changes: the start of `plan` and `apply`.
func planChanges(file: String, aws: AWSOptions) async throws -> (topology: Topology, workflow: AWSWorkflow, plan: Plan) {
    let topology = try TopologyInput.loadOrExit(file)
    var workflow = try aws.workflow(for: topology)
    // Client VPN certificates given as PEM files; the render's PKI and connect handler are not wired yet.
    workflow.clientVPNMaterial = PEMFileMaterial(topologyFile: file)
    let secrets = EnvironmentSecretResolver(topologyFile: file).resolveAll(topology)
    do {
        return (topology, workflow, try await workflow.plan(topology, secrets: secrets))
    } catch {
        printErr("causeway: \(error)")
        throw Exit.findings
    }
}

/// Runs a facts-store step; a facts or secrets file that cannot be used is a usage error, as
/// ArgumentParser reports it.
func usingFacts<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as FactsStoreError { throw ValidationError(e.description) }
}

func usingFacts<T>(_ body: () async throws -> T) async throws -> T {
    do { return try await body() } catch let e as FactsStoreError { throw ValidationError(e.description) }
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
    let secrets = EnvironmentSecretResolver(topologyFile: file).resolveAll(topology)
    let overlay = try usingFacts { try store.overlay(topology, secrets: secrets) }
    if !quiet && !overlay.changes.isEmpty {
        printErr("causeway: using deployed facts from \(store.factsPath):")
        for c in overlay.changes { printErr("  \(c)") }
    }
    return (overlay.topology, overlay.keys)
}
