/// AWS's numbers: every default, limit and timer of AWS's that causeway encodes, each with the
/// AWS page it comes from. Nothing else in the code writes these numbers: checks, the model's
/// defaults, the renderers, the simulator and the lab read them here (docs/rules.md states the
/// rules in words).
public enum AWSNumbers {
    /// Signature Version 4: AWS refuses a request whose signing time is more than 5 minutes
    /// from its own clock (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-signing.html,
    /// "Protect against potential replay attacks"), in seconds.
    public static let signatureClockTolerance = 300
    /// Site-to-Site VPN tunnel options
    /// (https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html, and the EC2 API reference's
    /// VpnTunnelOptionsSpecification).
    public enum Tunnel {
        public static let page = "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html"
        /// Phase 1 lifetime, seconds: 900–28800, default 28800.
        public static let phase1Lifetime: ClosedRange<Int> = 900...28800
        public static let phase1LifetimeDefault = 28800
        /// Phase 2 lifetime, seconds: 900–3600 (and below phase 1), default 3600.
        public static let phase2Lifetime: ClosedRange<Int> = 900...3600
        public static let phase2LifetimeDefault = 3600
        /// Rekey margin time, seconds: at least 60 and at most half the phase 2 lifetime; default 270.
        public static let rekeyMarginTimeMinimum = 60
        public static let rekeyMarginTimeDefault = 270
        /// Rekey fuzz, percent: 0–100, default 100.
        public static let rekeyFuzz: ClosedRange<Int> = 0...100
        public static let rekeyFuzzDefault = 100
        /// Replay window, packets: 64–2048, default 1024.
        public static let replayWindow: ClosedRange<Int> = 64...2048
        public static let replayWindowDefault = 1024
        /// DPD timeout, seconds: 30 or more, default 40.
        public static let dpdTimeoutMinimum = 30
        public static let dpdTimeoutDefault = 40
        /// AWS's end sends a DPD request after 10 s without traffic; the gateways probe as often.
        public static let dpdInterval = 10
        /// Inside tunnel CIDRs: a /30 from 169.254.0.0/16, minus the blocks AWS reserves.
        public static let insideRange = IPv4Prefix(IPv4Address(169, 254, 0, 0), 16)
        public static let insidePrefixLength = 30
        public static let reservedInsideCIDRs: [IPv4Prefix] =
            (0...5).map { IPv4Prefix(IPv4Address(169, 254, UInt8($0), 0), 30) } + [IPv4Prefix(IPv4Address(169, 254, 169, 252), 30)]
        /// Pre-shared keys: 8–64 characters.
        public static let preSharedKeyLength: ClosedRange<Int> = 8...64
    }

    /// The connection options AWS added in 2025–26 and the pages that state their rules.
    public enum VPNOptions {
        /// Tunnel bandwidth: `standard` up to 1.25 Gbps a tunnel, `large` up to 5 Gbps a tunnel,
        /// set per connection (both tunnels alike), on a transit gateway or Cloud WAN only and not
        /// with acceleration ("Tunnel bandwidth options"; the EC2 API reference's
        /// VpnConnectionOptionsSpecification, TunnelBandwidth).
        public static let bandwidthPage = "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html"
        public static let standardTunnelGbps = 1.25
        public static let largeTunnelGbps = 5
        /// IPv6 outer (outside) tunnel addresses: transit gateway or Cloud WAN only; a virtual
        /// private gateway does not support IPv6 for Site-to-Site VPN ("How it works",
        /// "Virtual private gateway" note; "IPv4 and IPv6 traffic").
        public static let ipv6OutsidePage = "https://docs.aws.amazon.com/vpn/latest/s2svpn/ipv4-ipv6.html"
        /// Customer gateway options: the device's address is IPv4 or IPv6; an IPv6 one must be
        /// internet-routable and serves transit gateway / Cloud WAN connections only; NAT in
        /// front of the device is described for IPv4 addresses ("Customer gateway options").
        public static let customerGatewayPage = "https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-options.html"
        /// Accelerated VPN: transit gateway only, NAT-T required (UDP 4500), turned on or off
        /// only when the connection is created ("Rules and restrictions").
        public static let accelerationPage = "https://docs.aws.amazon.com/vpn/latest/s2svpn/accelerated-vpn.html"
        /// Tunnel endpoint lifecycle control (EnableTunnelLifecycleControl).
        public static let lifecyclePage = "https://docs.aws.amazon.com/vpn/latest/s2svpn/tunnel-endpoint-lifecycle.html"
        /// Site-to-Site VPN logs (tunnel and BGP) to a CloudWatch Logs log group by ARN,
        /// `json` (the default) or `text` (the EC2 API reference's CloudWatchLogOptionsSpecification).
        public static let logsPage = "https://docs.aws.amazon.com/vpn/latest/s2svpn/monitoring-logs.html"
    }

