using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Losant.AccessTokens.Http;

namespace Losant.AccessTokens.Tests.Http;

/// <summary>Telling a proxy's failures from the API's: a 407 tunnel, an unreachable proxy, and neither retried the wrong way.</summary>
public sealed class ProxyFailureTests
{
    [Fact]
    public void A_tunnel_refused_with_407_asks_for_credentials_and_is_never_retried()
    {
        var refused = new HttpRequestException(HttpRequestError.ProxyTunnelError,
            "The proxy tunnel request to proxy 'http://127.0.0.1:3128/' failed with status code '407'.", statusCode: HttpStatusCode.ProxyAuthenticationRequired);

        Assert.True(ProxyFailure.IsAuthenticationRequired(refused));
        Assert.True(ProxyFailure.IsAuthenticationRequired(new HttpRequestException("Sending failed.", refused)));
        Assert.False(RetryHandler.IsRetryable(HttpMethod.Get, refused));
        Assert.False(ProxyFailure.IsUnreachable(refused));
    }

    [Fact]
    public void A_tunnel_refused_with_407_is_known_by_its_message_where_the_status_is_not_given()
    {
        var refused = new HttpRequestException(HttpRequestError.ProxyTunnelError,
            "The proxy tunnel request to proxy 'http://127.0.0.1:4070/' failed with status code '407'.");
        var other = new HttpRequestException(HttpRequestError.ProxyTunnelError,
            "The proxy tunnel request to proxy 'http://127.0.0.1:4070/' failed with status code '502'.");

        Assert.True(ProxyFailure.IsAuthenticationRequired(refused));
        Assert.False(ProxyFailure.IsAuthenticationRequired(other));
        Assert.True(RetryHandler.IsRetryable(HttpMethod.Get, other));
    }

    [Fact]
    public void A_refused_connection_is_an_unreachable_proxy_and_is_retried()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:9)",
            new SocketException((int)SocketError.ConnectionRefused));

        Assert.True(ProxyFailure.IsUnreachable(refused));
        Assert.False(ProxyFailure.IsAuthenticationRequired(refused));
        Assert.True(RetryHandler.IsRetryable(HttpMethod.Get, refused));
    }

    [Theory]
    [InlineData(false, "it asks for credentials, and none were given")]
    [InlineData(true, "it did not accept the credentials given")]
    public void The_message_names_the_proxy_and_whether_credentials_were_given(bool given, string expected)
    {
        var message = ProxyFailure.AuthenticationMessage("http://127.0.0.1:3128", given);

        Assert.StartsWith("The proxy http://127.0.0.1:3128 answered 407 Proxy Authentication Required: ", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }
}
