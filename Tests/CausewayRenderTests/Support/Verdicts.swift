/// When a real tool's run counts as accepting a file: one predicate per checker, shared by the
/// tests that expect acceptance and the ones that break a file on purpose.
enum Verdict {
    /// swanctl exits 0 even for a truncated file (the error goes to stderr): require silence
    /// on stderr and every connection loaded.
    static func swanctl(_ r: ToolResult, connections: [String]) -> Bool {
        r.status == 0 && !r.stdout.contains("stderr: ")
            && r.stdout.contains("successfully loaded \(connections.count) connections, 0 unloaded")
            && connections.allSatisfy { r.stdout.contains("loaded connection '\($0)'") && r.stdout.contains("loaded ike secret 'ike-\($0)'") }
    }

    /// starter reports unknown keywords as parsing errors and still loads the rest; charon skips
    /// proposals it cannot parse: require neither, every connection added and every key loaded.
    static func stroke(_ r: ToolResult, connections: [String]) -> Bool {
        r.status == 0 && !r.stdout.contains("parsing error") && !r.stdout.contains("skipped invalid")
            && connections.allSatisfy { r.stdout.contains("added configuration '\($0)'") }
            && r.stdout.components(separatedBy: "loaded IKE secret").count - 1 == connections.count
    }

    /// addconn returns 0 with only a message for some errors: require rc 0, no output, and
    /// algparse accepting every algorithm line.
    static func libreswan(_ r: ToolResult) -> Bool {
        r.stdout.hasPrefix("== addconn rc=0\n== algparse\n") && !r.stdout.contains("BAD ")
            && r.stdout.contains("OK ike=") && r.stdout.contains("OK esp=") && r.stderr.isEmpty
    }

    /// pluto (Libreswan's daemon) added every connection, addconn said nothing, and the
    /// secrets file loaded without a complaint.
    static func pluto(_ r: ToolResult, connections: [String]) -> Bool {
        guard r.stdout.hasPrefix("== addconn rc=0\n== pluto\n"), r.stderr.isEmpty else { return false }
        let log = r.stdout
        let complaints = ["malformed", "ERROR", "FATAL", "warning", "did not load"]
        return connections.allSatisfy { log.contains("\"\($0)\": added IKEv2 connection") || log.contains("\"\($0)\": added IKEv1 connection") }
            && !complaints.contains { log.contains($0) } && log.contains("loading secrets from")
    }

    static func vtysh(_ r: ToolResult) -> Bool { r.status == 0 && r.output.isEmpty }
    static func cfnLint(_ r: ToolResult) -> Bool { r.status == 0 && r.output.isEmpty }
    static func hcl(_ r: ToolResult) -> Bool { r.status == 0 }
    /// systemd-analyze verify prints parse warnings but may still exit 0.
    static func systemd(_ r: ToolResult) -> Bool { r.stdout == "rc=0\n" && r.stderr.isEmpty }
    static func netfilter(_ r: ToolResult) -> Bool { r.output == "rc=0\n" }
}
