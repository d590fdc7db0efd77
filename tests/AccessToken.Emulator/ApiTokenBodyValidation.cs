using System.Text.Json;
using static AccessToken.Emulator.IdValidation;
using static AccessToken.Emulator.JsonBodyReader;
using static AccessToken.Emulator.QueryReader;
using static AccessToken.Emulator.TokenFieldReader;
using static AccessToken.Emulator.ValidationMessages;

namespace AccessToken.Emulator;

/// <summary>The fields a body of today's API may carry; each schema allows a different set.</summary>
[Flags]
public enum ApiTokenFields
{
    Name = 1,
    Description = 2,
    ExpirationDate = 4,
    DefaultRole = 8,
    OrgRoles = 16,
    Scope = 32,
    Status = 64,

    /// <summary><c>apiTokenPost</c>: user and instance tokens.</summary>
    UserPost = Name | Description | ExpirationDate | DefaultRole | OrgRoles | Scope | Status,

    /// <summary><c>applicationApiTokenPost</c>.</summary>
    ApplicationPost = Name | Description | ExpirationDate | Scope | Status,

    /// <summary><c>apiTokenPatch</c>: scope and expiry are fixed at creation.</summary>
    Patch = Name | Description | DefaultRole | OrgRoles | Status,
}

/// <summary>A validated post or patch body of today's API; null means "not sent".</summary>
public sealed record ApiTokenBody(
    string? Name, string? Description, DateTime? ExpirationDate, string? DefaultRole, OrgRole[]? OrgRoles, string[]? Scope, bool? Active)
{
    public TokenPost ToPost() => new(Name!, ExpirationDate, Scope, Active, Description, DefaultRole, OrgRoles);

    public TokenPatch ToPatch() => new(Name, Active, Description, DefaultRole, OrgRoles);
}

/// <summary>
/// Checks the post and patch bodies of today's API: which fields each schema allows, and the
/// roles a user or instance token may carry.
/// </summary>
public static class ApiTokenBodyValidation
{
    private const int MaxDescriptionLength = 32767;
    private const int MaxOrgRoles = 25;
    private const int MaxResourceRoles = 100;

    private static readonly string[] Roles = ["admin", "edit", "collaborate", "view", "none"];
    private static readonly string[] ResourceRoles = ["collaborate", "view", "none"];

    /// <summary>
    /// Parses a post or patch body of today's API. Only the fields in <paramref name="allowed"/> may
    /// appear; the error names the first field that is unknown or wrong.
    /// </summary>
    public static bool TryParse(byte[] body, ApiTokenFields allowed, bool requireName, out ApiTokenBody parsed, out string error)
    {
        string? name = null;
        string? description = null;
        DateTime? expiration = null;
        string? defaultRole = null;
        OrgRole[]? orgRoles = null;
        string[]? scope = null;
        bool? active = null;
        bool valid = TryReadObject(body, (JsonProperty property, out string error) =>
        {
            ApiTokenFields field = property.Name switch
            {
                "name" => ApiTokenFields.Name,
                "description" => ApiTokenFields.Description,
                "expirationDate" => ApiTokenFields.ExpirationDate,
                "defaultRole" => ApiTokenFields.DefaultRole,
                "orgRoles" => ApiTokenFields.OrgRoles,
                "scope" => ApiTokenFields.Scope,
                "status" => ApiTokenFields.Status,
                _ => 0,
            };
            JsonElement value = property.Value;
            return (allowed & field) == 0
                ? Fail(UnknownProperty(property.Name, FieldNames(allowed)), out error)
                : field switch
                {
                    ApiTokenFields.Name => TryReadName(value, out name, out error),
                    ApiTokenFields.Description => TryReadText(value, "description", MaxDescriptionLength, out description, out error),
                    ApiTokenFields.ExpirationDate => TryReadOptionalDate(value, out expiration, out error),
                    ApiTokenFields.DefaultRole => TryReadChoice(value, "defaultRole", Roles, out defaultRole, out error),
                    ApiTokenFields.OrgRoles => TryReadOrgRoles(value, out orgRoles, out error),
                    ApiTokenFields.Scope => TryReadScope(value, out scope, out error),
                    _ => TryReadOptionalStatus(value, out active, out error),
                };
        }, out error);
        if (valid && name is null && requireName)
        {
            valid = Fail("name is required", out error);
        }
        parsed = valid ? new ApiTokenBody(name, description, expiration, defaultRole, orgRoles, scope, active) : null!;
        return valid;
    }

