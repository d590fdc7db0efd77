using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Losant.AccessTokens.Json
{
    /// <summary>
    /// Dates as the API writes them: ISO 8601, read as UTC <see cref="DateTime"/> values (no
    /// offset means UTC) and written in UTC with milliseconds. Hand-written because the built-in
    /// converter turns offsets into local times and accepts forms the contract does not.
    /// </summary>
    internal sealed class UtcDateTimeConverter : JsonConverter<DateTime>
    {
        private static readonly string[] DateFormats =
        {
            "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd",
        };

        /// <inheritdoc />
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new ShapeException("must be an ISO 8601 date-time, not " + AccessTokenJson.Describe(reader.TokenType));
            var text = reader.GetString();
            if (!DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value))
            {
                throw new ShapeException($"must be an ISO 8601 date-time, not '{text}'");
            }

            return DateTime.SpecifyKind(value, DateTimeKind.Utc);
        }

        /// <summary>ISO 8601 in UTC with milliseconds, as the API writes dates. Unspecified kinds count as local time, as in PowerShell.</summary>
        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }
}
