import CausewayCore

/// The customer gateway's side as deployed: the files `render --out` writes (or an operator
/// edited), read for the values `explain` compares. Takes file contents (the command line reads
/// the folder); parses only the keys it needs and reports what it cannot parse at file:line:col.
public struct CustomerFolder: Sendable {
    public static let unparsable = Rule("customer-file-unparsable", .warning,
        "A value in a customer-gateway file `explain --customer` reads that it cannot parse; the comparison that needs it is skipped.",
        reference: "strongSwan swanctl.conf and ipsec.conf, Libreswan ipsec.conf, FRR bgpd documentation")

    /// The IPsec connections found, by name (`vpn-tunnel1`).
    public private(set) var tunnels: [String: CustomerTunnel] = [:]
    public private(set) var diagnostics: [Diagnostic] = []
    /// FRR's eBGP neighbours, by address.
    var neighbors: [IPv4Address: CustomerBGP] = [:]
    /// Pre-shared keys by the identities their line or section names.
    var keys: [(ids: [String], key: PreSharedKey)] = []
    /// Each connection's peer identities (rightid / remote id, and its address), for the keys.
    var peerIDs: [String: [String]] = [:]
    var natTOpen: Bool?

    /// `files`: (path relative to the folder, contents). Which parser reads a file is decided
    /// by its name: `swanctl*.conf`, `ipsec.conf` and Libreswan's `*.conf` beside `*.secrets`,
    /// `*.secrets`, `frr.conf`, `causeway-updown`, and the firewall files.
    public init(files: [(path: String, contents: String)]) {
        for (path, text) in files.sorted(by: { $0.path < $1.path }) {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            let lines = ConfigLine.split(text, file: path)
            if name == "frr.conf" { readFRR(lines) }
            else if name.hasPrefix("swanctl") && name.hasSuffix(".conf") { readSwanctl(lines) }
            else if name.hasSuffix(".secrets") { readSecrets(lines) }
            else if name == "causeway-updown" { readUpdown(lines) }
            else if path.contains("firewall/") || name.hasPrefix("nftables") { natTOpen = (natTOpen ?? false) || Self.opensNATT(text) }
            else if name.hasSuffix(".conf") && (name == "ipsec.conf" || path.contains("libreswan/") || path.contains("ipsec.d/")) { readIPsecConf(lines) }
        }
        for (name, var t) in tunnels {
            let ids = peerIDs[name] ?? []
            t.psk = keys.first { k in ids.contains { k.ids.contains($0) } }?.key
            if t.psk == nil { t.pskGap = "no key in the folder's secrets for peer \(ids.first ?? "?")" }
            t.natTOpen = natTOpen
            tunnels[name] = t
        }
    }

    /// The tunnel `name` with its BGP session: FRR's neighbour inside the tunnel's own /30, else
    /// the neighbour at AWS's inside address.
    public func tunnel(_ name: String, awsInside: IPv4Address?) -> CustomerTunnel? {
        guard var t = tunnels[name] else { return nil }
        t.bgp = neighbors.values.first { n in t.inside.map { $0.network.contains(n.neighbor) } ?? false }
            ?? awsInside.flatMap { neighbors[$0] }
        return t
    }

    /// A firewall file opens NAT-T: some rule names UDP 4500.
    static func opensNATT(_ text: String) -> Bool { text.contains("4500") }

    mutating func bad(_ what: String, _ l: ConfigLine) {
        diagnostics.append(Diagnostic(Self.unparsable, "cannot read \(what) from `\(l.text)`; its comparison is skipped", at: l.valueLocation))
    }

    mutating func update(_ name: String, _ body: (inout CustomerTunnel) -> Void) {
        var t = tunnels[name] ?? CustomerTunnel(name: name)
        body(&t)
        tunnels[name] = t
    }

    // MARK: ipsec.conf (strongSwan stroke, Libreswan)