    private static string FieldNames(ApiTokenFields allowed) =>
        string.Join(", ", Enum.GetValues<ApiTokenFields>()
            .Where(f => f != 0 && (f & (f - 1)) == 0 && allowed.HasFlag(f))
            .Select(WireName));

    private static bool TryReadOrgRoles(JsonElement value, out OrgRole[]? roles, out string error)
    {
        roles = null;
        error = string.Empty;
        if (value.ValueKind != JsonValueKind.Array)
        {
            return Fail($"orgRoles must be an array, got {Describe(value.ValueKind)}", out error);
        }
        if (value.GetArrayLength() > MaxOrgRoles)
        {
            return Fail($"orgRoles must have at most {MaxOrgRoles} items, got {value.GetArrayLength()}", out error);
        }
        var parsed = new OrgRole[value.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            string at = $"orgRoles[{i}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                return Fail($"{at} must be an object, got {Describe(item.ValueKind)}", out error);
            }
            string? orgId = null;
            string? role = null;
            ResourceRole[]? applicationRoles = null;
            ResourceRole[]? dashboardRoles = null;
            foreach (JsonProperty property in item.EnumerateObject())
            {
                bool valid = property.Name switch
                {
                    "orgId" => TryReadOrgId(property.Value, at + ".orgId", out orgId, out error),
                    "role" => TryReadChoice(property.Value, at + ".role", Roles, out role, out error),
                    "applicationRoles" => TryReadResourceRoles(property.Value, at + ".applicationRoles", out applicationRoles, out error),
                    "dashboardRoles" => TryReadResourceRoles(property.Value, at + ".dashboardRoles", out dashboardRoles, out error),
                    _ => Fail($"{at}: " + UnknownProperty(property.Name, "orgId, role, applicationRoles, dashboardRoles"), out error),
                };
                if (!valid)
                {
                    return false;
                }
            }
            if (orgId is null || role is null)
            {
                return Fail($"{at}.{(orgId is null ? "orgId" : "role")} is required", out error);
            }
            parsed[i++] = new OrgRole(orgId, role, applicationRoles, dashboardRoles);
        }
        roles = parsed;
        return true;
    }

    private static bool TryReadOrgId(JsonElement value, string at, out string? orgId, out string error)
    {
        orgId = null;
        error = string.Empty;
        string? text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (text is null || (text != "sandbox" && !IsValidId(text)))
        {
            string got = text is null ? Describe(value.ValueKind) : $"\"{Shorten(text)}\"";
            return Fail($"{at} must be a 24 character hexadecimal string or \"sandbox\", got {got}", out error);
        }
        orgId = text;
        return true;
    }

    private static bool TryReadResourceRoles(JsonElement value, string at, out ResourceRole[]? roles, out string error)
    {
        roles = null;
        error = string.Empty;
        if (value.ValueKind != JsonValueKind.Array)
        {
            return Fail($"{at} must be an array, got {Describe(value.ValueKind)}", out error);
        }
        if (value.GetArrayLength() > MaxResourceRoles)
        {
            return Fail($"{at} must have at most {MaxResourceRoles} items, got {value.GetArrayLength()}", out error);
        }
        var parsed = new ResourceRole[value.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            string itemAt = $"{at}[{i}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                return Fail($"{itemAt} must be an object, got {Describe(item.ValueKind)}", out error);
            }
            string? resourceId = null;
            string? role = null;
            foreach (JsonProperty property in item.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "resourceId":
                        string? id = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                        if (id is null || !IsValidId(id))
                        {
                            string got = id is null ? Describe(property.Value.ValueKind) : $"\"{Shorten(id)}\"";
                            return Fail($"{itemAt}.resourceId must be a 24 character hexadecimal string, got {got}", out error);
                        }
                        resourceId = id;
                        break;
                    case "role":
                        if (!TryReadChoice(property.Value, itemAt + ".role", ResourceRoles, out role, out error))
                        {
                            return false;
                        }
                        break;
                    default:
                        return Fail($"{itemAt}: " + UnknownProperty(property.Name, "resourceId, role"), out error);
                }
            }
            if (resourceId is null || role is null)
            {
                return Fail($"{itemAt}.{(resourceId is null ? "resourceId" : "role")} is required", out error);
            }
            parsed[i++] = new ResourceRole(resourceId, role);
        }
        roles = parsed;
        return true;
    }
}
