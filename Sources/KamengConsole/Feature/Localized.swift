import KamengDomain

/// `chinese` or `english`, by the console's language (titles and keymaps, before a `Strings` exists).
func localized(_ language: UILanguage, _ chinese: String, _ english: String) -> String {
    language == .zh ? chinese : english
}
