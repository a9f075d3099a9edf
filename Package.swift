// swift-tools-version: 6.0
import PackageDescription

// The pipeline is the layout:
//   CausewayCore   load → model → check (pure, no I/O)
//   CausewaySim    converge → forwarding tables → trace / matrix / failover (pure)
//   CausewayRender model → files (pure)
//   CausewayAWS    SigV4 + EC2 Query client, plan / apply / status / destroy, import (I/O behind HTTPTransport)
//   CausewayLab    network namespaces running the real daemons (I/O behind CommandRunner)
//   CausewayOutput rendered files into a folder causeway owns (I/O)
//   causeway       the command line: parses arguments, calls the libraries, prints
let package = Package(
    name: "causeway",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "causeway", targets: ["causeway"]),
        .library(name: "CausewayCore", targets: ["CausewayCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.1.0"),
    ],
    targets: [
        .target(name: "CausewayCore", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "CausewaySim", dependencies: ["CausewayCore"]),
        .target(name: "CausewayRender", dependencies: ["CausewayCore", "CausewaySim"]),
        .target(name: "CausewayAWS", dependencies: [
            "CausewayCore",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Client VPN certificates and keys (random, so outside the pure render): CA, server, clients.
        .target(name: "CausewayPKI", dependencies: [
            "CausewayCore", "CausewayRender",
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        .target(name: "CausewayLab", dependencies: ["CausewayCore", "CausewaySim", "CausewayRender"]),
        // `causeway doctor`: probes of a live gateway host (I/O behind CommandRunner), the pure comparison, drift.
        .target(name: "CausewayDoctor", dependencies: ["CausewayCore", "CausewayRender", "CausewayLab", "CausewayAWS"]),
        // Writes rendered files into a folder it owns (manifest, atomic renames, held signals).
        .target(name: "CausewayOutput", dependencies: ["CausewayRender", .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(name: "causeway", dependencies: [
            "CausewayCore", "CausewaySim", "CausewayRender", "CausewayAWS", "CausewayLab", "CausewayOutput", "CausewayPKI", "CausewayDoctor",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "causeway-bench", dependencies: ["CausewayCore", "CausewaySim", "CausewayRender"]),
        .testTarget(name: "CausewayCoreTests", dependencies: ["CausewayCore"], resources: []),
        .testTarget(name: "CausewaySimTests", dependencies: ["CausewayCore", "CausewaySim"]),
        .testTarget(name: "CausewayPKITests", dependencies: ["CausewayCore", "CausewayRender", "CausewayPKI"]),
        .testTarget(name: "CausewayRenderTests", dependencies: ["CausewayCore", "CausewaySim", "CausewayRender", "CausewayPKI", "CausewayTestSupport"],
                    exclude: ["Golden", "Tools"]),
        // Test harness shared by test targets (they cannot share sources): moto, the built binary.
        .target(name: "CausewayTestSupport", dependencies: ["CausewayAWS", "CausewayLab"], path: "Tests/CausewayTestSupport"),
        .testTarget(name: "CausewayAWSTests", dependencies: ["CausewayCore", "CausewayAWS", "CausewayTestSupport"],
                    exclude: ["Support/botocore_sign.py", "Support/REQUIREMENTS.txt", "Fixtures"]),
        .testTarget(name: "CausewayLabTests", dependencies: ["CausewayCore", "CausewaySim", "CausewayRender", "CausewayLab", "CausewayDoctor", "CausewayTestSupport", "causeway"]),
        .testTarget(name: "CausewayDoctorTests", dependencies: ["CausewayCore", "CausewayDoctor", "CausewayAWS"], exclude: ["Fixtures"]),
        .testTarget(name: "CausewayCLITests", dependencies: ["CausewayCore", "CausewayAWS", "CausewayTestSupport", "causeway"],
                    exclude: ["Golden"]),
    ]
)
