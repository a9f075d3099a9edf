/// Why a topology cannot be brought up in the lab (a missing value, something the lab cannot
/// emulate), or why a lab step failed. Messages say what to do.
public struct LabPlanError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
