import ArgumentParser
import CausewayCore
import CausewayLab
import CausewayRender
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Options every `lab` verb shares: which lab, and where labs keep their state.
struct LabOptions: ParsableArguments {
    @Option(help: "The lab's name (default: the topology name's first word, e.g. s4). It prefixes every namespace: cw-NAME-….")
    var name: String?
    @Option(help: ArgumentHelp("Folder for the labs' state and files.", visibility: .hidden))
    var root: String = LabPlan.defaultRoot

    var runner: LabRunner {
        LabRunner(root: root, progress: { line in printErr("lab: \(line)") })
    }

    /// The lab to act on: --name, else the one FILE names, else the only lab that is up.
    func resolveName(file: String?) throws -> String {
        if let name { return name }
        if let file { return LabPlan.defaultName(for: try TopologyInput.loadOrExit(file)) }
        let up = LabState.names(root: root)
        if up.count == 1 { return up[0] }
        printErr(up.isEmpty ? "causeway: no lab is up (start one with `causeway lab up FILE`)"
                            : "causeway: several labs are up (\(up.joined(separator: ", "))); pass --name")
        throw Exit.unusable
    }

    func requireMachine() throws {
        if let why = LabRunner.preflight() {
            printErr("causeway: \(why)")
            throw Exit.unusable
        }
    }

    /// Loads FILE and plans its lab (keys resolved, the missing ones generated and kept in 0600
    /// files only). Input problems exit 2.
    func plan(file: String) throws -> LabPlan {
        try building("a lab", from: file) { t, secrets, labName in
            try LabPlan(topology: t, secrets: secrets, name: labName, root: root, clientVPN: try clientVPNMaterial(t, file: file, lab: labName))
        }
    }

    /// The Client VPN endpoints' certificates and keys for the lab's stand-ins: the PEM files the
    /// topology names, checked as `render` checks them, and a PKI made for this lab where causeway
    /// makes the certificates (nothing is saved: each `lab up` makes its own, written only into
    /// the lab's folder with the other files). A certificate that cannot be used prints its
    /// diagnostic and exits 2.
    func clientVPNMaterial(_ t: Topology, file: String, lab: String) throws -> [String: ClientVPNMaterial] {
        let prepared = ClientVPNMaterialStore(out: "\(root)/\(lab)", topologyFile: file).prepare(t)
        guard prepared.problems.isEmpty else {
            for d in prepared.problems { printErr(d.formatted) }
            printErr("causeway: cannot build a lab for \(file)")
            throw Exit.unusable
        }
        return prepared.material
    }

    /// Loads FILE, completes its keys and builds `what` from it (a namespace or a faithful lab
    /// plan); a topology the lab cannot take prints its diagnostics and exits 2.
    func building<Plan>(_ what: String, from file: String,
                        _ build: (Topology, [String: PreSharedKey], String) throws -> Plan) throws -> Plan {
        let t = try TopologyInput.loadOrExit(file)
        let labName = name ?? LabPlan.defaultName(for: t)
        var g = SystemRandomNumberGenerator()
        let secrets = LabSecrets.complete(t, resolved: EnvironmentSecretResolver(topologyFile: file).resolveAll(t), using: &g)
        do {
            return try build(t, secrets, labName)
        } catch let e as LabPlanError {
            printErr(e.diagnostic?.formatted ?? "causeway: cannot build \(what) for \(file): \(e)")
            throw Exit.unusable
        } catch let e as RenderError {
            for d in e.diagnostics(in: t) { printErr(d.formatted) }
            printErr("causeway: cannot build \(what) for \(file)")
            throw Exit.unusable
        } catch let e as RenderFailure {
            for d in e.diagnostics(in: t) { printErr(d.formatted) }
            printErr("causeway: cannot build \(what) for \(file)")
            throw Exit.unusable
        }
    }

    func state(_ name: String) throws -> LabState {
        guard let s = try LabState.load(root: root, name: name) else {
            printErr("causeway: lab `\(name)` is not up (start it with `causeway lab up FILE`)")
            throw Exit.unusable
        }
        return s
    }
}

/// SIGINT and SIGTERM set the interruption flag; the lab stops at its next step and cleans up.
/// A plain handler, not a dispatch signal source: libdispatch on Linux blocks the signal only in
/// its own thread, and with the disposition set to ignore, a signal delivered to any other
/// thread was dropped (seen under load: `up` went on and left the lab standing).
enum SignalTrap {
    static func install() {
        _ = Interruption.shared.signalled  // initialise before a handler can run
        for s in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { _ in Interruption.shared.signalled.pointee = 1 }
            action.sa_flags = SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(s, &action, nil)
        }
    }
}

func formatSeconds(_ s: Double) -> String { String(format: "%.1f s", s) }

/// Brings a lab up: Ctrl-C (the runner removed what it started) exits 130, a failure exits 1
/// naming `step`.
func bringingUp<T>(_ step: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch is LabInterrupted {
        printErr("causeway: interrupted; the lab was removed")
        throw ExitCode(130)
    } catch {
        printErr("causeway: \(step) failed: \(error)")
        throw Exit.findings
    }
}

/// Runs a lab test: Ctrl-C exits 130.
func interruptible<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch is LabInterrupted {
        printErr("causeway: interrupted")
        throw ExitCode(130)
    }
}
