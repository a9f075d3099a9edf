import CausewayCore

/// One named contribution to an outage: which timer runs out, on which end, after how long.
public struct OutageStep: Sendable, Encodable, Hashable {
    /// `customer-dpd`, `aws-dpd`, `bgp-hold-time`, `route-withdrawal`, … (stable ids).
    public var name: String
    /// Seconds this step takes, or where the outage ends when it is the deciding one.
    public var seconds: Double
    public var detail: String
}

/// How long the flows a failure moves lose traffic, and why (`failover`'s prediction; `lab test`
/// measures against `window`).
public struct OutagePrediction: Sendable, Encodable, Equatable {
    /// Seconds from the failure until the flows that move flow again.
    public var predicted: Double
    /// The stated tolerance: the outage may end this much earlier or later.
    public var earlier: Double
    public var later: Double
    /// Why the tolerance is what it is.
    public var tolerance: String
    /// The named contributions, in the order they happen.
    public var reasons: [OutageStep]
    /// What brings the failed path back when it returns (not part of the outage).
    @OmittedWhenEmpty public var wayBack: [String] = []

    /// Seconds the outage may last and still agree with the prediction.
    public var window: ClosedRange<Double> { max(0, predicted - earlier)...(predicted + later) }
}

/// When one end of a tunnel stops forwarding into it: a window [earliest, latest] after the
/// failure, and the steps that decide it.
struct DetectionWindow {
    var earliest: Double
    var latest: Double
    var steps: [OutageStep]
    /// The end never moves on its own (AWS's DPD timeout action `none` on a static connection).
    var never: Bool = false

    static func max(_ a: DetectionWindow, _ b: DetectionWindow) -> DetectionWindow {
        DetectionWindow(earliest: Swift.max(a.earliest, b.earliest), latest: Swift.max(a.latest, b.latest),
                        steps: a.steps + b.steps, never: a.never || b.never)
    }
}

/// The outage model: DPD and BGP timers of both ends (docs/failover.md, docs/aws-behaviour.md).
enum OutageModel {
    /// Seconds the lab's measurement may add: one ping every second with a 1 s wait, and the
    /// kernel route change after FRR or the updown script acts.
    static let measurementSlack = 3.0

    /// DPD probes go out on a `delay` tick once a tick saw no traffic, and the peer is dead
    /// `timeout − delay` seconds after the first unanswered probe (AWS: a 40 s timeout is dead
    /// 30 s after the first failed keep-alive). The first tick after the failure comes 0–`delay`
    /// seconds later, so the peer is dead `timeout − delay` … `timeout` seconds after it.
    static func dpd(_ who: String, name: String, timeout: Int, delay: Int) -> DetectionWindow {
        DetectionWindow(earliest: Double(timeout - delay), latest: Double(timeout), steps: [
            OutageStep(name: name, seconds: Double(timeout), detail: "\(who) declares the peer dead \(timeout - delay)–\(timeout) s after the failure (DPD every \(delay) s, timeout \(timeout) s)"),
        ])
    }

    /// The BGP session ends a hold time after the last keepalive heard; the last one came up to
    /// one keepalive interval before the failure.
    static func hold(_ who: String, hold: Int, peerKeepalive: Int) -> DetectionWindow {
        DetectionWindow(earliest: Double(hold - peerKeepalive), latest: Double(hold), steps: [
            OutageStep(name: "bgp-hold-time", seconds: Double(hold), detail: "\(who) ends the BGP session after the \(hold) s hold time (the last keepalive came 0–\(peerKeepalive) s before the failure)"),
        ])
    }

    static func earlier(_ a: DetectionWindow, _ b: DetectionWindow) -> DetectionWindow {
        a.latest <= b.latest ? a : b
    }

    /// The customer gateway stops sending into the tunnel (its routes move to the other one).
    static func customerSide(_ c: VPNConnection, _ t: Tunnel) -> DetectionWindow {
        let timers = c.customerTimers(t)
        let dpd = dpd("the customer gateway", name: "customer-dpd", timeout: timers.dpdTimeout, delay: timers.dpdDelay)
        var w: DetectionWindow
        var move: OutageStep
        switch c.routing {
        case .bgp:
            let h = negotiatedHold(timers)
            w = earlier(hold("the customer gateway", hold: h, peerKeepalive: Swift.min(AWSNumbers.BGP.keepalive, h / 3)), dpd)
            move = OutageStep(name: "route-withdrawal", seconds: 0, detail: "FRR drops the tunnel's routes and installs the other tunnel's at once")
        case .static:
            w = dpd
            move = OutageStep(name: "static-route-move", seconds: 0, detail: "the updown script removes the tunnel's route; the other tunnel's route (higher metric) takes over")
        }
        w.steps.append(move)
        return w
    }

