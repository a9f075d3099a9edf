import CausewayCore

extension PlanDiff {
    /// The options to send for one tunnel: inside CIDR and key when the topology gives them,
    /// and every option whose value is not AWS's default.
    static func desiredOptions(_ tunnel: AWSTunnel, key: PreSharedKey?) -> VpnTunnelOptions {
        let d = TunnelOptions(), w = tunnel.options
        var v = VpnTunnelOptions()
        v.tunnelInsideCidr = tunnel.insideCIDR?.description
        v.preSharedKey = key.map { Secret($0.revealed) }
        if w.ikeVersions != d.ikeVersions { v.ikeVersions = w.ikeVersions.map(\.rawValue) }
        if w.phase1 != d.phase1 {
            v.phase1EncryptionAlgorithms = w.phase1.encryption.map(\.name)
            v.phase1IntegrityAlgorithms = w.phase1.integrity.map(\.name)
            v.phase1DHGroupNumbers = w.phase1.dhGroups
        }
        if w.phase2 != d.phase2 {
            v.phase2EncryptionAlgorithms = w.phase2.encryption.map(\.name)
            v.phase2IntegrityAlgorithms = w.phase2.integrity.map(\.name)
            v.phase2DHGroupNumbers = w.phase2.dhGroups
        }
        if w.phase1Lifetime != d.phase1Lifetime { v.phase1LifetimeSeconds = w.phase1Lifetime }
        if w.phase2Lifetime != d.phase2Lifetime { v.phase2LifetimeSeconds = w.phase2Lifetime }
        if w.rekeyMarginTime != d.rekeyMarginTime { v.rekeyMarginTimeSeconds = w.rekeyMarginTime }
        if w.rekeyFuzz != d.rekeyFuzz { v.rekeyFuzzPercentage = w.rekeyFuzz }
        if w.replayWindow != d.replayWindow { v.replayWindowSize = w.replayWindow }
        if w.dpdTimeout != d.dpdTimeout { v.dpdTimeoutSeconds = w.dpdTimeout }
        if w.dpdTimeoutAction != d.dpdTimeoutAction { v.dpdTimeoutAction = w.dpdTimeoutAction.rawValue }
        if w.startupAction != d.startupAction { v.startupAction = w.startupAction.rawValue }
        if w.enableTunnelLifecycleControl != d.enableTunnelLifecycleControl { v.enableTunnelLifecycleControl = w.enableTunnelLifecycleControl }
        if w.logOptions != d.logOptions {
            let l = w.logOptions
            v.cloudWatchLogOptions = .init(logEnabled: l.logEnabled, logGroupArn: l.logGroupARN, logOutputFormat: l.logOutputFormat?.rawValue,
                                           bgpLogEnabled: l.bgpLogEnabled, bgpLogGroupArn: l.bgpLogGroupARN, bgpLogOutputFormat: l.bgpLogOutputFormat?.rawValue)
        }
        return v
    }

    /// The connection options to send: only those that are not AWS's default.
    static func desiredOptions(_ c: AWSVPNConnection) -> VpnConnectionOptions {
        let d = VPNConnectionOptions(), w = c.options
        var v = VpnConnectionOptions()
        if w.outsideIPAddressType != d.outsideIPAddressType { v.outsideIpAddressType = w.outsideIPAddressType.rawValue }
        if w.tunnelBandwidth != d.tunnelBandwidth { v.tunnelBandwidth = w.tunnelBandwidth.rawValue }
        if w.enableAcceleration != d.enableAcceleration { v.enableAcceleration = w.enableAcceleration }
        if c.localNetworkCIDR != .any { v.localIpv4NetworkCidr = c.localNetworkCIDR.description }
        if c.remoteNetworkCIDR != .any { v.remoteIpv4NetworkCidr = c.remoteNetworkCIDR.description }
        return v
    }

