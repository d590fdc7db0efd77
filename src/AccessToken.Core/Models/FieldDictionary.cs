using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Text;
using System.Text.Json;

namespace Losant.AccessTokens.Models
{
    /// <summary>
    /// Fields the API sent beyond the schema, read-only, as plain values (dictionaries, arrays,
    /// strings, numbers, booleans). Turned into text it is compact JSON, so Export-Csv writes
    /// what the fields hold rather than a type name.
    /// </summary>
    public sealed class FieldDictionary : ReadOnlyDictionary<string, object?>
    {
        /// <summary>No fields.</summary>
        public static readonly FieldDictionary Empty = new FieldDictionary(new Dictionary<string, object?>(0));

        /// <summary>Wraps <paramref name="fields"/> without copying them.</summary>
        public FieldDictionary(IDictionary<string, object?> fields)
            : base(fields)
        {
        }

        /// <summary>
        /// Reads <paramref name="json"/>, one JSON object, as plain values: case-insensitive
        /// dictionaries, object arrays, strings, long or double, booleans and null. A key that comes
        /// twice keeps its first place and its last value.
        /// </summary>
        internal static FieldDictionary Read(byte[] json)
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            return new FieldDictionary((Dictionary<string, object?>)ReadValue(ref reader)!);
        }

        /// <summary>The fields as compact JSON, e.g. <c>{"_type":"apiToken"}</c>.</summary>
        public override string ToString()
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                Write(writer, this);
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        // The built-in reader would keep JsonElements, which PowerShell users cannot navigate as they do hashtables.
        private static object? ReadValue(ref Utf8JsonReader reader)
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
                    return reader.GetString();
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

        private static void Write(Utf8JsonWriter writer, object? value)
        {
            switch (value)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case string text:
                    writer.WriteStringValue(text);
                    break;
                case bool flag:
                    writer.WriteBooleanValue(flag);
                    break;
                case long whole:
                    writer.WriteNumberValue(whole);
                    break;
                case double number:
                    writer.WriteNumberValue(number);
                    break;
                case IEnumerable<KeyValuePair<string, object?>> fields:
                    writer.WriteStartObject();
                    foreach (var field in fields)
                    {
                        writer.WritePropertyName(field.Key);
                        Write(writer, field.Value);
                    }

                    writer.WriteEndObject();
                    break;
                case IEnumerable items:
                    writer.WriteStartArray();
                    foreach (var item in items) Write(writer, item);
                    writer.WriteEndArray();
                    break;
                default:
                    writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
    }
}
