import ArgumentParser
import CausewayCore

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the normalised model (defaults filled in, secrets redacted).",
        discussion: """
        Examples:
          causeway show examples/s0-eks-onprem-db.yaml --format json
        """)

    @Argument(help: "The topology file (YAML).") var file: String
    @Option(help: "Output format (json).") var format: OutputFormat = .json

    func run() throws {
        let t = try TopologyInput.loadOrExit(file)
        print(try jsonString(t))
    }
}
