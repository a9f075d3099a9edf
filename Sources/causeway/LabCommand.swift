import ArgumentParser

struct Lab: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring a topology up on this machine with the real daemons (network namespaces, strongSwan, FRR) and test it against the simulator.",
        discussion: """
        The customer side runs exactly what `causeway render --profile lab` gives
        (strongSwan
        swanctl per tunnel, FRR without the VTI stanzas); the AWS side is emulated from the model:
        one charon per tunnel with the tunnel options as AWS runs them, FRR with the
        Amazon-side ASN, and the converged VPC and TGW route tables as kernel tables.
        Outside addresses are mapped into 198.51.100.0/24 (customer) and
        203.0.113.0/24 (AWS). Needs root.

        Examples:
          sudo causeway lab up examples/s4-tgw-segmentation.yaml
          sudo causeway lab status
          sudo causeway lab exec site:onprem-c -- ip route
          sudo causeway lab test examples/s4-tgw-segmentation.yaml
          sudo causeway lab down
        """,
        subcommands: [LabUp.self, LabStatus.self, LabExec.self, LabTest.self, LabDown.self, LabHealthChecker.self, LabTCPProbeCommand.self])
}
