using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Losant.AccessTokens.Tests;

/// <summary>Every way a request can fail ends in one ApiException that says which way it was.</summary>
public sealed class ErrorMappingTests(EmulatorFixture emulator) : EmulatorTests(emulator)
{
    [Fact]
    public async Task Validation_error_from_the_api_maps_to_InvalidRequest_with_the_api_message()
    {
        var patch = new AccessTokenPatch { Name = new string('n', 256) };

        var failure = await Assert.ThrowsAsync<ApiException>(() =>
            Client().UpdateAsync(TokenOwner.Caller, Operations.SeedId, patch, QueryFlags.Default, CancellationToken.None));

        var request = Assert.Single(await Emulator.RequestsAsync());
        Assert.Equal(ApiFailureKind.HttpStatus, failure.Kind);
        Assert.Equal(400, failure.StatusCode);
        Assert.Equal(ApiFailureReason.InvalidRequest, failure.Reason);
        Assert.Equal("Validation", failure.ErrorType);
        Assert.Equal("name must be 1 to 255 characters long, got 256", failure.ApiMessage);
        Assert.Contains(failure.ApiMessage!, failure.Message);
        Assert.Equal(EmulatorFixture.Header(request, "X-Request-Id"), failure.RequestId);
        Assert.Equal(0, failure.RetryCount);
        Assert.Equal("PATCH", failure.Method.Method);
        Assert.Equal("/access-tokens/" + Operations.SeedId, failure.RequestUri.AbsolutePath);
        AssertNoApiToken(failure, EmulatorFixture.ApiToken);
    }

    [Fact]
    public async Task Wrong_api_token_maps_to_AuthenticationFailed_without_revealing_the_token()
    {
        const string wrongToken = "wrong-token-7f3a9c";

        var failure = await Assert.ThrowsAsync<ApiException>(() =>
            new AccessTokenClient(Emulator.Settings(wrongToken)).GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None));

