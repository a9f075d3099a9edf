import ArgumentParser
import CausewayCore
import CausewayOutput
import CausewayRender
import CausewaySim
import Foundation

extension RenderTarget: ExpressibleByArgument {}

/// One `--only` word: a target, or several separated by commas (`frr,sysctl`).
struct RenderTargetList: ExpressibleByArgument {
    var targets: [RenderTarget]
    init?(argument: String) {
        let words = argument.split(separator: ",").map(String.init)
        let parsed = words.compactMap(RenderTarget.init(rawValue:))
        guard parsed.count == words.count else { return nil }
        targets = parsed
    }
    static var allValueStrings: [String] { RenderTarget.allCases.map(\.rawValue) }
}
extension RenderProfile: ExpressibleByArgument {}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render the customer-gateway and AWS configuration files of a checked topology.",
        discussion: """
        Writes DIR/sites/SITE/… for each customer gateway (the IPsec daemon its
        `ipsec` names, FRR, sysctl, firewall, systemd units, README.md) and DIR/aws/…
        (Terraform, CloudFormation, README.md), DIR/client-vpn/ENDPOINT/… for each
        Client VPN endpoint (the certificates ACM imports, each remote user's .ovpn
        profile, the connect handler's Lambda source), DIR/ansible/ (inventory and
        playbook), and DIR/.causeway-render.json, the manifest of what causeway wrote
        (paths, modes, digests; never a key). With --only diagram (only when asked: it
        runs the simulator's matrix, traces and every failover case): DIR/diagram/
        (topology.svg, the topology's picture with each tunnel's simulated state, and
        report.html, one self-contained page with it, the reachability matrix, traces and
        failover; --fail takes things down in their simulation only). DIR must be new,
        empty, or rendered by causeway before: there causeway replaces its own files,
        removes those a full render no longer produces (an earlier diagram is kept) and
        keeps every other file; a non-empty folder without the manifest is refused. Each file is replaced
        atomically; on any error, or SIGINT/SIGTERM while writing, DIR is left as it
        was or fully written, never half. Files holding pre-shared keys get mode 0600;
        keys are never printed. Pre-shared keys come from the topology's references:
        `psk: {env: NAME}` from the environment, `psk: {file: PATH}` relative to the
        topology file's folder. Client VPN certificates causeway makes (a CA, the
        server's, one per user) are kept in DIR/client-vpn/ENDPOINT/pki/, outside the
        manifest: a later render reuses them and never replaces or removes them;
        certificate files the topology names are checked (PEM, not expired, key and
        chain). Deployed facts (`causeway import aws-vpn-config`, or
        `causeway apply`) in --state-dir override the file's tunnel outside addresses,
        inside CIDRs and keys: they are what AWS has.

        Targets (--only): \(RenderTarget.allCases.map(\.rawValue).joined(separator: ", ")).

        With --only, exactly those targets are rendered for every selected site (also
        an IPsec target the site's `ipsec` does not name). With --site, only those
        sites (and no AWS side unless --only names terraform or cloudformation);
        existing files of other sites stay.

        Exit status: 0 written, 1 the topology has errors or values are missing
        (nothing written), 2 the file or the output folder cannot be used (nothing
        written).

        Examples:
          S0_TUNNEL1_PSK=… S0_TUNNEL2_PSK=… causeway render examples/s0-eks-onprem-db.yaml --out out/s0
          causeway render examples/s4-tgw-segmentation.yaml --out out/s4 --site onprem-c
          causeway render examples/s3-tgw-bgp-strongswan.yaml --out out/s3 --only terraform cloudformation
          causeway render examples/s5-dx-vpn-backup.yaml --out out/s5 --only diagram --fail dx:dc-transit-vif
        """)

    @Argument(help: "The topology file (YAML).") var file: String
    @Option(name: .customLong("out"), help: "The output folder: new, empty, or one causeway rendered before (its other files are kept).") var out: String
    @Option(name: .customLong("site"), help: "Render only this site (repeatable).") var sites: [String] = []
    @Option(name: .customLong("only"), parsing: .upToNextOption, help: "Render only these targets.") var only: [RenderTargetList] = []
    @Option(help: "production, or lab (no VTI parts; for `causeway lab`).") var profile: RenderProfile = .production
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @Option(name: .customLong("fail"), help: ArgumentHelp("Take something down in the diagram's simulation (repeatable; as `trace --fail`); other files are unchanged.", valueName: "REF")) var fail: [String] = []
    @Option(help: "Folder of the deployed facts from `causeway import`/`apply` (default: .causeway beside the topology).") var stateDir: String?

    struct Written: Encodable { let path: String; let mode: String }
    struct Report: Encodable { let out: String; let files: [Written]; let removed: [String] }
    struct Failure: Encodable { let diagnostics: [Diagnostic] }

    func run() throws {
        let targets = only.flatMap(\.targets)
        let loaded = try TopologyInput.loadOrExit(file)
        let (topology, secrets) = try withDeployedFacts(loaded, file: file, stateDir: stateDir)
        let resolved = ResolvedNetwork(topology)
        var context = RenderContext(secrets: secrets, profile: profile, resolved: resolved)
        for ref in fail { context.failures.insert(try exiting(Exit.unusable) { try CausewayCore.Failure.parse(ref, in: topology) }) }
        let files: [RenderedFile]
        let pkiStore = ClientVPNMaterialStore(out: out, topologyFile: file)
        var pki = ClientVPNMaterialStore.Prepared()
        do {
            let plan = try RenderPlan(topology, sites: sites, only: targets)
            if plan.steps.contains(where: { $0.target == .clientVPN }) {
                pki = pkiStore.prepare(topology)
                if !pki.problems.isEmpty { try reportGaps(pki.problems) }
                context.clientVPN = pki.material
            }
            files = try plan.run(topology, context: context)
        } catch let e as RenderFailure {
            try reportGaps(e.diagnostics(in: topology))
        } catch let e as RenderError {
            try reportGaps(e.diagnostics(in: topology))
        }
        let outcome = try exiting(Exit.unusable) { try RenderWriter(destination: out, merge: !sites.isEmpty || !targets.isEmpty,
                                                                              keeping: RenderTarget.foldersOnlyWhenAsked).write(files) }
        for w in outcome.warnings { printErr("warning: \(w)") }
        let made = try exiting(Exit.unusable) { try pkiStore.save(pki) }
        // The AWS resource description of the render's resolved network, built once for both templates' warnings.
        let aws = AWSResources(resolved)
        if files.contains(where: { $0.path.hasPrefix("aws/cloudformation/") }) {
            for d in CloudFormation.omitted(aws) + RenderRules.notPrinted(aws, template: "CloudFormation") { printErr(d.formatted) }
        }
        if files.contains(where: { $0.path.hasPrefix("aws/terraform/") }) {
            for d in Terraform.refused(aws, topology) + RenderRules.notPrinted(aws, template: "Terraform") { printErr(d.formatted) }
        }
        let written = files.map { Written(path: $0.path, mode: String($0.mode, radix: 8)) }
        if format == .json {
            print(try jsonString(Report(out: out, files: written, removed: outcome.removed)))
        } else {
            for w in written { print("\(w.mode.count < 4 ? "0" + w.mode : w.mode)  \(out)/\(w.path)") }
            let secrets = files.filter(\.isSecret).count
            printErr("causeway: wrote \(files.count) files to \(out) (\(secrets) secret file\(secrets == 1 ? "" : "s"), mode 0600)")
            if !made.isEmpty {
                printErr("causeway: made \(made.count) Client VPN certificate and key files (keys mode 0600), kept for later renders: \(made.joined(separator: ", "))")
            }
            if !outcome.removed.isEmpty {
                printErr("causeway: removed \(outcome.removed.count) file\(outcome.removed.count == 1 ? "" : "s") of the earlier render that this one no longer produces: \(outcome.removed.joined(separator: ", "))")
            }
        }
    }

    /// Prints render gaps like check's findings (and as JSON with --format json), then exits 1.
    func reportGaps(_ diagnostics: [Diagnostic]) throws -> Never {
        for d in diagnostics { printErr(d.formatted) }
        if format == .json { print(try jsonString(Failure(diagnostics: diagnostics))) }
        printErr("causeway: nothing written; \(out) is left as it was")
        throw Exit.findings
    }
}
