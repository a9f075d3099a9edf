import CausewayCore
import CausewayLab
import CausewayTestSupport
import Foundation
import Testing

/// `lab test` runs the topology's `expect:` intents in the lab (lab `ti`): S4's reachable and
/// blocked flows by ping, its `survives … vpn/1` with tunnel 1's outside path cut, each
/// measured outcome next to the simulator's.
@Suite struct LabIntentIntegrationTests {
    @Test func s4IntentsHoldInTheLab() async throws {
        guard LabMachine.ready else { return }
        try await LabMachine.withCleanup("ti") {
            let r = try await CLI.run(["lab", "test", "examples/s4-tgw-segmentation.yaml", "--name", "ti", "--format", "json"])
            #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
            let result = try JSONDecoder.snake.decode(LabTestReport.self, from: Data(r.stdout.utf8))
            let intents = try #require(result.cases.first { $0.name == "intents" }?.intents)
            #expect(intents.count == 6)
            for i in intents {
                #expect(i.predicted && i.measured == true, "\(i.intent): \(i.prediction) / \(i.measurement)")
            }
            #expect(intents.contains { $0.intent.hasPrefix("survives") && $0.measurement == "ping answered with vpn/1 cut" })
            #expect(intents.contains { $0.intent.hasPrefix("blocked") && $0.measurement == "ping not answered" })
        }
    }
}
