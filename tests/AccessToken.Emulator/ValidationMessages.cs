using System.Text.Json;

namespace AccessToken.Emulator;

/// <summary>
/// The wording every validation message shares: the input echoed back shortened, a JSON value's kind
/// in words, and the sentence for a property that is not allowed. Every failure message names the
/// field, because client tests assert that the API's message reaches the user.
/// </summary>
public static class ValidationMessages
{
    public static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "...";

    internal static string UnknownProperty(string name, string allowed) =>
        $"property \"{Shorten(name)}\" is not allowed (allowed: {allowed})";

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    internal static string DescribeValue(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetRawText() : Describe(value.ValueKind);

    internal static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
