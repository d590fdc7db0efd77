using System.Text;
using Losant.AccessTokens.Json;

namespace Losant.AccessTokens.Tests.Json;

public sealed class AccessTokenBodyTests
{
    [Fact]
    public void A_patch_carries_only_the_fields_set_with_the_status_in_lower_case()
    {
        Assert.Equal("{}", Patch(new AccessTokenPatch()));
        Assert.Equal("""{"name":"Renamed"}""", Patch(new AccessTokenPatch { Name = "Renamed" }));
        Assert.Equal("""{"status":"inactive"}""", Patch(new AccessTokenPatch { Status = AccessTokenStatus.Inactive }));
        Assert.Equal("""{"name":"Both","status":"active"}""", Patch(new AccessTokenPatch { Name = "Both", Status = AccessTokenStatus.Active }));
    }

    [Fact]
    public void A_patch_has_changes_only_when_a_field_is_set()
    {
        Assert.False(new AccessTokenPatch().HasChanges);
        Assert.True(new AccessTokenPatch { Name = "x" }.HasChanges);
        Assert.True(new AccessTokenPatch { Status = AccessTokenStatus.Inactive }.HasChanges);
    }

    [Fact]
    public void A_post_carries_the_name_and_only_the_fields_set_in_contract_order()
    {
        Assert.Equal("""{"name":"Only"}""", Post(new AccessTokenPost("Only")));
        Assert.Equal("""{"name":"Empty scope","scope":[]}""", Post(new AccessTokenPost("Empty scope") { Scope = [] }));
        Assert.Equal(
            """{"name":"Full","expirationDate":"2031-02-03T04:05:06.789Z","scope":["devices.get","data.export"],"status":"inactive"}""",
            Post(new AccessTokenPost("Full")
            {
                Status = AccessTokenStatus.Inactive,
                Scope = ["devices.get", "data.export"],
                ExpirationDate = new DateTime(2031, 2, 3, 4, 5, 6, 789, DateTimeKind.Utc),
            }));
    }

    [Theory]
    [InlineData(DateTimeKind.Local)]
    [InlineData(DateTimeKind.Unspecified)]
    public void A_post_date_that_is_not_utc_is_sent_as_the_utc_instant_of_local_time(DateTimeKind kind)
    {
        var local = new DateTime(2031, 2, 3, 10, 0, 0, 500, kind);
        var utc = DateTime.SpecifyKind(local, DateTimeKind.Local).ToUniversalTime();

        var body = Post(new AccessTokenPost("Local") { ExpirationDate = local });

        Assert.Equal($$"""{"name":"Local","expirationDate":"{{utc:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}"}""", body);
    }

    [Fact]
    public void Non_ascii_and_html_characters_in_a_body_are_sent_escaped()
    {
        Assert.Equal(
            """{"name":"Z\u00FCrich \u003Cok\u003E \u0022q\u0022 \uD83D\uDE00"}""",
            Patch(new AccessTokenPatch { Name = "Zürich <ok> \"q\" 😀" }));
    }

    [Fact]
    public void A_patch_carries_description_and_default_role_only_when_set()
    {
        Assert.Equal("""{"description":"Reads dashboards"}""", Patch(new AccessTokenPatch { Description = "Reads dashboards" }));
        Assert.Equal("""{"defaultRole":"none"}""", Patch(new AccessTokenPatch { DefaultRole = "none" }));
        Assert.Equal(
            """{"name":"All","description":"","defaultRole":"view","status":"inactive"}""",
            Patch(new AccessTokenPatch { Status = AccessTokenStatus.Inactive, DefaultRole = "view", Description = "", Name = "All" }));
    }

    [Fact]
    public void A_patch_with_only_a_description_or_default_role_has_changes()
    {
        Assert.True(new AccessTokenPatch { Description = "x" }.HasChanges);
        Assert.True(new AccessTokenPatch { DefaultRole = "view" }.HasChanges);
    }

    [Fact]
    public void A_post_carries_description_and_default_role_only_when_set_in_contract_order()
    {
        Assert.Equal("""{"name":"Plain"}""", Post(new AccessTokenPost("Plain")));
        Assert.Equal(
            """{"name":"Full","description":"CI","expirationDate":"2031-02-03T04:05:06.789Z","defaultRole":"edit","scope":["all.User"],"status":"active"}""",
            Post(new AccessTokenPost("Full")
            {
                Status = AccessTokenStatus.Active,
                Scope = ["all.User"],
                DefaultRole = "edit",
                ExpirationDate = new DateTime(2031, 2, 3, 4, 5, 6, 789, DateTimeKind.Utc),
                Description = "CI",
            }));
    }

    private static string Patch(AccessTokenPatch patch) => Encoding.UTF8.GetString(AccessTokenJson.WritePatch(patch));

    private static string Post(AccessTokenPost post) => Encoding.UTF8.GetString(AccessTokenJson.WritePost(post));
}
