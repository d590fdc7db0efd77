using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security;
using System.Text.Json;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Json
{
    /// <summary>
    /// The wire format of access tokens, read and written by hand with System.Text.Json's
    /// reader and writer: strict about the types of known fields (a wrong type is an invalid
    /// answer, never a half-filled object), tolerant of unknown fields (kept), and the secret
    /// copied straight into a SecureString without ever becoming a string.
    /// </summary>
    internal static class AccessTokenJson
    {
        private static readonly string[] DateFormats =
        {
            "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd",
        };

        /// <summary>Reads one token; the reader is on its StartObject and ends on its EndObject.</summary>
        public static AccessToken ReadToken(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject) throw Shape("an access token must be a JSON object, not " + Describe(reader.TokenType));
            var token = new AccessToken();
            Dictionary<string, object?>? extra = null;
            string? id = null, accessTokenId = null;
            while (Read(ref reader) != JsonTokenType.EndObject)
            {
                var property = reader.GetString()!;
                Read(ref reader);
                if (reader.TokenType == JsonTokenType.Null && IsKnown(property)) continue;
                switch (property)
                {
                    case "id": id = ReadString(ref reader, property); break;
                    case "accessTokenId": accessTokenId = ReadString(ref reader, property); break;
                    case "userId": token.UserId = ReadString(ref reader, property); break;
                    case "name": token.Name = ReadString(ref reader, property); break;
                    case "creationDate": token.CreationDate = ReadDate(ref reader, property); break;
                    case "lastUpdated": token.LastUpdated = ReadDate(ref reader, property); break;
                    case "expirationDate": token.ExpirationDate = ReadDate(ref reader, property); break;
                    case "scope": token.Scope = ReadStringArray(ref reader, property); break;
                    case "status": token.Status = ParseStatus(ReadString(ref reader, property)); break;
                    case "token": token.Token = ReadSecret(ref reader, property); break;
                    default:
                        extra ??= new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                        extra[property] = ReadValue(ref reader);
                        break;
                }
            }

            token.Id = id ?? accessTokenId ?? throw Shape("the access token has no id");
            if (extra != null) token.AdditionalProperties = extra;
            return token;
        }

        /// <summary>Reads a whole body that must be exactly one token.</summary>
        public static AccessToken ParseToken(ReadOnlySpan<byte> body)
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            return Whole(ref reader, body, (ref Utf8JsonReader r) => ReadToken(ref r));
        }

        /// <summary>Reads a <c>success</c> body: <c>{"success": true}</c>.</summary>
        public static void ParseSuccess(ReadOnlySpan<byte> body)
        {
            var reader = new Utf8JsonReader(body);
            var success = Whole(ref reader, body, (ref Utf8JsonReader r) =>
            {
                if (r.TokenType != JsonTokenType.StartObject) throw Shape("expected {\"success\": true}, not " + Describe(r.TokenType));
                var value = (object?)null;
                while (Read(ref r) != JsonTokenType.EndObject)
                {
                    var property = r.GetString();
                    Read(ref r);
                    if (property == "success") value = ReadValue(ref r);
                    else r.Skip();
                }

                return value;
            });
            if (!(success is bool ok) || !ok) throw Shape("expected {\"success\": true}");
        }

        /// <summary>Reads the API's error body, <c>{"type": ..., "message": ...}</c>; null when it is not one.</summary>
        public static (string? Type, string? Message)? TryParseError(ReadOnlySpan<byte> body)
        {
            try
            {
                var reader = new Utf8JsonReader(body);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
                string? type = null, message = null;
                while (Read(ref reader) != JsonTokenType.EndObject)
                {
                    var property = reader.GetString();
                    Read(ref reader);
                    if (property == "type" && reader.TokenType == JsonTokenType.String) type = reader.GetString();
                    else if (property == "message" && reader.TokenType == JsonTokenType.String) message = reader.GetString();
                    else reader.Skip();
                }

                return type == null && message == null ? null : (type, message);
            }
            catch (Exception e) when (e is JsonException || e is InvalidResponseException || e is InvalidOperationException)
            {
                return null;
            }
        }

        /// <summary>The body of an update: only the fields set.</summary>
        public static byte[] WritePatch(AccessTokenPatch patch)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                if (patch.Name != null) writer.WriteString("name", patch.Name);
                if (patch.Status.HasValue) writer.WriteString("status", FormatStatus(patch.Status.Value));
                writer.WriteEndObject();
            }

            return buffer.ToArray();
        }

        /// <summary>The body of a creation: the name and only the other fields set.</summary>
        public static byte[] WritePost(AccessTokenPost post)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("name", post.Name);
                if (post.ExpirationDate.HasValue) writer.WriteString("expirationDate", FormatDate(post.ExpirationDate.Value));
                if (post.Scope != null)
                {
                    writer.WriteStartArray("scope");
                    foreach (var scope in post.Scope) writer.WriteStringValue(scope);
                    writer.WriteEndArray();
                }

                if (post.Status.HasValue) writer.WriteString("status", FormatStatus(post.Status.Value));
                writer.WriteEndObject();
            }

            return buffer.ToArray();
        }

        /// <summary>ISO 8601 in UTC with milliseconds, as the API writes dates. Unspecified kinds count as local time, as in PowerShell.</summary>
        public static string FormatDate(DateTime value) =>
            value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        public static string FormatStatus(AccessTokenStatus status) => status == AccessTokenStatus.Active ? "active" : "inactive";

        internal static InvalidResponseException Shape(string what) => new InvalidResponseException("The answer is not the JSON expected: " + what + ".");

        internal static JsonTokenType Read(ref Utf8JsonReader reader)
        {
            if (!reader.Read()) throw Shape("the JSON ends early");
            return reader.TokenType;
        }

        internal static string Describe(JsonTokenType type) => type switch
        {
            JsonTokenType.StartArray => "an array",
            JsonTokenType.StartObject => "an object",
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.Null => "null",
            _ => type.ToString(),
        };

        private delegate T ReadBody<T>(ref Utf8JsonReader reader);

        private static T Whole<T>(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, ReadBody<T> read)
        {
            try
            {
                if (body.IsEmpty) throw Shape("the body is empty");
                Read(ref reader);
                var result = read(ref reader);
                if (reader.Read()) throw Shape("more follows the JSON value");
                return result;
            }
            catch (JsonException e)
            {
                throw new InvalidResponseException("The answer is not valid JSON: " + e.Message, e);
            }
            catch (InvalidOperationException e)
            {
                // The reader throws this for strings that are not valid UTF-8 or hold a lone surrogate escape.
                throw new InvalidResponseException("The answer is not valid JSON: " + e.Message, e);
            }
        }

        private static bool IsKnown(string property) => property switch
        {
            "id" or "accessTokenId" or "userId" or "name" or "creationDate" or "lastUpdated" or "expirationDate" or "scope" or "status" or "token" => true,
            _ => false,
        };

        private static string ReadString(ref Utf8JsonReader reader, string property)
        {
            if (reader.TokenType != JsonTokenType.String) throw Shape($"'{property}' must be a string, not {Describe(reader.TokenType)}");
            return reader.GetString()!;
        }

        private static DateTime ReadDate(ref Utf8JsonReader reader, string property)
        {
            var text = ReadString(ref reader, property);
            if (!DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value))
            {
                throw Shape($"'{property}' must be an ISO 8601 date-time, not '{text}'");
            }

            return DateTime.SpecifyKind(value, DateTimeKind.Utc);
        }

        private static string[] ReadStringArray(ref Utf8JsonReader reader, string property)
        {
            if (reader.TokenType != JsonTokenType.StartArray) throw Shape($"'{property}' must be an array of strings, not {Describe(reader.TokenType)}");
            var items = new List<string>();
            while (Read(ref reader) != JsonTokenType.EndArray) items.Add(ReadString(ref reader, property));
            return items.ToArray();
        }

        private static AccessTokenStatus ParseStatus(string text)
        {
            if (string.Equals(text, "active", StringComparison.OrdinalIgnoreCase)) return AccessTokenStatus.Active;
            if (string.Equals(text, "inactive", StringComparison.OrdinalIgnoreCase)) return AccessTokenStatus.Inactive;
            throw Shape($"'status' must be 'active' or 'inactive', not '{text}'");
        }

        private static SecureString ReadSecret(ref Utf8JsonReader reader, string property)
        {
            if (reader.TokenType != JsonTokenType.String) throw Shape($"'{property}' must be a string, not {Describe(reader.TokenType)}");
            var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
            var chars = new char[length];
            try
            {
                var written = reader.CopyString(chars);
                var secret = new SecureString();
                for (var i = 0; i < written; i++) secret.AppendChar(chars[i]);
                secret.MakeReadOnly();
                return secret;
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
            }
        }

        /// <summary>Any JSON value as plain .NET: dictionaries, object arrays, strings, numbers, booleans, null.</summary>
        internal static object? ReadValue(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    var map = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                    while (Read(ref reader) != JsonTokenType.EndObject)
                    {
                        var key = reader.GetString()!;
                        Read(ref reader);
                        map[key] = ReadValue(ref reader);
                    }

                    return map;
                case JsonTokenType.StartArray:
                    var list = new List<object?>();
                    while (Read(ref reader) != JsonTokenType.EndArray) list.Add(ReadValue(ref reader));
                    return list.ToArray();
                case JsonTokenType.String:
                    return reader.GetString();
                case JsonTokenType.Number:
                    return reader.TryGetInt64(out var whole) ? whole : (object)reader.GetDouble();
                case JsonTokenType.True:
                    return true;
                case JsonTokenType.False:
                    return false;
                case JsonTokenType.Null:
                    return null;
                default:
                    throw Shape("unexpected " + reader.TokenType);
            }
        }
    }
}