    mutating func readIPsecConf(_ lines: [ConfigLine]) {
        var conn: String?
        for l in lines {
            if !l.indented {
                conn = l.text.hasPrefix("conn ") ? String(l.text.dropFirst(5)).trimmed : nil
                if let conn, conn != "%default" { update(conn) { $0.ikeVersion = .ikev2 } }
                continue
            }
            guard let conn, conn != "%default", let (k, v) = l.keyValue("=") else { continue }
            switch k {
            case "keyexchange": update(conn) { $0.ikeVersion = v == "ikev1" ? .ikev1 : .ikev2 }
            case "ikev2": update(conn) { $0.ikeVersion = v == "no" || v == "never" ? .ikev1 : .ikev2 }
            case "ike": proposals(v, l, conn, \.phase1)
            case "esp", "phase2alg": proposals(v, l, conn, \.phase2)
            case "ikelifetime": seconds(v, l, conn, \.phase1Lifetime)
            case "lifetime", "salifetime", "keylife": seconds(v, l, conn, \.phase2Lifetime)
            case "auto": update(conn) { $0.initiates = ["start", "route", "ondemand"].contains(v) }
            case "dpdaction": dpdAction(v, l, conn)
            case "right":
                if let a = OuterAddress(v) { update(conn) { $0.remote = a }; peerIDs[conn, default: []].append(v) }
            case "rightid": peerIDs[conn, default: []].append(v.droppingPrefix("@"))
            case "leftvti":
                if let i = Self.interface(v) { update(conn) { $0.inside = i } } else { bad("an inside address", l) }
            default: break
            }
        }
    }

    /// `LEFT RIGHT : PSK "key"` lines (Libreswan and stroke).
    mutating func readSecrets(_ lines: [ConfigLine]) {
        for l in lines where !l.indented {
            guard let colon = l.text.firstIndex(of: ":") else { continue }
            let ids = l.text[..<colon].split(separator: " ").map(String.init)
            let rest = l.text[l.text.index(after: colon)...].trimmed
            guard rest.hasPrefix("PSK") else { continue }
            let quoted = rest.dropFirst(3).trimmed
            guard quoted.count >= 2, quoted.hasPrefix("\""), quoted.hasSuffix("\"") else { bad("a pre-shared key", l); continue }
            keys.append((ids, PreSharedKey(String(quoted.dropFirst().dropLast()))))
        }
    }

    // MARK: swanctl.conf

    mutating func readSwanctl(_ lines: [ConfigLine]) {
        var stack: [String] = []
        var secretIDs: [String] = [], secret: PreSharedKey?
        var ikeRekey: [String: (rekey: Int?, over: Int?)] = [:]
        for l in lines {
            if l.text.hasSuffix("{") {
                stack.append(String(l.text.dropLast()).trimmed)
                continue
            }
            if l.text == "}" {
                if stack.count == 2 && stack[0] == "secrets", let s = secret { keys.append((secretIDs, s)) }
                if stack.count == 2 && stack[0] == "secrets" { secretIDs = []; secret = nil }
                _ = stack.popLast()
                continue
            }
            guard let (k, v) = l.keyValue("=") else { continue }
            if stack.first == "secrets" && stack.count == 2 {
                if k.hasPrefix("id") { secretIDs.append(v) }
                if k == "secret" { secret = PreSharedKey(v.count >= 2 && v.hasPrefix("\"") && v.hasSuffix("\"") ? String(v.dropFirst().dropLast()) : v) }
                continue
            }
            guard stack.first == "connections", stack.count >= 2 else { continue }
            let conn = stack[1]
            switch (stack.count, k) {
            case (2, "version"): update(conn) { $0.ikeVersion = v == "1" ? .ikev1 : .ikev2 }
            case (2, "remote_addrs"):
                if let a = OuterAddress(v) { update(conn) { $0.remote = a }; peerIDs[conn, default: []].append(v) }
            case (2, "proposals"): proposals(v, l, conn, \.phase1)
            case (2, "rekey_time"):
                if let s = Self.seconds(v) { ikeRekey[conn, default: (nil, nil)].rekey = s } else { bad("a time", l) }
            case (2, "over_time"): ikeRekey[conn, default: (nil, nil)].over = Self.seconds(v)
            case (3, "id") where stack[2] == "remote": peerIDs[conn, default: []].append(v)
            case (4, "esp_proposals"): proposals(v, l, conn, \.phase2)
            case (4, "life_time"): seconds(v, l, conn, \.phase2Lifetime)
            case (4, "start_action"): update(conn) { $0.initiates = v.split(separator: "|").contains { $0 == "start" || $0 == "trap" } }
            case (4, "dpd_action"): dpdAction(v, l, conn)
            default: break
            }
        }
        // swanctl: the IKE SA's hard lifetime is rekey_time + over_time (over_time defaults to
        // 10 % of rekey_time), https://docs.strongswan.org/docs/latest/swanctl/swanctlConf.html
        for (conn, r) in ikeRekey {
            guard let rekey = r.rekey else { continue }
            update(conn) { $0.phase1Lifetime = rekey + (r.over ?? rekey / 10) }
        }
        for conn in ikeRekey.keys where tunnels[conn]?.ikeVersion == nil { update(conn) { $0.ikeVersion = .ikev2 } }
    }

