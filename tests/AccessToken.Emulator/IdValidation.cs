using static AccessToken.Emulator.ValidationMessages;

namespace AccessToken.Emulator;

/// <summary>Checks the ids of a route against the contract's <c>^[A-Fa-f0-9]{24}$</c>.</summary>
public static class IdValidation
{
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

    public static string InvalidIdMessage(string parameter, string id) =>
        $"{parameter} must be a 24 character hexadecimal string, got \"{Shorten(id)}\"";
}