    /// AWS stops sending into the tunnel (the VGW / TGW prefers the other tunnel at once).
    static func awsSide(_ c: VPNConnection, _ t: Tunnel) -> DetectionWindow {
        let timers = c.customerTimers(t)
        let dpd = dpd("AWS", name: "aws-dpd", timeout: t.options.dpdTimeout, delay: AWSNumbers.Tunnel.dpdInterval)
        let acts = t.options.dpdTimeoutAction != .none
        var w: DetectionWindow
        switch c.routing {
        case .bgp:
            let h = negotiatedHold(timers)
            let bgp = hold("AWS", hold: h, peerKeepalive: Swift.min(timers.keepalive, h / 3))
            w = acts ? earlier(bgp, dpd) : bgp
            if acts && timers.gracefulRestart && dpd.latest > w.latest {
                // The customer side offers graceful restart: a helper may keep the session's
                // routes as stale after the hold time expires (RFC 8538) until DPD takes the
                // tunnel down. AWS does not document whether it does; the lab's FRR does.
                w.latest = dpd.latest
                w.steps += dpd.steps + [OutageStep(name: "graceful-restart", seconds: dpd.latest, detail: "the customer side offers BGP graceful restart: AWS may keep the routes as stale until its DPD takes the tunnel down")]
            }
        case .static:
            w = dpd
            if !acts {
                w.never = true
                w.steps = [OutageStep(name: "aws-dpd", seconds: 0, detail: "DPD timeout action `none`: AWS keeps the tunnel and its static routes; traffic from AWS does not move")]
            }
        }
        w.steps.append(OutageStep(name: "aws-route-move", seconds: 0, detail: "the \(c.gateway.vpnGateway == nil ? "TGW" : "VGW") sends over the other tunnel as soon as this one's routes are gone"))
        return w
    }

    /// RFC 4271 section 4.2: the session runs the lower of the two hold times offered.
    static func negotiatedHold(_ timers: CustomerTimers) -> Int { Swift.min(timers.holdTime, AWSNumbers.BGP.holdTime) }

    /// What brings a tunnel back when its path returns.
    static func wayBack(_ c: VPNConnection, _ t: Tunnel) -> [String] {
        var out = ["the customer gateway re-initiates IKE (dpdaction=restart, keyingtries=0: it retries without end)"]
        if t.options.startupAction == .start { out.append("AWS initiates IKE too (startup action `start`)") }
        if c.routing == .bgp { out.append("FRR reopens the BGP session (timers connect 10) and re-advertises") }
        return out
    }

    static func prediction(_ w: DetectionWindow, tolerance: String, wayBack: [String] = []) -> OutagePrediction {
        let p = w.latest
        return OutagePrediction(predicted: p, earlier: p - w.earliest, later: measurementSlack,
                                tolerance: tolerance + "; +\(Int(measurementSlack)) s for the measurement (a ping a second) and the route change",
                                reasons: w.steps, wayBack: wayBack)
    }
}

extension Simulation {
    /// The predicted outage of the flows `failure` moves; nil when nothing moves, when the
    /// failure is not a tunnel, site or virtual interface, or when one direction never moves.
    public func outage(_ failure: Failure) -> OutagePrediction? {
        switch failure {
        case .tunnel(let ref):
            guard let c = topology.vpnConnection(ref.connection), let t = c.tunnel(ref.index) else { return nil }
            let cgw = OutageModel.customerSide(c, t), aws = OutageModel.awsSide(c, t)
            let both = DetectionWindow.max(cgw, aws)
            guard !both.never else { return nil }
            var p = OutageModel.prediction(both, tolerance: "periodic DPD probes and keepalives: each end notices between its earliest and latest moment", wayBack: OutageModel.wayBack(c, t))
            // A flow that crosses the tunnel one way only is back when that end moves.
            p.earlier = p.predicted - Swift.min(cgw.earliest, aws.earliest)
            p.tolerance = "a flow crossing the tunnel one way moves when that end notices; " + p.tolerance
            return p
        case .site(let name):
            guard let site = topology.site(name) else { return nil }
            let windows = topology.connections(of: site).flatMap { c in c.tunnels.map { OutageModel.awsSide(c, $0) } }
            guard var w = windows.first, !windows.contains(where: \.never) else { return nil }
            for x in windows.dropFirst() { w = DetectionWindow.max(w, x) }
            w.steps = Array(windows.first?.steps ?? [])
            return OutageModel.prediction(w, tolerance: "AWS notices the silent gateway between its earliest and latest moment (periodic DPD and keepalives)")
        case .virtualInterface(let name):
            let hold = AWSNumbers.DirectConnect.holdTimeDefault, ka = AWSNumbers.DirectConnect.keepaliveDefault
            let w = DetectionWindow(earliest: 0, latest: Double(hold), steps: [
                OutageStep(name: "bgp-hold-time", seconds: Double(hold), detail: "Direct Connect's BGP hold timer (default \(hold) s, keepalive \(ka) s) ends the session on virtual interface `\(name)`; a link loss either router sees ends it at once"),
                OutageStep(name: "route-withdrawal", seconds: 0, detail: "the VPN's routes take over once the virtual interface's are withdrawn"),
            ])
            return OutageModel.prediction(w, tolerance: "down to 0 s when the link loss is seen at once; up to the hold time when the path fails silently")
        default:
            return nil
        }
    }
}
