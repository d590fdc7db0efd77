using System.Text.Json;

namespace AccessToken.Emulator;

/// <summary>
/// Every JSON property name and fixed value the emulator writes, encoded once: the writers of both
/// APIs' shapes and of the control answers share them rather than each encoding its own.
/// </summary>
public static class JsonNames
{
    // Both token shapes, and the old API's list and error.
    public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    public static readonly JsonEncodedText AccessTokenId = JsonEncodedText.Encode("accessTokenId");
    public static readonly JsonEncodedText UserId = JsonEncodedText.Encode("userId");
    public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    public static readonly JsonEncodedText CreationDate = JsonEncodedText.Encode("creationDate");
    public static readonly JsonEncodedText LastUpdated = JsonEncodedText.Encode("lastUpdated");
    public static readonly JsonEncodedText ExpirationDate = JsonEncodedText.Encode("expirationDate");
    public static readonly JsonEncodedText Scope = JsonEncodedText.Encode("scope");
    public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    public static readonly JsonEncodedText Token = JsonEncodedText.Encode("token");
    public static readonly JsonEncodedText Active = JsonEncodedText.Encode("active");
    public static readonly JsonEncodedText Inactive = JsonEncodedText.Encode("inactive");
    public static readonly JsonEncodedText Links = JsonEncodedText.Encode("_links");
    public static readonly JsonEncodedText Self = JsonEncodedText.Encode("self");
    public static readonly JsonEncodedText Href = JsonEncodedText.Encode("href");
    public static readonly JsonEncodedText Type = JsonEncodedText.Encode("_type");
    public static readonly JsonEncodedText AccessTokenType = JsonEncodedText.Encode("accessToken");
    public static readonly JsonEncodedText Actions = JsonEncodedText.Encode("_actions");
    public static readonly JsonEncodedText Delete = JsonEncodedText.Encode("delete");
    public static readonly JsonEncodedText Method = JsonEncodedText.Encode("method");
    public static readonly JsonEncodedText DeleteMethod = JsonEncodedText.Encode("DELETE");
    public static readonly JsonEncodedText Items = JsonEncodedText.Encode("items");
    public static readonly JsonEncodedText Count = JsonEncodedText.Encode("count");
    public static readonly JsonEncodedText ErrorType = JsonEncodedText.Encode("type");
    public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");

    // Only today's shapes: owners, creators, roles and paging.
    public static readonly JsonEncodedText ApiTokenId = JsonEncodedText.Encode("apiTokenId");
    public static readonly JsonEncodedText ApplicationId = JsonEncodedText.Encode("applicationId");
    public static readonly JsonEncodedText OwnerId = JsonEncodedText.Encode("ownerId");
    public static readonly JsonEncodedText OwnerType = JsonEncodedText.Encode("ownerType");
    public static readonly JsonEncodedText CreatorId = JsonEncodedText.Encode("creatorId");
    public static readonly JsonEncodedText CreatorType = JsonEncodedText.Encode("creatorType");
    public static readonly JsonEncodedText CreatorName = JsonEncodedText.Encode("creatorName");
    public static readonly JsonEncodedText UserType = JsonEncodedText.Encode("user");
    public static readonly JsonEncodedText Description = JsonEncodedText.Encode("description");
    public static readonly JsonEncodedText DefaultRole = JsonEncodedText.Encode("defaultRole");
    public static readonly JsonEncodedText OrgRoles = JsonEncodedText.Encode("orgRoles");
    public static readonly JsonEncodedText OrgId = JsonEncodedText.Encode("orgId");
    public static readonly JsonEncodedText Role = JsonEncodedText.Encode("role");
    public static readonly JsonEncodedText ApplicationRoles = JsonEncodedText.Encode("applicationRoles");
    public static readonly JsonEncodedText DashboardRoles = JsonEncodedText.Encode("dashboardRoles");
    public static readonly JsonEncodedText ResourceId = JsonEncodedText.Encode("resourceId");
    public static readonly JsonEncodedText ApiTokenType = JsonEncodedText.Encode("apiToken");
    public static readonly JsonEncodedText ApplicationType = JsonEncodedText.Encode("application");
    public static readonly JsonEncodedText TotalCount = JsonEncodedText.Encode("totalCount");
    public static readonly JsonEncodedText PerPage = JsonEncodedText.Encode("perPage");
    public static readonly JsonEncodedText PageNumber = JsonEncodedText.Encode("page");
    public static readonly JsonEncodedText Filter = JsonEncodedText.Encode("filter");
    public static readonly JsonEncodedText FilterFieldName = JsonEncodedText.Encode("filterField");
    public static readonly JsonEncodedText SortFieldName = JsonEncodedText.Encode("sortField");
    public static readonly JsonEncodedText SortDirection = JsonEncodedText.Encode("sortDirection");
    public static readonly JsonEncodedText Ascending = JsonEncodedText.Encode("asc");
    public static readonly JsonEncodedText Descending = JsonEncodedText.Encode("desc");

    // Recorded requests (GET /_emulator/requests).
    public static readonly JsonEncodedText Seq = JsonEncodedText.Encode("seq");
    public static readonly JsonEncodedText ReceivedAt = JsonEncodedText.Encode("receivedAt");
    public static readonly JsonEncodedText Path = JsonEncodedText.Encode("path");
    public static readonly JsonEncodedText Query = JsonEncodedText.Encode("query");
    public static readonly JsonEncodedText Headers = JsonEncodedText.Encode("headers");
    public static readonly JsonEncodedText Body = JsonEncodedText.Encode("body");
}
