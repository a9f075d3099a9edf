/// A ZIP archive with its files stored, not compressed — what Lambda's CreateFunction takes as
/// `ZipFile` for a one-file Python handler (APPNOTE.TXT: local file headers, the central
/// directory, the end-of-central-directory record; CRC-32 as IEEE 802.3). Times are fixed
/// (1980-01-01) so the same source always gives the same bytes.
public enum StoredZip {
    public static func archive(_ files: [(name: String, contents: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = [], central: [UInt8] = []
        for f in files {
            let name = Array(f.name.utf8), crc = crc32(f.contents), size = UInt32(f.contents.count), offset = UInt32(out.count)
            // Version 2.0, no flags, method 0 (stored), DOS time 00:00, date 1980-01-01.
            let common: [UInt8] = le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc) + le32(size) + le32(size) + le16(UInt16(name.count)) + le16(0)
            out += le32(0x0403_4b50) + common + name + f.contents
            central += le32(0x0201_4b50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0o100644 << 16) + le32(offset) + name
        }
        let count = UInt16(files.count)
        return out + central + le32(0x0605_4b50) + le16(0) + le16(0) + le16(count) + le16(count)
            + le32(UInt32(central.count)) + le32(UInt32(out.count)) + le16(0)
    }

    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xff) } }

    static let table: [UInt32] = (0..<256).map { n in
        (0..<8).reduce(UInt32(n)) { c, _ in c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    }

    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        ~bytes.reduce(~UInt32(0)) { c, b in table[Int((c ^ UInt32(b)) & 0xff)] ^ (c >> 8) }
    }
}