    /// BGP over a VPN tunnel.
    public enum BGP {
        /// AWS's configuration files for customer gateway devices set keepalive 10 s and hold
        /// time 30 s on both tunnels' sessions
        /// (https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html, and the files
        /// GetVpnConnectionDeviceSampleConfiguration returns).
        public static let keepalive = 10
        public static let holdTime = 30
        public static let timersPage = "https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html"
    }

    /// Site-to-Site VPN quotas (https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-limits.html).
    public enum Quotas {
        public static let page = "https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-limits.html"
        /// Dynamic routes a customer gateway may advertise over one VPN connection to a virtual
        /// private gateway.
        public static let routesFromCustomerToVGW = 100
        /// … to a transit gateway.
        public static let routesFromCustomerToTGW = 1000
        /// Static routes of one VPN connection.
        public static let staticRoutesPerConnection = 100
        /// Routes AWS advertises to a customer gateway over one VPN connection (not adjustable).
        public static let routesToCustomer = 1000
    }

    /// Autonomous system numbers.
    public enum ASNs {
        /// The Amazon side's default ASN (virtual private gateways and transit gateways).
        /// https://docs.aws.amazon.com/vpn/latest/s2svpn/VPC_VPN.html ("Virtual private gateway")
        public static let amazonDefault: UInt32 = 64512
        /// The private ASNs AWS accepts for its side: 64512–65534 and 4200000000–4294967294.
        /// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-transit-gateways.html ("Amazon side ASN")
        public static let amazonPrivate16: ClosedRange<UInt32> = 64512...65534
        public static let amazonPrivate32: ClosedRange<UInt32> = 4_200_000_000...4_294_967_294
        /// A customer gateway's ASN: 1–2147483647 through `BgpAsn`, up to 4294967295 through
        /// `BgpAsnExtended` (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateCustomerGateway.html).
        public static let customerBgpAsn: ClosedRange<UInt32> = 1...2_147_483_647
        public static let customerBgpAsnExtended: ClosedRange<UInt32> = 2_147_483_648...4_294_967_295
    }

    /// Transit gateway routing (https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html,
    /// "Route evaluation order").
    public enum TransitGateway {
        public static let page = "https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html"
        /// The MED a transit gateway assigns a route received without one on a VPN (or Connect)
        /// attachment; 0 on a Direct Connect attachment.
        public static let defaultVPNMED: UInt32 = 100
    }

    /// Direct Connect gateways and virtual interfaces.
    public enum DirectConnect {
        /// BGP on a virtual interface: hold timer 90 s and keepalive 30 s by default, at least
        /// 3 s and 1 s; the timers negotiate down to the lower value of the two peers; BFD at
        /// 300 ms × 3 at the fastest ("BGP-specific settings").
        public static let bgpPage = "https://docs.aws.amazon.com/directconnect/latest/UserGuide/bgp-specific-settings.html"
        public static let holdTimeDefault = 90
        public static let keepaliveDefault = 30
        public static let holdTimeMinimum = 3
        /// Quotas (https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html).
        public static let quotasPage = "https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html"
        /// Routes the on-premises router may advertise over the BGP session of one private or
        /// transit virtual interface (per address family); above it the session goes idle.
        public static let routesFromCustomerPerVIF = 100
        /// Prefixes per transit gateway association that AWS advertises to on-premises over a
        /// transit virtual interface: the association's allowed prefixes (raised from 20 to 200).
        public static let allowedPrefixesPerTGWAssociation = 200
        /// The Direct Connect gateway's Amazon side ASN: 64512–65534 or 4200000000–4294967294,
        /// default 64512 (https://docs.aws.amazon.com/directconnect/latest/UserGuide/create-direct-connect-gateway.html).
        public static let amazonSideASNPage = "https://docs.aws.amazon.com/directconnect/latest/UserGuide/create-direct-connect-gateway.html"
        /// A virtual interface's VLAN: 1–4094 (802.1Q).
        public static let vlan: ClosedRange<Int> = 1...4094
    }

    /// Addresses AWS reserves in every subnet: the network address, +1 (the VPC router), +2
    /// (the DNS server), +3 (future use) and the broadcast address
    /// (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html).
    public enum SubnetReserved {
        public static let page = "https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html"
    }

