import CausewayCore
import CausewaySim
import Foundation

/// What the simulator predicts of a remote user's connection: the connect handler's verdict and,
/// per destination, whether a ping from the user's client address gets through.
struct LabClientVPNPrediction {
    var admitted: Bool
    var reason: String?
    var paths: [(to: String, address: IPv4Address, reachable: Bool, reason: String?)]
}

extension LabTester {
    /// `trace --from user:NAME --to … --at INSTANT` for every destination, and the connect
    /// policy's verdict at that instant.
    func predict(_ u: LabRemoteUser, _ s: LabClientVPN, _ instant: Date) -> LabClientVPNPrediction {
        let sim = plan.simulation
        let verdict = plan.topology.clientVPNEndpoint(s.endpoint)?.connectHandler?.policy.verdict(sourceIP: u.publicIP, at: instant)
        guard let client = try? sim.remoteClient(user: u.user, endpoint: s.endpoint) else {
            return LabClientVPNPrediction(admitted: false, reason: "the simulator has no user \(u.user)", paths: [])
        }
        let paths = clientVPNDestinations().map { d -> (to: String, address: IPv4Address, reachable: Bool, reason: String?) in
            let r = try? sim.trace(from: client, to: d.address, at: instant)
            return (d.name, d.address, r?.reachable ?? false, r?.reason?.rawValue)
        }
        return LabClientVPNPrediction(admitted: verdict?.admitted ?? true, reason: verdict?.reason, paths: paths)
    }
}
