import ArgumentParser
import CausewayCore
import CausewayRender
import Foundation

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain, step by step, whether each tunnel would come up, and what to fix when not.",
        discussion: """
        For each tunnel (CONNECTION/INDEX, as `failover` names them; none given = all),
        compares AWS's side (the tunnel options with AWS's defaults, the resolved
        connection, the topology's pre-shared key) with the customer gateway's side:
        what `causeway render` writes for it, or with --customer the files in a folder
        (what `render --out` wrote, or what is deployed). Steps: connection, IKE version,
        phase 1 and phase 2 proposals and lifetimes, pre-shared key (compared, never
        printed), inside addresses, DPD and startup action, outside addresses and NAT-T,
        BGP session (ASNs, addresses, hold time, FRR's eBGP policy, prefix budget),
        routing mode. check's findings about a tunnel are listed under their step.
        Exit status: 0 every tunnel would come up, 1 some would not, 2 bad input.
        docs/explain.md says what each step compares and AWS's page for it.

        Examples:
          S0_TUNNEL1_PSK=… S0_TUNNEL2_PSK=… causeway explain examples/s0-eks-onprem-db.yaml
          causeway explain examples/s3-tgw-bgp-strongswan.yaml vpn/1 --format json
          causeway explain examples/s3-tgw-bgp-strongswan.yaml --customer out/s3/sites/idc
        """)

    @Argument(help: "The topology file (YAML).") var file: String
    @Argument(help: "Tunnels as CONNECTION/INDEX (e.g. vpn/1); none = every tunnel.") var tunnels: [String] = []
    @Option(help: "A folder of the customer gateway's files (swanctl.conf, ipsec.conf/ipsec.secrets, Libreswan's ipsec.d, frr.conf) to compare instead of what causeway renders.")
    var customer: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        let r = TopologyInput.read(file)
        guard let topology = r.topology, !r.isFatal else {
            for d in r.diagnostics where d.severity == .error { printErr(d.formatted) }
            throw Exit.unusable
        }
        let secrets = EnvironmentSecretResolver(topologyFile: file).resolveAll(topology)
        let explainer = Explainer(topology: topology, diagnostics: r.diagnostics, secrets: secrets)
        let unknown = tunnels.filter { !explainer.tunnelKeys.contains($0) }
        if !unknown.isEmpty {
            printErr("causeway: no tunnel \(unknown.joined(separator: ", ")) in \(file); tunnels: \(explainer.tunnelKeys.joined(separator: ", "))")
            throw Exit.unusable
        }
        var folder: CustomerFolder?
        if let customer { folder = try exiting(Exit.unusable) { try CustomerFiles.read(customer) } }
        let e = explainer.explain(tunnels, customer: folder)
        if format == .json {
            print(try jsonString(e))
        } else {
            print(Self.text(e))
        }
        if !e.allComeUp { throw Exit.findings }
    }

    static func headline(_ t: ExplainedTunnel) -> String {
        switch t.state {
        case .up: return "✔ would come up"
        case .down: return "✘ would not come up: \(t.failing.map(\.step.rawValue).joined(separator: ", "))"
        case .disabled: return "– disabled on the gateway device (not meant to come up)"
        }
    }

    /// One block per tunnel, ✔/✘ per step, the fix under a failing step.
    static func text(_ e: Explanation) -> String {
        var out: [String] = e.customerDiagnostics.map(\.formatted)
        for t in e.tunnels {
            if !out.isEmpty { out.append("") }
            out.append("tunnel \(t.tunnel)\(t.site.map { " (site \($0))" } ?? ""): \(Self.headline(t))")
            for s in t.steps {
                let mark = s.verdict == .ok ? "✔" : (s.verdict == .fails ? "✘" : "–")
                out.append("  \(mark) \(s.step.title): \(s.reason)")
                if let fix = s.fix { out.append("      fix: \(fix)") }
            }
        }
        return out.joined(separator: "\n")
    }
}

/// Reads a customer-gateway folder for `explain --customer`: every regular text file under it
/// (the parser picks the ones it knows by name).
enum CustomerFiles {
    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    static func read(_ dir: String) throws -> CustomerFolder {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw Unreadable(description: "\(dir): not a folder; pass the folder `render --out` wrote (or a site's folder in it)")
        }
        let root = URL(fileURLWithPath: dir)
        var files: [(path: String, contents: String)] = []
        let walk = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey])
        while let url = walk?.nextObject() as? URL {
            let v = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
            guard v?.isRegularFile == true, (v?.fileSize ?? 0) < 1_048_576,
                  let data = FileManager.default.contents(atPath: url.path) else { continue }
            let rel = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count)).drop { $0 == "/" }
            files.append(("\(dir.hasSuffix("/") ? String(dir.dropLast()) : dir)/\(rel)", String(decoding: data, as: UTF8.self)))
        }
        return CustomerFolder(files: files)
    }
}
