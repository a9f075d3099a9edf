import CausewayCore
import CausewayRender
import CausewayTestSupport
import Foundation
import Testing

/// The rendered picture and report, opened in headless Chromium: the DOM Chromium builds holds
/// the SVG's text, and a screenshot is a real picture (its size decoded from the PNG, and a
/// coarse count of non-white pixels), never compared pixel by pixel.
@Suite(.serialized) struct DiagramChromiumTests {
    /// Runs Chromium headless on `url` with at most 120 s (coreutils `timeout`), in its own profile.
    static func chromium(_ exe: String, _ args: [String], profile: String) throws -> ToolResult {
        try Tools.run("/usr/bin/timeout", ["120", exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                          "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=\(profile)"] + args)
    }

    /// Width, height and the share of pixels that are not (near) white, from a PNG: Python's zlib
    /// inflates it and undoes the row filters; every 4th pixel of every 4th row is sampled.
    static func pngContent(_ path: String) throws -> (width: Int, height: Int, inked: Double) {
        let script = """
        import struct, sys, zlib
        d = open(sys.argv[1], 'rb').read()
        assert d[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
        pos, idat, w, h, bpp = 8, b'', 0, 0, 0
        while pos < len(d):
            n, kind = struct.unpack('>I4s', d[pos:pos + 8]); body = d[pos + 8:pos + 8 + n]; pos += 12 + n
            if kind == b'IHDR':
                w, h, depth, colour = struct.unpack('>IIBB', body[:10]); bpp = {2: 3, 6: 4, 0: 1, 4: 2}[colour]
                assert depth == 8
            elif kind == b'IDAT': idat += body
        raw, stride, prev, rows = zlib.decompress(idat), w * bpp, bytearray(w * bpp), []
        for y in range(h):
            f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0; b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
                if f == 1: line[i] = (line[i] + a) & 255
                elif f == 2: line[i] = (line[i] + b) & 255
                elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            rows.append(line); prev = line
        seen = inked = 0
        for y in range(0, h, 4):
            for x in range(0, w, 4):
                px = rows[y][x * bpp:x * bpp + min(bpp, 3)]; seen += 1
                if min(px) < 200: inked += 1
        print(w, h, inked / max(seen, 1))
        """
        let r = try Tools.run("/usr/bin/python3", ["-c", script, path])
        let parts = r.stdout.split(separator: " ")
        guard r.status == 0, parts.count == 3, let w = Int(parts[0]), let h = Int(parts[1]),
              let inked = Double(parts[2].trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw FixtureError("cannot decode \(path): \(r)")
        }
        return (w, h, inked)
    }

    @Test(arguments: [Scenario.s3, .s5])
    func chromiumRendersThePictureAndTheReport(_ s: Scenario) async throws {
        guard let exe = Tools.require("chromium", skipName: "CHROMIUM", install: "chromium (apt-get install --no-install-recommends chromium)") else { return }
        let t = try s.topology()
        let files = try RenderPlan(t, only: [.diagram]).run(t, context: try s.context())
        let dir = try Scratch(files)
        let profile = dir.path("chromium-profile")
        let report = "file://" + dir.path("diagram/report.html"), svg = "file://" + dir.path("diagram/topology.svg")

        // The DOM Chromium built from the report holds the inline SVG and its text.
        let dom = try await offThePool { try Self.chromium(exe, ["--dump-dom", report], profile: profile) }
        #expect(dom.status == 0, "\(dom)")
        #expect(dom.stdout.contains("<svg") && dom.stdout.contains("Reachability matrix"))
        for n in DiagramTests.names(t) { #expect(dom.stdout.contains(n), "\(n) not in Chromium's DOM") }

        for (name, url) in [("report", report), ("svg", svg)] {
            let png = dir.path("\(name).png")
            let r = try await offThePool { try Self.chromium(exe, ["--screenshot=\(png)", "--window-size=1600,1200", url], profile: profile) }
            #expect(r.status == 0, "\(r)")
            let size = (try? FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0
            #expect(size > 10_000, "\(name).png is \(size) bytes")
            if let keep = ProcessInfo.processInfo.environment["CAUSEWAY_KEEP_SCREENSHOTS"] {
                try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
                try? FileManager.default.removeItem(atPath: "\(keep)/\(s.description)-\(name).png")
                try? FileManager.default.copyItem(atPath: png, toPath: "\(keep)/\(s.description)-\(name).png")
            }
            let c = try Self.pngContent(png)
            #expect(c.width == 1600 && c.height == 1200, "\(name).png is \(c.width)×\(c.height)")
            // Not blank and not a solid block: boxes, lines and text ink some of the page.
            #expect(c.inked > 0.01 && c.inked < 0.6, "\(name).png: \(c.inked) of its pixels are not white")
        }
    }
}
