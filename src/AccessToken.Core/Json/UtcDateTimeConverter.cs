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
            if (!reader.HasValueSequence && !reader.ValueIsEscaped && TryReadCanonical(reader.ValueSpan, out var canonical)) return canonical;
            var text = reader.GetString();
            if (!DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value))
            {
                throw new ShapeException($"must be an ISO 8601 date-time, not '{text}'");
            }

            return DateTime.SpecifyKind(value, DateTimeKind.Utc);
        }

        // The form the API writes, yyyy-MM-ddTHH:mm:ss.fffZ, read from its bytes without a string
        // (three dates a token); every other form, and any impossible date, takes the path above.
        private static bool TryReadCanonical(ReadOnlySpan<byte> text, out DateTime value)
        {
            value = default;
            if (text.Length != 24 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != '.' || text[23] != 'Z')
            {
                return false;
            }

            if (!TryDigits(text, 0, 4, out var year) || !TryDigits(text, 5, 2, out var month) || !TryDigits(text, 8, 2, out var day)
                || !TryDigits(text, 11, 2, out var hour) || !TryDigits(text, 14, 2, out var minute) || !TryDigits(text, 17, 2, out var second)
                || !TryDigits(text, 20, 3, out var millisecond))
            {
                return false;
            }

            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            {
                return false;
            }

            value = new DateTime(year, month, day, hour, minute, second, millisecond, DateTimeKind.Utc);
            return true;
        }

        private static bool TryDigits(ReadOnlySpan<byte> text, int start, int count, out int value)
        {
            value = 0;
            for (var i = start; i < start + count; i++)
            {
                var digit = text[i] - '0';
                if (digit < 0 || digit > 9) return false;
                value = value * 10 + digit;
            }

            return true;
        }

        /// <summary>ISO 8601 in UTC with milliseconds, as the API writes dates. Unspecified kinds count as local time, as in PowerShell.</summary>
        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }
}
