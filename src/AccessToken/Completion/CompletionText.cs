namespace Losant.AccessTokens.Completion
{
    /// <summary>How the completers read the word typed so far and write what they offer: quotes, typographic ones too.</summary>
    internal static class CompletionText
    {
        public static (string Word, bool Quoted) Unquote(string word)
        {
            if (word.Length == 0) return (word, false);
            var first = word[0];
            if (first != '\'' && first != '"' && !IsSingleQuote(first) && !IsDoubleQuote(first)) return (word, false);
            var inner = word.Substring(1);
            if (inner.Length > 0 && inner[inner.Length - 1] == first) inner = inner.Substring(0, inner.Length - 1);
            return (inner, true);
        }

        public static bool NeedsQuotes(string text)
        {
            if (text.Length == 0) return true;
            foreach (var c in text)
            {
                if (char.IsWhiteSpace(c) || IsSingleQuote(c) || IsDoubleQuote(c) || "'\"`$&|;,(){}<>@#".IndexOf(c) >= 0) return true;
            }

            // A leading dash would be read as a parameter name.
            return text[0] == '-' || text[0] == '\u2013' || text[0] == '\u2014';
        }

        private static bool IsSingleQuote(char c) => c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201a' || c == '\u201b';

        private static bool IsDoubleQuote(char c) => c == '"' || c == '\u201c' || c == '\u201d' || c == '\u201e';
    }
}
