import CausewayCore
import Foundation
import CausewayTestSupport

/// The repository's example topologies, loaded and checked.
enum Topologies {
    static let root = TestPaths.testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

    static func example(_ name: String) throws -> Topology {
        let path = root.appendingPathComponent("examples/\(name).yaml").path
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let result = loadAndCheck(data: [UInt8](data), file: path)
        guard let t = result.topology, !result.diagnostics.hasErrors else {
            throw MotoError("examples/\(name).yaml does not load: \(result.diagnostics.map(\.formatted))")
        }
        return t
    }
}
