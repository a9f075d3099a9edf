import ArgumentParser
import CausewayCore
import CausewayLab
import CausewayRender
import Foundation

extension LabOptions {
    /// Loads FILE and plans its faithful lab (keys as for the namespace lab).
    func faithfulPlan(file: String, fault: ReintroducedFault? = nil) throws -> FaithfulLabPlan {
        let t = try TopologyInput.loadOrExit(file)
        let labName = name ?? LabPlan.defaultName(for: t)
        var g = SystemRandomNumberGenerator()
        let secrets = LabSecrets.complete(t, resolved: EnvironmentSecretResolver(topologyFile: file).resolveAll(t), using: &g)
        do {
            return try FaithfulLabPlan(topology: t, secrets: secrets, name: labName, root: root, fault: fault)
        } catch let e as LabPlanError {
            printErr(e.diagnostic?.formatted ?? "causeway: cannot build a faithful lab for \(file): \(e)")
            throw Exit.unusable
        } catch let e as RenderError {
            for d in e.diagnostics(in: t) { printErr(d.formatted) }
            printErr("causeway: cannot build a faithful lab for \(file)")
            throw Exit.unusable
        } catch let e as RenderFailure {
            for d in e.diagnostics(in: t) { printErr(d.formatted) }
            printErr("causeway: cannot build a faithful lab for \(file)")
            throw Exit.unusable
        }
    }

    /// Brings the faithful lab up (Ctrl-C and failures remove it), or exits with why.
    func bringFaithfulUp(_ plan: FaithfulLabPlan, file: String) throws -> (FaithfulLabRunner, FaithfulLabRunner.Running) {
        SignalTrap.install()
        let runner = faithfulRunner
        return (runner, try bringingUp("lab up --faithful") { try runner.up(plan, topologyFile: file) })
    }

    var faithfulRunner: FaithfulLabRunner {
        let progress: @Sendable (String) -> Void = { line in printErr("lab: \(line)") }
        return FaithfulLabRunner(lab: runner, hypervisor: GatewayHypervisors.system(progress: progress))
    }
}

/// What `lab up --faithful` tells before it starts: addresses, what runs where, what stands in.
func describeFaithful(_ plan: FaithfulLabPlan) -> String {
    var out = ["lab \(plan.name) (faithful): outside addresses (nothing is configured with the topology's own public addresses)"]
    out.append(columns(plan.aws.mapping.map { [$0.role, $0.original.map(\.description) ?? "(chosen by AWS)", "→", $0.lab.description] }))
    out.append("AWS end: the namespace lab's (one charon per tunnel with kernel-libipsec, FRR edges with AWS's timers, VPC and TGW tables): it is not what you install, and its stand-in is already measured")
    for g in plan.gateways {
        out.append("site \(g.site): VM \(g.vm) (Debian 12, \(g.flavour.rawValue), \(g.memoryMiB) MiB), cards \(g.nics.map { "\($0.device) \($0.addresses.joined(separator: " "))" }.joined(separator: "; "))")
        if let s = g.standIn { out.append("  stand-in: \(s)") }
        out.append("  runs the production files of sites/\(g.site) from \(g.folder), README steps: \(g.steps.count)")
        for s in g.preparation + g.steps where s.substitution != nil {
            out.append("  substituted: `\(s.line)` → \(s.substitution!)")
        }
    }
    if !plan.members.isEmpty { out.append("LAN routers and hosts (namespaces on the gateway's wire): \(plan.members.map { "\($0.name) \($0.address)" }.joined(separator: ", "))") }
    if let f = plan.fault { out.append("REINTRODUCED FAULT on purpose: \(f.rawValue)") }
    return out.joined(separator: "\n")
}

/// The predicted-vs-measured table both lab tests print.
func matrixTable(_ checks: [LabCheck]) -> String {
    columns([["from", "to", "predicted", "measured", ""]] + checks.map {
        [$0.from, $0.to, $0.predicted ? "✓" : "✗ \($0.reason ?? "")", $0.measured ? "✓" : "✗", $0.agree ? "ok" : "DISAGREE"]
    })
}

/// `lab test`'s DNS checks: each name, from where, the predicted and the measured answer.
func dnsTable(_ checks: [LabDNSCheck]) -> String {
    func answer(_ a: [IPv4Address], _ why: String?) -> String { a.isEmpty ? "✗ \(why ?? "no answer")" : a.map(\.description).joined(separator: ", ") }
    return columns([["name", "from", "server", "predicted", "measured", ""]] + checks.map {
        [$0.name, "\($0.client) \($0.from)", "\($0.server)", answer($0.predicted, $0.reason), answer($0.measured, nil), $0.agree ? "ok" : "DISAGREE"]
    })
}
