using System.Text;
using Losant.AccessTokens.Json;

namespace Losant.AccessTokens.Tests.Json;

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

    [Fact]
    public void AccessTokenId_stands_in_for_a_missing_id()
    {
        Assert.Equal("5a00000000000000000000ff", Parse("""{"accessTokenId":"5a00000000000000000000ff"}""").Id);
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
    public void Unknown_fields_are_kept_with_their_json_types()
    {
        var token = Parse("""
            {
              "id": "5a0000000000000000000001",
              "_type": "accessToken",
              "_links": {"self": {"href": "/access-tokens/5a0000000000000000000001"}, "tags": ["a", 1]},
              "count": 42,
              "ratio": 0.5,
              "big": 12345678901234,
              "enabled": true,
              "disabled": false,
              "nothing": null,
              "list": [1, "two", {"three": 3}, [4], null, false]
            }
            """);

        var extra = token.AdditionalProperties;
        Assert.Equal("accessToken", extra["_type"]);
        var links = Assert.IsType<Dictionary<string, object?>>(extra["_links"]);
        var self = Assert.IsType<Dictionary<string, object?>>(links["self"]);
        Assert.Equal("/access-tokens/5a0000000000000000000001", self["href"]);
        Assert.Equal(new object?[] { "a", 1L }, Assert.IsType<object?[]>(links["tags"]));
        Assert.Equal(42L, extra["count"]);
        Assert.Equal(0.5, extra["ratio"]);
        Assert.Equal(12345678901234L, extra["big"]);
        Assert.Equal(true, extra["enabled"]);
        Assert.Equal(false, extra["disabled"]);
        Assert.True(extra.ContainsKey("nothing"));
        Assert.Null(extra["nothing"]);
        var list = Assert.IsType<object?[]>(extra["list"]);
        Assert.Equal(6, list.Length);
        Assert.Equal(1L, list[0]);
        Assert.Equal("two", list[1]);
        Assert.Equal(3L, Assert.IsType<Dictionary<string, object?>>(list[2])["three"]);
        Assert.Equal(new object?[] { 4L }, list[3]);
        Assert.Null(list[4]);
        Assert.Equal(false, list[5]);
    }

    [Fact]
    public void A_number_too_large_for_a_double_in_an_unknown_field_is_kept_not_fatal()
    {
        var token = Parse("""{"id":"5a0000000000000000000001","huge":1e400,"name":"still here"}""");

        Assert.Equal("still here", token.Name);
        Assert.True(token.AdditionalProperties.ContainsKey("huge"));
    }

    [Fact]
    public void The_token_field_becomes_a_read_only_SecureString_with_the_exact_characters()
    {
        var token = Parse("""{"id":"5a0000000000000000000001","token":"eyJ.ab\"c\\d\u00e9\ud83d\ude00/"}""");

        Assert.NotNull(token.Token);
        Assert.True(token.Token!.IsReadOnly());
        Assert.Equal("eyJ.ab\"c\\dé😀/", Secrets.Reveal(token.Token));
        Assert.DoesNotContain("eyJ", token.ToString());
    }

    [Fact]
    public void A_raw_utf8_token_keeps_its_characters()
    {
        var token = Parse("{\"id\":\"5a0000000000000000000001\",\"token\":\"naïve-密钥\"}");

        Assert.Equal("naïve-密钥", Secrets.Reveal(token.Token!));
    }

    [Theory]
    [InlineData("""{"id":5}""")]
    [InlineData("""{"id":"5a0000000000000000000001","accessTokenId":true}""")]
    [InlineData("""{"id":"5a0000000000000000000001","userId":{}}""")]
    [InlineData("""{"id":"5a0000000000000000000001","name":true}""")]
    [InlineData("""{"id":"5a0000000000000000000001","name":["x"]}""")]
    [InlineData("""{"id":"5a0000000000000000000001","creationDate":1465790400000}""")]
    [InlineData("""{"id":"5a0000000000000000000001","lastUpdated":"yesterday"}""")]
    [InlineData("""{"id":"5a0000000000000000000001","expirationDate":"2020-13-45T00:00:00Z"}""")]
    [InlineData("""{"id":"5a0000000000000000000001","scope":"all.Application"}""")]
    [InlineData("""{"id":"5a0000000000000000000001","scope":["ok",1]}""")]
    [InlineData("""{"id":"5a0000000000000000000001","scope":["ok",null]}""")]
    [InlineData("""{"id":"5a0000000000000000000001","status":"paused"}""")]
    [InlineData("""{"id":"5a0000000000000000000001","status":1}""")]
    [InlineData("""{"id":"5a0000000000000000000001","token":12345}""")]
    public void A_known_field_of_the_wrong_type_makes_the_answer_invalid(string json)
    {
        Assert.Throws<InvalidResponseException>(() => Parse(json));
    }

    [Theory]
    [InlineData("""{"name":"no id"}""")]
    [InlineData("""{}""")]
    [InlineData("""{"id":null}""")]
    public void A_token_without_an_id_is_invalid(string json)
    {
        var failure = Assert.Throws<InvalidResponseException>(() => Parse(json));
        Assert.Contains("no id", failure.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[1,2]")]
    [InlineData("\"5a0000000000000000000001\"")]
    [InlineData("null")]
    [InlineData("""{"id":"5a0000000000000000000001"} trailing""")]
    [InlineData("""{"id":"5a0000000000000000000001"}{"id":"5a0000000000000000000002"}""")]
    [InlineData("""{"id":"5a0000000000000000000001","name":"cut""")]
    [InlineData("""{"id":"5a0000000000000000000001",}""")]
    [InlineData("""{"id":"5a0000000000000000000001"/*comment*/}""")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    public void A_body_that_is_not_one_token_object_is_invalid(string body)
    {
        Assert.Throws<InvalidResponseException>(() => Parse(body));
    }

    [Theory]
    [InlineData("{\"id\":\"5a0000000000000000000001\",\"name\":\"\\ud800\"}")]
    [InlineData("{\"id\":\"5a0000000000000000000001\",\"\\udc00\":1}")]
    [InlineData("{\"id\":\"5a0000000000000000000001\",\"token\":\"\\ud800x\"}")]
    public void A_string_with_a_lone_surrogate_escape_is_invalid(string body)
    {
        Assert.Throws<InvalidResponseException>(() => Parse(body));
    }

    [Fact]
    public void A_string_with_bytes_that_are_not_utf8_is_invalid()
    {
        byte[] body = [.. "{\"id\":\"5a0000000000000000000001\",\"name\":\""u8.ToArray(), 0xC3, 0x28, 0xFF, .. "\"}"u8.ToArray()];

        Assert.Throws<InvalidResponseException>(() => AccessTokenJson.ParseToken(body));
    }

    [Fact]
    public void Nesting_deeper_than_the_reader_allows_is_invalid_not_a_crash()
    {
        var deep = new string('[', 200) + new string(']', 200);

        Assert.Throws<InvalidResponseException>(() => Parse($$"""{"id":"5a0000000000000000000001","deep":{{deep}}}"""));
    }

    [Fact]
    public void Success_body_is_accepted_only_when_success_is_true()
    {
        AccessTokenJson.ParseSuccess("""{"success":true}"""u8);
        AccessTokenJson.ParseSuccess("""{"other":[1,{"a":2}],"success":true}"""u8);
        Assert.Throws<InvalidResponseException>(() => AccessTokenJson.ParseSuccess("""{"success":false}"""u8));
        Assert.Throws<InvalidResponseException>(() => AccessTokenJson.ParseSuccess("""{"success":"true"}"""u8));
        Assert.Throws<InvalidResponseException>(() => AccessTokenJson.ParseSuccess("""{}"""u8));
        Assert.Throws<InvalidResponseException>(() => AccessTokenJson.ParseSuccess(""u8));
        Assert.Throws<InvalidResponseException>(() => AccessTokenJson.ParseSuccess("""[true]"""u8));
    }

    [Fact]
    public void Error_body_yields_type_and_message_and_anything_else_yields_none()
    {
        var full = AccessTokenJson.TryParseError("""{"type":"NotFound","message":"Access token was not found"}"""u8);
        Assert.Equal("NotFound", full?.Type);
        Assert.Equal("Access token was not found", full?.Message);
        var messageOnly = AccessTokenJson.TryParseError("""{"message":"only a message","extra":{"x":[1]}}"""u8);
        Assert.NotNull(messageOnly);
        Assert.Null(messageOnly.Value.Type);
        Assert.Equal("only a message", messageOnly.Value.Message);
        Assert.Null(AccessTokenJson.TryParseError("<html>502</html>"u8));
        Assert.Null(AccessTokenJson.TryParseError("""{"type":5,"message":false}"""u8));
        Assert.Null(AccessTokenJson.TryParseError("""{"type":"cut"""u8));
        Assert.Null(AccessTokenJson.TryParseError(""u8));
    }

    [Theory]
    [InlineData("""{"id":"5a0000000000000000000001","name":true}""", "'name' must be a string, not a boolean")]
    [InlineData("""{"id":5}""", "'id' must be a string, not a number")]
    [InlineData("""{"id":"5a0000000000000000000001","userId":{}}""", "'userId' must be a string, not an object")]
    [InlineData("""{"id":"5a0000000000000000000001","scope":"all.Application"}""", "'scope' must be an array of strings, not a string")]
    [InlineData("""{"id":"5a0000000000000000000001","scope":["ok",null]}""", "'scope' must hold only strings, not null")]
    [InlineData("""{"id":"5a0000000000000000000001","creationDate":1465790400000}""", "'creationDate' must be an ISO 8601 date-time, not a number")]
    [InlineData("""{"id":"5a0000000000000000000001","lastUpdated":"yesterday"}""", "'lastUpdated' must be an ISO 8601 date-time, not 'yesterday'")]
    [InlineData("""{"id":"5a0000000000000000000001","status":"paused"}""", "'status' must be 'active' or 'inactive', not 'paused'")]
    [InlineData("""{"id":"5a0000000000000000000001","token":12345}""", "'token' must be a string, not a number")]
    [InlineData("""[1,2]""", "an access token must be a JSON object, not an array")]
    [InlineData("""null""", "an access token must be a JSON object, not null")]
    public void A_field_of_the_wrong_shape_is_named_in_the_failure_with_what_was_expected(string json, string expected)
    {
        var failure = Assert.Throws<InvalidResponseException>(() => Parse(json));

        Assert.Contains(expected, failure.Message);
    }

    [Theory]
    [InlineData("{\"id\":\"5a0000000000000000000001\",\"name\":\"\\ud800\"}", "'name'")]
    [InlineData("{\"id\":\"5a0000000000000000000001\",\"token\":\"\\ud800x\"}", "'token'")]
    public void A_string_that_does_not_decode_is_invalid_json_in_its_field_not_a_wrong_type(string body, string field)
    {
        var failure = Assert.Throws<InvalidResponseException>(() => Parse(body));

        Assert.StartsWith("The answer is not valid JSON:", failure.Message);
        Assert.Contains(field, failure.Message);
    }

    [Fact]
    public void A_failure_after_the_secret_does_not_show_the_secret()
    {
        var failure = Assert.Throws<InvalidResponseException>(() =>
            Parse("""{"id":"5a0000000000000000000001","token":"s3cr3t-value","name":5,"scope":["s3cr3t-value",1]}"""));

        Assert.DoesNotContain("s3cr3t", failure.ToString());
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
    public void A_field_name_in_another_case_is_an_unknown_field_kept_as_sent()
    {
        var token = Parse("""{"id":"5a0000000000000000000001","Name":"not the name"}""");

        Assert.Null(token.Name);
        Assert.Equal("not the name", token.AdditionalProperties["Name"]);
    }

    [Fact]
    public void Unknown_fields_are_found_whatever_the_case_of_the_key()
    {
        var token = Parse("""{"id":"5a0000000000000000000001","_type":"accessToken","_links":{"self":{"href":"/x"}}}""");

        Assert.Equal("accessToken", token.AdditionalProperties["_TYPE"]);
        Assert.Equal("/x", ((Dictionary<string, object?>)((Dictionary<string, object?>)token.AdditionalProperties["_Links"]!)["SELF"]!)["HREF"]);
    }

    [Fact]
    public void Links_and_type_keep_their_place_among_the_other_unknown_fields()
    {
        var token = Parse("""{"a":1,"_type":"apiToken","id":"5a0000000000000000000001","b":2,"_links":{"self":{"href":"/x"}},"c":3}""");

        Assert.Equal(new[] { "a", "_type", "b", "_links", "c" }, token.AdditionalProperties.Keys);
        Assert.Equal("""{"a":1,"_type":"apiToken","b":2,"_links":{"self":{"href":"/x"}},"c":3}""", token.AdditionalProperties.ToString());
    }

    [Theory]
    [InlineData("""{"self":{"href":"/x","method":"GET"}}""")]
    [InlineData("""{"self":[{"href":"/x"}]}""")]
    [InlineData("""{"self":{"href":5}}""")]
    [InlineData("""{"self":{"title":"x"}}""")]
    [InlineData("""{"self":null}""")]
    [InlineData("""{}""")]
    [InlineData("""{"self":{"href":"\u002fx"},"next":{"href":"/me/tokens?page=1"}}""")]
    [InlineData("""["/x"]""")]
    [InlineData("""null""")]
    public void Links_of_any_shape_read_as_plain_values_as_sent(string links)
    {
        var token = Parse($$"""{"id":"5a0000000000000000000001","_links":{{links}}}""");

        // Compared with the same value read as any other unknown field.
        var asUnknown = Parse($$"""{"id":"5a0000000000000000000001","other":{{links}}}""");
        Assert.Equal(asUnknown.AdditionalProperties.ToString().Replace("\"other\"", "\"_links\""), token.AdditionalProperties.ToString());
        Assert.Equal(asUnknown.AdditionalProperties["other"]?.GetType(), token.AdditionalProperties["_links"]?.GetType());
    }

    [Fact]
    public void An_id_that_comes_twice_is_read_into_one_string()
    {
        var token = Parse("""{"id":"5a0000000000000000000001","ownerId":"59f0000000000000000000aa","ownerType":"user","creatorId":"59f0000000000000000000aa","creatorType":"user"}""");

        Assert.Equal("59f0000000000000000000aa", token.CreatorId);
        Assert.Same(token.OwnerId, token.CreatorId);
        Assert.Same(token.OwnerType, token.CreatorType);
    }

    [Theory]
    [InlineData("""{"id":"5a0000000000000000000001","ownerType":5}""", "'ownerType' must be a string, not a number")]
    [InlineData("""{"id":"5a0000000000000000000001","creatorId":["59f0000000000000000000aa"]}""", "'creatorId' must be a string, not an array")]
    public void Owner_and_creator_fields_of_the_wrong_type_are_refused(string body, string expected)
    {
        var failure = Assert.Throws<InvalidResponseException>(() => Parse(body));

        Assert.Contains(expected, failure.Message);
    }

    [Fact]
    public void Unknown_fields_named_like_serializer_metadata_are_kept_as_data()
    {
        var token = Parse("""{"id":"5a0000000000000000000001","$id":"1","$ref":"x","$type":"t","$values":[1]}""");

        Assert.Equal("1", token.AdditionalProperties["$id"]);
        Assert.Equal("x", token.AdditionalProperties["$ref"]);
        Assert.Equal("t", token.AdditionalProperties["$type"]);
        Assert.Equal(new object?[] { 1L }, token.AdditionalProperties["$values"]);
    }

    [Fact]
    public void A_repeated_field_keeps_its_last_value()
    {
        var token = Parse("""{"id":"5a0000000000000000000001","name":"first","name":"second","_x":1,"_X":2}""");

        Assert.Equal("second", token.Name);
        Assert.Equal(2L, Assert.Single(token.AdditionalProperties).Value);
    }

    [Fact]
    public void The_id_wins_over_accessTokenId_whatever_their_order()
    {
        var token = Parse("""{"accessTokenId":"5a00000000000000000000ff","id":"5a0000000000000000000001"}""");

        Assert.Equal("5a0000000000000000000001", token.Id);
    }

    [Fact]
    public void Error_body_fields_of_the_wrong_type_lose_only_themselves()
    {
        var error = AccessTokenJson.TryParseError("""{"type":{"nested":[1]},"message":"still read"}"""u8);

        Assert.NotNull(error);
        Assert.Null(error.Value.Type);
        Assert.Equal("still read", error.Value.Message);
    }

    [Fact]
    public void Error_body_followed_by_more_text_is_still_read()
    {
        var error = AccessTokenJson.TryParseError("""{"type":"Validation","message":"bad"}<html>"""u8);

        Assert.Equal(("Validation", "bad"), (error?.Type, error?.Message));
    }

    private static AccessToken Parse(string json) => AccessTokenJson.ParseToken(Encoding.UTF8.GetBytes(json));
}
