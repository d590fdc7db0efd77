using System.Text;
using System.Text.Json;
using static AccessToken.Emulator.ValidationMessages;

namespace AccessToken.Emulator;

/// <summary>
/// Parses a request body that must be a JSON object and reads its plain values (text, a choice, an
/// array of strings), each with a message that names the field.
/// </summary>
public static class JsonBodyReader
{
    internal delegate bool PropertyReader(JsonProperty property, out string error);

    /// <summary>
    /// Parses a body that must be a JSON object and hands each property to <paramref name="read"/>,
    /// refusing a property that appears twice; stops at the first error.
    /// </summary>
    internal static bool TryReadObject(byte[] body, PropertyReader read, out string error)
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

    internal static bool TryReadText(JsonElement value, string field, int maxLength, out string? text, out string error)
    {
        text = null;
        error = string.Empty;
        if (value.ValueKind != JsonValueKind.String)
        {
            return Fail($"{field} must be a string, got {Describe(value.ValueKind)}", out error);
        }
        string candidate = value.GetString()!;
        int length = CountCodePoints(candidate);
        if (length > maxLength)
        {
            return Fail($"{field} must be at most {maxLength} characters long, got {length}", out error);
        }
        text = candidate;
        return true;
    }

    /// <summary>JSON Schema counts code points, so an emoji is one character, not two UTF-16 units.</summary>
    internal static int CountCodePoints(string text)
    {
        int length = 0;
        foreach (Rune _ in text.EnumerateRunes())
        {
            length++;
        }
        return length;
    }

    internal static bool TryReadChoice(JsonElement value, string field, string[] choices, out string? choice, out string error)
    {
        choice = null;
        error = string.Empty;
        string? text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (text is null || Array.IndexOf(choices, text) < 0)
        {
            string got = text is null ? Describe(value.ValueKind) : $"\"{Shorten(text)}\"";
            return Fail($"{field} must be one of {string.Join(", ", choices)}, got {got}", out error);
        }
        choice = text;
        return true;
    }

    internal static bool TryReadStringArray(JsonElement value, string field, out string[]? items, out string error)
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
}
