using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Losant.AccessTokens.Json
{
    /// <summary>
    /// Arrays of strings such as <c>scope</c>, refusing a null or any other value inside.
    /// Hand-written because the built-in array converter accepts null items and, for its stack
    /// of frames, allocates some 400 bytes per token more than this.
    /// </summary>
    internal sealed class StringArrayConverter : JsonConverter<string[]>
    {
        /// <inheritdoc />
        public override string[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray) throw new ShapeException("must be an array of strings, not " + AccessTokenJson.Describe(reader.TokenType));
            List<string>? items = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.String) throw new ShapeException("must hold only strings, not " + AccessTokenJson.Describe(reader.TokenType));
                (items ??= new List<string>()).Add(reader.GetString()!);
            }

            return items == null ? Array.Empty<string>() : items.ToArray();
        }

        /// <inheritdoc />
        public override void Write(Utf8JsonWriter writer, string[] value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value) writer.WriteStringValue(item);
            writer.WriteEndArray();
        }
    }
}
