/// How long apply and destroy wait on AWS states (`attached`, `available`, `deleted`).
public struct WaitPolicy: Sendable, Hashable {
    public var pollInterval: Duration
    /// Longest wait for one resource.
    public var timeout: Duration

    /// VPN connections and transit gateways take minutes on AWS; 15 minutes covers them.
    public init(pollInterval: Duration = .seconds(5), timeout: Duration = .seconds(900)) {
        self.pollInterval = pollInterval
        self.timeout = timeout
    }
}

/// What apply and destroy report while they work (the command line prints it on stderr).
public enum ApplyEvent: Sendable {
    /// Step `index` (1-based) of `total` starts.
    case started(index: Int, total: Int, summary: String)
    /// It finished; `id` is the AWS id it made or touched, when there is one.
    case finished(index: Int, summary: String, id: String?)
    /// Waiting for a state (printed once per poll).
    case waiting(String)
    /// Something worth knowing that is not a failure.
    case note(String)
}

/// Why a step could not finish, besides an AWS error.
public enum ApplyError: Error, Sendable, CustomStringConvertible {
    case timedOut(what: String, after: Duration)
    case missing(String)

    public var description: String {
        switch self {
        case .timedOut(let what, let after): "gave up waiting for \(what) after \(after.components.seconds) s"
        case .missing(let key): "\(key) does not exist yet (an earlier step should have made it)"
        }
    }
}

/// Polls `check` until it says done, sleeping between polls, up to the policy's timeout.
struct Waiter: Sendable {
    let policy: WaitPolicy
    let sleeper: any Sleeper
    let progress: @Sendable (ApplyEvent) -> Void

    func until(_ what: String, _ check: () async throws -> Bool) async throws {
        var waited: Duration = .zero
        while true {
            if try await check() { return }
            if waited >= policy.timeout { throw ApplyError.timedOut(what: what, after: policy.timeout) }
            progress(.waiting(what))
            try await sleeper.sleep(for: policy.pollInterval)
            waited += policy.pollInterval
        }
    }

    /// Retries `body` while AWS answers `DependencyViolation` (a deleted attachment's network
    /// interfaces linger for a while before a subnet or VPC can go).
    func retryingDependencies(_ what: String, _ body: () async throws -> Void) async throws {
        var last: EC2Error?
        do {
            try await until(what) {
                do {
                    try await body()
                    return true
                } catch let e as EC2Error where e.code == "DependencyViolation" {
                    last = e
                    return false
                }
            }
        } catch ApplyError.timedOut(let what, let after) where last != nil {
            throw ApplyError.timedOut(what: "\(what); AWS still answers \(last!)", after: after)
        }
    }
}

extension EC2Error {
    /// AWS says the resource does not exist (`InvalidVpcID.NotFound`, …): already gone.
    var isNotFound: Bool { code?.hasSuffix(".NotFound") == true || code?.hasSuffix("NotFound") == true }
    var isNotImplemented: Bool { if case .notImplemented = self { true } else { false } }
}
