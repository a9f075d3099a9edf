import CausewayCore
/// The options of one VPN tunnel, as sent to CreateVpnConnection and as DescribeVpnConnections
/// returns them. Every field is optional: AWS picks its default for anything left out.
/// Algorithm names are AWS's (`AES128`, `SHA2-256`, `ikev2`, …).
public struct VpnTunnelOptions: Sendable, Hashable {
    /// The AWS-side outside address (describe only).
    public var outsideIpAddress: String?
    /// A /30 inside 169.254.0.0/16.
    public var tunnelInsideCidr: String?
    public var preSharedKey: Secret?
    public var phase1LifetimeSeconds: Int?
    public var phase2LifetimeSeconds: Int?
    public var rekeyMarginTimeSeconds: Int?
    public var rekeyFuzzPercentage: Int?
    public var replayWindowSize: Int?
    public var dpdTimeoutSeconds: Int?
    /// `clear`, `none` or `restart`.
    public var dpdTimeoutAction: String?
    public var phase1EncryptionAlgorithms: [String]
    public var phase2EncryptionAlgorithms: [String]
    public var phase1IntegrityAlgorithms: [String]
    public var phase2IntegrityAlgorithms: [String]
    public var phase1DHGroupNumbers: [Int]
    public var phase2DHGroupNumbers: [Int]
    /// `ikev1`, `ikev2`.
    public var ikeVersions: [String]
    /// `add` or `start`.
    public var startupAction: String?
    /// `EnableTunnelLifecycleControl`.
    public var enableTunnelLifecycleControl: Bool?
    /// `LogOptions.CloudWatchLogOptions`; nil when not sent (or not reported).
    public var cloudWatchLogOptions: CloudWatchLogOptions?

    /// A tunnel's tunnel and BGP logs to CloudWatch Logs, in AWS's names.
    public struct CloudWatchLogOptions: Sendable, Hashable {
        public var logEnabled: Bool?
        public var logGroupArn: String?
        /// `json` or `text`.
        public var logOutputFormat: String?
        public var bgpLogEnabled: Bool?
        public var bgpLogGroupArn: String?
        public var bgpLogOutputFormat: String?

        public init(logEnabled: Bool? = nil, logGroupArn: String? = nil, logOutputFormat: String? = nil,
                    bgpLogEnabled: Bool? = nil, bgpLogGroupArn: String? = nil, bgpLogOutputFormat: String? = nil) {
            self.logEnabled = logEnabled
            self.logGroupArn = logGroupArn
            self.logOutputFormat = logOutputFormat
            self.bgpLogEnabled = bgpLogEnabled
            self.bgpLogGroupArn = bgpLogGroupArn
            self.bgpLogOutputFormat = bgpLogOutputFormat
        }

        init(xml: XMLTree) {
            self.init(logEnabled: xml.bool("logEnabled"), logGroupArn: xml.string("logGroupArn"),
                      logOutputFormat: xml.string("logOutputFormat"), bgpLogEnabled: xml.bool("bgpLogEnabled"),
                      bgpLogGroupArn: xml.string("bgpLogGroupArn"), bgpLogOutputFormat: xml.string("bgpLogOutputFormat"))
        }

        /// `prefix.LogEnabled`, … (VpnTunnelLogOptionsSpecification.CloudWatchLogOptions).
        func encode(into p: inout QueryParameters, prefix: String) {
            p.add("\(prefix).LogEnabled", logEnabled)
            p.add("\(prefix).LogGroupArn", logGroupArn)
            p.add("\(prefix).LogOutputFormat", logOutputFormat)
            p.add("\(prefix).BgpLogEnabled", bgpLogEnabled)
            p.add("\(prefix).BgpLogGroupArn", bgpLogGroupArn)
            p.add("\(prefix).BgpLogOutputFormat", bgpLogOutputFormat)
        }
    }

    public init(outsideIpAddress: String? = nil, tunnelInsideCidr: String? = nil, preSharedKey: Secret? = nil,
                phase1LifetimeSeconds: Int? = nil, phase2LifetimeSeconds: Int? = nil,
                rekeyMarginTimeSeconds: Int? = nil, rekeyFuzzPercentage: Int? = nil, replayWindowSize: Int? = nil,
                dpdTimeoutSeconds: Int? = nil, dpdTimeoutAction: String? = nil,
                phase1EncryptionAlgorithms: [String] = [], phase2EncryptionAlgorithms: [String] = [],
                phase1IntegrityAlgorithms: [String] = [], phase2IntegrityAlgorithms: [String] = [],
                phase1DHGroupNumbers: [Int] = [], phase2DHGroupNumbers: [Int] = [],
                ikeVersions: [String] = [], startupAction: String? = nil,
                enableTunnelLifecycleControl: Bool? = nil, cloudWatchLogOptions: CloudWatchLogOptions? = nil) {
        self.outsideIpAddress = outsideIpAddress
        self.tunnelInsideCidr = tunnelInsideCidr
        self.preSharedKey = preSharedKey
        self.phase1LifetimeSeconds = phase1LifetimeSeconds
        self.phase2LifetimeSeconds = phase2LifetimeSeconds
        self.rekeyMarginTimeSeconds = rekeyMarginTimeSeconds
        self.rekeyFuzzPercentage = rekeyFuzzPercentage
        self.replayWindowSize = replayWindowSize
        self.dpdTimeoutSeconds = dpdTimeoutSeconds
        self.dpdTimeoutAction = dpdTimeoutAction
        self.phase1EncryptionAlgorithms = phase1EncryptionAlgorithms
        self.phase2EncryptionAlgorithms = phase2EncryptionAlgorithms
        self.phase1IntegrityAlgorithms = phase1IntegrityAlgorithms
        self.phase2IntegrityAlgorithms = phase2IntegrityAlgorithms
        self.phase1DHGroupNumbers = phase1DHGroupNumbers
        self.phase2DHGroupNumbers = phase2DHGroupNumbers
        self.ikeVersions = ikeVersions
        self.startupAction = startupAction
        self.enableTunnelLifecycleControl = enableTunnelLifecycleControl
        self.cloudWatchLogOptions = cloudWatchLogOptions
    }

