public enum Causeway { public static let version = "0.1.0" }
