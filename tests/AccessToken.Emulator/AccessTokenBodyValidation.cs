using System.Text.Json;
using static AccessToken.Emulator.JsonBodyReader;
using static AccessToken.Emulator.TokenFieldReader;
using static AccessToken.Emulator.ValidationMessages;

namespace AccessToken.Emulator;

/// <summary>Checks the post and patch bodies of the old API's <c>/access-tokens</c> (1.3.7).</summary>
public static class AccessTokenBodyValidation
{
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
}
