import ArgumentParser
import CausewayLab
import Foundation

/// The lab's stand-in for Route 53's health checkers (hidden: `lab up` starts it by PID in the
/// lab's route53 node when a public hosted zone has failover records).
struct LabHealthChecker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health-checker",
        abstract: "Probe the lab's health checks and switch the authoritative server's failover answers (started by `lab up`).",
        shouldDisplay: false)

    @Option(help: "The checker's configuration (JSON, written by `lab up`).") var config: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: config) else {
            printErr("causeway: cannot read \(config)")
            throw Exit.unusable
        }
        let c: HealthCheckerConfig
        do { c = try JSONDecoder().decode(HealthCheckerConfig.self, from: data) } catch {
            printErr("causeway: \(config) is not a health checker configuration: \(error)")
            throw Exit.unusable
        }
        HealthCheckerDaemon(config: c).run()
    }
}
