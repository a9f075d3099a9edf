import ArgumentParser
import CausewayCore
import CausewayLab

/// `lab test`'s TCP probe (hidden: run by `lab test` inside a lab namespace for an intent with
/// `protocol: tcp`): `--listen ADDRESS` accepts connections for `--seconds`; `--from` and `--to`
/// make one connection. Exit 0 listened or connected, 1 not.
struct LabTCPProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tcp-probe",
        abstract: "Listen on, or connect to, one TCP port inside a lab namespace (run by `lab test`).",
        shouldDisplay: false)

    @Option(help: "Listen on this address.") var listen: String?
    @Option(help: "Connect from this address.") var from: String?
    @Option(help: "Connect to this address.") var to: String?
    @Option(help: "The TCP port.") var port: Int
    @Option(help: "How long to listen, or to wait for the connection.") var seconds: Double = 2

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1–65535") }
        guard seconds > 0, seconds <= 300 else { throw ValidationError("--seconds must be more than 0 and at most 300") }
        guard (listen != nil) != (from != nil || to != nil), listen != nil || (from != nil && to != nil) else {
            throw ValidationError("give --listen ADDRESS, or --from ADDRESS and --to ADDRESS")
        }
    }

    func run() throws {
        func address(_ s: String, _ flag: String) throws -> IPv4Address {
            guard let a = IPv4Address(s) else { throw ValidationError("\(flag) \(s) is not an IPv4 address") }
            return a
        }
        if let listen {
            guard LabTCPProbe.listen(try address(listen, "--listen"), port, seconds: seconds) else { throw Exit.findings }
        } else if let from, let to {
            guard LabTCPProbe.connects(from: try address(from, "--from"), to: try address(to, "--to"), port: port, seconds: seconds) else { throw Exit.findings }
        }
    }
}