    /// Options the topology leaves at AWS's default (off) but AWS reports on: sent as an explicit
    /// `false`, so switching tunnel endpoint lifecycle control or the tunnel/BGP logs back off is a
    /// difference the plan shows and ModifyVpnTunnelOptions carries.
    static func switchingOff(_ want: VpnTunnelOptions, _ have: VpnTunnelOptions) -> VpnTunnelOptions {
        var v = want
        if v.enableTunnelLifecycleControl == nil, have.enableTunnelLifecycleControl == true { v.enableTunnelLifecycleControl = false }
        if v.cloudWatchLogOptions == nil, let h = have.cloudWatchLogOptions, h.logEnabled == true || h.bgpLogEnabled == true {
            v.cloudWatchLogOptions = .init(logEnabled: h.logEnabled.map { _ in false }, bgpLogEnabled: h.bgpLogEnabled.map { _ in false })
        }
        return v
    }
}

/// Comparisons of desired and observed values.
enum PlanDiff {
    /// Option names that differ, comparing only what AWS reported (an endpoint that reports no
    /// options — moto drops them — shows no difference rather than a perpetual one).
    static func differences(_ want: VpnTunnelOptions, _ have: VpnTunnelOptions) -> [String] {
        var out: [String] = []
        func cmp<T: Equatable>(_ name: String, _ w: T?, _ h: T?) { if let w, let h, w != h { out.append(name) } }
        func set<T: Hashable>(_ name: String, _ w: [T], _ h: [T]) {
            if !w.isEmpty && !h.isEmpty && Set(w) != Set(h) { out.append(name) }
        }
        cmp("inside CIDR", want.tunnelInsideCidr, have.tunnelInsideCidr)
        if let w = want.preSharedKey, let h = have.preSharedKey, w.revealed != h.revealed { out.append("pre-shared key") }
        cmp("phase 1 lifetime", want.phase1LifetimeSeconds, have.phase1LifetimeSeconds)
        cmp("phase 2 lifetime", want.phase2LifetimeSeconds, have.phase2LifetimeSeconds)
        cmp("rekey margin", want.rekeyMarginTimeSeconds, have.rekeyMarginTimeSeconds)
        cmp("rekey fuzz", want.rekeyFuzzPercentage, have.rekeyFuzzPercentage)
        cmp("replay window", want.replayWindowSize, have.replayWindowSize)
        cmp("DPD timeout", want.dpdTimeoutSeconds, have.dpdTimeoutSeconds)
        cmp("DPD timeout action", want.dpdTimeoutAction, have.dpdTimeoutAction)
        cmp("startup action", want.startupAction, have.startupAction)
        cmp("tunnel endpoint lifecycle control", want.enableTunnelLifecycleControl, have.enableTunnelLifecycleControl)
        if let w = want.cloudWatchLogOptions, let h = have.cloudWatchLogOptions {
            cmp("tunnel log", w.logEnabled, h.logEnabled)
            cmp("tunnel log group", w.logGroupArn, h.logGroupArn)
            cmp("tunnel log format", w.logOutputFormat, h.logOutputFormat)
            cmp("BGP log", w.bgpLogEnabled, h.bgpLogEnabled)
            cmp("BGP log group", w.bgpLogGroupArn, h.bgpLogGroupArn)
            cmp("BGP log format", w.bgpLogOutputFormat, h.bgpLogOutputFormat)
        }
        set("IKE versions", want.ikeVersions, have.ikeVersions)
        set("phase 1 encryption", want.phase1EncryptionAlgorithms, have.phase1EncryptionAlgorithms)
        set("phase 1 integrity", want.phase1IntegrityAlgorithms, have.phase1IntegrityAlgorithms)
        set("phase 1 DH groups", want.phase1DHGroupNumbers, have.phase1DHGroupNumbers)
        set("phase 2 encryption", want.phase2EncryptionAlgorithms, have.phase2EncryptionAlgorithms)
        set("phase 2 integrity", want.phase2IntegrityAlgorithms, have.phase2IntegrityAlgorithms)
        set("phase 2 DH groups", want.phase2DHGroupNumbers, have.phase2DHGroupNumbers)
        return out
    }

}
