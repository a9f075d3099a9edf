/// Rules the loader itself reports (the file's shape, not AWS's rules).
public enum LoadRules {
    public static let unreadable = Rule("file-unreadable", .error,
        "The topology file cannot be read: missing, not UTF-8 text, empty or too large.",
        reference: "causeway: a topology is one YAML document of at most \(Loader.maxFileBytes / 1_048_576) MiB")
    public static let yamlSyntax = Rule("yaml-syntax", .error,
        "The file is not valid YAML.", reference: "YAML 1.1 as read by libyaml")
    public static let unknownKey = Rule("unknown-key", .error,
        "A key the topology format does not know (typos are caught, with a suggestion).",
        reference: "causeway topology format (docs/topology.md)")
    public static let invalidValue = Rule("invalid-value", .error,
        "A value of the wrong type or form: not a CIDR, not a number, not one of the allowed words.",
        reference: "causeway topology format (docs/topology.md)")
    public static let danglingReference = Rule("dangling-reference", .error,
        "A name that refers to nothing: a VPC, subnet, gateway, attachment or route table that is not defined.",
        reference: "causeway topology format (docs/topology.md)")
    public static let routeTargetUnknown = Rule("route-target-unknown", .error,
        "A VPC route whose target is not a kind of target AWS has (local, igw, vgw, tgw, nat, instance, pcx).",
        reference: "Amazon VPC user guide, Route table concepts: route targets")
    public static let ikeVersionUnsupported = Rule("ike-version-unsupported", .error,
        "An IKE version AWS does not offer (AWS: ikev1, ikev2).",
        reference: "AWS Site-to-Site VPN user guide, Tunnel options for your Site-to-Site VPN connection: IKE versions")
    public static let secretInFile = Rule("secret-in-file", .warning,
        "A pre-shared key written literally in the topology file; prefer `env:` or `file:` so it stays out of version control.",
        reference: "AWS Site-to-Site VPN user guide, Tunnel options: the PSK is a secret; causeway keeps secrets out of files it prints")
    public static let notModelled = Rule("not-modelled", .note,
        "A setting read but not modelled yet (Client VPN Active Directory or SAML authentication).",
        reference: "causeway roadmap")

    public static let all: [Rule] = [unreadable, yamlSyntax, unknownKey, invalidValue, danglingReference, routeTargetUnknown, ikeVersionUnsupported, secretInFile, notModelled]
}
