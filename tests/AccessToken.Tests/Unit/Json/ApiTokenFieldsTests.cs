using System.Text;
using Losant.AccessTokens.Json;
using static Losant.AccessTokens.Tests.Json.TokenText;

namespace Losant.AccessTokens.Tests.Json;

/// <summary>The fields that today's API (1.30) adds to a token, read beside those of the 1.3.7 contract.</summary>
public sealed class ApiTokenFieldsTests
{
    private const string UserToken = """
        {
          "id": "5b0000000000000000000001",
          "apiTokenId": "5b0000000000000000000001",
          "ownerId": "59f0000000000000000000aa",
          "ownerType": "user",
          "creatorId": "59f0000000000000000000bb",
          "creatorType": "apiToken",
          "creatorName": "Provisioning token",
          "name": "Org reader",
          "description": "Reads the fleet dashboards",
          "creationDate": "2026-01-02T03:04:05.006Z",
          "lastUpdated": "2026-02-03T04:05:06.007Z",
          "defaultRole": "view",
          "orgRoles": [
            {
              "orgId": "5c0000000000000000000001",
              "role": "edit",
              "applicationRoles": [
                {"resourceId": "5d0000000000000000000001", "role": "collaborate"},
                {"resourceId": "5d0000000000000000000002", "role": "none"}
              ],
              "dashboardRoles": [{"resourceId": "5e0000000000000000000001", "role": "view"}]
            },
            {"orgId": "sandbox", "role": "admin"}
          ],
          "scope": ["all.User"],
          "status": "active",
          "_type": "apiToken"
        }
        """;