    /// Customer-managed prefix lists and the VPC route-table quota they count against
    /// (Amazon VPC user guide, "Amazon VPC quotas": route tables and prefix lists,
    /// https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html).
    public enum PrefixLists {
        public static let quotasPage = "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html"
        /// Maximum entries of one prefix list (`MaxEntries` may not exceed it).
        public static let maxEntriesLimit = 1000
        /// Routes per VPC route table (non-propagated; adjustable, default 50). A route that
        /// references a prefix list counts the list's maximum entries, not its current ones.
        public static let routesPerRouteTable = 50
        /// "How route priority works", prefix lists: same prefix, a static route beats a
        /// prefix-list route, which beats a propagated one; two lists with one CIDR to different
        /// targets: AWS picks one at random and keeps using it.
        public static let priorityPage = "https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html"
    }

    /// VPC peering (Amazon VPC peering guide, "VPC peering limitations").
    public enum VPCPeering {
        public static let limitationsPage = "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html"
    }

    /// Transit gateway peering (Transit Gateway guide, "Transit gateway peering attachments").
    public enum TransitGatewayPeering {
        public static let page = "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html"
        public static let addRoutePage = "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering-add-route.html"
    }

    /// Route 53 health checks (Route 53 API reference, HealthCheckConfig; developer guide,
    /// "Values that you specify when you create or update health checks" and "How Amazon Route 53
    /// determines whether a health check is healthy").
    public enum HealthCheck {
        public static let page = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html"
        public static let howItWorksPage = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html"
        /// Route 53's checkers are outside every VPC: an endpoint in a VPC needs a public IP
        /// ("Configuring failover in a private hosted zone"); private ranges are refused.
        public static let privateEndpointsPage = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-private-hosted-zones.html"
        /// Seconds between two probes of one checker: 10 (fast) or 30 (standard, the default).
        public static let requestIntervals = [10, 30]
        public static let requestIntervalDefault = 30
        /// Consecutive failed probes before the endpoint is unhealthy: 1–10, default 3.
        public static let failureThreshold: ClosedRange<Int> = 1...10
        public static let failureThresholdDefault = 3
        /// Ports probed when none is given: 80 for HTTP, 443 for HTTPS.
        public static let httpPortDefault = 80
        public static let httpsPortDefault = 443
        /// One checker's probe ("How Amazon Route 53 determines whether a health check is
        /// healthy", `howItWorksPage`): an HTTP(S) check must connect within 4 s and get a 2xx or
        /// 3xx status within 2 s after connecting (a string match: the body within 2 s more, the
        /// string in its first 5,120 bytes); a TCP check must connect within 10 s.
        public static let httpConnectSeconds = 4
        public static let httpStatusSeconds = 2
        public static let tcpConnectSeconds = 10
        public static let searchStringBytes = 5120
        /// The statuses an HTTP(S) probe passes with: 2xx and 3xx.
        public static let passingStatus = 200..<400
        /// Route 53 counts an endpoint healthy while more than 18 % of its checkers do; a new
        /// health check is healthy until there is enough data (`howItWorksPage`).
        public static let healthyCheckerPercent = 18
        /// Addresses Route 53 refuses as an endpoint: local, private, non-routable and multicast.
        public static let refusedRanges: [IPv4Prefix] = [
            IPv4Prefix(IPv4Address(0, 0, 0, 0), 8), IPv4Prefix(IPv4Address(10, 0, 0, 0), 8),
            IPv4Prefix(IPv4Address(100, 64, 0, 0), 10), IPv4Prefix(IPv4Address(127, 0, 0, 0), 8),
            IPv4Prefix(IPv4Address(169, 254, 0, 0), 16), IPv4Prefix(IPv4Address(172, 16, 0, 0), 12),
            IPv4Prefix(IPv4Address(192, 168, 0, 0), 16), IPv4Prefix(IPv4Address(224, 0, 0, 0), 3),
        ]
    }

    /// Route 53 health check sources for private endpoint health checks (developer guide,
    /// "Health check sources"; API reference, HealthCheckSourceConfig).
    public enum HealthCheckSources {
        public static let page = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-check-sources.html"
        public static let configPage = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckSourceConfig.html"
        public static let privateChecksPage = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-private-endpoints.html"
        /// SubnetConfigurationList: two or three subnets, in distinct Availability Zones.
        public static let subnets: ClosedRange<Int> = 2...3
        /// One subnet per zone Route 53 checks from: three in most Regions, two in the Regions
        /// with two such zones (US West (N. California)).
        public static let subnetsPerRegion = 3
        public static let twoZoneRegions: Set<String> = ["us-west-1"]
        /// Security groups per subnet: one or more, up to 10.
        public static let securityGroupsPerSubnet: ClosedRange<Int> = 1...10
        /// Health checks one source supports, and sources per account.
        public static let checksPerSource = 200
        public static let sourcesPerAccount = 5
        /// The subnets a source in `region` needs.
        public static func subnetsRequired(in region: String) -> Int {
            twoZoneRegions.contains(region) ? subnets.lowerBound : subnetsPerRegion
        }
    }

