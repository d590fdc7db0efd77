using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

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

/// <summary>A validated <c>userCredentials</c> body of <c>POST /auth/user</c>.</summary>
public sealed record UserCredentials(string Email, string Password, string? TwoFactorCode, string[]? RequestedScopes, int? TokenTtlSeconds);

public static partial class Validation
{
    private const int MaxDescriptionLength = 32767;
    private const int MaxOrgRoles = 25;
    private const int MaxResourceRoles = 100;
    private const int MaxEmailLength = 1024;
    private const int MaxPasswordLength = 2048;

    private static readonly string[] Roles = ["admin", "edit", "collaborate", "view", "none"];
    private static readonly string[] ResourceRoles = ["collaborate", "view", "none"];

    public static string InvalidIdMessage(string parameter, string id) =>
        $"{parameter} must be a 24 character hexadecimal string, got \"{Shorten(id)}\"";

    /// <summary>
    /// Parses a post or patch body of today's API. Only the fields in <paramref name="allowed"/> may
    /// appear; the error names the first field that is unknown or wrong.
    /// </summary>
    public static bool TryParseApiTokenBody(byte[] body, ApiTokenFields allowed, bool requireName, out ApiTokenBody parsed, out string error)
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

    /// <summary>Reads <c>page</c>, <c>perPage</c>, <c>sortField</c>, <c>sortDirection</c>, <c>filterField</c> and <c>filter</c>.</summary>
    public static bool TryReadPageQuery(IQueryCollection query, PageRules rules, out PageQuery page, out string error)
    {
        page = null!;
        if (!TryReadSingle(query, "page", out string? pageText, out error)
            || !TryReadSingle(query, "perPage", out string? perPageText, out error)
            || !TryReadSingle(query, "sortField", out string? sortText, out error)
            || !TryReadSingle(query, "sortDirection", out string? directionText, out error)
            || !TryReadSingle(query, "filterField", out string? filterFieldText, out error)
            || !TryReadSingle(query, "filter", out string? filter, out error))
        {
            return false;
        }

        int pageNumber = 0;
        if (pageText is not null
            && !int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber))
        {
            error = $"page must be an integer from 0 to {int.MaxValue}, got \"{Shorten(pageText)}\"";
            return false;
        }
        int perPage = PageQuery.DefaultPerPage;
        if (perPageText is not null
            && (!int.TryParse(perPageText, NumberStyles.None, CultureInfo.InvariantCulture, out perPage)
                || perPage is < 1 or > PageQuery.MaxPerPage))
        {
            error = $"perPage must be an integer from 1 to {PageQuery.MaxPerPage}, got \"{Shorten(perPageText)}\"";
            return false;
        }

        SortField sortField = SortField.Name;
        if (sortText is not null && !TryMatchName(sortText, rules.SortFields, out sortField))
        {
            error = $"sortField must be one of {NameList(rules.SortFields)}, got \"{Shorten(sortText)}\"";
            return false;
        }
        bool descending = false;
        switch (directionText)
        {
            case null or "asc":
                break;
            case "desc":
                descending = true;
                break;
            default:
                error = $"sortDirection must be asc or desc, got \"{Shorten(directionText)}\"";
                return false;
        }
        FilterField? filterField = null;
        if (filterFieldText is not null)
        {
            if (!TryMatchName(filterFieldText, rules.FilterFields, out FilterField parsed))
            {
                error = $"filterField must be one of {NameList(rules.FilterFields)}, got \"{Shorten(filterFieldText)}\"";
                return false;
            }
            filterField = parsed;
        }

        // An empty filter matches everything, so it is no filter; a filter without a field filters names.
        if (string.IsNullOrEmpty(filter))
        {
            filter = null;
        }
        else
        {
            filterField ??= FilterField.Name;
        }
        page = new PageQuery(pageNumber, perPage, sortField, descending, filterField, filter);
        return true;
    }

    public static bool TryParseCredentials(byte[] body, out UserCredentials credentials, out string error)
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

    private static bool TryReadSingle(IQueryCollection query, string name, out string? value, out string error)
    {
        value = null;
        error = string.Empty;
        if (!query.TryGetValue(name, out StringValues raw))
        {
            return true;
        }
        if (raw.Count != 1)
        {
            error = $"{name} must be given at most once";
            return false;
        }
        value = raw[0];
        return true;
    }

    private static bool TryMatchName<TEnum>(string text, TEnum[] allowed, out TEnum value) where TEnum : struct, Enum
    {
        foreach (TEnum candidate in allowed)
        {
            if (string.Equals(WireName(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>The query's spelling of a field: the enum name with a lower-case first letter.</summary>
    public static string WireName<TEnum>(TEnum value) where TEnum : struct, Enum
    {
        string name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static string NameList<TEnum>(TEnum[] values) where TEnum : struct, Enum =>
        string.Join(", ", values.Select(WireName));

    private static string FieldNames(ApiTokenFields allowed) =>
        string.Join(", ", Enum.GetValues<ApiTokenFields>()
            .Where(f => f != 0 && (f & (f - 1)) == 0 && allowed.HasFlag(f))
            .Select(WireName));

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }

    private static bool TryReadText(JsonElement value, string field, int maxLength, out string? text, out string error)
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
    private static int CountCodePoints(string text)
    {
        int length = 0;
        foreach (Rune _ in text.EnumerateRunes())
        {
            length++;
        }
        return length;
    }

    private static bool TryReadChoice(JsonElement value, string field, string[] choices, out string? choice, out string error)
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

    private static bool TryReadOptionalDate(JsonElement value, out DateTime? date, out string error)
    {
        bool valid = TryReadDate(value, out DateTime parsed, out error);
        date = valid ? parsed : null;
        return valid;
    }

    private static bool TryReadOptionalStatus(JsonElement value, out bool? active, out string error)
    {
        bool valid = TryReadStatus(value, out bool parsed, out error);
        active = valid ? parsed : null;
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

    private static string DescribeValue(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetRawText() : Describe(value.ValueKind);
}
