import ArgumentParser
import CausewayAWS
import CausewayCore
import CausewayOutput
import CausewayRender
import Foundation

struct ApplyVerb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Create or update the AWS side of a topology through the EC2 API, idempotently.",
        discussion: """
        Makes the plan (see `causeway plan`) and carries it out step by step, printing
        progress on stderr and waiting on AWS states (VGW `attached`, transit gateway
        and attachments `available`, associations `associated`). Every resource it
        creates is tagged causeway:topology=NAME and causeway:key=KEY, so a second
        apply finds it and changes nothing. A failing step stops the run with a report
        (the step, AWS's code and message, what is already in place); running apply
        again continues without duplicates.

        Afterwards the VPN connections' customer gateway configuration is read back
        into the deployed facts (DIR/NAME.facts.json, keys in DIR/NAME.secrets.json
        with mode 0600; DIR is --state-dir, default .causeway beside the topology
        file), outside addresses that changed since the last facts are named, and with
        --render-out the customer gateway files are rendered again from the new facts.
        Before it starts, apply names each change that takes a tunnel down (see `causeway
        plan`) and the sites whose files the changes make stale (a replaced customer
        gateway, a new key or inside CIDR): re-load those files on the gateway after the
        apply.

        Exit status: 0 applied (or nothing to do), 1 a step failed or conflicts
        stopped it, 2 the topology or the credentials cannot be used.

        Examples:
          causeway apply examples/s4-tgw-segmentation.yaml --endpoint http://127.0.0.1:5000 --region ap-northeast-2
          causeway apply site.yaml --profile prod --render-out out/site
        """)

    @Argument(help: "The topology file (YAML).") var file: String
    @OptionGroup var aws: AWSOptions
    @Option(help: "Folder for the deployed facts and imported keys (default: .causeway beside the topology).") var stateDir: String?
    @Option(help: "After applying, render the customer gateway files into this folder from the new facts (new, empty, or rendered by causeway before).") var renderOut: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    struct Report: Encodable {
        var topology: String
        var changes: Int
        var completed: [PlanStep]
        var failed: FailedStep?
        var notApplied: [PlanStep]
        var conflicts: [Diagnostic]
        var outsideAddressChanges: [OutsideAddressChange]
        /// Customer-side files the changes make stale, by connection.
        var reRender: [ReRender]
        var factsFile: String?
        var renderedTo: String?
    }
    struct FailedStep: Encodable { var index: Int; var step: PlanStep; var code: String?; var error: String }

    func run() async throws {
        if let renderOut {
            // Refuse a folder the render could not use before AWS is changed, not after.
            do { try RenderWriter(destination: renderOut, merge: false).check() } catch {
                printErr("causeway: --render-out: \(error)")
                throw Exit.unusable
            }
        }
        var (topology, workflow, plan) = try await planChanges(file: file, aws: aws)
        if let renderOut { workflow.clientVPNMaterial = try keptPKI(topology, in: renderOut) }
        var report = Report(topology: topology.name, changes: plan.steps.count, completed: [], failed: nil, notApplied: [],
                            conflicts: plan.conflicts, outsideAddressChanges: [], reRender: plan.reRender)
        for n in plan.notes { printErr(n.formatted) }
        guard plan.conflicts.isEmpty else {
            for c in plan.conflicts { printErr(c.formatted) }
            printErr("causeway: apply refused: \(plan.conflicts.count) conflict\(plan.conflicts.count == 1 ? "" : "s") need a decision first; nothing was changed")
            if format == .json { print(try jsonString(report)) }
            throw Exit.findings
        }
        let advice = ReRenderAdvice(plan, topology: topology, file: file, stateDir: stateDir)
        if plan.hasChanges {
            printErr("causeway: applying \(plan.steps.count) change\(plan.steps.count == 1 ? "" : "s") to \(topology.name) in \(workflow.client.region): \(plan.outageSummary)")
            for s in plan.steps where s.outage != .inPlace { printErr("  \(s.summary)  [\(s.outage.label)]") }
            for l in advice.lines { printErr("causeway: " + l) }
        } else {
            printErr("causeway: no changes: AWS already matches \(topology.name)")
        }
        let result = await workflow.apply(plan, progress: stderrProgress)
        report.completed = result.completed
        if let f = result.failure {
            report.failed = FailedStep(index: f.index, step: f.step, code: f.code, error: f.error)
            report.notApplied = f.remaining
            printFailure(f, result, plan)
        }

        let store = FactsStore(topologyFile: file, topology: topology.name, stateDir: stateDir)
        if let refresh = try await usingFacts({ try await workflow.refreshFacts(topology, ids: result.ids, store: store) }) {
            try printRefresh(refresh, topology, advice: advice, report: &report)
        }
        if format == .json {
            print(try jsonString(report))
        } else if result.failure == nil {
            print(plan.hasChanges ? "Apply complete: \(report.completed.count) change\(report.completed.count == 1 ? "" : "s") made." : "No changes: AWS matches the topology.")
        }
        if result.failure != nil { throw Exit.findings }
    }

    /// The certificates causeway makes, from the PKI a render keeps in `folder`. Apply never makes
    /// a CA itself: one made here and lost after a failed apply would leave ACM holding a server
    /// certificate no kept CA can issue clients for.
    func keptPKI(_ topology: Topology, in folder: String) throws -> any ClientVPNMaterialSource {
        let store = ClientVPNMaterialStore(out: folder, topologyFile: file), pki = store.prepare(topology)
        for d in pki.problems { printErr(d.formatted) }
        if !pki.problems.isEmpty { throw Exit.findings }
        let rendered = RenderedClientVPNMaterial(topology: topology, material: pki.newFiles.isEmpty ? pki.material : nil)
        if !pki.newFiles.isEmpty && topology.clientVPNEndpoints.contains(where: { ClientVPNFiles.needsMaterial($0) }) {
            printErr("note: \(folder) keeps no Client VPN PKI yet; run `causeway render \(file) --out \(folder)` first: it makes the CA and certificates apply imports")
        }
        return PEMFileMaterial(topologyFile: file, fallback: rendered)
    }

    func printFailure(_ f: Applier.Failure, _ result: Applier.Result, _ plan: Plan) {
        printErr("")
        printErr("error: apply stopped at step \(f.index) of \(plan.steps.count): \(f.step.summary)")
        printErr("  AWS answered: \(f.error)")
        let inPlace = plan.existing.count + result.completed.filter { $0.action == .create || $0.action == .adopt }.count
        printErr("  in place: \(result.completed.count) step\(result.completed.count == 1 ? "" : "s") done in this run; \(inPlace) resources exist for \(plan.topology)")
        for s in result.completed { printErr("    done      \(s.summary)") }
        printErr("  not done: step \(f.index) and \(f.remaining.count) after it")
        for s in f.remaining { printErr("    pending   \(s.summary)") }
        printErr("  Fix the cause and run apply again: it continues from what exists, without duplicates.")
    }

    /// Tells what the facts refresh stored and which outside addresses changed; re-renders when asked.
    func printRefresh(_ refresh: AWSWorkflow.FactsRefresh, _ topology: Topology, advice: ReRenderAdvice, report: inout Report) throws {
        if let why = refresh.unreadable {
            printErr("warning: could not read the VPN connections' configuration: \(why)")
            return
        }
        for p in refresh.problems { printErr("warning: cannot import the configuration of \(p)") }
        guard let store = refresh.stored else { return }
        let changes = refresh.outsideAddressChanges
        report.outsideAddressChanges = changes
        report.factsFile = store.factsPath
        printErr("causeway: deployed facts of \(refresh.connections.joined(separator: ", ")) in \(store.factsPath) (keys in \(store.secretsPath), mode 0600)")
        if !changes.isEmpty {
            printErr("warning: AWS's tunnel outside addresses changed; the customer gateway must be reconfigured:")
            for c in changes { printErr("  \(c)") }
        }
        guard let renderOut else {
            if !changes.isEmpty || !advice.sites.isEmpty {
                printErr("  re-render with: causeway render \(file) --out DIR\(stateDir.map { " --state-dir \($0)" } ?? "")")
            }
            return
        }
        let (overlaid, keys) = try withDeployedFacts(topology, file: file, stateDir: stateDir, quiet: true)
        do {
            // Client VPN certificates: the PKI kept in the output, made once (as `causeway render`).
            let pkiStore = ClientVPNMaterialStore(out: renderOut, topologyFile: file), pki = pkiStore.prepare(overlaid)
            guard pki.problems.isEmpty else {
                for var d in pki.problems {
                    d.severity = .warning
                    printErr(d.formatted)
                }
                return
            }
            let files = try RenderPlan(overlaid, sites: [], only: []).run(overlaid, context: RenderContext(secrets: keys, clientVPN: pki.material))
            let outcome = try RenderWriter(destination: renderOut, merge: false, keeping: RenderTarget.foldersOnlyWhenAsked).write(files)
            _ = try pkiStore.save(pki)
            for w in outcome.warnings { printErr("warning: \(w)") }
            report.renderedTo = renderOut
            printErr("causeway: rendered \(files.count) files to \(renderOut) from the deployed facts")
            for s in advice.sites { printErr("causeway: re-load site \(s.site)'s files from \(renderOut) on its gateway (\(s.reasons.joined(separator: "; ")))") }
        } catch let e as RenderFailure {
            // After an apply a render gap is a warning: AWS is already changed.
            for var d in e.diagnostics(in: overlaid) {
                d.severity = .warning
                printErr(d.formatted)
            }
        } catch {
            printErr("warning: cannot render to \(renderOut): \(error)")
        }
    }
}
