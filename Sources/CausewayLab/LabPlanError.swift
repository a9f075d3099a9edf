import CausewayCore

/// What the lab cannot build from a topology: each rule says what the namespace lab emulates
/// and what it does not.
public enum LabRules {
    public static let nameInvalid = Rule("lab-name-invalid", .error,
        "The lab's name must be 1–8 lower-case letters or digits: it becomes part of namespace and interface names.",
        reference: "Linux network devices: interface names are at most 15 characters (IFNAMSIZ), and the lab's are `cw-NAME-…`")
    public static let rangeOverlap = Rule("lab-range-overlap", .error,
        "A VPC or site CIDR overlaps an address range the lab uses for its own links and outside addresses.",
        reference: "causeway lab: the internet namespace's link, customer and AWS ranges (LabInternet)")
    public static let gatewayMissing = Rule("lab-gateway-missing", .error,
        "A VPN connection names a virtual private or transit gateway the topology does not define.",
        reference: "AWS Site-to-Site VPN user guide: a VPN connection ends on a virtual private gateway or a transit gateway")
    public static let tunnelIncomplete = Rule("lab-tunnel-incomplete", .error,
        "A tunnel without an outside address, inside CIDR or pre-shared key after the lab filled in what AWS would choose.",
        reference: "AWS Site-to-Site VPN user guide, Tunnel options: outside IP, inside IPv4 CIDR, pre-shared key")
    public static let customerEndMissing = Rule("lab-customer-end-missing", .error,
        "A VPN connection whose customer gateway names no site with a gateway device: the lab runs both ends of every tunnel.",
        reference: "causeway lab: the customer end is the site's rendered gateway device")
    public static let renderGap = Rule("lab-render-gap", .error,
        "A site's gateway device renders no FRR configuration, so the lab has nothing to run as its router.",
        reference: "causeway render: FRR is rendered for every site with a gateway device")

    public static let directConnectNotEmulated = Rule("lab-direct-connect", .error,
        "A virtual interface the lab cannot stand in (a private one, any in the faithful lab, or one whose site has no gateway device with a BGP VPN connection): it refuses rather than run a network whose Direct Connect routes lead nowhere.",
        reference: "causeway lab (README.md): transit virtual interfaces are stood in by a plain link with BGP")

    public static let all: [Rule] = [nameInvalid, rangeOverlap, gatewayMissing, tunnelIncomplete, customerEndMissing, renderGap, directConnectNotEmulated]
}

/// Why a topology cannot be brought up in the lab (a missing value, something the lab cannot
/// emulate), or why a lab step failed. Messages say what to do.
public struct LabPlanError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    /// The finding, with the topology node it is about, when the topology is what the lab
    /// cannot build (nil for a lab step that failed).
    public var diagnostic: Diagnostic?

    /// A lab step that failed.
    public init(_ message: String) { self.message = message }

    /// A topology the lab cannot build, by `rule`, at `location`.
    public init(_ rule: Rule, _ message: String, at location: SourceLocation) {
        self.message = message
        diagnostic = Diagnostic(rule, message, at: location)
    }

    public var description: String { message }

    /// A lab name that cannot prefix namespace and interface names; located at the topology's
    /// `name` (the default lab name comes from it).
    static func invalidName(_ name: String, in t: Topology) -> LabPlanError {
        LabPlanError(LabRules.nameInvalid, "lab name `\(name)` must be 1–8 lower-case letters or digits (it becomes part of namespace and interface names); pass another with --name",
                     at: t.locate("name"))
    }
}
