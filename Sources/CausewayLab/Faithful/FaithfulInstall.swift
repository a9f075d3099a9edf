import CausewayCore

/// One line of a site README's "Install order" block as the faithful lab runs it in the VM.
public struct InstallStep: Sendable, Codable, Equatable {
    /// The line as the README writes it (continuations joined).
    public var line: String
    /// What runs, from the folder with the rendered site files (`sh -c`). Equal to `line` unless
    /// substituted.
    public var command: String
    /// Why the line does not run as written (package installs the image already made), or nil.
    public var substitution: String?
}

/// The site README's install block, taken apart into the steps the VM runs.
public enum InstallOrder {
    /// Commands that install packages from a network repository: the VM has none, its image holds
    /// the packages instead, so these become a check that each named package is installed.
    static let packageManagers = ["apt-get", "apt", "dnf", "yum", "amazon-linux-extras", "subscription-manager"]

    /// Red Hat package names that Debian spells differently (the VM runs Debian's packages).
    static let debianName: [String: String] = ["strongswan": "strongswan-charon", "NetworkManager": "network-manager"]

    /// systemd units a dnf-based host names otherwise than Debian does, for the Debian VM that
    /// stands in for it: RHEL's chrony package ships `chronyd.service`, Debian's ships
    /// `chrony.service` (its `Alias=chronyd.service` exists only once the unit is enabled, and the
    /// image's daemons start disabled). The renderer names each host's own (`HostPlatform.chronyUnit`).
    static let debianUnit: [String: String] = ["chronyd": "chrony", "chronyd.service": "chrony.service"]

    /// The `sh` block under "## Install order" in a rendered site README.
    public static func block(readme: String) -> [String]? {
        var inSection = false, inBlock = false
        var out: [String] = []
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("## ") { if inBlock { break }; inSection = line == "## Install order"; continue }
            guard inSection else { continue }
            if !inBlock, line.hasPrefix("```sh") { inBlock = true; continue }
            if inBlock, line.hasPrefix("```") { return out }
            if inBlock { out.append(line) }
        }
        return inBlock ? out : nil
    }

    /// The steps for `readme`: every command line, in order (comments and blank lines dropped,
    /// `\` continuations joined), package-manager lines replaced by a package check.
    /// With `dnfHost` (a Debian VM standing in for a dnf-based host) `systemctl` lines use
    /// Debian's unit names.
    public static func steps(readme: String, dnfHost: Bool = false) throws -> [InstallStep] {
        guard let lines = block(readme: readme) else { throw LabPlanError("the site README has no `## Install order` sh block") }
        var joined: [String] = []
        var pending = ""
        for l in lines {
            if l.hasSuffix("\\") { pending += String(l.dropLast()) + " "; continue }
            joined.append(pending + l)
            pending = ""
        }
        return joined.compactMap { line in
            let t = line.trimmingCharacters(in: .whitespaces)
            guard !t.isEmpty, !t.hasPrefix("#") else { return nil }
            let s = step(t)
            return dnfHost ? debianUnits(s) : s
        }
    }

    /// `s` with RHEL's unit names in its `systemctl` commands replaced by Debian's.
    static func debianUnits(_ s: InstallStep) -> InstallStep {
        guard s.substitution == nil else { return s }
        var renamed: [String] = []
        let commands = s.command.components(separatedBy: " && ").map { c -> String in
            let words = c.split(separator: " ").map(String.init)
            guard words.first == "systemctl" else { return c }
            return words.map { w in
                guard let d = debianUnit[w] else { return w }
                renamed.append("\(w) as Debian's \(d)")
                return d
            }.joined(separator: " ")
        }
        guard !renamed.isEmpty else { return s }
        return InstallStep(line: s.line, command: commands.joined(separator: " && "),
                           substitution: "the Debian VM stands in for a dnf-based host: \(renamed.joined(separator: ", "))")
    }

    static func step(_ line: String) -> InstallStep {
        let words = line.split(separator: " ").map(String.init)
        guard let tool = words.first, packageManagers.contains(tool) else { return InstallStep(line: line, command: line) }
        let verb = words.dropFirst().first { !$0.hasPrefix("-") } ?? ""
        guard verb == "install" else {
            return InstallStep(line: line, command: "true", substitution: "package lists: the VM has no repository to refresh (its image was built from Debian's packages)")
        }
        let names = words.drop { $0 != "install" }.dropFirst().filter { !$0.hasPrefix("-") && !$0.contains("=") }
        let debian = names.map { debianName[$0] ?? $0 }
        let check = debian.map { "dpkg-query -W -f='${Status}\\n' \($0) | grep -q 'install ok installed'" }.joined(separator: " && ")
        let renamed = zip(names, debian).filter { $0 != $1 }.map { "\($0) as Debian's \($1)" }
        let why = "packages come from the VM's image; checked installed: \(debian.joined(separator: ", "))"
            + (renamed.isEmpty ? "" : " (\(renamed.joined(separator: ", ")))")
        return InstallStep(line: line, command: check.isEmpty ? "true" : check, substitution: why)
    }
}
