namespace Losant.AccessTokens.Tests;

/// <summary>The API token and token secrets stay out of every trace, and travel only where safe.</summary>
public sealed class SecurityTests(EmulatorFixture emulator) : EmulatorTests(emulator)
{
    [Fact]
    public async Task Traces_of_every_operation_never_contain_the_api_token()
    {
        var observer = new RecordingObserver();
        await Emulator.SetFaultsAsync(new { kind = "503", count = 1 });
        var client = new AccessTokenClient(Emulator.Settings(), observer);

        foreach (var operation in Operations.All) await Operations.RunAsync(client, operation);
        await Assert.ThrowsAsync<ApiException>(() => client.GetAsync(TokenOwner.Caller, "5a00000000000000000000ee", QueryFlags.Default, CancellationToken.None));

        Assert.NotEmpty(observer.Retries);
        Assert.Equal(Operations.All.Length + 2, observer.Debug.Count(line => line.Contains(" request headers: ")));
        Assert.All(observer.All, line => Assert.DoesNotContain(EmulatorFixture.ApiToken, line));
        Assert.All(observer.All, line => Assert.DoesNotContain("Bearer", line));
    }

    [Fact]
    public async Task Debug_header_lines_show_Authorization_as_REDACTED_and_the_reference_headers_in_full()
    {
        var observer = new RecordingObserver();

        await new AccessTokenClient(Emulator.Settings(), observer).GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None);

        var requestLine = Assert.Single(observer.Debug, line => line.Contains(" request headers: "));
        Assert.Contains("Authorization: REDACTED", requestLine);
        Assert.Contains("Accept-Version: ^1.3.7", requestLine);
        Assert.Contains("User-Agent: AccessToken-PowerShell/", requestLine);
        Assert.Single(observer.Debug, line => line.Contains(" response headers: ") && line.Contains("Content-Type: application/json"));
        var verbose = Assert.Single(observer.Verbose);
        Assert.StartsWith("GET " + Emulator.BaseUri + "access-tokens/" + Operations.SeedId + "?_actions=false", verbose);
        Assert.Contains("-> 200 OK", verbose);
    }

    [Fact]
    public async Task A_connection_failure_trace_never_contains_the_api_token()
    {
        var observer = new RecordingObserver();
        var settings = new ConnectionSettings(ErrorMappingTests.UnusedLoopbackUri(), EmulatorFixture.Secure(EmulatorFixture.ApiToken))
        {
            ApiVersion = EmulatorFixture.AccessTokensApiVersion,
            MaxRetries = 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        };

        var failure = await Assert.ThrowsAsync<ApiException>(() =>
            new AccessTokenClient(settings, observer).GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None));

        Assert.Contains(observer.Verbose, line => line.Contains("-> failed after"));
        Assert.All(observer.All, line => Assert.DoesNotContain(EmulatorFixture.ApiToken, line));
        ErrorMappingTests.AssertNoApiToken(failure, EmulatorFixture.ApiToken);
    }

    [Fact]
    public async Task A_new_token_secret_reaches_only_the_SecureString()
    {
        var observer = new RecordingObserver();

        var created = await new AccessTokenClient(Emulator.Settings(), observer).CreateAsync(TokenOwner.Caller, new AccessTokenPost("Secret keeper"), QueryFlags.Default, CancellationToken.None);

        var stored = Assert.Single(await Emulator.TokensAsync(), t => t.GetProperty("id").GetString() == created.Id);
        var secret = stored.GetProperty("token").GetString()!;
        Assert.Equal(secret, Secrets.Reveal(created.Token!));
        Assert.All(observer.All, line => Assert.DoesNotContain(secret, line));
        Assert.DoesNotContain(secret, created.ToString());
        Assert.DoesNotContain(created.AdditionalProperties.Values, value => value is string text && text.Contains(secret));
    }

    [Fact]
    public async Task A_redirect_is_not_followed_so_the_api_token_goes_nowhere_else()
    {
        await using var elsewhere = RawHttpServer.Answering(() => RawHttpServer.Response(200, "application/json", "{\"id\":\"5a0000000000000000000001\"}"u8.ToArray()));
        await using var server = RawHttpServer.Answering(() => RawHttpServer.Response(302, "text/html", [], "Location: " + elsewhere.BaseUri + "access-tokens/5a0000000000000000000001"));
        var settings = new ConnectionSettings(server.BaseUri, EmulatorFixture.Secure(EmulatorFixture.ApiToken)) { ApiVersion = EmulatorFixture.AccessTokensApiVersion, MaxRetries = 0 };

        var failure = await Assert.ThrowsAsync<ApiException>(() => new AccessTokenClient(settings).GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None));

        Assert.Equal(302, failure.StatusCode);
        Assert.Single(server.Requests);
        Assert.Empty(elsewhere.Requests);
    }

    [Theory]
    [InlineData("https://api.losant.com/", true)]
    [InlineData("https://example.com:8443/api/", true)]
    [InlineData("http://127.0.0.1:5000/", true)]
    [InlineData("http://127.0.0.2/", true)]
    [InlineData("http://localhost:8080/", true)]
    [InlineData("http://LOCALHOST/", true)]
    [InlineData("http://[::1]:9000/", true)]
    [InlineData("http://example.com/", false)]
    [InlineData("http://10.0.0.1/", false)]
    [InlineData("http://192.168.1.10:8080/", false)]
    [InlineData("http://localhost.example.com/", false)]
    [InlineData("http://127.0.0.1.nip.io/", false)]
    [InlineData("ftp://127.0.0.1/", false)]
    [InlineData("file:///tmp/api", false)]
    public void Only_https_or_loopback_http_base_uris_are_safe(string uri, bool safe)
    {
        Assert.Equal(safe, ConnectionSettings.IsSafeBaseUri(new Uri(uri)));
    }

    [Theory]
    [InlineData("/access-tokens")]
    [InlineData("api.losant.com")]
    public void Relative_base_uris_are_not_safe(string uri)
    {
        Assert.False(ConnectionSettings.IsSafeBaseUri(new Uri(uri, UriKind.Relative)));
    }

    [Fact]
    public void Settings_refuse_an_unsafe_base_uri()
    {
        var failure = Assert.Throws<ArgumentException>(() =>
            new ConnectionSettings(new Uri("http://api.losant.com/"), EmulatorFixture.Secure("secret-api-token")) { ApiVersion = EmulatorFixture.AccessTokensApiVersion });

        Assert.Equal("baseUri", failure.ParamName);
        Assert.DoesNotContain("secret-api-token", failure.Message);
    }

    [Fact]
    public async Task A_base_uri_with_a_path_keeps_it_in_front_of_every_route()
    {
        var settings = new ConnectionSettings(new Uri(Emulator.BaseUri, "prefix"), EmulatorFixture.Secure(EmulatorFixture.ApiToken)) { ApiVersion = EmulatorFixture.AccessTokensApiVersion };

        Assert.Equal(new Uri(Emulator.BaseUri, "prefix/"), settings.BaseUri);
        await Assert.ThrowsAsync<ApiException>(() => new AccessTokenClient(settings).GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None));
        Assert.Equal("/prefix/access-tokens/" + Operations.SeedId, Assert.Single(await Emulator.RequestsAsync()).GetProperty("path").GetString());
    }
}