    // MARK: causeway-updown, frr.conf

    /// `vpn-tunnel1) VTI=vti1 … INSIDE=169.254.11.2/30 ;;`
    mutating func readUpdown(_ lines: [ConfigLine]) {
        for l in lines {
            guard let paren = l.text.firstIndex(of: ")"), let r = l.text.range(of: "INSIDE=") else { continue }
            let name = String(l.text[..<paren]).trimmed
            let value = l.text[r.upperBound...].prefix { !$0.isWhitespace && $0 != ";" }
            if let i = Self.interface(String(value)) { update(name) { $0.inside = i } } else { bad("an inside address", l) }
        }
    }

    mutating func readFRR(_ lines: [ConfigLine]) {
        var localASN: ASN?, noPolicy = false, routerHold: Int?
        // RFC 4271, section 4.2: a hold time is 0 or at least 3 seconds (and fits 16 bits); FRR
        // refuses any other value, so the line does not take effect.
        func holdTime(_ text: String, _ l: ConfigLine) -> Int? {
            guard let h = Int(text), h == 0 || (3...65535).contains(h) else {
                bad("a hold time of 0 or 3–65535 s (RFC 4271, section 4.2; FRR refuses the line)", l)
                return nil
            }
            return h
        }
        var routeMaps: [IPv4Address: Set<String>] = [:]
        var order: [IPv4Address] = []
        for l in lines {
            let w = l.text.split(separator: " ").map(String.init)
            if w.count == 3 && w[0] == "router" && w[1] == "bgp" {
                if let a = UInt32(w[2]) { localASN = ASN(a) } else { bad("an ASN", l) }
            } else if w.count == 4 && w[0] == "timers" && w[1] == "bgp" {
                // `timers bgp KEEPALIVE HOLD` under `router bgp`: every neighbour's, unless its own.
                routerHold = holdTime(w[3], l)
            } else if w == ["no", "bgp", "ebgp-requires-policy"] {
                noPolicy = true
            } else if w.count >= 3 && w[0] == "neighbor", let n = IPv4Address(w[1]) {
                var b = neighbors[n] ?? CustomerBGP(localASN: nil, neighbor: n, remoteASN: nil, holdTime: nil, policyAllowsRoutes: false)
                if neighbors[n] == nil { order.append(n) }
                switch w[2] {
                case "remote-as": if w.count == 4, let a = UInt32(w[3]) { b.remoteASN = ASN(a) } else { bad("a remote ASN", l) }
                case "timers" where w.count == 5 && w[3] != "connect": if let h = holdTime(w[4], l) { b.holdTime = h }
                case "route-map" where w.count == 5: routeMaps[n, default: []].insert(w[4])
                default: break
                }
                neighbors[n] = b
            }
        }
        for n in order {
            neighbors[n]?.localASN = localASN
            if neighbors[n]?.holdTime == nil { neighbors[n]?.holdTime = routerHold }
            neighbors[n]?.policyAllowsRoutes = noPolicy || routeMaps[n, default: []].isSuperset(of: ["in", "out"])
        }
    }

    // MARK: values

    mutating func proposals(_ v: String, _ l: ConfigLine, _ conn: String, _ field: WritableKeyPath<CustomerTunnel, [Proposal]?>) {
        var out: [Proposal] = []
        for text in v.split(separator: ",") {
            guard let p = Self.proposal(String(text)) else { return bad("a proposal", l) }
            out.append(p)
        }
        update(conn) { $0[keyPath: field] = out }
    }

    mutating func seconds(_ v: String, _ l: ConfigLine, _ conn: String, _ field: WritableKeyPath<CustomerTunnel, Int?>) {
        guard let s = Self.seconds(v) else { return bad("a time", l) }
        update(conn) { $0[keyPath: field] = s }
    }

    mutating func dpdAction(_ v: String, _ l: ConfigLine, _ conn: String) {
        guard let a = CustomerDPDAction(rawValue: v) else { return bad("a DPD action", l) }
        update(conn) { $0.dpdAction = a }
    }

