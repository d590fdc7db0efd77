using System.Text;
using Losant.AccessTokens.Tests.Json;

namespace Losant.AccessTokens.Tests;

/// <summary>The list operation end to end: tokens reach the caller as the answer arrives.</summary>
public sealed class AccessTokenListingTests(EmulatorFixture emulator) : EmulatorTests(emulator)
{
    public override Task InitializeAsync() => Emulator.ResetAsync(seedCount: 3000);

    [Fact]
    public async Task A_long_list_arrives_whole_and_in_order()
    {
        var tokens = (List<Models.AccessToken>)await Operations.RunAsync(new AccessTokenClient(Emulator.Settings()), Operation.List);

        Assert.Equal(3000, tokens.Count);
        Assert.Equal(Enumerable.Range(1, 3000).Select(TokenListReadingTests.Id), tokens.Select(t => t.Id));
        Assert.Equal("Token 03000", tokens[^1].Name);
        Assert.Single(await Emulator.RequestsAsync());
    }

    [Fact]
    public async Task The_first_token_reaches_the_caller_before_the_server_has_sent_the_rest()
    {
        var rest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new RawHttpServer(async (_, stream, cancel) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"items\":[" + TokenListReadingTests.Token(1) + ","), cancel);
            await stream.FlushAsync(cancel);
            await rest.Task.WaitAsync(cancel);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(TokenListReadingTests.Token(2) + "],\"count\":2}"), cancel);
        });
        var client = new AccessTokenClient(Settings(server.BaseUri));

        using var list = await client.ListAsync(TokenOwner.Caller, ListQuery.All, QueryFlags.Default, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var first = await list.ReadNextAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(TokenListReadingTests.Id(1), first!.Id);
        Assert.False(rest.Task.IsCompleted);
        rest.SetResult();

        Assert.Equal(TokenListReadingTests.Id(2), (await list.ReadNextAsync(CancellationToken.None))!.Id);
        Assert.Null(await list.ReadNextAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_list_that_stalls_after_some_tokens_fails_as_a_timeout_after_them()
    {
        await using var server = new RawHttpServer(async (_, stream, cancel) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"items\":[" + TokenListReadingTests.Token(1) + ","), cancel);
            await stream.FlushAsync(cancel);
            await Task.Delay(Timeout.Infinite, cancel);
        });
        var settings = Settings(server.BaseUri);
        settings.Timeout = TimeSpan.FromSeconds(1);

        using var list = await new AccessTokenClient(settings).ListAsync(TokenOwner.Caller, ListQuery.All, QueryFlags.Default, CancellationToken.None);
        Assert.Equal(TokenListReadingTests.Id(1), (await list.ReadNextAsync(CancellationToken.None))!.Id);
        var failure = await Assert.ThrowsAsync<ApiException>(() => list.ReadNextAsync(CancellationToken.None));

        Assert.Equal(ApiFailureKind.Timeout, failure.Kind);
        Assert.Equal(200, failure.StatusCode);
    }

    [Fact]
    public async Task A_list_cut_by_a_broken_connection_fails_as_a_connection_failure_after_the_complete_tokens()
    {
        await using var server = RawHttpServer.Answering(() => Encoding.ASCII.GetBytes(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"items\":[" +
            TokenListReadingTests.Token(1) + "," + TokenListReadingTests.Token(2) + ",{\"id\":\"5a"));

        using var list = await new AccessTokenClient(Settings(server.BaseUri)).ListAsync(TokenOwner.Caller, ListQuery.All, QueryFlags.Default, CancellationToken.None);
        Assert.Equal(TokenListReadingTests.Id(1), (await list.ReadNextAsync(CancellationToken.None))!.Id);
        Assert.Equal(TokenListReadingTests.Id(2), (await list.ReadNextAsync(CancellationToken.None))!.Id);
        var failure = await Assert.ThrowsAsync<ApiException>(() => list.ReadNextAsync(CancellationToken.None));

        Assert.Equal(ApiFailureKind.Connection, failure.Kind);
        Assert.Equal(ApiFailureReason.ConnectionFailed, failure.Reason);
    }

    [Fact]
    public async Task A_list_answer_that_is_not_json_fails_before_any_token()
    {
        await using var server = RawHttpServer.Answering(() => RawHttpServer.Response(200, "text/html", "<html>{\"items\":[]}</html>"u8.ToArray()));

        var failure = await Assert.ThrowsAsync<ApiException>(() => new AccessTokenClient(Settings(server.BaseUri)).ListAsync(TokenOwner.Caller, ListQuery.All, QueryFlags.Default, CancellationToken.None));

        Assert.Equal(ApiFailureKind.InvalidResponse, failure.Kind);
        Assert.Contains("text/html", failure.Message);
    }

    [Fact]
    public async Task Reading_a_list_can_be_cancelled_while_the_server_is_silent()
    {
        await using var server = new RawHttpServer(async (_, stream, cancel) =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"items\":["u8.ToArray(), cancel);
            await stream.FlushAsync(cancel);
            await Task.Delay(Timeout.Infinite, cancel);
        });
        using var list = await new AccessTokenClient(Settings(server.BaseUri)).ListAsync(TokenOwner.Caller, ListQuery.All, QueryFlags.Default, CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => list.ReadNextAsync(cancel.Token));
    }

    private static ConnectionSettings Settings(Uri baseUri) =>
        new(baseUri, EmulatorFixture.Secure(EmulatorFixture.ApiToken)) { ApiVersion = EmulatorFixture.AccessTokensApiVersion, MaxRetries = 0 };
}
