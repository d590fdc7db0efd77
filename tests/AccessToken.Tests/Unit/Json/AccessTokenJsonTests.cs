using static Losant.AccessTokens.Tests.Json.TokenText;

namespace Losant.AccessTokens.Tests.Json;

/// <summary>The 1.3.7 fields of a token, each read into its typed property.</summary>
public sealed class AccessTokenJsonTests
{
    private const string Full = """
        {
          "id": "5a0000000000000000000007",
          "accessTokenId": "5a0000000000000000000007",
          "userId": "59f0000000000000000000aa",
          "name": "Fleet reader",
          "creationDate": "2016-06-13T04:00:00.000Z",
          "lastUpdated": "2017-01-02T03:04:05.678Z",
          "expirationDate": "2030-01-01T00:00:00.000Z",
          "scope": ["devices.state", "devices.get"],
          "status": "inactive"
        }
        """;

    [Fact]
    public void Every_known_field_is_mapped_to_its_typed_property()
    {
        var token = Parse(Full);

        Assert.Equal("5a0000000000000000000007", token.Id);
        Assert.Equal("59f0000000000000000000aa", token.UserId);
        Assert.Equal("Fleet reader", token.Name);
        Assert.Equal(new DateTime(2016, 6, 13, 4, 0, 0, DateTimeKind.Utc), token.CreationDate);
        Assert.Equal(new DateTime(2017, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc), token.LastUpdated);
        Assert.Equal(new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), token.ExpirationDate);
        Assert.Equal(["devices.state", "devices.get"], token.Scope);
        Assert.Equal(AccessTokenStatus.Inactive, token.Status);
        Assert.Null(token.Token);
        Assert.Empty(token.AdditionalProperties);
        Assert.Equal("Fleet reader", token.ToString());
    }

    [Theory]
    [InlineData("2020-01-01T05:30:00+05:30")]
    [InlineData("2020-01-01T00:00:00Z")]
    [InlineData("2020-01-01T00:00:00.0000000Z")]
    [InlineData("2019-12-31T19:00:00.000-05:00")]
    public void Dates_with_any_offset_become_the_same_utc_instant(string text)
    {
        var token = Parse($$"""{"id":"5a0000000000000000000001","creationDate":"{{text}}"}""");

        Assert.Equal(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), token.CreationDate);
        Assert.Equal(DateTimeKind.Utc, token.CreationDate!.Value.Kind);
    }

    [Fact]
    public void A_date_without_offset_is_taken_as_utc()
    {
        var token = Parse("""{"id":"5a0000000000000000000001","lastUpdated":"2020-01-01T10:00:00.250"}""");

        Assert.Equal(new DateTime(2020, 1, 1, 10, 0, 0, 250, DateTimeKind.Utc), token.LastUpdated);
    }

    [Fact]
    public void Status_active_maps_to_the_enum()
    {
        Assert.Equal(AccessTokenStatus.Active, Parse("""{"id":"5a0000000000000000000001","status":"active"}""").Status);
    }

    [Theory]
    [InlineData("Active", AccessTokenStatus.Active)]
    [InlineData("INACTIVE", AccessTokenStatus.Inactive)]
    [InlineData("inActive", AccessTokenStatus.Inactive)]
    public void Status_is_read_in_any_case(string status, AccessTokenStatus expected)
    {
        Assert.Equal(expected, Parse($$"""{"id":"5a0000000000000000000001","status":"{{status}}"}""").Status);
    }

    [Fact]
    public void AccessTokenId_stands_in_for_a_missing_id()
    {
        Assert.Equal("5a00000000000000000000ff", Parse("""{"accessTokenId":"5a00000000000000000000ff"}""").Id);
    }

    [Fact]
    public void The_id_wins_over_accessTokenId_whatever_their_order()
    {
        var token = Parse("""{"accessTokenId":"5a00000000000000000000ff","id":"5a0000000000000000000001"}""");

        Assert.Equal("5a0000000000000000000001", token.Id);
    }

    [Fact]
    public void Null_for_a_known_field_leaves_it_unset()
    {
        var token = Parse("""{"id":"5a0000000000000000000001","expirationDate":null,"name":null,"scope":null,"token":null}""");

        Assert.Null(token.ExpirationDate);
        Assert.Null(token.Name);
        Assert.Empty(token.Scope);
        Assert.Null(token.Token);
        Assert.False(token.IsExpired);
    }

    [Fact]
    public void An_id_that_comes_twice_is_read_into_one_string()
    {
        var token = Parse("""{"id":"5a0000000000000000000001","ownerId":"59f0000000000000000000aa","ownerType":"user","creatorId":"59f0000000000000000000aa","creatorType":"user"}""");

        Assert.Equal("59f0000000000000000000aa", token.CreatorId);
        Assert.Same(token.OwnerId, token.CreatorId);
        Assert.Same(token.OwnerType, token.CreatorType);
    }

    [Fact]
    public void A_repeated_field_keeps_its_last_value()
    {
        var token = Parse("""{"id":"5a0000000000000000000001","name":"first","name":"second","_x":1,"_X":2}""");

        Assert.Equal("second", token.Name);
        Assert.Equal(2L, Assert.Single(token.AdditionalProperties).Value);
    }
}
