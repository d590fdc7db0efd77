using static Losant.AccessTokens.Tests.Json.TokenText;

namespace Losant.AccessTokens.Tests.Json;

/// <summary>Fields a token carries that the module does not know, kept as sent in AdditionalProperties.</summary>
public sealed class UnknownFieldTests
{
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
    public void Unknown_fields_named_like_serializer_metadata_are_kept_as_data()
    {
        var token = Parse("""{"id":"5a0000000000000000000001","$id":"1","$ref":"x","$type":"t","$values":[1]}""");

        Assert.Equal("1", token.AdditionalProperties["$id"]);
        Assert.Equal("x", token.AdditionalProperties["$ref"]);
        Assert.Equal("t", token.AdditionalProperties["$type"]);
        Assert.Equal(new object?[] { 1L }, token.AdditionalProperties["$values"]);
    }
}
