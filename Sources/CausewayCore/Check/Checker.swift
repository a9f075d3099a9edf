/// A group of AWS rules checked over the whole topology.
public protocol TopologyCheck: Sendable {
    associatedtype Rules: RuleCatalogue
    /// The rules this check declares, each once.
    static var rule: Rules { get }
    /// The rules of `rule`, in declaration order (the catalog's order).
    var rules: [Rule] { get }
    func check(_ topology: Topology) -> [Diagnostic]
}

extension TopologyCheck {
    public var rules: [Rule] { Self.rule.all }
}

/// A check's rules as the stored properties of one value: each rule is declared once, by name,
/// and the list of them is read from the declarations rather than written again.
public protocol RuleCatalogue: Sendable {}

extension RuleCatalogue {
    /// Every rule declared, in declaration order.
    public var all: [Rule] { Mirror(reflecting: self).children.compactMap { $0.value as? Rule } }
}

/// Runs every check over a loaded topology.
public struct Checker: Sendable {
    public var checks: [any TopologyCheck]

    public init(checks: [any TopologyCheck] = Checker.standard) { self.checks = checks }

    /// The standard set of checks, in pipeline order.
    public static let standard: [any TopologyCheck] = [
        ReferenceChecks(), AddressingChecks(), TunnelChecks(), TunnelOptionChecks(), ASNChecks(),
        RoutingChecks(), TransitGatewayChecks(), GatewayDeviceChecks(), VPNOptionChecks(), DirectConnectChecks(),
        CustomerGatewayChecks(), OuterAddressChecks(),
        PrefixListChecks(), PeeringChecks(), DNSChecks(), FailoverChecks(), EKSChecks(),
        ClientVPNChecks(), IntentChecks(),
    ]

    /// Every rule the tool knows (loader and checks), by id.
    public static var catalog: [Rule] {
        var seen = Set<String>()
        return (LoadRules.all + standard.flatMap(\.rules)).filter { seen.insert($0.id).inserted }
    }

    /// Every finding once (options shared by both tunnels are reported once), in file order.
    public func check(_ topology: Topology) -> [Diagnostic] {
        var seen = Set<String>()
        return checks.flatMap { $0.check(topology) }
            .filter { seen.insert("\($0.rule)|\($0.location)|\($0.message)").inserted }
            .sorted { ($0.location.line, $0.location.column, $0.rule, $0.message) < ($1.location.line, $1.location.column, $1.rule, $1.message) }
    }
}

/// Load and check in one step: the diagnostics of both stages, and the model when usable.
public func loadAndCheck(data: [UInt8], file: String, checker: Checker = Checker()) -> LoadResult {
    var r = Loader.load(data: data, file: file)
    if let t = r.topology { r.diagnostics = (r.diagnostics + checker.check(t)).sortedByLocation() }
    return r
}
