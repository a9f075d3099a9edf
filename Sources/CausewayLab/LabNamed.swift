import CausewayCore
import CausewayRender

/// One BIND 9 `named` of the lab: a DNS server as the model writes it (`DNSServer`: the zones it
/// is authoritative for, with their records; its forward zones), the node it runs in, the
/// addresses it listens on and the address it sends its own queries from. Its `named.conf` and
/// zone files are the `causeway render` BIND files (`BIND`), with only what the lab needs
/// changed (BIND 9 Administrator Reference Manual, "options" statement):
///
/// - `directory`, `pid-file`, `session-keyfile` and the zone files' folder are the lab's folder
///   of this server instead of `/var/cache/bind`, `/run/named` and `/etc/bind/causeway`;
/// - `listen-on` names the server's addresses (its node holds other hosts' addresses too),
///   `listen-on-v6 { none; }`, and `query-source` is the address it forwards from;
/// - `max-cache-ttl 0; max-ncache-ttl 0;`: it caches nothing, so every query crosses the
///   network as `causeway resolve` predicts (a real resolver would answer from its cache for up
///   to the record's TTL after the path broke);
/// - the default `forwarders` (S3's 8.8.8.8) are left out: the lab never queries a server
///   outside it (and its namespaces have no route to the machine's own network);
/// - `controls { };`: no rndc channel (the lab stops `named` by its PID);
/// - no chroot and no `-u bind`: it runs as root in the foreground (`-g`, log on stderr),
///   started and stopped by PID like the lab's other daemons.
public struct LabNamed: Sendable {
    /// The lab node it runs in (`lan:onprem`, `vpc:seoul`).
    public var node: String
    public var namespace: String
    /// Its folder: named.conf, the zone files, pid and log.
    public var directory: String
    /// What it serves and forwards. `forwarders` (the defaults) are ignored: see above.
    public var server: DNSServer
    /// Where it answers (port 53, UDP and TCP).
    public var listen: [IPv4Address]
    /// The source address of the queries it forwards; nil lets the kernel choose.
    public var querySource: IPv4Address?

    public init(node: String, namespace: String, directory: String, server: DNSServer, listen: [IPv4Address], querySource: IPv4Address? = nil) {
        self.node = node
        self.namespace = namespace
        self.directory = directory
        self.server = server
        self.listen = listen
        self.querySource = querySource
    }

    public var confPath: String { "\(directory)/named.conf" }
    public func zonePath(_ z: DNSServerZone) -> String { "\(directory)/db.\(z.name.text)" }

    /// The server the lab renders: without default forwarders.
    var labServer: DNSServer {
        var s = server
        s.forwarders = []
        return s
    }

    /// The rendered named.conf with the lab's options (the list above).
    public func namedConf(in topology: Topology) -> String {
        let rendered = BIND().namedConf(labServer, topology)
        var out = ["// causeway lab copy: paths, listen-on and query-source are the lab's; no default forwarders, no rndc channel."]
        for line in rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("    directory ") { continue }
            out.append(line.replacingOccurrences(of: "\"\(BIND.zoneDirectory)/", with: "\"\(directory)/"))
            guard line == "options {" else { continue }
            out.append("    directory \"\(directory)\";")
            out.append("    pid-file \"\(directory)/named.pid\";")
            out.append("    session-keyfile \"\(directory)/session.key\";")
            out.append("    listen-on { \(listen.map { "\($0);" }.joined(separator: " ")) };")
            out.append("    listen-on-v6 { none; };")
            if let q = querySource { out.append("    query-source address \(q);") }
            out.append("    max-cache-ttl 0;")
            out.append("    max-ncache-ttl 0;")
        }
        if out.last == "" { out.removeLast() }
        out.append("")
        out.append("controls { };")
        return out.joined(separator: "\n") + "\n"
    }

    /// named.conf and one zone file per authoritative zone (the render's zone files unchanged).
    public func files(in topology: Topology) -> [LabFile] {
        let s = labServer
        return [LabFile(path: confPath, contents: namedConf(in: topology), mode: 0o644)]
            + s.zones.map { LabFile(path: zonePath($0), contents: BIND().zoneFile($0, s, topology), mode: 0o644) }
    }

    /// `named` in the foreground in its node, one worker thread (the lab's machines are small).
    public var process: LabProcess {
        LabProcess(name: "named", namespace: namespace,
                   argv: ["ip", "netns", "exec", namespace, "/usr/sbin/named", "-g", "-4", "-n", "1", "-c", confPath],
                   log: "\(directory)/named.out")
    }

    /// Checks the configuration and loads every zone without starting a server.
    public var checkConf: [String] { ["named-checkconf", "-z", confPath] }
}
