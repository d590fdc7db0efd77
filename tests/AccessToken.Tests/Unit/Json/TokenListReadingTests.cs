using System.Text;
using Losant.AccessTokens.Json;

namespace Losant.AccessTokens.Tests.Json;

public sealed class TokenListReadingTests
{
    [Fact]
    public async Task A_whole_list_yields_every_token_in_order_then_null()
    {
        var tokens = await ReadAllAsync(new MemoryStream(ListBody(3)));

        Assert.Equal([Id(1), Id(2), Id(3)], tokens.Select(t => t.Id));
        Assert.Equal("Token 2", tokens[1].Name);
        Assert.Equal(AccessTokenStatus.Inactive, tokens[2].Status);
        Assert.Equal(new DateTime(2020, 1, 3, 0, 0, 0, DateTimeKind.Utc), tokens[2].CreationDate);
        Assert.Equal("accessToken", tokens[0].AdditionalProperties["_type"]);
    }

    [Fact]
    public async Task Members_around_items_are_skipped_whatever_their_shape()
    {
        var body = $$"""{"count":2,"_links":{"self":{"href":"/x"},"a":[1,[2]]},"items":[{{Token(1)}},{{Token(2)}}],"totalCount":2,"query":null}""";

        var tokens = await ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)));

        Assert.Equal([Id(1), Id(2)], tokens.Select(t => t.Id));
    }

    [Fact]
    public async Task An_empty_list_yields_null_at_once()
    {
        var reader = AccessTokenJson.ReadTokenList(new MemoryStream("""{"items":[],"count":0}"""u8.ToArray()));

        Assert.Null(await reader.ReadNextAsync(CancellationToken.None));
        Assert.Null(await reader.ReadNextAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Bytes_arriving_one_at_a_time_yield_the_same_tokens()
    {
        var body = ListBody(4);
        var whole = await ReadAllAsync(new MemoryStream(body));

        var trickled = await ReadAllAsync(ScriptedStream.Chunked(body, () => 1));

        AssertSameTokens(whole, trickled);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(2024)]
    public async Task Bytes_arriving_in_random_chunks_yield_the_same_tokens(int seed)
    {
        var body = ListBody(25, withSecrets: true);
        var whole = await ReadAllAsync(new MemoryStream(body));
        var random = new Random(seed);

        var chunked = await ReadAllAsync(ScriptedStream.Chunked(body, () => random.Next(1, 200)));

        AssertSameTokens(whole, chunked);
    }

    [Fact]
    public async Task Bytes_split_inside_a_multibyte_character_yield_the_same_text()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"items":[{"id":"{{Id(1)}}","name":"Zürich 東京 😀"}]}""");

        var tokens = await ReadAllAsync(ScriptedStream.Chunked(body, () => 1));

        Assert.Equal("Zürich 東京 😀", Assert.Single(tokens).Name);
    }

    [Fact]
    public async Task The_first_token_is_read_before_the_rest_of_the_body_exists()
    {
        var stream = new ScriptedStream();
        var reader = AccessTokenJson.ReadTokenList(stream);
        stream.Supply($$"""{"items":[{{Token(1)}},""");

        var first = await reader.ReadNextAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Id(1), first!.Id);
        var second = reader.ReadNextAsync(CancellationToken.None);
        Assert.False(second.IsCompleted, "the second token cannot be complete before its bytes exist");
        stream.Supply(Token(2) + "]}");
        stream.Complete();
        Assert.Equal(Id(2), (await second)!.Id);
        Assert.Null(await reader.ReadNextAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Reading_the_next_token_can_be_cancelled_while_waiting_for_bytes()
    {
        var stream = new ScriptedStream();
        var reader = AccessTokenJson.ReadTokenList(stream);
        stream.Supply("""{"items":[""");
        using var cancel = new CancellationTokenSource();

        var next = reader.ReadNextAsync(cancel.Token);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public async Task A_truncated_list_yields_its_complete_tokens_then_fails(int chunk)
    {
        var body = ListBody(3);
        var cut = body.AsSpan(0, body.Length - 60).ToArray();
        var reader = AccessTokenJson.ReadTokenList(ScriptedStream.Chunked(cut, () => chunk));

        Assert.Equal(Id(1), (await reader.ReadNextAsync(CancellationToken.None))!.Id);
        Assert.Equal(Id(2), (await reader.ReadNextAsync(CancellationToken.None))!.Id);
        await Assert.ThrowsAsync<InvalidResponseException>(() => reader.ReadNextAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_list_cut_after_the_items_array_still_fails()
    {
        var reader = AccessTokenJson.ReadTokenList(new MemoryStream(Encoding.UTF8.GetBytes($$"""{"items":[{{Token(1)}}]""")));

        Assert.Equal(Id(1), (await reader.ReadNextAsync(CancellationToken.None))!.Id);
        await Assert.ThrowsAsync<InvalidResponseException>(() => reader.ReadNextAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("""{"items":"nope"}""")]
    [InlineData("""{"items":{"id":"5a0000000000000000000001"}}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""[]""")]
    [InlineData("")]
    [InlineData("  \r\n ")]
    [InlineData("null")]
    [InlineData("""{"count":0}""")]
    [InlineData("""{"items":[1]}""")]
    [InlineData("""{"items":[{"name":"no id"}]}""")]
    [InlineData("""{"items":[{"id":"5a0000000000000000000001","status":7}]}""")]
    [InlineData("""{"items":[]} trailing""")]
    [InlineData("""{"items":[]}{"items":[]}""")]
    [InlineData("""{"items":[],}""")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    public async Task A_body_that_is_not_a_token_list_is_invalid(string body)
    {
        await Assert.ThrowsAsync<InvalidResponseException>(() => ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(body))));
    }

    [Fact]
    public async Task Trailing_garbage_fails_only_after_the_complete_tokens()
    {
        var reader = AccessTokenJson.ReadTokenList(new MemoryStream(Encoding.UTF8.GetBytes($$"""{"items":[{{Token(1)}}]} garbage""")));

        Assert.Equal(Id(1), (await reader.ReadNextAsync(CancellationToken.None))!.Id);
        await Assert.ThrowsAsync<InvalidResponseException>(() => reader.ReadNextAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_element_larger_than_the_limit_is_refused_without_reading_the_rest()
    {
        var stream = new ScriptedStream();
        stream.Supply("{\"items\":[{\"id\":\"" + Id(1) + "\",\"name\":\"");
        var filler = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
        for (var i = 0; i < 64; i++) stream.Supply(filler);
        stream.Complete();

        await Assert.ThrowsAsync<InvalidResponseException>(() => ReadAllAsync(stream));

        // 4 MiB were offered; the reader must give up near its 1 MiB limit.
        Assert.InRange(stream.BytesRead, 0, 2 * 1024 * 1024);
    }

    [Fact]
    public async Task A_string_with_a_lone_surrogate_escape_is_invalid()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"items":[{"id":"{{Id(1)}}","name":"\ud800"}]}""");

        await Assert.ThrowsAsync<InvalidResponseException>(() => ReadAllAsync(new MemoryStream(body)));
    }

    internal static string Id(int index) => "5a" + index.ToString("x22");

    internal static string Token(int index, bool withSecret = false)
    {
        var id = Id(index);
        var status = index % 3 == 0 ? "inactive" : "active";
        var secret = withSecret ? ",\"token\":\"secret-" + index + "-\\u00e9\"" : string.Empty;
        return "{\"id\":\"" + id + "\",\"accessTokenId\":\"" + id + "\",\"userId\":\"59f0000000000000000000aa\"," +
               "\"name\":\"Token " + index + "\",\"creationDate\":\"2020-01-" + index.ToString("00") + "T00:00:00.000Z\"," +
               "\"lastUpdated\":\"2020-02-01T00:00:00.000Z\",\"scope\":[\"all.Application\",\"devices.get\"]," +
               "\"status\":\"" + status + "\"" + secret + ",\"_links\":{\"self\":{\"href\":\"/access-tokens/" + id + "\"}},\"_type\":\"accessToken\"}";
    }

    internal static byte[] ListBody(int count, bool withSecrets = false) =>
        Encoding.UTF8.GetBytes("{\"items\":[" + string.Join(",", Enumerable.Range(1, count).Select(i => Token(i, withSecrets))) + "],\"count\":" + count + "}");

    internal static async Task<List<AccessToken>> ReadAllAsync(Stream stream)
    {
        var reader = AccessTokenJson.ReadTokenList(stream);
        var tokens = new List<AccessToken>();
        while (await reader.ReadNextAsync(CancellationToken.None) is { } token) tokens.Add(token);
        return tokens;
    }

    private static void AssertSameTokens(List<AccessToken> expected, List<AccessToken> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Id, actual[i].Id);
            Assert.Equal(expected[i].Name, actual[i].Name);
            Assert.Equal(expected[i].CreationDate, actual[i].CreationDate);
            Assert.Equal(expected[i].Scope, actual[i].Scope);
            Assert.Equal(expected[i].Status, actual[i].Status);
            Assert.Equal(expected[i].Token is null ? null : Secrets.Reveal(expected[i].Token!), actual[i].Token is null ? null : Secrets.Reveal(actual[i].Token!));
            Assert.Equal(expected[i].AdditionalProperties.Keys.Order(), actual[i].AdditionalProperties.Keys.Order());
        }
    }
}
