import Foundation

/// `nft -j list ruleset` (libnftables-json(5)): the base chains on the input hook, what their
/// policy does, and which of the gateway's openings their accept rules (and the chains they jump
/// to) cover. nftables evaluates every base chain on a hook: a packet one table accepts is still
/// dropped by another table's chain (https://wiki.nftables.org/wiki-nftables/index.php/Configuring_chains,
/// "Base chain priority"), so each dropping chain must accept the openings itself.
enum NftablesObservation {
    struct Chain {
        var table: String
        var name: String
        var hook: String?
        var policy: String?
        var rules: [[[String: Any]]] = []
    }

    static func inputChains(_ text: String) -> [ObservedInputChain]? {
        guard let root = ObservationParsers.jsonObject(text), let items = root["nftables"] as? [[String: Any]] else { return nil }
        var chains: [String: Chain] = [:]
        var order: [String] = []
        func key(_ o: [String: Any], _ name: String?) -> String {
            "\(o["family"] as? String ?? "")/\(o["table"] as? String ?? "")/\(name ?? "")"
        }
        for item in items {
            if let c = item["chain"] as? [String: Any], let name = c["name"] as? String {
                let k = key(c, name)
                chains[k] = Chain(table: "\(c["family"] as? String ?? "") \(c["table"] as? String ?? "")", name: name,
                                  hook: c["hook"] as? String, policy: c["policy"] as? String)
                order.append(k)
            } else if let r = item["rule"] as? [String: Any], let expr = r["expr"] as? [[String: Any]] {
                chains[key(r, r["chain"] as? String)]?.rules.append(expr)
            }
        }
        return order.compactMap { k -> ObservedInputChain? in
            guard let c = chains[k], c.hook == "input" else { return nil }
            var seen: Set<String> = []
            return ObservedInputChain(name: "\(c.table) \(c.name)", dropsByDefault: c.policy == "drop",
                                      opens: opens(k, chains, &seen))
        }
    }

    /// What the chain's accept rules let in, following `jump`/`goto` into chains of its table.
    static func opens(_ k: String, _ chains: [String: Chain], _ seen: inout Set<String>) -> Set<Opening> {
        guard seen.insert(k).inserted, let c = chains[k] else { return [] }
        var out: Set<Opening> = []
        let prefix = k.split(separator: "/").dropLast().joined(separator: "/")
        for rule in c.rules {
            if let target = rule.lazy.compactMap({ ($0["jump"] ?? $0["goto"]) as? [String: Any] }).first?["target"] as? String {
                out.formUnion(opens("\(prefix)/\(target)", chains, &seen))
            } else if rule.contains(where: { $0.keys.contains("accept") }) {
                out.formUnion(opens(rule))
            }
        }
        return out
    }

    /// One accept rule: the openings its protocol and port matches cover. A rule matching
    /// nothing accepts everything; one matching only other things (a ct state, an address) is
    /// taken to cover none (a new IKE packet is not `established`).
    static func opens(_ rule: [[String: Any]]) -> Set<Opening> {
        let matches = rule.compactMap { $0["match"] as? [String: Any] }
        if matches.isEmpty { return Set(Opening.allCases) }
        var out: Set<Opening> = []
        for m in matches {
            let left = m["left"] as? [String: Any] ?? [:]
            let values = Self.values(m["right"])
            if let p = left["payload"] as? [String: Any], p["field"] as? String == "dport" {
                let proto = p["protocol"] as? String
                if proto == "udp" || proto == "th" {
                    if values.contains("500") { out.insert(.ike) }
                    if values.contains("4500") { out.insert(.natTraversal) }
                }
                if (proto == "tcp" || proto == "th") && values.contains("179") { out.insert(.bgp) }
            }
            let isProtocol = (left["meta"] as? [String: Any])?["key"] as? String == "l4proto"
                || (left["payload"] as? [String: Any])?["field"] as? String == "protocol"
            if isProtocol && (values.contains("esp") || values.contains("50")) { out.insert(.esp) }
        }
        return out
    }

    /// A match's right side as strings: a value, a set of values, or a range (`{"range": [a, b]}`).
    static func values(_ right: Any?) -> [String] {
        if let s = right as? String { return [s] }
        if let n = right as? NSNumber { return [n.stringValue] }
        if let set = (right as? [String: Any])?["set"] as? [Any] { return set.flatMap { values($0) } }
        if let r = (right as? [String: Any])?["range"] as? [NSNumber], r.count == 2, r[0].intValue <= r[1].intValue {
            let (lo, hi) = (r[0].intValue, r[1].intValue)
            return [500, 4500, 179, 50].filter { (lo...hi).contains($0) }.map(String.init)
        }
        return []
    }
}

extension ObservationParsers {
    /// `nft -j list ruleset`: see `NftablesObservation`.
    public static func nftInputChains(_ text: String) -> [ObservedInputChain]? { NftablesObservation.inputChains(text) }
}