    /// Route 53 failover routing ("Active-active and active-passive failover",
    /// "Failover routing").
    public enum Failover {
        public static let page = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-types.html"
        public static let choosingPage = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html"
    }

    /// Amazon EFS mount targets ("Managing mount targets"; EFS API reference, CreateMountTarget:
    /// one mount target per Availability Zone; clients reach it over NFSv4 on TCP 2049).
    public enum EFS {
        public static let mountTargetsPage = "https://docs.aws.amazon.com/efs/latest/ug/accessing-fs.html"
        public static let securityGroupsPage = "https://docs.aws.amazon.com/efs/latest/ug/network-access.html"
        public static let nfsPort = 2049
    }
}

extension AWSNumbers {
    /// Domain names as Route 53 accepts them (Route 53 developer guide, "DNS domain name format").
    public enum DomainNames {
        public static let page = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DomainNameFormat.html"
        /// A whole name, without the trailing dot.
        public static let maxLength = 253
        /// One label.
        public static let maxLabelLength = 63
    }

    /// Route 53 Resolver endpoints and rules (Route 53 developer guide, "Resolving DNS queries
    /// between VPCs and your network" and "Values that you specify when you create or edit
    /// inbound endpoints / outbound endpoints / forwarding rules").
    public enum Resolver {
        public static let page = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver.html"
        public static let endpointValuesPage = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-inbound-queries-values.html"
        public static let outboundValuesPage = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-outbound-queries-endpoint-values.html"
        public static let ruleValuesPage = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-outbound-queries-rule-values.html"
        public static let highAvailabilityPage = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/best-practices-resolver-endpoint-high-availability.html"
        public static let inboundPage = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-inbound-queries.html"
        public static let loopPage = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/best-practices-resolver-endpoints.html"
        public static let privateZonePage = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zones-private.html"
        /// Sharing forwarding rules with other AWS accounts (through AWS RAM).
        public static let sharingPage = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-rules-managing.html#resolver-rules-managing-sharing"
        /// The principals a resource share takes: an account ID, an organization ARN, an OU ARN.
        public static let resourceSharePrincipalsPage = "https://docs.aws.amazon.com/ram/latest/APIReference/API_CreateResourceShare.html"
        /// An endpoint needs at least two IP addresses, in two Availability Zones, for redundancy.
        public static let minimumEndpointAddresses = 2
        public static let minimumEndpointZones = 2
        /// A target IP without a port is queried on port 53.
        public static let defaultTargetPort = 53
        /// Target ports: 1–65535.
        public static let targetPort: ClosedRange<Int> = 1...65535
        /// DNS runs on UDP and TCP port 53: the endpoints' security groups must allow both.
        public static let dnsPort = 53
        /// The Route 53 Resolver of a VPC answers at the VPC's base address plus two
        /// (Amazon VPC user guide, "DNS attributes for your VPC": the Amazon DNS server).
        public static let vpcResolverOffset: UInt32 = 2
    }

    /// Route 53 records (Route 53 developer guide, "Values that you specify when you create or
    /// edit Amazon Route 53 records").
    public enum Records {
        public static let page = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values.html"
        /// TTL, seconds: 0–2147483647; causeway writes 300 when the file gives none (the console's default).
        public static let ttl: ClosedRange<Int> = 0...2_147_483_647
        public static let defaultTTL = 300
    }

    /// AWS Client VPN endpoints (AWS Client VPN administrator guide, "Rules and best practices for
    /// using AWS Client VPN"; EC2 API reference, CreateClientVpnEndpoint).
    public enum ClientVPN {
        public static let rulesPage = "https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/what-is-best-practices.html"
        public static let apiPage = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateClientVpnEndpoint.html"
        public static let connectHandlerPage = "https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/connection-authorization.html"
        public static let howItWorksPage = "https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/how-it-works.html"
        public static let routesPage = "https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-routes.html"
        public static let authorizationRulesPage = "https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-rules.html"
        public static let splitTunnelPage = "https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/split-tunnel-vpn.html"
        public static let mutualAuthenticationPage = "https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/mutual.html"
        /// Mutual authentication: the endpoint takes RSA keys of these sizes only ("Mutual authentication").
        public static let rsaKeySizes = [1024, 2048]
        /// The client CIDR block: at least /22, at most /12 (prefix lengths 12…22).
        public static let clientCIDRPrefixLengths: ClosedRange<Int> = 12...22
        /// VpnPort: 443 (the default) or 1194.
        public static let ports = [443, 1194]
        public static let defaultPort = 443
        /// SessionTimeoutHours: 8, 10, 12 or 24 (the default).
        public static let sessionTimeoutHours = [8, 10, 12, 24]
        public static let defaultSessionTimeoutHours = 24
        /// DnsServers: up to two.
        public static let maximumDNSServers = 2
        /// A client connect handler's Lambda function name starts with this.
        public static let connectHandlerPrefix = "AWSClientVPN-"
    }
}

