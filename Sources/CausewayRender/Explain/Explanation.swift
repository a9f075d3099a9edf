import CausewayCore

/// The steps a tunnel goes through before it carries traffic, in the order `explain` reports
/// them (docs/explain.md: what each compares and AWS's page).
public enum ExplainStep: String, Sendable, Encodable, CaseIterable {
    /// AWS accepts the VPN connection at all (check's errors on it not listed under a later step).
    case connection
    case ikeVersion = "ike_version"
    case phase1
    case phase2
    case preSharedKey = "pre_shared_key"
    case insideAddresses = "inside_addresses"
    case dpdStartup = "dpd_startup"
    case natTraversal = "nat_traversal"
    case bgpSession = "bgp_session"
    case routingMode = "routing_mode"

    /// The heading a network engineer reads.
    public var title: String {
        switch self {
        case .connection: return "AWS accepts the connection"
        case .ikeVersion: return "IKE version"
        case .phase1: return "Phase 1 (IKE SA) proposal and lifetime"
        case .phase2: return "Phase 2 (IPsec SA) proposal and lifetime"
        case .preSharedKey: return "Pre-shared key"
        case .insideAddresses: return "Inside addresses"
        case .dpdStartup: return "DPD and startup action"
        case .natTraversal: return "Outside addresses and NAT-T"
        case .bgpSession: return "BGP session"
        case .routingMode: return "Routing mode"
        }
    }
}

/// A step's outcome: it holds, it keeps the tunnel (or its BGP session) down, or it does not apply.
public enum ExplainVerdict: String, Sendable, Encodable {
    case ok, fails, skipped
}

/// One step of one tunnel: the verdict, why, what to do when it fails, and the check findings
/// that belong to it.
public struct ExplainedStep: Sendable, Encodable {
    public let step: ExplainStep
    public let verdict: ExplainVerdict
    public let reason: String
    /// What to change; nil when the step holds.
    public let fix: String?
    /// `check`'s findings about this tunnel that belong to this step.
    public let diagnostics: [Diagnostic]
}

/// Every step of one tunnel (`CONNECTION/INDEX`, as `failover` and `trace --fail` name it).
public struct ExplainedTunnel: Sendable, Encodable {
    public let tunnel: String
    public let connection: String
    public let index: Int
    /// The site whose gateway device terminates the tunnel, when the topology has one.
    public let site: String?
    public let state: ExplainedState
    public let wouldComeUp: Bool
    public let steps: [ExplainedStep]

    init(tunnel: String, connection: String, index: Int, site: String?, disabled: Bool = false, steps: [ExplainedStep]) {
        self.tunnel = tunnel
        self.connection = connection
        self.index = index
        self.site = site
        self.steps = steps
        state = disabled ? .disabled : (steps.contains { $0.verdict == .fails } ? .down : .up)
        wouldComeUp = state == .up
    }

    /// The steps that keep the tunnel down.
    public var failing: [ExplainedStep] { steps.filter { $0.verdict == .fails } }
}

/// A tunnel's outcome: it would come up, it would not, or its device leaves it down on purpose
/// (`disabled: true` in the device's tunnel settings, e.g. S1's script configures one tunnel).
public enum ExplainedState: String, Sendable, Encodable {
    case up, down, disabled
}

/// What `explain` found for the tunnels asked about.
public struct Explanation: Sendable, Encodable {
    public let tunnels: [ExplainedTunnel]
    /// Findings about the customer-side folder (`--customer`): what could not be read.
    public let customerDiagnostics: [Diagnostic]
    /// Every tunnel meant to come up would (a tunnel its device disables is not meant to).
    public var allComeUp: Bool { !tunnels.contains { $0.state == .down } }
}

/// A step's outcome while it is being worked out: problems (each with its fix) and facts.
struct StepFindings {
    var facts: [String] = []
    var problems: [(what: String, fix: String)] = []
    var skippedBecause: String?

    mutating func fact(_ s: String) { facts.append(s) }
    mutating func problem(_ what: String, fix: String) { problems.append((what, fix)) }

    func result(_ step: ExplainStep, diagnostics: [Diagnostic]) -> ExplainedStep {
        let failing = !problems.isEmpty || !diagnostics.isEmpty
        if !failing, let why = skippedBecause {
            return ExplainedStep(step: step, verdict: .skipped, reason: why, fix: nil, diagnostics: [])
        }
        let reasons = diagnostics.map { "\($0.message) [\($0.rule)]" } + problems.map(\.what) + (failing ? [] : facts)
        let fixes = problems.map(\.fix) + (diagnostics.isEmpty ? [] : ["fix the finding\(diagnostics.count == 1 ? "" : "s") above (`causeway check`)"])
        return ExplainedStep(step: step, verdict: failing ? .fails : .ok,
                             reason: reasons.joined(separator: "; "),
                             fix: failing ? fixes.uniqued().joined(separator: "; ") : nil,
                             diagnostics: diagnostics)
    }
}
