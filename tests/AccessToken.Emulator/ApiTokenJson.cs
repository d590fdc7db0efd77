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
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText ApiTokenId = JsonEncodedText.Encode("apiTokenId");
    private static readonly JsonEncodedText ApplicationId = JsonEncodedText.Encode("applicationId");
    private static readonly JsonEncodedText OwnerId = JsonEncodedText.Encode("ownerId");
    private static readonly JsonEncodedText OwnerType = JsonEncodedText.Encode("ownerType");
    private static readonly JsonEncodedText CreatorId = JsonEncodedText.Encode("creatorId");
    private static readonly JsonEncodedText CreatorType = JsonEncodedText.Encode("creatorType");
    private static readonly JsonEncodedText CreatorName = JsonEncodedText.Encode("creatorName");
    private static readonly JsonEncodedText UserType = JsonEncodedText.Encode("user");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText Description = JsonEncodedText.Encode("description");
    private static readonly JsonEncodedText CreationDate = JsonEncodedText.Encode("creationDate");
    private static readonly JsonEncodedText LastUpdated = JsonEncodedText.Encode("lastUpdated");
    private static readonly JsonEncodedText ExpirationDate = JsonEncodedText.Encode("expirationDate");
    private static readonly JsonEncodedText DefaultRole = JsonEncodedText.Encode("defaultRole");
    private static readonly JsonEncodedText OrgRoles = JsonEncodedText.Encode("orgRoles");
    private static readonly JsonEncodedText OrgId = JsonEncodedText.Encode("orgId");
    private static readonly JsonEncodedText Role = JsonEncodedText.Encode("role");
    private static readonly JsonEncodedText ApplicationRoles = JsonEncodedText.Encode("applicationRoles");
    private static readonly JsonEncodedText DashboardRoles = JsonEncodedText.Encode("dashboardRoles");
    private static readonly JsonEncodedText ResourceId = JsonEncodedText.Encode("resourceId");
    private static readonly JsonEncodedText ApiTokenType = JsonEncodedText.Encode("apiToken");
    private static readonly JsonEncodedText ApplicationType = JsonEncodedText.Encode("application");
    private static readonly JsonEncodedText Items = JsonEncodedText.Encode("items");
    private static readonly JsonEncodedText Count = JsonEncodedText.Encode("count");
    private static readonly JsonEncodedText TotalCount = JsonEncodedText.Encode("totalCount");
    private static readonly JsonEncodedText PerPage = JsonEncodedText.Encode("perPage");
    private static readonly JsonEncodedText PageNumber = JsonEncodedText.Encode("page");
    private static readonly JsonEncodedText Filter = JsonEncodedText.Encode("filter");
    private static readonly JsonEncodedText FilterFieldName = JsonEncodedText.Encode("filterField");
    private static readonly JsonEncodedText SortFieldName = JsonEncodedText.Encode("sortField");
    private static readonly JsonEncodedText SortDirection = JsonEncodedText.Encode("sortDirection");
    private static readonly JsonEncodedText Ascending = JsonEncodedText.Encode("asc");
    private static readonly JsonEncodedText Descending = JsonEncodedText.Encode("desc");
    private static readonly JsonEncodedText UserId = JsonEncodedText.Encode("userId");
    private static readonly JsonEncodedText Token = JsonEncodedText.Encode("token");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WriteToken(Utf8JsonWriter writer, StoredToken token, TokenCollection collection, TokenView view)
    {
        writer.WriteStartObject();
        writer.WriteString(Id, token.Id);
        writer.WriteString(ApiTokenId, token.Id);
        writer.WriteString(OwnerId, token.OwnerId);
        writer.WriteString(OwnerType, collection.OwnerType);
        writer.WriteString(CreatorId, SeedData.UserId);
        writer.WriteString(CreatorType, UserType);
        writer.WriteString(CreatorName, SeedData.UserName);
        writer.WriteString(Name, token.Name);
        if (token.Description is not null)
        {
            writer.WriteString(Description, token.Description);
        }
        TokenJson.WriteDate(writer, CreationDate, token.CreationDate);
        TokenJson.WriteDate(writer, LastUpdated, token.LastUpdated);
        if (token.ExpirationDate is DateTime expiration)
        {
            TokenJson.WriteDate(writer, ExpirationDate, expiration);
        }
        if (token.DefaultRole is not null)
        {
            writer.WriteString(DefaultRole, token.DefaultRole);
        }
        if (token.OrgRoles is not null)
        {
            WriteOrgRoles(writer, token.OrgRoles);
        }
        TokenJson.WriteScopeStatusAndSecret(writer, token, view);
        TokenJson.WriteExtras(writer, collection.Path, token.Id, ApiTokenType, view);
        writer.WriteEndObject();
    }

    public static void WriteApplication(Utf8JsonWriter writer, TokenOwner application, TokenView view)
    {
        writer.WriteStartObject();
        writer.WriteString(Id, application.Id);
        writer.WriteString(ApplicationId, application.Id);
        writer.WriteString(Name, application.Name);
        if (application.Description is not null)
        {
            writer.WriteString(Description, application.Description);
        }
        TokenJson.WriteDate(writer, CreationDate, application.CreationDate);
        TokenJson.WriteDate(writer, LastUpdated, application.LastUpdated);
        writer.WriteString(OwnerId, SeedData.UserId);
        writer.WriteString(OwnerType, UserType);
        // The emulator cannot delete applications, so it offers no delete action for them.
        TokenJson.WriteExtras(writer, "/applications", application.Id, ApplicationType, view with { Actions = false });
        writer.WriteEndObject();
    }

    /// <summary>Everything of a paged answer after <c>items</c>; owned collections add their owner.</summary>
    public static void WritePageEnd(Utf8JsonWriter writer, int count, int totalCount, PageQuery query, TokenCollection? owner)
    {
        writer.WriteEndArray();
        writer.WriteNumber(Count, count);
        writer.WriteNumber(TotalCount, totalCount);
        writer.WriteNumber(PerPage, query.PerPage);
        writer.WriteNumber(PageNumber, query.Page);
        if (query.Filter is null)
        {
            writer.WriteNull(Filter);
        }
        else
        {
            writer.WriteString(Filter, query.Filter);
        }
        if (query.FilterField is FilterField filterField)
        {
            writer.WriteString(FilterFieldName, Validation.WireName(filterField));
        }
        else
        {
            writer.WriteNull(FilterFieldName);
        }
        writer.WriteString(SortFieldName, Validation.WireName(query.SortField));
        writer.WriteString(SortDirection, query.Descending ? Descending : Ascending);
        if (owner is not null)
        {
            writer.WriteString(OwnerId, owner.OwnerId);
            writer.WriteString(OwnerType, owner.OwnerType);
        }
        writer.WriteEndObject();
    }

    public static void WriteAuthedUser(Utf8JsonWriter writer, string token)
    {
        writer.WriteStartObject();
        writer.WriteString(UserId, SeedData.UserId);
        writer.WriteString(Token, token);
        writer.WriteEndObject();
    }

    public static void WritePageStart(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartArray(Items);
    }

    private static void WriteOrgRoles(Utf8JsonWriter writer, OrgRole[] roles)
    {
        writer.WriteStartArray(OrgRoles);
        foreach (OrgRole role in roles)
        {
            writer.WriteStartObject();
            writer.WriteString(OrgId, role.OrgId);
            writer.WriteString(Role, role.Role);
            WriteResourceRoles(writer, ApplicationRoles, role.ApplicationRoles);
            WriteResourceRoles(writer, DashboardRoles, role.DashboardRoles);
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
            writer.WriteString(ResourceId, role.ResourceId);
            writer.WriteString(Role, role.Role);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
