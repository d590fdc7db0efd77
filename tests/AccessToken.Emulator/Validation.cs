using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace AccessToken.Emulator;

/// <summary>
/// Checks ids, query flags and request bodies against the schemas of the contract. Every failure
/// message names the field, because client tests assert that the API's message reaches the user.
/// </summary>
public static partial class Validation
{
    private const int MaxNameLength = 255;

    /// <summary>The contract's <c>^[A-Fa-f0-9]{24}$</c>, checked without a regex on the hot path.</summary>
    public static bool IsValidId(string id)
    {
        if (id.Length != 24)
        {
            return false;
        }
        foreach (char c in id)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    public static string InvalidIdMessage(string id) =>
        $"accessTokenId must be a 24 character hexadecimal string, got \"{Shorten(id)}\"";

    /// <summary>Reads a boolean query flag such as <c>_links</c>; absent means <paramref name="fallback"/>.</summary>
    public static bool TryReadFlag(IQueryCollection query, string name, bool fallback, out bool value, out string error)
    {
        value = fallback;
        if (!TryReadSingle(query, name, out string? raw, out error) || raw is null)
        {
            return error.Length == 0;
        }
        switch (raw.ToLowerInvariant())
        {
            case "true" or "1":
                value = true;
                return true;
            case "false" or "0":
                value = false;
                return true;
            default:
                error = $"{name} must be a boolean (true or false), got \"{Shorten(raw)}\"";
                return false;
        }
    }

    /// <summary>Reads the query flags every API route takes: <c>_actions</c>, <c>_links</c>, <c>_embedded</c>.</summary>
    public static bool TryReadView(HttpRequest request, out TokenView view, out string error)
    {
        IQueryCollection query = request.Query;
        view = default;
        if (!TryReadFlag(query, "_actions", fallback: false, out bool actions, out error)
            || !TryReadFlag(query, "_links", fallback: true, out bool links, out error)
            || !TryReadFlag(query, "_embedded", fallback: true, out _, out error))
        {
            return false;
        }
        view = new TokenView(links, actions, Secret: false);
        return true;
    }

    public static bool TryParsePost(byte[] body, out TokenPost post, out string error)
    {
        post = null!;
        string? name = null;
        DateTime? expiration = null;
        string[]? scope = null;
        bool? active = null;
        bool valid = TryReadObject(body, (JsonProperty property, out string error) => property.Name switch
        {
            "name" => TryReadName(property.Value, out name, out error),
            "expirationDate" => TryReadOptionalDate(property.Value, out expiration, out error),
            "scope" => TryReadScope(property.Value, out scope, out error),
            "status" => TryReadOptionalStatus(property.Value, out active, out error),
            _ => Fail(UnknownProperty(property.Name, "name, expirationDate, scope, status"), out error),
        }, out error);
        if (valid && name is null)
        {
            return Fail("name is required", out error);
        }
        post = valid ? new TokenPost(name!, expiration, scope, active) : null!;
        return valid;
    }

    public static bool TryParsePatch(byte[] body, out TokenPatch patch, out string error)
    {
        string? name = null;
        bool? active = null;
        bool valid = TryReadObject(body, (JsonProperty property, out string error) => property.Name switch
        {
            "name" => TryReadName(property.Value, out name, out error),
            "status" => TryReadOptionalStatus(property.Value, out active, out error),
            _ => Fail(UnknownProperty(property.Name, "name, status"), out error),
        }, out error);
        patch = valid ? new TokenPatch(name, active) : null!;
        return valid;
    }

    private delegate bool PropertyReader(JsonProperty property, out string error);

    /// <summary>
    /// Parses a body that must be a JSON object and hands each property to <paramref name="read"/>,
    /// refusing a property that appears twice; stops at the first error.
    /// </summary>
    private static bool TryReadObject(byte[] body, PropertyReader read, out string error)
    {
        if (!TryParseObject(body, out JsonDocument? document, out error))
        {
            return false;
        }
        using (document)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    return Fail($"property \"{property.Name}\" appears more than once", out error);
                }
                if (!read(property, out error))
                {
                    return false;
                }
            }
        }
        error = string.Empty;
        return true;
    }

    /// <summary>Parses a control body that must be a JSON object or empty (then <paramref name="document"/> is null).</summary>
    public static bool TryParseOptionalObject(byte[] body, out JsonDocument? document, out string error)
    {
        document = null;
        error = string.Empty;
        return IsBlank(body) || TryParseObject(body, out document, out error);
    }

    public static bool TryParseJson(byte[] body, out JsonDocument document, out string error)
    {
        try
        {
            document = JsonDocument.Parse(body);
            error = string.Empty;
            return true;
        }
        catch (JsonException ex)
        {
            document = null!;
            error = "request body is not valid JSON: " + ex.Message;
            return false;
        }
    }

    public static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "...";

    private static bool TryParseObject(byte[] body, out JsonDocument document, out string error)
    {
        document = null!;
        if (IsBlank(body))
        {
            error = "request body must be a JSON object, but it was empty";
            return false;
        }
        if (!TryParseJson(body, out document, out error))
        {
            return false;
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            error = $"request body must be a JSON object, got {Describe(document.RootElement.ValueKind)}";
            document.Dispose();
            document = null!;
            return false;
        }
        return true;
    }

    private static bool TryReadName(JsonElement value, out string? name, out string error)
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

    private static bool TryReadScope(JsonElement value, out string[]? scope, out string error) =>
        TryReadStringArray(value, "scope", out scope, out error);

    private static bool TryReadStringArray(JsonElement value, string field, out string[]? items, out string error)
    {
        items = null;
        error = string.Empty;
        if (value.ValueKind != JsonValueKind.Array)
        {
            error = $"{field} must be an array of strings, got {Describe(value.ValueKind)}";
            return false;
        }
        var parsed = new string[value.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                error = $"{field} must be an array of strings, but item {i} is {Describe(item.ValueKind)}";
                return false;
            }
            parsed[i++] = item.GetString()!;
        }
        items = parsed;
        return true;
    }

    private static string UnknownProperty(string name, string allowed) =>
        $"property \"{Shorten(name)}\" is not allowed (allowed: {allowed})";

    private static bool IsBlank(byte[] body)
    {
        foreach (byte b in body)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }
        return true;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    // Calendar date, 'T', time with optional seconds and fraction, optional Z or offset.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|z|[+-]\d{2}:?\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();
}
