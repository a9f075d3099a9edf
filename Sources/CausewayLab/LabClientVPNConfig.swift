import CausewayCore
import CausewayRender

/// The files of one Client VPN stand-in: OpenVPN's server configuration and per-user
/// `client-config-dir` entries, the certificates, nftables (authorization rules, source NAT), and
/// the connect handler with the wrapper `client-connect` runs.
struct LabClientVPNConfig {
    let endpoint: ClientVPNEndpoint
    let directory: String
    let server: IPv4Address
    let sourceNAT: [(destination: IPv4Prefix, interface: IPv4Address)]
    let users: [LabRemoteUser]
    let pki: LabClientVPNPKI

    var serverConfigPath: String { "\(directory)/server.conf" }
    var nftablesPath: String { "\(directory)/client-vpn.nft" }
    var clockPath: String { "\(directory)/clock" }
    var handlerLogPath: String { "\(directory)/handler.jsonl" }
    var handlerPath: String { "\(directory)/handler/lambda_function.py" }
    var wrapperPath: String { "\(directory)/handler/client-connect.py" }

    var files: [LabFile] {
        var out = [
            LabFile(path: "\(directory)/pki/ca.crt", contents: pki.ca, mode: 0o644),
            LabFile(path: "\(directory)/pki/server.crt", contents: pki.serverCertificate, mode: 0o644),
            LabFile(path: "\(directory)/pki/server.key", contents: pki.serverKey, mode: 0o600),
            LabFile(path: serverConfigPath, contents: serverConfig, mode: 0o644),
            LabFile(path: nftablesPath, contents: nftables, mode: 0o644),
            // Empty: the handler runs on the machine's clock until `lab test` writes an instant.
            LabFile(path: clockPath, contents: "", mode: 0o644),
        ]
        for u in users {
            out.append(LabFile(path: "\(directory)/ccd/\(u.user)", contents: "ifconfig-push \(u.clientAddress) \(endpoint.clientCIDR.netmask)\n", mode: 0o644))
        }
        if let source = pki.handlerSource {
            out.append(LabFile(path: handlerPath, contents: source, mode: 0o644))
            out.append(LabFile(path: wrapperPath, contents: wrapper, mode: 0o755))
        }
        return out
    }

    /// What the stand-in does differently from AWS.
    var notes: [String] {
        var n: [String] = []
        if !endpoint.splitTunnel { n.append("\(endpoint.name): split tunnel off: the stand-in pushes redirect-gateway; the lab's internet has nothing behind the endpoint") }
        if endpoint.connectionLog.enabled { n.append("\(endpoint.name): connection logging goes to the stand-in's log, not CloudWatch Logs") }
        return n
    }

    /// OpenVPN 2.6 as the endpoint: `server` gives the client CIDR (the server takes its first
    /// address, as AWS's endpoint keeps addresses of the range to itself), routes pushed as the
    /// endpoint's route table with split tunnel (every route through the endpoint without it).
    var serverConfig: String {
        var l = [
            "# causeway lab: stand-in for Client VPN endpoint \(endpoint.name) (OpenVPN 2.6, not AWS's service)",
            "mode server",
            "tls-server",
            "proto \(endpoint.transportProtocol == .udp ? "udp4" : "tcp4-server")",
            "local \(server)",
            "port \(endpoint.vpnPort)",
            "dev \(LabClientVPN.tunnelInterface)",
            "dev-type tun",
            "topology subnet",
            "server \(endpoint.clientCIDR.network) \(endpoint.clientCIDR.netmask)",
            "client-config-dir \(directory)/ccd",
            "ca \(directory)/pki/ca.crt",
            "cert \(directory)/pki/server.crt",
            "key \(directory)/pki/server.key",
            "dh none",
            "keepalive 10 60",
            "status \(directory)/status.log 1",
            "verb 3",
        ]
        if endpoint.splitTunnel {
            for d in sourceNAT.map(\.destination) where d != .any { l.append("push \"route \(d.network) \(d.netmask)\"") }
        } else {
            l.append("push \"redirect-gateway def1\"")
        }
        for s in endpoint.dnsServers { l.append("push \"dhcp-option DNS \(s)\"") }
        if pki.handlerSource != nil {
            l.append("script-security 2")
            l.append("client-connect \(wrapperPath)")
        }
        return l.joined(separator: "\n") + "\n"
    }

