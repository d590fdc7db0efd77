using System.Net;
using System.Text;
using Losant.AccessTokens.Http;

namespace Losant.AccessTokens.Tests;

/// <summary>
/// A proxy that answers 407, to a tunnel or to a plain-HTTP request: one ApiException that names
/// the proxy, after exactly one request to it, whatever the retries allowed.
/// </summary>
public sealed class ProxyTests
{
    private static readonly byte[] ProxyRefusal = RawHttpServer.Response(407, null, [], "Proxy-Authenticate: Basic realm=\"test\"");

    [Theory]
    [InlineData("https://127.0.0.1:1/", "CONNECT")]
    [InlineData("http://127.0.0.1:1/", "GET")]
    public async Task A_407_is_ProxyAuthenticationRequired_after_one_request_and_names_the_proxy(string baseUri, string method)
    {
        await using var proxy = RawHttpServer.Answering(() => ProxyRefusal);
        var settings = Settings(new Uri(baseUri), ProxySettings.Through(proxy.BaseUri, null, false));

        var failure = await Assert.ThrowsAsync<ApiException>(() =>
            new AccessTokenClient(settings).GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None));

        Assert.Equal(ApiFailureReason.ProxyAuthenticationRequired, failure.Reason);
        Assert.Equal(407, failure.StatusCode);
        Assert.Equal(0, failure.RetryCount);
        Assert.StartsWith($"The proxy {ProxySettings.Display(proxy.BaseUri)} answered 407", failure.Message, StringComparison.Ordinal);
        Assert.Contains("none were given", failure.Message, StringComparison.Ordinal);
        var request = Assert.Single(proxy.Requests);
        Assert.Equal(method, request.Method);
    }

    [Fact]
    public async Task Refused_credentials_are_said_to_be_refused_and_never_appear_in_the_failure()
    {
        await using var proxy = RawHttpServer.Answering(() => ProxyRefusal);
        var settings = Settings(new Uri("https://127.0.0.1:1/"),
            ProxySettings.Through(proxy.BaseUri, new NetworkCredential("alice", "pw-2c7d-PROXY-b1e9"), false));

        var failure = await Assert.ThrowsAsync<ApiException>(() =>
            new AccessTokenClient(settings).GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None));

        Assert.Equal(ApiFailureReason.ProxyAuthenticationRequired, failure.Reason);
        Assert.Contains("did not accept the credentials given", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-2c7d-PROXY-b1e9", failure.ToString(), StringComparison.Ordinal);
        // The challenge is met once and answered once: the second CONNECT carries the credentials.
        Assert.Equal(2, proxy.Requests.Count);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:pw-2c7d-PROXY-b1e9")), proxy.Requests[1].Headers["Proxy-Authorization"]);
    }

    [Fact]
    public async Task A_proxy_that_cannot_be_reached_is_named_after_the_retries()
    {
        var closed = ErrorMappingTests.UnusedLoopbackUri();
        var settings = Settings(new Uri("https://127.0.0.1:1/"), ProxySettings.Through(closed, null, false));
        settings.MaxRetries = 1;

        var failure = await Assert.ThrowsAsync<ApiException>(() =>
            new AccessTokenClient(settings).GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None));

        Assert.Equal(ApiFailureReason.ProxyConnectionFailed, failure.Reason);
        Assert.Equal(1, failure.RetryCount);
        Assert.StartsWith($"The proxy {ProxySettings.Display(closed)} could not be reached", failure.Message, StringComparison.Ordinal);
    }

    private static ConnectionSettings Settings(Uri baseUri, ProxySettings proxy) =>
        new(baseUri, EmulatorFixture.Secure(EmulatorFixture.ApiToken))
        {
            MaxRetries = 3,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            Proxy = proxy,
        };
}
