/// `application/x-www-form-urlencoded` bodies exactly like Python's `urllib.parse.urlencode`:
/// space as `+`, `A-Za-z0-9-_.~` kept, everything else `%XX` upper-case.
///
/// moto recomputes signatures over the body it re-encodes this way, and AWS accepts it, so one
/// encoding serves both.
public enum FormEncoding {
    /// Encodes one key or value.
    public static func encode(_ string: String) -> String {
        PercentEncoding.encode(string, spaceAsPlus: true)
    }

    /// Encodes ordered pairs as `k=v&k=v`, keeping their order.
    public static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }
}
