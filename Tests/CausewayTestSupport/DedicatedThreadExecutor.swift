import Foundation

/// A task executor with a thread of its own. Swift Testing runs every suite of the package in
/// one process on the cooperative pool (one thread per core); synchronous tests that wait on
/// tools (terraform, swanctl, the CLI) hold those threads, and an async test that measures a
/// deadline then measures the pool instead (a 3 s deadline seen as 65 s on a 2-core CI machine).
/// Timing tests run their body with this executor as the task's preference, so their
/// continuations resume here whatever the pool is doing.
public final class DedicatedThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    public init(name: String) {
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = name
        thread.stackSize = 8 << 20
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        jobs.append(unowned)
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }

    /// One for the whole test process (it lives as long as the process).
    public static let timing = DedicatedThreadExecutor(name: "causeway-test-timing")
}

/// Runs `body` preferring the timing executor (see `DedicatedThreadExecutor`).
public func withOwnThread<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
    try await withTaskExecutorPreference(DedicatedThreadExecutor.timing, operation: body)
}

/// Runs blocking work (waiting on a process for minutes) on a thread of its own. Swift Testing
/// runs tests on the cooperative pool, which has one thread per core: a test that blocks it
/// starves every async test running beside it (moto's clients timed out on a 2-core machine).
/// `body` must not record issues: expectations stay in the calling test.
public func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
