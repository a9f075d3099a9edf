import CausewayCore
import Foundation

/// FRR's BGP summary in JSON, read once for the lab's `lab status` and `doctor`:
/// `vtysh -c 'show bgp summary json'` prints `{"ipv4Unicast": {"as", "peers": {ADDR: {…}}}}`,
/// `show bgp ipv4 unicast summary json` the family's object itself
/// (https://docs.frrouting.org/en/latest/bgp.html, "Displaying BGP Information").
public struct FRRBGPSummary: Sendable, Equatable {
    public struct Peer: Sendable, Codable, Equatable {
        public var address: IPv4Address
        public var remoteASN: UInt32?
        /// `Established`, `Active`, `Connect`, `Idle`, …
        public var state: String
        /// FRR's `peerState`: `Policy` when ebgp-requires-policy discards the updates.
        public var peerState: String?
        public var prefixesReceived: Int
        public var prefixesSent: Int
    }

    public var localASN: UInt32?
    /// By address.
    public var peers: [Peer]

    /// nil when `text` holds no JSON object (anything printed before the object is skipped).
    public init?(_ text: String) {
        guard let start = text.firstIndex(of: "{"),
              let obj = try? JSONSerialization.jsonObject(with: Data(text[start...].utf8)) as? [String: Any] else { return nil }
        let family = (obj["ipv4Unicast"] as? [String: Any]) ?? obj
        localASN = (family["as"] as? NSNumber)?.uint32Value
        peers = ((family["peers"] as? [String: Any]) ?? [:]).compactMap { key, value in
            guard let a = IPv4Address(key), let p = value as? [String: Any] else { return nil }
            return Peer(address: a, remoteASN: (p["remoteAs"] as? NSNumber)?.uint32Value,
                        state: p["state"] as? String ?? "unknown", peerState: p["peerState"] as? String,
                        prefixesReceived: (p["pfxRcd"] as? NSNumber)?.intValue ?? 0,
                        prefixesSent: (p["pfxSnt"] as? NSNumber)?.intValue ?? 0)
        }.sorted { $0.address < $1.address }
    }
}
