/// How often and how long to retry: exponential backoff with full jitter
/// (delay = random(0 ..< min(maxDelay, baseDelay · 2^(attempt-1)))), as AWS's SDKs do.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first one included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(20)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The wait before retry number `retry` (1 for the first retry), given a uniform `unit` in 0..<1.
    public func delay(beforeRetry retry: Int, unit: Double) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let ceiling = min(maxDelay, baseDelay * (1 << exponent))
        return ceiling * min(max(unit, 0), 1)
    }

    /// Error codes AWS uses for throttling and transient faults.
    public static let retryableCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "RequestThrottled", "TooManyRequestsException", "RequestLimitExceeded", "BandwidthLimitExceeded",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException", "TransactionInProgressException",
        "ProvisionedThroughputExceededException", "RequestTimeout", "RequestTimeoutException",
        "InternalError", "InternalFailure", "ServiceUnavailable", "Unavailable", "IDPCommunicationError",
    ]
}

/// Waits; injectable so tests of the retry loop run instantly.
public protocol Sleeper: Sendable {
    func sleep(for duration: Duration) async throws
}

/// The real sleeper: `Task.sleep`.
public struct TaskSleeper: Sleeper {
    public init() {}
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