    /// `3600s`, `8h`, `60m`, `900`.
    static func seconds(_ v: String) -> Int? {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if let u = v.last.flatMap({ units[$0] }) { return Int(v.dropLast()).map { $0 * u } }
        return Int(v)
    }

    static func interface(_ v: String) -> IPv4Interface? {
        let parts = v.split(separator: "/")
        guard parts.count == 2, let a = IPv4Address(String(parts[0])), let n = Int(parts[1]), (0...32).contains(n) else { return nil }
        return IPv4Interface(a, n)
    }

    /// One proposal in strongSwan's (`aes256gcm16-prfsha256-ecp384`) or Libreswan's
    /// (`aes256-sha2_256+sha2_512;modp2048+dh20`, `aes_gcm256;dh20`) spelling, read with the
    /// keyword tables the renderers write from.
    static func proposal(_ text: String) -> Proposal? {
        var enc: [EncryptionAlgorithm] = [], integ: [IntegrityAlgorithm] = [], dh: [Int] = []
        let tokens = text.trimmed.droppingSuffix("!").split { "-;+".contains($0) }.map(String.init)
        for raw in tokens {
            let t = raw.lowercased()
            if let e = encryptionKeyword[t] { enc.append(e) }
            else if let i = integrityKeyword[t.hasPrefix("prf") ? String(t.dropFirst(3)) : t] { integ.append(i) }
            else if let g = dhKeyword[t] { dh.append(g) }
            else if t == "esp" || t == "ike" { continue }
            else { return nil }
        }
        guard !enc.isEmpty else { return nil }
        return Proposal(encryption: enc, integrity: integ, dhGroups: dh)
    }

    static let encryptionKeyword: [String: EncryptionAlgorithm] = {
        var m: [String: EncryptionAlgorithm] = ["aes": .aes128, "aes128gcm": .aes128gcm, "aes256gcm": .aes256gcm]
        for (name, k) in Offer.strongSwanEncryption { m[k] = EncryptionAlgorithm(name) }
        for (name, k) in Offer.libreswanEncryption { m[k] = EncryptionAlgorithm(name) }
        return m
    }()
    static let integrityKeyword: [String: IntegrityAlgorithm] = {
        var m: [String: IntegrityAlgorithm] = ["sha": .sha1, "sha2": .sha256]
        for (name, k) in Offer.strongSwanIntegrity { m[k] = IntegrityAlgorithm(name) }
        for (name, k) in Offer.libreswanIntegrity { m[k] = IntegrityAlgorithm(name) }
        return m
    }()
    static let dhKeyword: [String: Int] = {
        var m: [String: Int] = [:]
        for (g, k) in Proposal.dhGroupKeywords { m[k] = g }
        for g in 1...32 { m["dh\(g)"] = g }
        return m
    }()
}

/// One meaningful line of a configuration file: trimmed, comments dropped, with where it is.
struct ConfigLine {
    let text: String
    let indented: Bool
    let file: String
    let line: Int
    let column: Int

    static func split(_ contents: String, file: String) -> [ConfigLine] {
        var out: [ConfigLine] = []
        for (i, raw) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lead = raw.prefix { $0 == " " || $0 == "\t" }.count
            let text = raw.trimmed
            if text.isEmpty || text.hasPrefix("#") || text.hasPrefix("!") { continue }
            out.append(ConfigLine(text: text, indented: lead > 0, file: file, line: i + 1, column: lead + 1))
        }
        return out
    }

    /// `key=value` / `key = value`, the value without surrounding spaces.
    func keyValue(_ separator: Character) -> (String, String)? {
        guard let i = text.firstIndex(of: separator) else { return nil }
        return (String(text[..<i]).trimmed, String(text[text.index(after: i)...]).trimmed)
    }

    /// Where the value starts (after the separator), else the line's first character.
    var valueLocation: SourceLocation {
        let offset = text.firstIndex(where: { $0 == "=" }).map { text.distance(from: text.startIndex, to: $0) + 1 } ?? 0
        return SourceLocation(file: file, line: line, column: column + offset)
    }
}

extension StringProtocol {
    fileprivate var trimmed: String { String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed()) }
    fileprivate func droppingPrefix(_ p: String) -> String { hasPrefix(p) ? String(dropFirst(p.count)) : String(self) }
    fileprivate func droppingSuffix(_ s: String) -> String { hasSuffix(s) ? String(dropLast(s.count)) : String(self) }
}
