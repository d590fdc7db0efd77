using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Losant.AccessTokens.Http;

namespace Losant.AccessTokens.Tests.Http;

/// <summary>The retry decisions and delays, computed without a network.</summary>
public sealed class RetryHandlerTests
{
    private static readonly RequestOptions Options = new()
    {
        RetryBaseDelay = TimeSpan.FromMilliseconds(200),
        MaxRetryDelay = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public void Retry_After_delta_seconds_is_the_delay()
    {
        using var response = WithRetryAfter(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)));

        Assert.Equal(TimeSpan.FromSeconds(7), RetryHandler.RetryDelay(response, 0, Options));
    }

    [Fact]
    public void Retry_After_date_is_the_time_until_then()
    {
        using var response = WithRetryAfter(new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddSeconds(10)));

        // The header has whole seconds, so the wait is between 9 and 10 seconds from now.
        Assert.InRange(RetryHandler.RetryDelay(response, 0, Options), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Retry_After_date_in_the_past_means_no_wait()
    {
        using var response = WithRetryAfter(new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddMinutes(-5)));

        Assert.Equal(TimeSpan.Zero, RetryHandler.RetryDelay(response, 0, Options));
    }

    [Fact]
    public void Fractional_Retry_After_seconds_are_honoured()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", "1.5");

        Assert.Equal(TimeSpan.FromSeconds(1.5), RetryHandler.RetryDelay(response, 0, Options));
    }

    [Theory]
    [InlineData(120)]
    [InlineData(86400)]
    public void Retry_After_delta_is_capped_by_MaxRetryDelay(int seconds)
    {
        using var response = WithRetryAfter(new RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds)));

        Assert.Equal(TimeSpan.FromSeconds(30), RetryHandler.RetryDelay(response, 0, Options));
    }

    [Fact]
    public void Retry_After_date_is_capped_by_MaxRetryDelay()
    {
        using var response = WithRetryAfter(new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddHours(2)));

        Assert.Equal(TimeSpan.FromSeconds(30), RetryHandler.RetryDelay(response, 0, Options));
    }

    [Theory]
    [InlineData(0, 200)]
    [InlineData(1, 400)]
    [InlineData(3, 1600)]
    public void Without_Retry_After_the_delay_doubles_with_each_attempt_within_the_jitter(int attempt, int nominalMs)
    {
        for (var i = 0; i < 50; i++)
        {
            var delay = RetryHandler.RetryDelay(null, attempt, Options);
            Assert.InRange(delay.TotalMilliseconds, nominalMs * 0.8, nominalMs * 1.2);
        }
    }

    [Fact]
    public void Backoff_without_Retry_After_is_capped_by_MaxRetryDelay()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), RetryHandler.RetryDelay(null, 20, Options));
    }

    [Fact]
    public void Unparseable_Retry_After_falls_back_to_backoff()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.TryAddWithoutValidation("Retry-After", "soon");

        Assert.InRange(RetryHandler.RetryDelay(response, 0, Options).TotalMilliseconds, 160, 240);
    }

    [Theory]
    [InlineData("GET", 408, true)]
    [InlineData("GET", 429, true)]
    [InlineData("GET", 500, true)]
    [InlineData("GET", 502, true)]
    [InlineData("GET", 503, true)]
    [InlineData("GET", 504, true)]
    [InlineData("GET", 400, false)]
    [InlineData("GET", 401, false)]
    [InlineData("GET", 404, false)]
    [InlineData("GET", 501, false)]
    [InlineData("PATCH", 502, true)]
    [InlineData("DELETE", 504, true)]
    [InlineData("POST", 429, true)]
    [InlineData("POST", 503, true)]
    [InlineData("POST", 408, false)]
    [InlineData("POST", 500, false)]
    [InlineData("POST", 502, false)]
    [InlineData("POST", 504, false)]
    public void Statuses_are_retried_only_where_a_retry_is_safe(string method, int status, bool retried)
    {
        Assert.Equal(retried, RetryHandler.IsRetryable(new HttpMethod(method), (HttpStatusCode)status));
    }

    [Fact]
    public void Post_is_retried_after_a_refused_connection_but_not_after_a_broken_one()
    {
        var refused = new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused));
        var reset = new HttpRequestException("reset", new IOException("closed", new SocketException((int)SocketError.ConnectionReset)));

        Assert.True(RetryHandler.IsRetryable(HttpMethod.Post, refused));
        Assert.False(RetryHandler.IsRetryable(HttpMethod.Post, reset));
        Assert.True(RetryHandler.IsRetryable(HttpMethod.Get, reset));
    }

    [Fact]
    public void A_certificate_refused_on_NET_Framework_is_a_certificate_failure_and_never_retried()
    {
        // How .NET Framework's HttpClientHandler (Windows PowerShell 5.1) reports it: a WebException
        // of TrustFailure inside the HttpRequestException, with or without the AuthenticationException.
#pragma warning disable SYSLIB0014 // WebException is what .NET Framework throws; it is built here only to be classified.
        var bare = new HttpRequestException("An error occurred while sending the request.",
            new WebException("Could not establish trust relationship for the SSL/TLS secure channel.", WebExceptionStatus.TrustFailure));
        var withReason = new HttpRequestException("An error occurred while sending the request.",
            new WebException("Could not establish trust relationship.", new System.Security.Authentication.AuthenticationException("The remote certificate is invalid."), WebExceptionStatus.TrustFailure, null));
        var refused = new HttpRequestException("An error occurred while sending the request.",
            new WebException("Unable to connect to the remote server", new SocketException((int)SocketError.ConnectionRefused), WebExceptionStatus.ConnectFailure, null));
#pragma warning restore SYSLIB0014

        Assert.True(RetryHandler.IsCertificateFailure(bare));
        Assert.True(RetryHandler.IsCertificateFailure(withReason));
        Assert.False(RetryHandler.IsRetryable(HttpMethod.Get, bare));
        Assert.False(RetryHandler.IsCertificateFailure(refused));
        Assert.True(RetryHandler.IsRetryable(HttpMethod.Post, refused), "a refused connection on .NET Framework is retried even for a POST");
    }

    private static HttpResponseMessage WithRetryAfter(RetryConditionHeaderValue value)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = value;
        return response;
    }
}
