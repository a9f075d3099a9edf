import CausewayCore
import CausewayLab
import Foundation

/// Turns each probe's recorded output into its part of a `GatewayObservation`. Pure: the tests
/// feed outputs captured from the lab's charon, FRR, kernel and nft.
public enum ObservationParsers {
    /// `swanctl --list-sas` (strongSwan 5.9): an IKE SA line `NAME: #N, ESTABLISHED, …` and,
    /// indented under it, a CHILD_SA line `NAME: #N, reqid R, INSTALLED, …`
    /// (https://docs.strongswan.org/docs/5.9/swanctl/swanctlListSas.html).
    public static func swanctlSAs(_ text: String) -> [String: ObservedSA] {
        var out: [String: ObservedSA] = [:]
        var ike: String?
        for raw in text.split(separator: "\n") {
            let indented = raw.first == " "
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard let colon = line.firstIndex(of: ":"), line[line.index(after: colon)...].hasPrefix(" #") else { continue }
            let name = String(line[..<colon])
            if !indented {
                ike = name
                out[name, default: ObservedSA(ikeEstablished: false, childInstalled: false)].ikeEstablished = line.contains(", ESTABLISHED, ")
            } else if let owner = ike, line.contains(", INSTALLED, ") {
                out[owner, default: ObservedSA(ikeEstablished: true, childInstalled: false)].childInstalled = true
                if name != owner { out[name, default: ObservedSA(ikeEstablished: true, childInstalled: false)].childInstalled = true }
            }
        }
        return out
    }

    /// `ipsec trafficstatus` (Libreswan): one line per installed IPsec SA,
    /// `#N: "NAME", type=ESP, add_time=…` (https://libreswan.org/man/ipsec_whack.8.html,
    /// `--trafficstatus`). A listed SA implies its IKE SA is up.
    public static func libreswanTraffic(_ text: String) -> [String: ObservedSA] {
        var out: [String: ObservedSA] = [:]
        for line in text.split(separator: "\n") where line.contains("type=ESP") || line.contains("type=AH") {
            let parts = line.split(separator: "\"")
            guard parts.count >= 2 else { continue }
            // Instances of a template connection are `NAME[1]`; the name is what precedes `[` or `/`.
            let name = parts[1].split(whereSeparator: { $0 == "[" || $0 == "/" }).first.map(String.init) ?? String(parts[1])
            out[name] = ObservedSA(ikeEstablished: true, childInstalled: true)
        }
        return out
    }

    /// `vtysh -c 'show bgp summary json'`, read by the lab's parser (`FRRBGPSummary`).
    public static func bgpSummary(_ text: String) -> ObservedBGP? {
        guard let summary = FRRBGPSummary(text) else { return nil }
        return ObservedBGP(localASN: summary.localASN, neighbors: summary.peers)
    }

    /// `vtysh -c 'show ip route json'`: prefix → its routes; those selected and installed.
    public static func ipRoutes(_ text: String) -> [ObservedRoute]? {
        guard let obj = jsonObject(text) else { return nil }
        var out: [ObservedRoute] = []
        for (key, value) in obj {
            guard let p = IPv4Prefix(key), let routes = value as? [[String: Any]] else { continue }
            for r in routes where (r["selected"] as? Bool) == true && (r["installed"] as? Bool ?? true) {
                out.append(ObservedRoute(prefix: p, proto: r["protocol"] as? String ?? "unknown"))
            }
        }
        return out.sorted { ($0.prefix, $0.proto) < ($1.prefix, $1.proto) }
    }

    /// `sysctl -a` lines `key = value` with an integer value.
    public static func sysctl(_ text: String) -> [String: Int] {
        var out: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let kv = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, let v = Int(kv[1]) { out[kv[0].replacingOccurrences(of: "/", with: ".")] = v }
        }
        return out
    }

    /// `ip -j addr` (iproute2): interfaces with flags, MTU and addresses.
    public static func links(_ text: String) -> [String: ObservedLink]? {
        guard let data = text.data(using: .utf8), let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return nil }
        var out: [String: ObservedLink] = [:]
        for l in list {
            guard let name = l["ifname"] as? String else { continue }
            let flags = l["flags"] as? [String] ?? []
            let addrs: [InterfaceAddress] = (l["addr_info"] as? [[String: Any]] ?? []).compactMap { a in
                guard a["family"] as? String == "inet", let local = (a["local"] as? String).flatMap(IPv4Address.init),
                      let len = (a["prefixlen"] as? NSNumber)?.intValue else { return nil }
                return InterfaceAddress(address: local, length: len)
            }
            out[name] = ObservedLink(up: flags.contains("UP"), mtu: (l["mtu"] as? NSNumber)?.intValue ?? 0, addresses: addrs)
        }
        return out
    }

    /// `chronyc -c tracking`: comma-separated; the fifth field is the system time's offset in
    /// seconds, the last the leap status (https://chrony-project.org/doc/4.3/chronyc.html, `tracking`).
    public static func chronyTracking(_ text: String) -> ObservedClock? {
        guard let line = text.split(separator: "\n").first(where: { $0.contains(",") }) else { return nil }
        let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard f.count >= 14, let offset = Double(f[4]) else { return nil }
        return ObservedClock(offsetSeconds: offset, leapStatus: f[f.count - 1])
    }

    /// The JSON object in `text`, skipping anything printed before it.
    static func jsonObject(_ text: String) -> [String: Any]? {
        guard let start = text.firstIndex(of: "{") else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(text[start...].utf8)) as? [String: Any]
    }
}
