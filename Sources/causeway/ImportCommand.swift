import ArgumentParser
import CausewayAWS
import CausewayCore
import Foundation

struct ImportVerb: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring values AWS chose into a topology's deployed facts.",
        subcommands: [ImportAWSVPNConfig.self, ImportTerraformOutputs.self])
}

struct ImportAWSVPNConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aws-vpn-config",
        abstract: "Import AWS's customer gateway configuration (Generic format) of one VPN connection.",
        discussion: """
        Reads the XML the console's "Download configuration" (vendor Generic) gives,
        or a DescribeVpnConnections response, into the topology's deployed facts: per
        tunnel the outside and inside addresses, ASNs, proposals and DPD go to
        DIR/NAME.facts.json, the pre-shared keys to DIR/NAME.secrets.json with mode
        0600 (DIR is --state-dir, default .causeway beside the topology file).
        `causeway render` then uses them. Keys are never printed.

        The connection is --connection, else the one whose `id:` matches the document,
        else the topology's only connection. A document that does not fit it is refused
        and nothing is written, each mismatch named: static routing against BGP (or the
        reverse), another customer gateway's address, ASNs or gateway kind that differ,
        ids the topology pins, and inside CIDRs or keys `causeway check` would reject.

        Exit status: 0 imported, 1 the document or the connection does not fit, 2 a
        file cannot be used (unreadable, not XML, nested too deep or too large).

        Examples:
          causeway import aws-vpn-config vpn-0a1b2c.xml --topology examples/s1-cloudformation-static.yaml
          causeway import aws-vpn-config describe.xml --topology site.yaml --connection backup
        """)

    @Argument(help: "The configuration document (XML).") var document: String
    @Option(help: "The topology file the connection belongs to.") var topology: String
    @Option(help: "The connection's name in the topology.") var connection: String?
    @Option(help: "Folder for the deployed facts (default: .causeway beside the topology).") var stateDir: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        let t = try TopologyInput.loadOrExit(topology)
        let text = try readImportDocument(document)
        let config: VpnConnectionConfiguration
        do {
            config = try VpnConnectionConfiguration(document: text)
        } catch VpnConfigurationError.notXML(let error) {
            printErr("causeway: \(document): \(error)")
            throw Exit.unusable
        } catch {
            printErr("causeway: \(document): \(error)")
            throw Exit.findings
        }
        let name: String
        if let connection {
            guard t.vpnConnection(connection) != nil else {
                printErr("causeway: \(topology) has no VPN connection `\(connection)`; it has: \(t.vpnConnections.map(\.name).joined(separator: ", "))")
                throw Exit.findings
            }
            name = connection
        } else if let byID = t.vpnConnections.first(where: { $0.id == config.connectionId }) {
            name = byID.name
        } else if t.vpnConnections.count == 1 {
            name = t.vpnConnections[0].name
        } else {
            printErr("causeway: \(topology) has \(t.vpnConnections.count) VPN connections; say which one \(config.connectionId) is with --connection (\(t.vpnConnections.map(\.name).joined(separator: ", ")))")
            throw Exit.findings
        }
        let mismatches = config.mismatches(with: t, connection: name)
        guard mismatches.isEmpty else {
            for m in mismatches { printErr("causeway: \(document): \(m)") }
            printErr("causeway: \(document) (\(config.connectionId)) does not fit connection `\(name)` of \(topology); nothing was imported")
            throw Exit.findings
        }
        let (facts, keys) = config.facts(connection: name)
        try saveImported([(name, facts)], keys: keys, source: "\(config.connectionId) as `\(name)`", topology: t, file: topology,
                         stateDir: stateDir, format: format)
    }
}

/// The text of an imported document; one larger than the XML reader's limit (far above what AWS
/// or Terraform write for a few connections) or unreadable ends the command with exit 2.
func readImportDocument(_ document: String, kind: String = "XML") throws -> String {
    if let size = (try? FileManager.default.attributesOfItem(atPath: document))?[.size] as? Int,
       size > XMLTree.maxDocumentBytes {
        let tooLarge = XMLParseError.tooLarge(bytes: size, limit: XMLTree.maxDocumentBytes).description
        printErr("causeway: \(document): \(tooLarge.replacingOccurrences(of: "XML", with: kind))")
        throw Exit.unusable
    }
    guard let data = FileManager.default.contents(atPath: document) else {
        printErr("causeway: cannot read \(document)")
        throw Exit.unusable
    }
    return String(decoding: data, as: UTF8.self)
}

/// What `import` printed with --format json: one connection (aws-vpn-config) or several (terraform-outputs).
struct ImportReport: Encodable {
    var connection: String
    var facts: ConnectionFacts
    var factsFile: String
    var secretsFile: String
    var outsideAddressChanges: [OutsideAddressChange]
}

/// Merges imported facts and keys into the topology's facts store (keys 0600, never printed)
/// and prints what came in: a table (text) or one `ImportReport` per connection (JSON; a single
/// object when one connection was imported).
func saveImported(_ imported: [(name: String, facts: ConnectionFacts)], keys: [String: PreSharedKey], source: String,
                  topology t: Topology, file: String, stateDir: String?, format: OutputFormat) throws {
    let store = FactsStore(topologyFile: file, topology: t.name, stateDir: stateDir)
    let changes = try usingFacts { try store.merge(imported.map(\.facts), keys: keys) }
    if format == .json {
        let reports = imported.map { i in
            ImportReport(connection: i.name, facts: i.facts, factsFile: store.factsPath, secretsFile: store.secretsPath,
                         outsideAddressChanges: changes.filter { $0.connection == i.name })
        }
        print(try reports.count == 1 ? jsonString(reports[0]) : jsonString(reports))
        return
    }
    var rows: [[String]] = []
    for (name, facts) in imported {
        for tf in facts.tunnels {
            func proposal(_ e: String?, _ i: String?, _ g: String?, _ l: Int?) -> String {
                e.map { "\($0)/\(i ?? "?")/\(g ?? "?") \(l.map(String.init) ?? "?")s" } ?? "not in the source"
            }
            rows.append(["\(name)/\(tf.index)", "AWS \(tf.awsOutsideIP)", "CGW \(tf.customerOutsideIP)",
                         "inside \(tf.insideCIDR) (AWS \(tf.awsInsideAddress), CGW \(tf.customerInsideAddress))",
                         tf.awsASN.map { "BGP \(tf.customerASN.map(String.init) ?? "?") ↔ \($0)" }
                             ?? (t.vpnConnection(name)?.routing == .bgp ? "BGP (ASNs not in the source)" : "static"),
                         "IKE " + proposal(tf.ikeEncryption, tf.ikeIntegrity, tf.ikeGroup, tf.ikeLifetimeSeconds),
                         "IPsec " + proposal(tf.ipsecEncryption, tf.ipsecIntegrity, tf.ipsecGroup, tf.ipsecLifetimeSeconds),
                         tf.dpdDelaySeconds.map { "DPD \($0)s×\(tf.dpdRetries ?? 0)" } ?? ""])
        }
    }
    print("imported \(source) of \(t.name)")
    print(columns(rows))
    print("facts: \(store.factsPath); \(keys.count) pre-shared keys: \(store.secretsPath) (mode 0600)")
    for c in changes { print("changed: \(c)") }
    print("next: causeway render \(file) --out DIR\(stateDir.map { " --state-dir \($0)" } ?? "")")
}
