using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Losant.AccessTokens.Json
{
    /// <summary>
    /// A token's <c>_links</c>: <see cref="CompactLinks"/> when they have the usual shape, any other
    /// value as <see cref="PlainValueConverter"/> reads it. Never writes.
    /// </summary>
    internal sealed class LinksConverter : JsonConverter<object?>
    {
        /// <inheritdoc />
        public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            CompactLinks.TryRead(ref reader, out var links) ? links : PlainValueConverter.ReadValue(ref reader);

        /// <inheritdoc />
        public override void Write(Utf8JsonWriter writer, object? value, JsonSerializerOptions options) =>
            throw new NotSupportedException("Fields beyond the schema are only read.");
    }
}