    [Fact]
    public void Every_field_of_an_api_token_is_mapped_including_nested_org_roles()
    {
        var token = Parse(UserToken);

        Assert.Equal("5b0000000000000000000001", token.Id);
        Assert.Equal("59f0000000000000000000aa", token.OwnerId);
        Assert.Equal("user", token.OwnerType);
        Assert.Equal("59f0000000000000000000bb", token.CreatorId);
        Assert.Equal("apiToken", token.CreatorType);
        Assert.Equal("Provisioning token", token.CreatorName);
        Assert.Equal("Org reader", token.Name);
        Assert.Equal("Reads the fleet dashboards", token.Description);
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, 6, DateTimeKind.Utc), token.CreationDate);
        Assert.Equal("view", token.DefaultRole);
        Assert.Equal(["all.User"], token.Scope);
        Assert.Equal(AccessTokenStatus.Active, token.Status);
        Assert.Null(token.UserId);
        Assert.Equal(2, token.OrgRoles.Count);
        var org = token.OrgRoles[0];
        Assert.Equal("5c0000000000000000000001", org.OrgId);
        Assert.Equal("edit", org.Role);
        Assert.Equal(["5d0000000000000000000001: collaborate", "5d0000000000000000000002: none"], org.ApplicationRoles.Select(r => $"{r.ResourceId}: {r.Role}"));
        Assert.Equal("5e0000000000000000000001", Assert.Single(org.DashboardRoles).ResourceId);
        Assert.Equal("view", org.DashboardRoles[0].Role);
        Assert.Equal("5c0000000000000000000001: edit (application 5d0000000000000000000001: collaborate; application 5d0000000000000000000002: none; dashboard 5e0000000000000000000001: view)", org.ToString());
        Assert.Equal("sandbox: admin", token.OrgRoles[1].ToString());
        Assert.Empty(token.OrgRoles[1].ApplicationRoles);
        Assert.Empty(token.OrgRoles[1].DashboardRoles);
        Assert.Equal("apiToken", Assert.Single(token.AdditionalProperties).Value);
    }

    [Fact]
    public void A_1_3_7_token_has_no_org_roles_and_none_of_the_new_fields()
    {
        var token = Parse("""{"id":"5a0000000000000000000001","userId":"59f0000000000000000000aa","name":"Old"}""");

        Assert.Empty(token.OrgRoles);
        AssertNoneOfTheNewStrings(token);
    }

    [Theory]
    [InlineData("""{"apiTokenId":"5b00000000000000000000ff"}""", "5b00000000000000000000ff")]
    [InlineData("""{"apiTokenId":"5b00000000000000000000ff","id":"5b0000000000000000000001"}""", "5b0000000000000000000001")]
    [InlineData("""{"apiTokenId":"5b00000000000000000000ff","accessTokenId":"5a0000000000000000000002"}""", "5a0000000000000000000002")]
    [InlineData("""{"apiTokenId":"5b00000000000000000000ff","id":null}""", "5b00000000000000000000ff")]
    public void ApiTokenId_stands_in_for_a_missing_id_after_accessTokenId(string json, string expected)
    {
        Assert.Equal(expected, Parse(json).Id);
    }

    [Fact]
    public void An_owner_or_creator_type_the_contract_does_not_list_is_kept_as_sent()
    {
        var token = Parse("""{"id":"5b0000000000000000000001","ownerType":"instance","creatorType":"Robot"}""");

        Assert.Equal("instance", token.OwnerType);
        Assert.Equal("Robot", token.CreatorType);
    }

    [Fact]
    public void Null_for_a_new_field_leaves_it_unset_at_every_level()
    {
        var token = Parse("""
            {"id":"5b0000000000000000000001","description":null,"ownerId":null,"ownerType":null,"creatorId":null,
             "creatorType":null,"creatorName":null,"defaultRole":null,"apiTokenId":null,
             "orgRoles":[{"orgId":null,"role":null,"applicationRoles":null,"dashboardRoles":[{"resourceId":null,"role":null}]}]}
            """);

        AssertNoneOfTheNewStrings(token);
        Assert.Empty(token.AdditionalProperties);
        var org = Assert.Single(token.OrgRoles);
        Assert.Null(org.OrgId);
        Assert.Null(org.Role);
        Assert.Empty(org.ApplicationRoles);
        var dashboard = Assert.Single(org.DashboardRoles);
        Assert.Null(dashboard.ResourceId);
        Assert.Null(dashboard.Role);
        Assert.Empty(Parse("""{"id":"5b0000000000000000000001","orgRoles":null}""").OrgRoles);
    }

    [Fact]
    public void Unknown_fields_inside_org_roles_are_dropped_not_fatal()
    {
        var token = Parse("""
            {"id":"5b0000000000000000000001","orgRoles":[{"orgId":"sandbox","role":"admin","_future":{"a":[1]},
             "applicationRoles":[{"resourceId":"5d0000000000000000000001","role":"view","weight":2}]}]}
            """);

        Assert.Equal("sandbox", token.OrgRoles[0].OrgId);
        Assert.Equal("view", token.OrgRoles[0].ApplicationRoles[0].Role);
        Assert.Empty(token.AdditionalProperties);
    }

    [Theory]
    [InlineData("""{"apiTokenId":5}""", "'apiTokenId' must be a string, not a number")]
    [InlineData("""{"id":"5b0000000000000000000001","description":5}""", "'description' must be a string, not a number")]
    [InlineData("""{"id":"5b0000000000000000000001","ownerId":[]}""", "'ownerId' must be a string, not an array")]
    [InlineData("""{"id":"5b0000000000000000000001","ownerType":true}""", "'ownerType' must be a string, not a boolean")]
    [InlineData("""{"id":"5b0000000000000000000001","creatorId":{}}""", "'creatorId' must be a string, not an object")]
    [InlineData("""{"id":"5b0000000000000000000001","creatorType":1}""", "'creatorType' must be a string, not a number")]
    [InlineData("""{"id":"5b0000000000000000000001","creatorName":false}""", "'creatorName' must be a string, not a boolean")]
    [InlineData("""{"id":"5b0000000000000000000001","defaultRole":["view"]}""", "'defaultRole' must be a string, not an array")]
    [InlineData("""{"id":"5b0000000000000000000001","orgRoles":"sandbox"}""", "'orgRoles' must be a JSON array, not a string")]
    [InlineData("""{"id":"5b0000000000000000000001","orgRoles":{"orgId":"sandbox"}}""", "'orgRoles' must be a JSON array, not an object")]
    [InlineData("""{"id":"5b0000000000000000000001","orgRoles":[1]}""", "'orgRoles[0]' must be a JSON object, not a number")]
    [InlineData("""{"id":"5b0000000000000000000001","orgRoles":[{"orgId":"sandbox"},null]}""", "'orgRoles' must hold only objects, not null")]
    [InlineData("""{"id":"5b0000000000000000000001","orgRoles":[{"orgId":5}]}""", "'orgRoles[0].orgId' must be a string, not a number")]
    [InlineData("""{"id":"5b0000000000000000000001","orgRoles":[{"role":false}]}""", "'orgRoles[0].role' must be a string, not a boolean")]
    [InlineData("""{"id":"5b0000000000000000000001","orgRoles":[{"applicationRoles":"all"}]}""", "'orgRoles[0].applicationRoles' must be a JSON array, not a string")]
    [InlineData("""{"id":"5b0000000000000000000001","orgRoles":[{"dashboardRoles":[null]}]}""", "'orgRoles[0].dashboardRoles' must hold only objects, not null")]
    [InlineData("""{"id":"5b0000000000000000000001","orgRoles":[{},{"applicationRoles":[{"resourceId":"a"},{"resourceId":7}]}]}""", "'orgRoles[1].applicationRoles[1].resourceId' must be a string, not a number")]
    [InlineData("""{"id":"5b0000000000000000000001","orgRoles":[{"dashboardRoles":[{"role":[]}]}]}""", "'orgRoles[0].dashboardRoles[0].role' must be a string, not an array")]
    [InlineData("""{"id":"5b0000000000000000000001","orgRoles":[{"dashboardRoles":["view"]}]}""", "'orgRoles[0].dashboardRoles[0]' must be a JSON object, not a string")]
    public void A_new_field_of_the_wrong_type_makes_the_answer_invalid_and_is_named(string json, string expected)
    {
        var failure = Assert.Throws<InvalidResponseException>(() => Parse(json));

        Assert.Contains(expected, failure.Message);
    }

    [Theory]
    [InlineData("""{"id":"5b0000000000000000000001","orgRoles":[null],"orgRoles":[]}""")]
    [InlineData("""{"id":"5b0000000000000000000001","orgRoles":[{"applicationRoles":[null],"applicationRoles":[]}]}""")]
    [InlineData("""{"id":"5b0000000000000000000001","description":1,"description":"fine"}""")]
    public void A_wrong_value_is_refused_even_when_the_field_repeats_with_a_right_one(string json)
    {
        Assert.Throws<InvalidResponseException>(() => Parse(json));
    }

    [Fact]
    public async Task A_list_of_api_tokens_yields_their_org_roles_when_bytes_arrive_one_at_a_time()
    {
        var compact = UserToken.Replace("\n", string.Empty).Replace("\r", string.Empty);
        var body = Encoding.UTF8.GetBytes($$"""{"items":[{{compact}},{{compact.Replace("5b0000000000000000000001", "5b0000000000000000000002")}}],"count":2}""");

        var tokens = await TokenListReadingTests.ReadAllAsync(ScriptedStream.Chunked(body, () => 1));

        Assert.Equal(["5b0000000000000000000001", "5b0000000000000000000002"], tokens.Select(t => t.Id));
        Assert.All(tokens, t => Assert.Equal("5e0000000000000000000001", t.OrgRoles[0].DashboardRoles[0].ResourceId));
    }

    private static void AssertNoneOfTheNewStrings(AccessToken token)
    {
        Assert.Null(token.Description);
        Assert.Null(token.OwnerId);
        Assert.Null(token.OwnerType);
        Assert.Null(token.CreatorId);
        Assert.Null(token.CreatorType);
        Assert.Null(token.CreatorName);
        Assert.Null(token.DefaultRole);
    }
}
