import Hummingbird

extension Request {
    /// A header's value by its lowercase name (the first, when given twice).
    func header(_ lowercaseName: String) -> String? {
        headers.first { $0.name.canonicalName == lowercaseName }?.value
    }
}
