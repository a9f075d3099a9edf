import ArgumentParser

@main
struct Causeway: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "causeway",
        abstract: "Hybrid-cloud connectivity over AWS Site-to-Site VPN: check, simulate, render, apply and lab-test one topology file.",
        version: "0.1.0",
        subcommands: [Check.self, Show.self, Routes.self, Trace.self, Resolve.self, Matrix.self, Failover.self, Render.self,
                      PlanVerb.self, ApplyVerb.self, StatusVerb.self, DoctorVerb.self, DestroyVerb.self, ImportVerb.self, Lab.self, TestVerb.self,
                      Explain.self])
}