extension AWSNumbers.ASNs {
    /// "64512–65534 or 4200000000–4294967294".
    public static var amazonPrivate: String { "\(amazonPrivate16.dashed) or \(amazonPrivate32.dashed)" }
}

extension ClosedRange where Bound: BinaryInteger {
    /// "900–28800": a range as AWS's pages write it.
    public var dashed: String { "\(lowerBound)–\(upperBound)" }
}

extension AWSNumbers {
    /// Amazon EKS: clusters, managed node groups and add-ons (Amazon EKS user guide; EKS API
    /// reference, CreateCluster, CreateNodegroup, NodegroupScalingConfig, CreateAddon).
    public enum EKS {
        /// "View Amazon EKS networking requirements for VPC and subnets" (at least two subnets in
        /// different Availability Zones; the role tags of load balancer subnets) and "Understand
        /// the Kubernetes version lifecycle on EKS" (the release calendar).
        public static let subnetsPage = "https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html", versionsPage = "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html"
        /// "AWS add-ons" and "Community add-ons" (the names CreateAddon / DescribeAddonVersions
        /// know), and the EKS API reference's NodegroupScalingConfig (minSize ≥ 0, maxSize ≥ 1,
        /// desiredSize between them).
        public static let addonsPage = "https://docs.aws.amazon.com/eks/latest/userguide/workloads-add-ons-available-eks.html", scalingPage = "https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupScalingConfig.html"
        /// "View Amazon EKS security group requirements for clusters" (the cluster security group
        /// EKS creates allows all outbound traffic; managed nodes and their pods use it), and
        /// "Amazon EKS cluster IAM role" / "Amazon EKS node IAM role" (each role's managed policies).
        public static let securityGroupsPage = "https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html", iamPage = "https://docs.aws.amazon.com/eks/latest/userguide/cluster-iam-role.html"
        /// Distinct Availability Zones a cluster's subnets span, at least (CreateCluster).
        public static let minimumZones = 2
        /// Kubernetes minor versions EKS creates clusters with (standard and extended support),
        /// as the release calendar lists them in December 2026: 1.31's extended support ended on
        /// 26 November 2026.
        public static let kubernetesVersions = ["1.32", "1.33", "1.34", "1.35", "1.36"]
        /// Add-on names EKS offers (AWS add-ons, then community add-ons); anything else is a Helm
        /// chart or a manifest, not an EKS add-on.
        public static let addonNames = [
            "vpc-cni", "coredns", "kube-proxy", "aws-ebs-csi-driver", "aws-efs-csi-driver", "aws-fsx-csi-driver",
            "aws-mountpoint-s3-csi-driver", "snapshot-controller", "eks-pod-identity-agent", "eks-node-monitoring-agent",
            "adot", "aws-guardduty-agent", "amazon-cloudwatch-observability", "aws-network-flow-monitoring-agent",
            "aws-secrets-store-csi-driver-provider",
            "metrics-server", "kube-state-metrics", "prometheus-node-exporter", "cert-manager", "external-dns",
        ]
        /// Managed policies of the cluster role (trusted by eks.amazonaws.com) and of the node
        /// role (trusted by ec2.amazonaws.com).
        public static let clusterPolicies = ["AmazonEKSClusterPolicy"], nodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"]
        /// Add-ons that act on AWS with their node's role when given no role of their own, and the
        /// managed policy that role then needs ("Amazon EBS CSI driver": AmazonEBSCSIDriverPolicy).
        public static let addonNodePolicies = ["aws-ebs-csi-driver": "service-role/AmazonEBSCSIDriverPolicy"]
        /// Subnet tags the AWS Load Balancer Controller discovers subnets by; a cluster tag's values.
        public static let publicELBTag = "kubernetes.io/role/elb", internalELBTag = "kubernetes.io/role/internal-elb"
        public static let clusterTagPrefix = "kubernetes.io/cluster/", clusterTagValues = ["shared", "owned"]
    }
}
