using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using static AccessToken.Emulator.JsonBodyReader;
using static AccessToken.Emulator.ValidationMessages;

namespace AccessToken.Emulator;

/// <summary>Reads the token fields both APIs share: name, status, expirationDate and scope.</summary>
public static partial class TokenFieldReader
{
    private const int MaxNameLength = 255;

    internal static bool TryReadName(JsonElement value, out string? name, out string error)
    {
        name = null;
        error = string.Empty;
        if (value.ValueKind != JsonValueKind.String)
        {
            error = $"name must be a string, got {Describe(value.ValueKind)}";
            return false;
        }
        string text = value.GetString()!;
        int length = CountCodePoints(text);
        if (length is < 1 or > MaxNameLength)
        {
            error = $"name must be 1 to {MaxNameLength} characters long, got {length}";
            return false;
        }
        name = text;
        return true;
    }

    private static bool TryReadStatus(JsonElement value, out bool active, out string error)
    {
        active = false;
        error = string.Empty;
        if (value.ValueKind == JsonValueKind.String)
        {
            switch (value.GetString())
            {
                case "active":
                    active = true;
                    return true;
                case "inactive":
                    return true;
            }
            error = $"status must be \"active\" or \"inactive\", got \"{Shorten(value.GetString()!)}\"";
            return false;
        }
        error = $"status must be \"active\" or \"inactive\", got {Describe(value.ValueKind)}";
        return false;
    }

    private static bool TryReadDate(JsonElement value, out DateTime date, out string error)
    {
        date = default;
        error = string.Empty;
        if (value.ValueKind != JsonValueKind.String)
        {
            error = $"expirationDate must be an ISO 8601 date-time string, got {Describe(value.ValueKind)}";
            return false;
        }
        string text = value.GetString()!;
        if (!IsoDateTime().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out DateTimeOffset parsed))
        {
            error = $"expirationDate must be an ISO 8601 date-time string such as 2030-01-01T00:00:00.000Z, got \"{Shorten(text)}\"";
            return false;
        }
        long ticks = parsed.UtcTicks;
        date = new DateTime(ticks - (ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        return true;
    }

    internal static bool TryReadOptionalDate(JsonElement value, out DateTime? date, out string error)
    {
        bool valid = TryReadDate(value, out DateTime parsed, out error);
        date = valid ? parsed : null;
        return valid;
    }

    internal static bool TryReadOptionalStatus(JsonElement value, out bool? active, out string error)
    {
        bool valid = TryReadStatus(value, out bool parsed, out error);
        active = valid ? parsed : null;
        return valid;
    }

    internal static bool TryReadScope(JsonElement value, out string[]? scope, out string error) =>
        TryReadStringArray(value, "scope", out scope, out error);

    // Calendar date, 'T', time with optional seconds and fraction, optional Z or offset.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|z|[+-]\d{2}:?\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();
}
