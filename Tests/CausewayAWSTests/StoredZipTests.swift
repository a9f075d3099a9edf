import Foundation
import Testing
@testable import CausewayAWS

/// The connect handler's package: a stored ZIP (APPNOTE.TXT) that Python's zipfile — the reader
/// Lambda's Python runtime extracts with — accepts, CRC-32 checked.
@Suite struct StoredZipTests {
    @Test func crc32IsIEEE() {
        #expect(StoredZip.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(StoredZip.crc32([]) == 0)
    }

    @Test func pythonReadsTheArchive() throws {
        let source = "def lambda_handler(event, context):\n    return {\"allow\": True}\n"
        let zip = StoredZip.archive([("lambda_function.py", Array(source.utf8))])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("storedzip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("f.zip")
        try Data(zip).write(to: path)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; sys.stdout.write(z.namelist()[0] + '\\n' + z.read('lambda_function.py').decode())", path.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "lambda_function.py\n" + source)
        #expect(StoredZip.archive([("lambda_function.py", Array(source.utf8))]) == zip, "the same source gives the same bytes")
    }
}
