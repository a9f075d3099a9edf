import ArgumentParser
import CausewayAWS
import CausewayCore

struct DestroyVerb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy",
        abstract: "Delete every AWS resource tagged with the topology's name, in reverse order.",
        discussion: """
        Deletes only resources tagged causeway:topology=NAME: VPN connections, transit
        gateway VPC attachments, transit gateway route tables, transit gateways,
        customer gateways, virtual private gateways (detached first), route tables,
        internet gateways, subnets and VPCs, waiting for each detach and delete.
        Adopted resources (`id:` in the topology) are never touched. A VPC's main
        table and a transit gateway's default table are untagged and go with their
        owner. Running it again when everything is gone does nothing. After a full
        destroy the deployed facts of the topology are removed.

        Exit status: 0 all deleted (or nothing to delete), 1 a deletion failed, 2 the
        topology or the credentials cannot be used.

        Examples:
          causeway destroy examples/s4-tgw-segmentation.yaml --endpoint http://127.0.0.1:5000
          causeway destroy site.yaml --dry-run
        """)

    @Argument(help: "The topology file (YAML); only its name and region are used.") var file: String
    @OptionGroup var aws: AWSOptions
    @Option(help: "Folder of the deployed facts (default: .causeway beside the topology).") var stateDir: String?
    @Flag(help: "List what would be deleted, delete nothing.") var dryRun = false
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    struct Report: Encodable {
        var topology: String
        var deleted: [OwnedResource]
        var failed: Failed?
        var remaining: [OwnedResource]
        var dryRun: Bool
    }
    struct Failed: Encodable { var resource: OwnedResource; var error: String }

    func run() async throws {
        let topology = try TopologyInput.loadOrExit(file)
        let workflow = try aws.workflow(for: topology)
        let observed = try await readObserved(AWSResources(topology), workflow)
        let targets = Destroyer.targets(observed)
        if dryRun || targets.isEmpty {
            if format == .json {
                print(try jsonString(Report(topology: topology.name, deleted: [], failed: nil, remaining: targets, dryRun: dryRun)))
            } else if targets.isEmpty {
                print("Nothing to destroy: no resource is tagged causeway:topology=\(topology.name).")
            } else {
                for t in targets { print("- delete \(t.kind.rawValue) \(t.key) (\(t.id))") }
                print("\(targets.count) resources would be deleted.")
            }
            if targets.isEmpty && !dryRun { FactsStore(topologyFile: file, topology: topology.name, stateDir: stateDir).remove() }
            return
        }
        printErr("causeway: destroying \(targets.count) resources tagged causeway:topology=\(topology.name) in \(workflow.client.region)")
        let result = await workflow.destroy(observed, progress: stderrProgress)
        let failed = result.failure.map { Failed(resource: $0.resource, error: $0.error) }
        if format == .json {
            print(try jsonString(Report(topology: topology.name, deleted: result.deleted, failed: failed, remaining: result.remaining, dryRun: false)))
        } else {
            for d in result.deleted { print("deleted \(d.kind.rawValue) \(d.key) (\(d.id))") }
        }
        if let failed {
            printErr("error: destroy stopped at \(failed.resource.kind.rawValue) \(failed.resource.key) (\(failed.resource.id)): \(failed.error)")
            printErr("  \(result.deleted.count) deleted, \(result.remaining.count + 1) left; run destroy again after fixing the cause")
            throw Exit.findings
        }
        FactsStore(topologyFile: file, topology: topology.name, stateDir: stateDir).remove()
        if format == .text { print("Destroy complete: \(result.deleted.count) resources deleted.") }
    }
}