    init(xml: XMLTree) {
        self.init(
            outsideIpAddress: xml.string("outsideIpAddress"), tunnelInsideCidr: xml.string("tunnelInsideCidr"),
            preSharedKey: xml.string("preSharedKey").map(Secret.init),
            phase1LifetimeSeconds: xml.int("phase1LifetimeSeconds"), phase2LifetimeSeconds: xml.int("phase2LifetimeSeconds"),
            rekeyMarginTimeSeconds: xml.int("rekeyMarginTimeSeconds"), rekeyFuzzPercentage: xml.int("rekeyFuzzPercentage"),
            replayWindowSize: xml.int("replayWindowSize"), dpdTimeoutSeconds: xml.int("dpdTimeoutSeconds"),
            dpdTimeoutAction: xml.string("dpdTimeoutAction"),
            phase1EncryptionAlgorithms: xml.values("phase1EncryptionAlgorithmSet"),
            phase2EncryptionAlgorithms: xml.values("phase2EncryptionAlgorithmSet"),
            phase1IntegrityAlgorithms: xml.values("phase1IntegrityAlgorithmSet"),
            phase2IntegrityAlgorithms: xml.values("phase2IntegrityAlgorithmSet"),
            phase1DHGroupNumbers: xml.values("phase1DHGroupNumberSet").compactMap { Int($0) },
            phase2DHGroupNumbers: xml.values("phase2DHGroupNumberSet").compactMap { Int($0) },
            ikeVersions: xml.values("ikeVersionSet"), startupAction: xml.string("startupAction"),
            enableTunnelLifecycleControl: xml.bool("enableTunnelLifecycleControl"),
            cloudWatchLogOptions: xml["logOptions", "cloudWatchLogOptions"].map(CloudWatchLogOptions.init(xml:)))
    }

    /// Adds `prefix.TunnelInsideCidr`, `prefix.Phase1EncryptionAlgorithm.N.Value`, … to `p`.
    func encode(into p: inout QueryParameters, prefix: String) {
        p.add("\(prefix).TunnelInsideCidr", tunnelInsideCidr)
        p.add("\(prefix).PreSharedKey", secret: preSharedKey)
        p.add("\(prefix).Phase1LifetimeSeconds", phase1LifetimeSeconds)
        p.add("\(prefix).Phase2LifetimeSeconds", phase2LifetimeSeconds)
        p.add("\(prefix).RekeyMarginTimeSeconds", rekeyMarginTimeSeconds)
        p.add("\(prefix).RekeyFuzzPercentage", rekeyFuzzPercentage)
        p.add("\(prefix).ReplayWindowSize", replayWindowSize)
        p.add("\(prefix).DPDTimeoutSeconds", dpdTimeoutSeconds)
        p.add("\(prefix).DPDTimeoutAction", dpdTimeoutAction)
        p.addValueList("\(prefix).Phase1EncryptionAlgorithm", phase1EncryptionAlgorithms)
        p.addValueList("\(prefix).Phase2EncryptionAlgorithm", phase2EncryptionAlgorithms)
        p.addValueList("\(prefix).Phase1IntegrityAlgorithm", phase1IntegrityAlgorithms)
        p.addValueList("\(prefix).Phase2IntegrityAlgorithm", phase2IntegrityAlgorithms)
        p.addValueList("\(prefix).Phase1DHGroupNumber", phase1DHGroupNumbers.map(String.init))
        p.addValueList("\(prefix).Phase2DHGroupNumber", phase2DHGroupNumbers.map(String.init))
        p.addValueList("\(prefix).IKEVersion", ikeVersions)
        p.add("\(prefix).StartupAction", startupAction)
        p.add("\(prefix).EnableTunnelLifecycleControl", enableTunnelLifecycleControl)
        cloudWatchLogOptions?.encode(into: &p, prefix: "\(prefix).LogOptions.CloudWatchLogOptions")
    }
}
