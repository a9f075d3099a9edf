import CausewayCore

/// What the planner reports besides steps, as rules: conflicts (errors: apply refuses to start)
/// and notes (what apply leaves alone). Each finding is a `Diagnostic` at the topology node it
/// is about, printed like check's.
public enum PlanRules {
    public static let immutableChanged = Rule("plan-immutable-changed", .error,
        "A property AWS cannot change in place differs from what exists (a VPC's or subnet's CIDR, a subnet's zone, a gateway's Amazon-side ASN, a connection's gateway or routing).",
        reference: "EC2 API reference: CreateVpc, CreateSubnet, CreateVpnGateway, CreateCustomerGateway and CreateVpnConnection take these values only at creation; no Modify call changes them")
    public static let adoptedMissing = Rule("plan-adopted-missing", .error,
        "A resource the topology adopts with `id:` does not exist in the account and region.",
        reference: "EC2 API reference: Describe* calls with the given id")
    public static let missingValue = Rule("plan-missing-value", .error,
        "A value AWS needs to create a resource is not in the topology (a customer gateway's public IP, a route's gateway).",
        reference: "EC2 API reference: CreateCustomerGateway (IpAddress), CreateRoute (one target)")
    public static let notApplied = Rule("plan-not-applied", .note,
        "Something the topology says that apply leaves alone: not managed yet, or not a change AWS's answer lets it name.",
        reference: "causeway apply: the resources it manages (README.md)")

    public static let all: [Rule] = [immutableChanged, adoptedMissing, missingValue, notApplied]
}