        Assert.Equal(401, failure.StatusCode);
        Assert.Equal(ApiFailureReason.AuthenticationFailed, failure.Reason);
        Assert.Equal("Unauthorized", failure.ErrorType);
        Assert.Equal("Invalid API token", failure.ApiMessage);
        Assert.Equal(0, failure.RetryCount);
        Assert.Single(await Emulator.RequestsAsync());
        AssertNoApiToken(failure, wrongToken);
    }

    [Fact]
    public async Task Unknown_id_maps_to_AccessTokenNotFound()
    {
        var failure = await Assert.ThrowsAsync<ApiException>(() =>
            Client().DeleteAsync(TokenOwner.Caller, "5a00000000000000000000ee", QueryFlags.Default, CancellationToken.None));

        Assert.Equal(ApiFailureKind.HttpStatus, failure.Kind);
        Assert.Equal(404, failure.StatusCode);
        Assert.Equal(ApiFailureReason.NotFound, failure.Reason);
        Assert.Equal("NotFound", failure.ErrorType);
        Assert.Equal("Access token was not found", failure.ApiMessage);
    }

    [Theory]
    [InlineData(403, ApiFailureReason.PermissionDenied, "Error", "Forbidden")]
    [InlineData(409, ApiFailureReason.Conflict, "Error", "Conflict")]
    [InlineData(429, ApiFailureReason.RateLimited, "TooManyRequests", "Too Many Requests")]
    [InlineData(500, ApiFailureReason.ServiceUnavailable, "ServerError", "Internal Server Error")]
    [InlineData(503, ApiFailureReason.ServiceUnavailable, "ServerError", "Service Unavailable")]
    public async Task Error_statuses_map_to_their_reasons_with_the_api_type_and_message(int status, ApiFailureReason reason, string errorType, string statusText)
    {
        await Emulator.SetFaultsAsync(new { kind = "status", status, retryAfter = "0" });

        var failure = await Assert.ThrowsAsync<ApiException>(() =>
            Client(maxRetries: 0).GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None));

        Assert.Equal(ApiFailureKind.HttpStatus, failure.Kind);
        Assert.Equal(status, failure.StatusCode);
        Assert.Equal(reason, failure.Reason);
        Assert.Equal(errorType, failure.ErrorType);
        Assert.Equal($"Injected fault: HTTP {status} {statusText}", failure.ApiMessage);
        AssertNoApiToken(failure, EmulatorFixture.ApiToken);
    }

    [Fact]
    public async Task Html_502_keeps_the_page_as_the_body_and_has_no_api_message()
    {
        await Emulator.SetFaultsAsync(new { kind = "html502" });

        var failure = await Assert.ThrowsAsync<ApiException>(() =>
            Client(maxRetries: 1).GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None));

        Assert.Equal(ApiFailureKind.HttpStatus, failure.Kind);
        Assert.Equal(502, failure.StatusCode);
        Assert.Equal(ApiFailureReason.ServiceUnavailable, failure.Reason);
        Assert.Null(failure.ApiMessage);
        Assert.Null(failure.ErrorType);
        Assert.Contains("<h1>502 Bad Gateway</h1>", failure.ResponseBody);
        Assert.Contains("not the API's JSON error", failure.Message);
        Assert.Equal(1, failure.RetryCount);
        Assert.Contains("after 1 retries", failure.Message);
    }

    [Fact]
    public async Task A_long_error_body_is_kept_only_up_to_the_limit()
    {
        var page = new string('x', ApiException.MaxKeptBodyLength) + new string('y', 10_000);
        await using var server = RawHttpServer.Answering(() => RawHttpServer.Response(500, "text/html", Encoding.ASCII.GetBytes(page)));

        var failure = await Assert.ThrowsAsync<ApiException>(() =>
            ClientOf(server.BaseUri, maxRetries: 0).GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None));

        Assert.Equal(500, failure.StatusCode);
        Assert.StartsWith(new string('x', ApiException.MaxKeptBodyLength), failure.ResponseBody);
        Assert.DoesNotContain("y", failure.ResponseBody);
        Assert.InRange(failure.ResponseBody!.Length, ApiException.MaxKeptBodyLength, ApiException.MaxKeptBodyLength + 1);
    }

    [Fact]
    public async Task Nothing_listening_maps_to_ConnectionFailed_after_the_retries()
    {
        var failure = await Assert.ThrowsAsync<ApiException>(() =>
            ClientOf(UnusedLoopbackUri(), maxRetries: 2).GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None));

        Assert.Equal(ApiFailureKind.Connection, failure.Kind);
        Assert.Equal(ApiFailureReason.ConnectionFailed, failure.Reason);
        Assert.Null(failure.StatusCode);
        Assert.Equal(2, failure.RetryCount);
        Assert.False(string.IsNullOrEmpty(failure.RequestId));
        AssertNoApiToken(failure, EmulatorFixture.ApiToken);
    }

    [Fact]
    public async Task An_answer_that_never_comes_maps_to_RequestTimedOut_without_retrying()
    {
        await Emulator.SetFaultsAsync(new { kind = "hang" });
        var settings = Emulator.Settings();
        settings.Timeout = TimeSpan.FromSeconds(1);

        var failure = await Assert.ThrowsAsync<ApiException>(() =>
            new AccessTokenClient(settings).GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None));

        Assert.Equal(ApiFailureKind.Timeout, failure.Kind);
        Assert.Equal(ApiFailureReason.TimedOut, failure.Reason);
        Assert.Equal(0, failure.RetryCount);
        Assert.Single(await Emulator.RequestsAsync());
        AssertNoApiToken(failure, EmulatorFixture.ApiToken);
    }

    [Fact]
    public async Task A_body_that_stalls_midway_maps_to_RequestTimedOut()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"5a0000000000000000000001","name":"half""");
        await using var server = new RawHttpServer(async (_, stream, cancel) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"), cancel);
            await stream.WriteAsync(body, cancel);
            await stream.FlushAsync(cancel);
            await Task.Delay(Timeout.Infinite, cancel);
        });
        var settings = Settings(server.BaseUri, maxRetries: 0);
        settings.Timeout = TimeSpan.FromSeconds(1);

        var failure = await Assert.ThrowsAsync<ApiException>(() =>
            new AccessTokenClient(settings).GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None));

        Assert.Equal(ApiFailureKind.Timeout, failure.Kind);
        Assert.Equal(200, failure.StatusCode);
    }

    public static TheoryData<Operation, string> BrokenBodies()
    {
        var data = new TheoryData<Operation, string>();
        foreach (var operation in Operations.All)
        {
            foreach (var kind in new[] { "truncated", "empty", "wrongShape", "wrongContentType" }) data.Add(operation, kind);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BrokenBodies))]
    public async Task A_success_status_with_a_broken_body_maps_to_InvalidResponse(Operation operation, string kind)
    {
        await Emulator.SetFaultsAsync(new { kind });

        var failure = await Assert.ThrowsAsync<ApiException>(() => Operations.RunAsync(Client(), operation));

        Assert.Equal(ApiFailureKind.InvalidResponse, failure.Kind);
        Assert.Equal(ApiFailureReason.InvalidResponse, failure.Reason);
        Assert.Equal(operation == Operation.Create && kind == "truncated" ? 201 : 200, failure.StatusCode);
        Assert.Equal(Operations.Method(operation), failure.Method.Method);
        Assert.Single(await Emulator.RequestsAsync());
        AssertNoApiToken(failure, EmulatorFixture.ApiToken);
    }

    [Theory]
    [InlineData(Operation.Get)]
    [InlineData(Operation.List)]
    [InlineData(Operation.Create)]
    public async Task An_enormous_body_maps_to_InvalidResponse(Operation operation)
    {
        await Emulator.SetFaultsAsync(new { kind = "enormous" });

        var failure = await Assert.ThrowsAsync<ApiException>(() => Operations.RunAsync(Client(), operation));

        Assert.Equal(ApiFailureKind.InvalidResponse, failure.Kind);
    }

    [Theory]
    [InlineData(Operation.Get)]
    [InlineData(Operation.List)]
    public async Task An_enormous_body_is_refused_without_reading_it_all(Operation operation)
    {
        const int offered = 64 * 1024 * 1024;
        var written = 0L;
        var serverDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new RawHttpServer(async (_, stream, cancel) =>
        {
            try
            {
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"u8.ToArray(), cancel);
                await stream.WriteAsync(Encoding.ASCII.GetBytes("{\"items\":[{\"id\":\"5a0000000000000000000001\",\"name\":\""), cancel);
                var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
                while (written < offered)
                {
                    await stream.WriteAsync(chunk, cancel);
                    Interlocked.Add(ref written, chunk.Length);
                }
            }
            finally
            {
                serverDone.TrySetResult();
            }
        });

        var failure = await Assert.ThrowsAsync<ApiException>(() => Operations.RunAsync(ClientOf(server.BaseUri, maxRetries: 0), operation));
        await serverDone.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ApiFailureKind.InvalidResponse, failure.Kind);
        // Socket buffers hold a few MiB; a client that read the whole answer would have taken all 64.
        Assert.InRange(Interlocked.Read(ref written), 0, 32L * 1024 * 1024);
    }

    private AccessTokenClient Client(int maxRetries = ConnectionSettings.DefaultMaxRetries)
    {
        var settings = Emulator.Settings();
        settings.MaxRetries = maxRetries;
        return new AccessTokenClient(settings);
    }

    private static ConnectionSettings Settings(Uri baseUri, int maxRetries) =>
        new(baseUri, EmulatorFixture.Secure(EmulatorFixture.ApiToken))
        {
            ApiVersion = EmulatorFixture.AccessTokensApiVersion,
            MaxRetries = maxRetries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        };

    private static AccessTokenClient ClientOf(Uri baseUri, int maxRetries) => new(Settings(baseUri, maxRetries));

    internal static Uri UnusedLoopbackUri()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    internal static void AssertNoApiToken(ApiException failure, string apiToken)
    {
        Assert.DoesNotContain(apiToken, failure.ToString());
        Assert.DoesNotContain(apiToken, failure.Message);
        Assert.DoesNotContain(apiToken, failure.ResponseBody ?? string.Empty);
        Assert.DoesNotContain(apiToken, failure.RequestUri.ToString());
    }
}
