using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Losant.AccessTokens.Json
{
    /// <summary>
    /// Turns the serializer's failures into <see cref="InvalidResponseException"/>s that say which
    /// field is wrong and how, as plainly as a hand-written parser would: the serializer reports
    /// only a path and, for a value of the wrong type, its own wording.
    /// </summary>
    internal static class JsonFailure
    {
        /// <summary>
        /// The failure of reading a body as <paramref name="root"/>, naming the field and what is wrong with it;
        /// <paramref name="start"/> is a reader on (or just before) the value that failed, to look at it again.
        /// </summary>
        public static InvalidResponseException ToInvalidResponse(JsonException e, Utf8JsonReader start, JsonTypeInfo root, string subject)
        {
            var segments = Segments(e.Path);
            var field = segments.Count == 0 ? null : string.Concat(segments.Select((s, i) => i == 0 || s[0] == '[' ? s : "." + s));
            if (e is ShapeException) return AccessTokenJson.Shape(field == null ? e.Message : $"'{field}' {e.Message}", e);

            // The reader's own complaints (syntax, depth, what follows the value) come wrapped.
            if (e.InnerException is JsonException || e.Path == null) return NotJson(e.Message, e);

            // Otherwise the serializer refused a value: either of the wrong type, or of the right
            // type with text that does not decode (a lone surrogate, bytes that are not UTF-8).
            var expected = Expected(root.Type, segments);
            var actual = TokenAt(start, segments);
            var detail = e.InnerException?.Message ?? e.Message;
            if (expected == null || actual == null || Accepts(expected, actual.Value))
            {
                return NotJson(field == null ? detail : $"{detail.TrimEnd('.')} in '{field}'.", e);
            }

            return AccessTokenJson.Shape($"{(field == null ? subject : $"'{field}'")} must be {Describe(expected)}, not {AccessTokenJson.Describe(actual.Value)}", e);
        }

        private static InvalidResponseException NotJson(string detail, Exception inner) =>
            new InvalidResponseException("The answer is not valid JSON: " + detail, inner);

        // A serializer path such as $.scope[1] as its steps: "scope", "[1]".
        private static List<string> Segments(string? path)
        {
            var segments = new List<string>();
            for (var i = 1; path != null && i < path.Length;)
            {
                var end = path[i] == '[' ? path.IndexOf(']', i) + 1 : path.IndexOfAny(PathSeparators, i + 1);
                if (end <= 0) end = path.Length;
                segments.Add(path[i] == '.' ? path.Substring(i + 1, end - i - 1) : path.Substring(i, end - i));
                i = end;
            }

            return segments;
        }

        private static readonly char[] PathSeparators = { '.', '[' };

        // The type the models expect at a path, read from the generated metadata so that a new
        // field needs no new message; null where nothing is known (fields beyond the schema).
        private static Type? Expected(Type type, List<string> segments)
        {
            Type? current = type;
            foreach (var segment in segments)
            {
                if (current == null) break;
                current = segment[0] == '['
                    ? current.GetElementType()
                    : AccessTokenJsonContext.Default.GetTypeInfo(current)?.Properties.FirstOrDefault(p => p.Name == segment)?.PropertyType;
            }

            return current == null ? null : Nullable.GetUnderlyingType(current) ?? current;
        }

        private static string Describe(Type type) =>
            type == typeof(string) || type == typeof(SecureString) ? "a string"
            : type == typeof(bool) ? "a boolean"
            : type == typeof(string[]) ? "an array of strings"
            : type.IsArray ? "a JSON array"
            : "a JSON object";

        private static bool Accepts(Type type, JsonTokenType token) =>
            type == typeof(string) || type == typeof(SecureString) ? token == JsonTokenType.String
            : type == typeof(bool) ? token == JsonTokenType.True || token == JsonTokenType.False
            : type.IsArray ? token == JsonTokenType.StartArray
            : token == JsonTokenType.StartObject;

        // The kind of value at a path, found again by reading from the start; null when it cannot be.
        private static JsonTokenType? TokenAt(Utf8JsonReader reader, List<string> segments)
        {
            try
            {
                if (reader.TokenType == JsonTokenType.None && !reader.Read()) return null;
                foreach (var segment in segments)
                {
                    if (segment[0] == '[')
                    {
                        if (reader.TokenType != JsonTokenType.StartArray || !int.TryParse(segment.Substring(1, segment.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var index)) return null;
                        for (var n = 0; n <= index; n++)
                        {
                            if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray) return null;
                            if (n < index && !reader.TrySkip()) return null;
                        }

                        continue;
                    }

                    if (reader.TokenType != JsonTokenType.StartObject) return null;
                    while (true)
                    {
                        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName) return null;
                        var found = reader.ValueTextEquals(segment);
                        if (!reader.Read()) return null;
                        if (found) break;
                        if (!reader.TrySkip()) return null;
                    }
                }

                return reader.TokenType;
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException)
            {
                return null;
            }
        }
    }
}