    /// Authorization rules on the tun interface (an all-users rule admits every client to its
    /// destination; a group's rule only its members' addresses, and the most specific
    /// destination decides), then source NAT to the interface address of the route's subnet.
    var nftables: String {
        let tun = LabClientVPN.tunnelInterface
        var forward: [String] = []
        let byDestination = Dictionary(grouping: endpoint.authorizationRules, by: \.destination)
        for d in byDestination.keys.sorted(by: { $0.length > $1.length }) {
            let rules = byDestination[d] ?? []
            if rules.contains(where: \.allUsers) {
                forward.append("iifname \"\(tun)\" ip daddr \(d) accept")
                continue
            }
            let groups = Set(rules.compactMap(\.accessGroup))
            let members = users.filter { u in endpoint.user(u.user)?.groups.contains(where: groups.contains) == true }.map { "\($0.clientAddress)" }
            if !members.isEmpty { forward.append("iifname \"\(tun)\" ip saddr { \(members.joined(separator: ", ")) } ip daddr \(d) accept") }
            forward.append("iifname \"\(tun)\" ip daddr \(d) drop")
        }
        forward.append("iifname \"\(tun)\" drop")
        let nat = sourceNAT.map { "oifname \"vpc\" ip saddr \(endpoint.clientCIDR)\($0.destination == .any ? "" : " ip daddr \($0.destination)") snat ip to \($0.interface)" }
        return NFTables.table("causeway_cvpn", [
            ("forward", ["type filter hook forward priority 0; policy accept;", "ct state established,related accept"], forward),
            ("postrouting", ["type nat hook postrouting priority 100; policy accept;"], nat),
        ])
    }

    /// `client-connect`: calls the rendered handler with the event AWS Client VPN passes its
    /// Lambda function (AWS Client VPN administrator guide, "Connection authorization", request
    /// schema) and refuses the connection unless the answer allows it, as AWS does with an
    /// unexpected answer too. The handler's process runs on the lab's clock: the instant in the
    /// clock file when `lab test` wrote one (datetime and time answer it; nothing else in the
    /// process is changed), so a verdict does not depend on the day the lab runs.
    var wrapper: String {
        """
        #!/usr/bin/env python3
        # causeway lab: openvpn's client-connect for Client VPN endpoint \(endpoint.name).
        import datetime, importlib.util, json, os, sys, time

        CLOCK = \(pythonString(clockPath))
        HANDLER = \(pythonString(handlerPath))
        LOG = \(pythonString(handlerLogPath))

        def lab_now():
            with open(CLOCK) as f:
                text = f.read().strip()
            return datetime.datetime.fromisoformat(text) if text else None

        FIXED = lab_now()
        if FIXED is not None:
            _real = datetime.datetime

            class LabClock(_real):
                @classmethod
                def now(cls, tz=None):
                    return FIXED.astimezone(tz) if tz is not None else FIXED.astimezone().replace(tzinfo=None)

                @classmethod
                def utcnow(cls):
                    return FIXED.astimezone(datetime.timezone.utc).replace(tzinfo=None)

                @classmethod
                def today(cls):
                    return cls.now()

            datetime.datetime = LabClock
            time.time = lambda: FIXED.timestamp()
            _gm, _local = time.gmtime, time.localtime
            time.gmtime = lambda s=None: _gm(FIXED.timestamp() if s is None else s)
            time.localtime = lambda s=None: _local(FIXED.timestamp() if s is None else s)

        env = os.environ
        event = {
            "connection-id": "cvpn-connection-lab-" + env.get("untrusted_port", "0"),
            "endpoint-id": "cvpn-endpoint-lab-\(endpoint.name)",
            "common-name": env.get("common_name", ""),
            "username": env.get("common_name", ""),
            "platform": env.get("IV_PLAT", ""),
            "platform-version": env.get("IV_PLAT_VER", ""),
            "public-ip": env.get("untrusted_ip", ""),
            "client-openvpn-version": env.get("IV_VER", ""),
            "schema-version": "v3",
        }
        spec = importlib.util.spec_from_file_location("lambda_function", HANDLER)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
            answer = module.lambda_handler(event, None)
        except Exception as e:
            answer = {"error": repr(e)}
        allowed = isinstance(answer, dict) and answer.get("allow") is True
        with open(LOG, "a") as f:
            f.write(json.dumps({"at": FIXED.isoformat() if FIXED else None, "event": event, "answer": answer, "allowed": allowed}) + "\\n")
        sys.exit(0 if allowed else 1)

        """
    }

    func pythonString(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The profile with its `remote` line(s) replaced by the stand-in's address and port; every
    /// other line as rendered.
    static func rewriteRemote(_ profile: String, to server: IPv4Address, port: Int) -> String {
        var done = false
        var inline = false
        var out: [Substring] = []
        for line in profile.split(separator: "\n", omittingEmptySubsequences: false) {
            let words = line.split(whereSeparator: \.isWhitespace)
            // Inline blocks (<ca>, <cert>, <key>) are data, never options.
            if line.hasPrefix("</") { inline = false } else if line.hasPrefix("<") { inline = true }
            guard !inline, words.first == "remote", words.count >= 2 else { out.append(line); continue }
            if !done { out.append("remote \(server) \(port)") }
            done = true
        }
        return out.joined(separator: "\n")
    }
}

extension IPv4Prefix {
    /// The mask in dotted form, as OpenVPN's `server` and `route` take it.
    var netmask: IPv4Address { IPv4Address(mask) }
}
