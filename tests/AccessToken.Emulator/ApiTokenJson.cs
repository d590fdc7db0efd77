using System.Runtime.CompilerServices;
using System.Text.Json;

namespace AccessToken.Emulator;

/// <summary>
/// Writes today's shapes (<c>apiToken</c>, applications, paged lists) the way <see cref="TokenJson"/>
/// writes the old one: pre-encoded names, no reflection. Optional fields (<c>description</c>,
/// <c>expirationDate</c>, <c>defaultRole</c>, <c>orgRoles</c>) appear only when the token has them.
/// </summary>
public static class ApiTokenJson
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WriteToken(Utf8JsonWriter writer, StoredToken token, TokenCollection collection, TokenView view)
    {
        TokenJson.WriteStartWithIds(writer, JsonNames.ApiTokenId, token.Id);
        writer.WriteString(JsonNames.OwnerId, token.OwnerId);
        writer.WriteString(JsonNames.OwnerType, collection.OwnerType);
        writer.WriteString(JsonNames.CreatorId, SeedData.UserId);
        writer.WriteString(JsonNames.CreatorType, JsonNames.UserType);
        writer.WriteString(JsonNames.CreatorName, SeedData.UserName);
        TokenJson.WriteNameAndDates(writer, token.Name, token.Description, token.CreationDate, token.LastUpdated, token.ExpirationDate);
        if (token.DefaultRole is not null)
        {
            writer.WriteString(JsonNames.DefaultRole, token.DefaultRole);
        }
        if (token.OrgRoles is not null)
        {
            WriteOrgRoles(writer, token.OrgRoles);
        }
        TokenJson.WriteScopeStatusAndSecret(writer, token, view);
        TokenJson.WriteExtras(writer, collection.Path, token.Id, JsonNames.ApiTokenType, view);
        writer.WriteEndObject();
    }

    public static void WriteApplication(Utf8JsonWriter writer, TokenOwner application, TokenView view)
    {
        TokenJson.WriteStartWithIds(writer, JsonNames.ApplicationId, application.Id);
        TokenJson.WriteNameAndDates(writer, application.Name, application.Description, application.CreationDate, application.LastUpdated,
            expirationDate: null);
        writer.WriteString(JsonNames.OwnerId, SeedData.UserId);
        writer.WriteString(JsonNames.OwnerType, JsonNames.UserType);
        // The emulator cannot delete applications, so it offers no delete action for them.
        TokenJson.WriteExtras(writer, "/applications", application.Id, JsonNames.ApplicationType, view with { Actions = false });
        writer.WriteEndObject();
    }

    /// <summary>Everything of a paged answer after <c>items</c>; owned collections add their owner.</summary>
    public static void WritePageEnd(Utf8JsonWriter writer, int count, int totalCount, PageQuery query, TokenCollection? owner)
    {
        writer.WriteEndArray();
        writer.WriteNumber(JsonNames.Count, count);
        writer.WriteNumber(JsonNames.TotalCount, totalCount);
        writer.WriteNumber(JsonNames.PerPage, query.PerPage);
        writer.WriteNumber(JsonNames.PageNumber, query.Page);
        if (query.Filter is null)
        {
            writer.WriteNull(JsonNames.Filter);
        }
        else
        {
            writer.WriteString(JsonNames.Filter, query.Filter);
        }
        if (query.FilterField is FilterField filterField)
        {
            writer.WriteString(JsonNames.FilterFieldName, QueryReader.WireName(filterField));
        }
        else
        {
            writer.WriteNull(JsonNames.FilterFieldName);
        }
        writer.WriteString(JsonNames.SortFieldName, QueryReader.WireName(query.SortField));
        writer.WriteString(JsonNames.SortDirection, query.Descending ? JsonNames.Descending : JsonNames.Ascending);
        if (owner is not null)
        {
            writer.WriteString(JsonNames.OwnerId, owner.OwnerId);
            writer.WriteString(JsonNames.OwnerType, owner.OwnerType);
        }
        writer.WriteEndObject();
    }

    public static void WriteAuthedUser(Utf8JsonWriter writer, string token)
    {
        writer.WriteStartObject();
        writer.WriteString(JsonNames.UserId, SeedData.UserId);
        writer.WriteString(JsonNames.Token, token);
        writer.WriteEndObject();
    }

    private static void WriteOrgRoles(Utf8JsonWriter writer, OrgRole[] roles)
    {
        writer.WriteStartArray(JsonNames.OrgRoles);
        foreach (OrgRole role in roles)
        {
            writer.WriteStartObject();
            writer.WriteString(JsonNames.OrgId, role.OrgId);
            writer.WriteString(JsonNames.Role, role.Role);
            WriteResourceRoles(writer, JsonNames.ApplicationRoles, role.ApplicationRoles);
            WriteResourceRoles(writer, JsonNames.DashboardRoles, role.DashboardRoles);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteResourceRoles(Utf8JsonWriter writer, JsonEncodedText name, ResourceRole[]? roles)
    {
        if (roles is null)
        {
            return;
        }
        writer.WriteStartArray(name);
        foreach (ResourceRole role in roles)
        {
            writer.WriteStartObject();
            writer.WriteString(JsonNames.ResourceId, role.ResourceId);
            writer.WriteString(JsonNames.Role, role.Role);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
