import ArgumentParser
import CausewayAWS
import CausewayCore
import CausewayRender
import Foundation

struct ImportTerraformOutputs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terraform-outputs",
        abstract: "Import a VPN connection's tunnel values from Terraform's outputs (or its state file).",
        discussion: """
        Reads what `terraform output -json` prints, or a Terraform state file (format
        version 4, `terraform.tfstate`), and takes per tunnel N the outputs
        tunnelN_address, tunnelN_cgw_inside_address, tunnelN_vgw_inside_address and,
        when present, tunnelN_inside_cidr, tunnelN_preshared_key, tunnelN_bgp_asn and
        tunnelN_bgp_holdtime: the names of `aws_vpn_connection`'s attributes, as S0's
        Terraform outputs them. The names
        causeway's own Terraform render outputs (CONNECTION_tunnelN_address, …) are
        read first. The facts go to DIR/NAME.facts.json and the keys to
        DIR/NAME.secrets.json with mode 0600, as `causeway import aws-vpn-config` does
        (DIR is --state-dir, default .causeway beside the topology file); `causeway
        render` then uses them. Keys are never printed, nor is any value Terraform
        marks sensitive.

        Connections: --connection, else the topology's only one, else every connection
        whose CONNECTION_tunnel1_address output is there. Outputs that do not fit the
        connection are refused and nothing is written: inside addresses outside their
        /30, inside CIDRs or keys `causeway check` would reject, an Amazon-side ASN other
        than the topology's gateway's, or an ASN on a static connection.

        Exit status: 0 imported, 1 an output is missing or does not fit, 2 the file
        cannot be used (unreadable, not JSON, not an output document or a version 4 state).

        Examples:
          terraform output -json > outputs.json
          causeway import terraform-outputs outputs.json --topology examples/s0-eks-onprem-db.yaml
          causeway import terraform-outputs terraform.tfstate --topology site.yaml --connection backup
        """)

    @Argument(help: "`terraform output -json`'s document or a Terraform state file.") var document: String
    @Option(help: "The topology file the connection belongs to.") var topology: String
    @Option(help: "The connection's name in the topology.") var connection: String?
    @Option(name: [.customLong("state-dir"), .customLong("out")], help: "Folder for the deployed facts (default: .causeway beside the topology).") var stateDir: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    /// Output names for tunnel `i`'s value: causeway's (prefixed by the connection), then S0's.
    static func names(_ connection: String) -> (Int, TerraformTunnelOutput) -> [String] {
        { i, v in [TerraformNames.output(connection, i, v.rawValue), "tunnel\(i)_\(v.rawValue)"] }
    }

    func run() throws {
        let t = try TopologyInput.loadOrExit(topology)
        let text = try readImportDocument(document, kind: "JSON")
        let outputs: TerraformOutputs
        do {
            outputs = try TerraformOutputs(document: text)
        } catch {
            printErr("causeway: \(document): \(error)")
            throw Exit.unusable
        }
        let chosen: [VPNConnection]
        if let connection {
            guard let c = t.vpnConnection(connection) else {
                printErr("causeway: \(topology) has no VPN connection `\(connection)`; it has: \(t.vpnConnections.map(\.name).joined(separator: ", "))")
                throw Exit.findings
            }
            chosen = [c]
        } else if t.vpnConnections.count == 1 {
            chosen = t.vpnConnections
        } else {
            chosen = t.vpnConnections.filter { outputs.values[TerraformNames.output($0.name, 1, "address")] != nil }
            guard !chosen.isEmpty else {
                printErr("causeway: \(document) has no CONNECTION_tunnel1_address output for any of the \(t.vpnConnections.count) VPN connections of \(topology) (\(t.vpnConnections.map(\.name).joined(separator: ", "))); say which one the outputs are with --connection")
                throw Exit.findings
            }
        }
        var imported: [(name: String, facts: ConnectionFacts)] = []
        var keys: [String: PreSharedKey] = [:]
        var refused = false
        for c in chosen {
            do {
                let (facts, k) = try outputs.facts(connection: c, in: t, idNames: [TerraformNames.id(c.name, "id")], names: Self.names(c.name))
                let mismatches = facts.asnMismatches(c, t) + facts.checkedValues(keys: k, c, t)
                for m in mismatches { printErr("causeway: \(document): \(m)") }
                if !mismatches.isEmpty {
                    printErr("causeway: \(document) does not fit connection `\(c.name)` of \(topology)")
                    refused = true
                }
                imported.append((c.name, facts))
                keys.merge(k) { _, new in new }
            } catch {
                printErr("causeway: \(document): \(error)")
                refused = true
            }
        }
        if refused {
            printErr("causeway: nothing was imported")
            throw Exit.findings
        }
        try saveImported(imported, keys: keys, source: "\(outputs.format.rawValue) as " + imported.map { "`\($0.name)`" }.joined(separator: ", "),
                         topology: t, file: topology, stateDir: stateDir, format: format)
    }
}
