using Losant.AccessTokens.Json;
using static Losant.AccessTokens.Tests.Json.TokenText;

namespace Losant.AccessTokens.Tests.Json;

/// <summary>Answers that are not a valid token: refused with a failure that says what was wrong.</summary>
public sealed class InvalidTokenJsonTests
{
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
    [InlineData("""{"id":"5a0000000000000000000001","ownerType":5}""", "'ownerType' must be a string, not a number")]
    [InlineData("""{"id":"5a0000000000000000000001","creatorId":["59f0000000000000000000aa"]}""", "'creatorId' must be a string, not an array")]
    public void Owner_and_creator_fields_of_the_wrong_type_are_refused(string body, string expected)
    {
        var failure = Assert.Throws<InvalidResponseException>(() => Parse(body));

        Assert.Contains(expected, failure.Message);
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
}
