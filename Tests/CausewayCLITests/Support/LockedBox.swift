import Foundation

/// A value behind a lock (the moto harness's stop flag).
final class LockedBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    func set(_ value: T) { lock.lock(); stored = value; lock.unlock() }
    var value: T { lock.lock(); defer { lock.unlock() }; return stored }
}
