using Losant.AccessTokens.Json;

namespace Losant.AccessTokens.Tests.Json;

/// <summary>The bodies that are not tokens: the success answer of a delete and the error answer.</summary>
public sealed class ResultBodyJsonTests
{
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
}
