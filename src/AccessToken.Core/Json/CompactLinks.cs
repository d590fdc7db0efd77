using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Losant.AccessTokens.Json
{
    /// <summary>
    /// A token's <c>_links</c> in the shape the API sends, <c>{"self": {"href": "..."}}</c>, kept as
    /// relation and address pairs until someone reads <c>AdditionalProperties</c>: the dictionaries
    /// of <see cref="PlainValueConverter"/> cost about half a kilobyte for every token read, and
    /// most tokens are never asked for their links.
    /// </summary>
    internal sealed class CompactLinks
    {
        // Relation, address, relation, address, ...
        private readonly string[] _pairs;

        private CompactLinks(string[] pairs) => _pairs = pairs;

        /// <summary>
        /// Reads the links when they have the usual shape; otherwise leaves the reader where it was
        /// and returns false, so that the value is read as any other.
        /// </summary>
        public static bool TryRead(ref Utf8JsonReader reader, out CompactLinks? links)
        {
            links = null;
            if (reader.TokenType != JsonTokenType.StartObject) return false;

            // A look ahead on a copy of the reader (a struct), so that nothing is read twice into memory.
            var ahead = reader;
            var count = 0;
            while (ahead.Read() && ahead.TokenType == JsonTokenType.PropertyName)
            {
                if (!ahead.Read() || ahead.TokenType != JsonTokenType.StartObject) return false;
                if (!ahead.Read() || ahead.TokenType != JsonTokenType.PropertyName || !ahead.ValueTextEquals("href")) return false;
                if (!ahead.Read() || ahead.TokenType != JsonTokenType.String) return false;
                if (!ahead.Read() || ahead.TokenType != JsonTokenType.EndObject) return false;
                count++;
            }

            if (ahead.TokenType != JsonTokenType.EndObject) return false;
            var pairs = count == 0 ? Array.Empty<string>() : new string[count * 2];
            for (var i = 0; i < pairs.Length; i += 2)
            {
                reader.Read();
                pairs[i] = reader.ValueTextEquals("self") ? "self" : reader.GetString()!;
                reader.Read();
                reader.Read();
                reader.Read();
                pairs[i + 1] = reader.GetString()!;
                reader.Read();
            }

            reader.Read();
            links = new CompactLinks(pairs);
            return true;
        }

        /// <summary>The links as <see cref="PlainValueConverter"/> would have read them.</summary>
        public Dictionary<string, object?> ToPlain()
        {
            var links = new Dictionary<string, object?>(_pairs.Length / 2, StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < _pairs.Length; i += 2)
            {
                links[_pairs[i]] = new Dictionary<string, object?>(1, StringComparer.OrdinalIgnoreCase) { ["href"] = _pairs[i + 1] };
            }

            return links;
        }
    }
}
