using System.Text.Json;
using static AccessToken.Emulator.JsonBodyReader;
using static AccessToken.Emulator.ValidationMessages;

namespace AccessToken.Emulator;

/// <summary>A validated <c>userCredentials</c> body of <c>POST /auth/user</c>.</summary>
public sealed record UserCredentials(string Email, string Password, string? TwoFactorCode, string[]? RequestedScopes, int? TokenTtlSeconds);

/// <summary>Checks the <c>userCredentials</c> body of <c>POST /auth/user</c>.</summary>
public static class CredentialsValidation
{
    private const int MaxEmailLength = 1024;
    private const int MaxPasswordLength = 2048;

    public static bool TryParse(byte[] body, out UserCredentials credentials, out string error)
    {
        string? email = null;
        string? password = null;
        string? twoFactorCode = null;
        string[]? requestedScopes = null;
        int? ttl = null;
        bool valid = TryReadObject(body, (JsonProperty property, out string error) => property.Name switch
        {
            "email" => TryReadText(property.Value, "email", MaxEmailLength, out email, out error),
            "password" => TryReadText(property.Value, "password", MaxPasswordLength, out password, out error),
            "twoFactorCode" => TryReadText(property.Value, "twoFactorCode", MaxPasswordLength, out twoFactorCode, out error),
            "requestedScopes" => TryReadStringArray(property.Value, "requestedScopes", out requestedScopes, out error),
            "tokenTTL" => TryReadTtl(property.Value, out ttl, out error),
            _ => Fail(UnknownProperty(property.Name, "email, password, twoFactorCode, requestedScopes, tokenTTL"), out error),
        }, out error);
        if (valid && (email is null || password is null))
        {
            valid = Fail(email is null ? "email is required" : "password is required", out error);
        }
        credentials = valid ? new UserCredentials(email!, password!, twoFactorCode, requestedScopes, ttl) : null!;
        return valid;
    }

    private static bool TryReadTtl(JsonElement value, out int? ttl, out string error)
    {
        ttl = null;
        error = string.Empty;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int seconds) || seconds < 1)
        {
            return Fail($"tokenTTL must be a positive integer number of seconds, got {DescribeValue(value)}", out error);
        }
        ttl = seconds;
        return true;
    }
}
