// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "minsheng",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "minsheng", targets: ["minsheng"]),
        .executable(name: "minsheng-face-bench", targets: ["FaceBench"]),
        .executable(name: "minsheng-credential-bench", targets: ["CredentialBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        // SD-JWT's JWS (ES256) signing and verification.
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        // SMTP's client connection (already in the build through Vapor).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // The domain: pure Swift over Foundation. It decides, never fetches.
        .target(
            name: "MinshengCore",
            resources: [.copy("Resources")]
        ),
        // Fluent models, migrations, repositories, field encryption, the audit chain.
        .target(
            name: "MinshengStore",
            dependencies: [
                "MinshengCore",
                "MinshengCredentials",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQL", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The service catalog's YAML files, read into Core's types and validated (file:line: reason).
        .target(
            name: "MinshengCatalog",
            dependencies: ["MinshengCore", .product(name: "Yams", package: "Yams")]
        ),
        // HTTP: the JSON API, pages, sessions, middleware. One buildApplication(config).
        .target(
            name: "MinshengWeb",
            dependencies: [
                "MinshengCore",
                "MinshengStore",
                "MinshengCatalog",
                "MinshengFace",
                "MinshengCredentials",
                "MinshengQR",
                "MinshengMessaging",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "Leaf", package: "leaf"),
            ]
        ),
        // dlib behind a plain C header (Debian's libdlib-dev): decoding, HOG detection, 5-point alignment, the ResNet
        // descriptor. Optimised even in debug builds: dlib's templates run ~50x slower at -O0.
        .target(
            name: "CDlibFace",
            cxxSettings: [.unsafeFlags(["-O2", "-fexceptions", "-Wno-deprecated-declarations"])],
            linkerSettings: [.linkedLibrary("dlib"), .linkedLibrary("blas"), .linkedLibrary("lapack")]
        ),
        // Faces: typed Swift over CDlibFace — EXIF orientation, size limits, quality, descriptors, distances.
        .target(name: "MinshengFace", dependencies: ["CDlibFace"]),
        // System libraries from Debian: zlib (status lists, PNG), libqrencode (QR codes), libzbar (reading them back).
        .systemLibrary(name: "CZlib"),
        .systemLibrary(name: "CQRencode"),
        .systemLibrary(name: "CZbar"),
        // Signed certificates: issuer keys (ES256), COSE_Sign1 offline tokens, status lists, key sets. Core and
        // swift-crypto only, so a verifier built from it needs no web framework or database.
        .target(
            name: "MinshengCredentials",
            dependencies: ["MinshengCore", "CZlib", .product(name: "Crypto", package: "swift-crypto"), .product(name: "JWTKit", package: "jwt-kit")]
        ),
        // QR codes: made as SVG and PNG with libqrencode, read from photos with zbar (dlib decodes the image, after
        // MinshengFace's header check).
        .target(name: "MinshengQR", dependencies: ["CQRencode", "CZbar", "CDlibFace", "MinshengFace", "MinshengCredentials"]),
        // Notification channels beyond in-app: SMTP e-mail (over SwiftNIO), SMS and WeChat template adapters with a
        // local outbox-file transport.
        .target(
            name: "MinshengMessaging",
            dependencies: ["MinshengCore", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]
        ),
        // The face benchmark (scripts/bench-face.sh): MinshengFace alone, so its release build stays small.
        .executableTarget(name: "FaceBench", dependencies: ["MinshengFace"]),
        // The offline-verification benchmark (scripts/bench-credentials.sh): MinshengCredentials alone.
        .executableTarget(name: "CredentialBench", dependencies: ["MinshengCredentials", .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(
            name: "minsheng",
            dependencies: [
                "MinshengWeb",
                "MinshengFace",
                "MinshengStore",
                "MinshengCore",
                "MinshengCatalog",
                "MinshengCredentials",
                "MinshengQR",
                "MinshengMessaging",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "FluentSQL", package: "fluent-kit"),
                .product(name: "Vapor", package: "vapor"),
            ]
        ),
        // Test support shared by the store and web suites: a fresh database of each kind per test.
        .target(
            name: "MinshengTesting",
            dependencies: [
                "MinshengStore", "MinshengCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQL", package: "fluent-kit"),
            ]
        ),
        .testTarget(name: "MinshengCoreTests", dependencies: ["MinshengCore"]),
        .testTarget(name: "MinshengCatalogTests", dependencies: ["MinshengCatalog", "MinshengCore"]),
        .testTarget(name: "MinshengFaceTests", dependencies: ["MinshengFace"], resources: [.copy("Fixtures")]),
        .testTarget(name: "MinshengCredentialsTests", dependencies: ["MinshengCredentials", "MinshengCore", "MinshengQR"], resources: [.copy("Fixtures")]),
        .testTarget(name: "MinshengStoreTests", dependencies: ["MinshengStore", "MinshengCore", "MinshengTesting", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(
            name: "MinshengWebTests",
            dependencies: [
                "MinshengWeb", "MinshengStore", "MinshengCore", "MinshengTesting", "MinshengCredentials", "MinshengQR", "MinshengMessaging",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
