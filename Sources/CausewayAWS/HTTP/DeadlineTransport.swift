import Foundation

/// Gives every request a total deadline that holds whatever the peer does (silent after the
/// connect, headers and then a byte every few seconds), and stops trying once the endpoint has
/// timed out `maxConsecutiveTimeouts` times in a row, so retries cannot stretch a command's
/// time on a dead endpoint without limit.
///
/// The request runs in its own task and the caller waits on a one-shot continuation that the
/// first of three things resumes: the response, the deadline, or the caller's cancellation.
/// The caller therefore returns at the deadline even when the underlying transport ignores
/// cancellation (FoundationNetworking's libcurl backend does not honour
/// `timeoutIntervalForResource` against a trickling peer).
public final class DeadlineTransport: HTTPTransport, @unchecked Sendable {
    public let base: any HTTPTransport
    /// The longest one request may take, from sending to the last byte of the response.
    public let timeout: Duration
    /// Timeouts in a row after which every further request fails at once.
    public let maxConsecutiveTimeouts: Int

    /// Where the request's own task runs: nil, the cooperative pool. (The request task is
    /// unstructured, so it does not inherit a caller's executor preference; a test that must not
    /// wait for a pool busy with other suites passes its own thread.)
    public let executor: (any TaskExecutor)?

    private let lock = NSLock()
    private var consecutiveTimeouts = 0

    public init(_ base: any HTTPTransport, timeout: Duration, maxConsecutiveTimeouts: Int = 2, executor: (any TaskExecutor)? = nil) {
        self.base = base
        self.timeout = timeout
        self.maxConsecutiveTimeouts = max(1, maxConsecutiveTimeouts)
        self.executor = executor
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let url = request.url.absoluteString
        let seconds = Self.seconds(timeout)
        let spent = lock.withLock { consecutiveTimeouts }
        if spent >= maxConsecutiveTimeouts {
            throw HTTPTransportError(kind: .timedOut, url: url,
                                     detail: "no complete response within \(seconds) s, \(spent) times in a row; not calling it again")
        }
        let race = Race()
        let result: Result<HTTPResponse, any Error> = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<HTTPResponse, any Error>, Never>) in
                race.start(continuation)
                let base = self.base, timeout = self.timeout
                let work = Task(executorPreference: self.executor) {
                    do { race.finish(.success(try await base.send(request))) } catch { race.finish(.failure(error)) }
                }
                // A dispatch timer, not a sleeping task: it fires even when every thread of the
                // cooperative pool is busy.
                // (A late firing after the answer is ignored by `race`.)
                DispatchQueue.global().asyncAfter(deadline: .now() + Self.interval(timeout)) {
                    race.finish(.failure(HTTPTransportError(kind: .timedOut, url: url,
                                                            detail: "no complete response within \(seconds) s")))
                }
                race.onFinish { work.cancel() }
            }
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
        switch result {
        case .success(let response):
            lock.withLock { consecutiveTimeouts = 0 }
            return response
        case .failure(let error):
            if let e = error as? HTTPTransportError, e.kind == .timedOut {
                lock.withLock { consecutiveTimeouts += 1 }
            }
            throw error
        }
    }

    static func interval(_ d: Duration) -> DispatchTimeInterval {
        .nanoseconds(Int(clamping: d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000))
    }

    static func seconds(_ d: Duration) -> String {
        let s = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return s == s.rounded() ? String(Int(s)) : String(format: "%.1f", s)
    }
}

/// A one-shot result: the first `finish` resumes the waiting caller, later ones are ignored.
private final class Race: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Result<HTTPResponse, any Error>, Never>?
    private var early: Result<HTTPResponse, any Error>?
    private var done = false
    private var cleanup: (@Sendable () -> Void)?

    func start(_ c: CheckedContinuation<Result<HTTPResponse, any Error>, Never>) {
        let pending: Result<HTTPResponse, any Error>? = lock.withLock {
            if let early { return early }
            continuation = c
            return nil
        }
        if let pending { c.resume(returning: pending) }
    }

    /// Runs `body` when the race is decided (at once if it already is).
    func onFinish(_ body: @escaping @Sendable () -> Void) {
        let now: Bool = lock.withLock {
            if done { return true }
            cleanup = body
            return false
        }
        if now { body() }
    }

    func finish(_ result: Result<HTTPResponse, any Error>) {
        let (c, body): (CheckedContinuation<Result<HTTPResponse, any Error>, Never>?, (@Sendable () -> Void)?) = lock.withLock {
            if done { return (nil, nil) }
            done = true
            if continuation == nil { early = result }
            defer { continuation = nil; cleanup = nil }
            return (continuation, cleanup)
        }
        c?.resume(returning: result)
        body?()
    }
}
