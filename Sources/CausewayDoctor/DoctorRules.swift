import CausewayCore

/// The findings `causeway doctor` reports, each with the page of the daemon or kernel behaviour
/// it reads (docs/doctor.md explains each finding and its fix).
public enum DoctorRules {
    public static let probeFailed = Rule("doctor-probe-failed", .warning, "A probe's command is missing, timed out or failed: what it reads is not compared.", reference: "docs/doctor.md")
    public static let ikeDown = Rule("doctor-ike-down", .error, "A tunnel's IKE SA is not established on the gateway.", reference: "https://docs.strongswan.org/docs/5.9/swanctl/swanctlListSas.html")
    public static let childDown = Rule("doctor-child-sa-down", .error, "A tunnel's IKE SA is up but no IPsec (CHILD) SA is installed: no traffic crosses it.", reference: "https://docs.strongswan.org/docs/5.9/swanctl/swanctlListSas.html")
    public static let bgpNeighborMissing = Rule("doctor-bgp-neighbor-missing", .error, "FRR has no BGP neighbor at a tunnel's AWS inside address.", reference: "https://docs.frrouting.org/en/latest/bgp.html")
    public static let bgpASN = Rule("doctor-bgp-asn-mismatch", .error, "FRR's local AS or a neighbor's remote AS differs from the topology's.", reference: "https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-options.html")
    public static let bgpDown = Rule("doctor-bgp-down", .error, "A tunnel's BGP session is not Established.", reference: "https://docs.frrouting.org/en/latest/bgp.html")
    public static let bgpNoPolicy = Rule("doctor-bgp-no-policy", .error, "An eBGP session is Established but FRR discards its updates: `bgp ebgp-requires-policy` is on and the neighbor has no route-map in or out.", reference: "https://docs.frrouting.org/en/latest/bgp.html#require-policy-on-ebgp")
    public static let bgpNoPrefixes = Rule("doctor-bgp-no-prefixes", .warning, "A BGP session is Established but receives or sends no prefixes.", reference: "https://docs.frrouting.org/en/latest/bgp.html")
    public static let routeMissing = Rule("doctor-route-missing", .warning, "An AWS-side prefix of the site's connections has no selected route in FRR's RIB.", reference: "https://docs.frrouting.org/en/latest/zebra.html")
    public static let ipForwardOff = Rule("doctor-ip-forward-off", .error, "`net.ipv4.ip_forward` is 0: the host does not route between the LAN and the tunnels.", reference: "https://docs.kernel.org/networking/ip-sysctl.html")
    public static let rpFilterStrict = Rule("doctor-rp-filter-strict", .error, "Strict reverse-path filtering (rp_filter 1, the larger of `all` and the interface's) on a tunnel or the uplink drops replies that come back over the other tunnel.", reference: "https://docs.kernel.org/networking/ip-sysctl.html")
    public static let redirects = Rule("doctor-redirects", .warning, "The host sends or accepts ICMP redirects on an interface it routes through.", reference: "https://docs.kernel.org/networking/ip-sysctl.html")
    public static let xfrmPolicy = Rule("doctor-xfrm-policy", .warning, "A VTI without `disable_policy` = 1, or an uplink without `disable_xfrm`/`disable_policy` = 1, as the rendered sysctl and updown set them.", reference: "https://docs.kernel.org/networking/ip-sysctl.html")
    public static let interfaceMissing = Rule("doctor-interface-missing", .error, "A tunnel's interface (VTI) does not exist on the host.", reference: "https://man7.org/linux/man-pages/man8/ip-link.8.html")
    public static let uplinkMissing = Rule("doctor-uplink-missing", .warning, "The device's uplink interface does not exist in this network namespace.", reference: "https://man7.org/linux/man-pages/man8/ip-link.8.html")
    public static let interfaceDown = Rule("doctor-interface-down", .error, "A tunnel's interface is administratively down.", reference: "https://man7.org/linux/man-pages/man8/ip-link.8.html")
    public static let insideAddress = Rule("doctor-inside-address", .error, "A tunnel's interface lacks the customer inside address of its inside CIDR.", reference: "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html")
    public static let mtu = Rule("doctor-mtu", .warning, "A tunnel's interface MTU is above the device's tunnel MTU: large packets are fragmented or dropped after encryption.", reference: "https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html")
    public static let firewallBlocks = Rule("doctor-firewall-blocks", .error, "An nftables input chain drops by default and accepts none of IKE, NAT-T, ESP or BGP that the tunnels need.", reference: "https://wiki.nftables.org/wiki-nftables/index.php/Configuring_chains")
    public static let clockUnknown = Rule("doctor-clock-unknown", .warning, "chrony is not running or not synchronised: the clock's offset is unknown.", reference: "https://chrony-project.org/doc/4.3/chronyc.html")
    public static let clockOffset = Rule("doctor-clock-offset", .error, "The clock is off by more than AWS's request signatures allow: every AWS call from this host fails.", reference: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-signing.html")
    public static let awsDisagrees = Rule("doctor-aws-disagrees", .error, "AWS's tunnel telemetry disagrees with the gateway: one end says UP, the other down, or AWS accepted no routes from an Established session.", reference: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VgwTelemetry.html")

    public static let all: [Rule] = [probeFailed, ikeDown, childDown, bgpNeighborMissing, bgpASN, bgpDown, bgpNoPolicy, bgpNoPrefixes,
                                     routeMissing, ipForwardOff, rpFilterStrict, redirects, xfrmPolicy, interfaceMissing, uplinkMissing,
                                     interfaceDown, insideAddress, mtu, firewallBlocks, clockUnknown, clockOffset, awsDisagrees]
}
