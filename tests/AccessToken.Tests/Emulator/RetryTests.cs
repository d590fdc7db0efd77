using System.Diagnostics;
using System.Globalization;

namespace Losant.AccessTokens.Tests.Http;

/// <summary>Which failures are retried, how often and how long apart, against the emulator.</summary>
public sealed class RetryTests(EmulatorFixture emulator) : EmulatorTests(emulator)
{
    [Fact]
    public async Task Rate_limit_with_zero_Retry_After_is_retried_then_succeeds()
    {
        await Emulator.SetFaultsAsync(new { kind = "429", retryAfter = "0", count = 1 });

        var token = await Client().GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None);

        Assert.Equal(Operations.SeedId, token.Id);
        Assert.Equal(2, (await Emulator.RequestsAsync()).Length);
    }

    public static TheoryData<Operation, string> IdempotentRetries()
    {
        var data = new TheoryData<Operation, string>();
        foreach (var operation in new[] { Operation.Get, Operation.List, Operation.Update, Operation.Delete })
        {
            foreach (var kind in new[] { "500", "502", "503", "504", "html502" }) data.Add(operation, kind);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(IdempotentRetries))]
    public async Task Idempotent_requests_are_retried_after_server_errors(Operation operation, string kind)
    {
        await Emulator.SetFaultsAsync(new { kind, count = 1 });

        await Operations.RunAsync(Client(), operation);

        var requests = await Emulator.RequestsAsync();
        Assert.Equal(2, requests.Length);
        Assert.All(requests, r => Assert.Equal(Operations.Method(operation), r.GetProperty("method").GetString()));
    }

    [Theory]
    [InlineData("429")]
    [InlineData("503")]
    public async Task Post_is_retried_when_the_server_refused_before_acting(string kind)
    {
        await Emulator.SetFaultsAsync(new { kind, count = 1 });

        var token = await Client().CreateAsync(TokenOwner.Caller, new AccessTokenPost("Once"), QueryFlags.Default, CancellationToken.None);

        Assert.Equal(2, (await Emulator.RequestsAsync()).Length);
        Assert.Single(await Emulator.TokensAsync(), t => t.GetProperty("name").GetString() == "Once");
        Assert.Equal("Once", token.Name);
    }

    [Theory]
    [InlineData("500")]
    [InlineData("502")]
    [InlineData("504")]
    [InlineData("html502")]
    public async Task Post_is_not_retried_after_errors_the_server_may_have_acted_on(string kind)
    {
        await Emulator.SetFaultsAsync(new { kind, count = 1 });

        var failure = await Assert.ThrowsAsync<ApiException>(() =>
            Client().CreateAsync(TokenOwner.Caller, new AccessTokenPost("Maybe"), QueryFlags.Default, CancellationToken.None));

        Assert.Equal(0, failure.RetryCount);
        Assert.Equal(ApiFailureKind.HttpStatus, failure.Kind);
        Assert.Single(await Emulator.RequestsAsync());
    }

    [Fact]
    public async Task Post_is_not_retried_after_a_dropped_connection()
    {
        await Emulator.SetFaultsAsync(new { kind = "drop", count = 1 });

        var failure = await Assert.ThrowsAsync<ApiException>(() =>
            Client().CreateAsync(TokenOwner.Caller, new AccessTokenPost("Dropped"), QueryFlags.Default, CancellationToken.None));

        Assert.Equal(ApiFailureKind.Connection, failure.Kind);
        Assert.Equal(0, failure.RetryCount);
        var request = Assert.Single(await Emulator.RequestsAsync());
        Assert.Equal("POST", request.GetProperty("method").GetString());
    }

    [Fact]
    public async Task Post_is_retried_when_the_connection_is_refused()
    {
        var settings = new ConnectionSettings(ErrorMappingTests.UnusedLoopbackUri(), EmulatorFixture.Secure(EmulatorFixture.ApiToken))
        {
            ApiVersion = EmulatorFixture.AccessTokensApiVersion,
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        };

        var failure = await Assert.ThrowsAsync<ApiException>(() =>
            new AccessTokenClient(settings).CreateAsync(TokenOwner.Caller, new AccessTokenPost("Nobody"), QueryFlags.Default, CancellationToken.None));

        Assert.Equal(ApiFailureKind.Connection, failure.Kind);
        Assert.Equal(2, failure.RetryCount);
    }

    [Theory]
    [InlineData(Operation.Get)]
    [InlineData(Operation.Delete)]
    public async Task Idempotent_requests_are_retried_after_a_dropped_connection(Operation operation)
    {
        await Emulator.SetFaultsAsync(new { kind = "drop", count = 1 });

        await Operations.RunAsync(Client(), operation);

        Assert.Equal(2, (await Emulator.RequestsAsync()).Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public async Task MaxRetries_bounds_the_number_of_tries(int maxRetries)
    {
        await Emulator.SetFaultsAsync(new { kind = "503" });

        var failure = await Assert.ThrowsAsync<ApiException>(() =>
            Client(maxRetries).GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None));

        Assert.Equal(maxRetries + 1, (await Emulator.RequestsAsync()).Length);
        Assert.Equal(maxRetries, failure.RetryCount);
        Assert.Equal(503, failure.StatusCode);
    }

    [Fact]
    public async Task Each_retry_is_announced_on_the_verbose_stream()
    {
        await Emulator.SetFaultsAsync(new { kind = "503", count = 2 });
        var observer = new RecordingObserver();

        await Client(observer: observer).GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None);

        Assert.Collection(observer.Retries,
            line => Assert.Contains("(retry 1 of 3)", line),
            line => Assert.Contains("(retry 2 of 3)", line));
        Assert.All(observer.Retries, line =>
        {
            Assert.StartsWith("Retrying GET ", line);
            Assert.Contains("503", line);
        });
    }

    [Fact]
    public async Task Retry_After_in_seconds_sets_the_wait()
    {
        var retry = await RetryAfterOneFaultAsync(new { kind = "429", retryAfter = "1", count = 1 });

        Assert.Contains(" in 1000 ms ", retry);
    }

    [Fact]
    public async Task Retry_After_beyond_MaxRetryDelay_is_capped()
    {
        var retry = await RetryAfterOneFaultAsync(new { kind = "503", retryAfter = "3600", count = 1 }, TimeSpan.FromMilliseconds(50));

        Assert.Contains(" in 50 ms ", retry);
    }

    [Fact]
    public async Task Retry_After_as_an_http_date_far_ahead_is_capped_by_MaxRetryDelay()
    {
        var inAnHour = DateTimeOffset.UtcNow.AddHours(1).ToString("R", CultureInfo.InvariantCulture);
        var retry = await RetryAfterOneFaultAsync(new { kind = "429", retryAfter = inAnHour, count = 1 }, TimeSpan.FromMilliseconds(80));

        Assert.Contains(" in 80 ms ", retry);
    }

    [Fact]
    public async Task Cancelling_during_the_backoff_delay_ends_the_request_promptly()
    {
        await Emulator.SetFaultsAsync(new { kind = "503", retryAfter = "30" });
        var observer = new RecordingObserver();
        using var cancel = new CancellationTokenSource();

        var request = Client(observer: observer).GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, cancel.Token);
        await observer.FirstRetry.WaitAsync(TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        // The backoff is 30 s; anything near that means the delay ignored the cancellation.
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Single(await Emulator.RequestsAsync());
    }

    /// <summary>
    /// Gets a token through <paramref name="fault"/>, waits capped at <paramref name="maxRetryDelay"/>
    /// when given (else the default cap); returns the trace of the one retry it takes.
    /// </summary>
    private async Task<string> RetryAfterOneFaultAsync(object fault, TimeSpan? maxRetryDelay = null)
    {
        await Emulator.SetFaultsAsync(fault);
        var observer = new RecordingObserver();
        var settings = Emulator.Settings();
        if (maxRetryDelay is { } cap) settings.MaxRetryDelay = cap;

        await new AccessTokenClient(settings, observer).GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None);

        return Assert.Single(observer.Retries);
    }

    private AccessTokenClient Client(int maxRetries = ConnectionSettings.DefaultMaxRetries, RecordingObserver? observer = null)
    {
        var settings = Emulator.Settings();
        settings.MaxRetries = maxRetries;
        return new AccessTokenClient(settings, observer);
    }
}
