using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Losant.AccessTokens.Json
{
    /// <summary>
    /// Reads any JSON value as plain .NET: case-insensitive dictionaries, object arrays,
    /// strings, long or double, booleans and null. The built-in converter would keep
    /// <see cref="JsonElement"/>s, which PowerShell users cannot navigate as they do hashtables.
    /// Used for the fields beyond the schema; never writes.
    /// </summary>
    internal sealed class PlainValueConverter : JsonConverter<object?>
    {
        /// <inheritdoc />
        public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

        /// <inheritdoc />
        public override void Write(Utf8JsonWriter writer, object? value, JsonSerializerOptions options) =>
            throw new NotSupportedException("Fields beyond the schema are only read.");

        /// <summary>Reads the value the reader is on, to its end.</summary>
        internal static object? ReadValue(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    var map = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var key = reader.GetString()!;
                        reader.Read();
                        map[key] = ReadValue(ref reader);
                    }

                    return map;
                case JsonTokenType.StartArray:
                    var list = new List<object?>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) list.Add(ReadValue(ref reader));
                    return list.ToArray();
                case JsonTokenType.String:
                    // Every token of today's API says "_type": "apiToken": one string for all.
                    return reader.ValueTextEquals("apiToken") ? "apiToken" : reader.GetString();
                case JsonTokenType.Number:
                    return reader.TryGetInt64(out var whole) ? whole : (object)reader.GetDouble();
                case JsonTokenType.True:
                    return true;
                case JsonTokenType.False:
                    return false;
                default:
                    return null;
            }
        }
    }
}
