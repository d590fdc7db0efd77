using System.Runtime.InteropServices;
using System.Security.Authentication;
using Losant.AccessTokens.Http;

namespace Losant.AccessTokens.Tests.Unit.Http;

public sealed class LosantHttpClientFactoryTests
{
    [Fact]
    public void The_primary_handler_follows_no_redirect_decodes_nothing_keeps_no_cookies_and_checks_certificates_itself()
    {
        using var handler = LosantHttpClientFactory.CreatePrimaryHandler(ProxySettings.Direct);

        Assert.False(handler.AllowAutoRedirect);
        Assert.Equal(System.Net.DecompressionMethods.None, handler.AutomaticDecompression);
        Assert.False(handler.UseCookies);
        Assert.NotNull(handler.ServerCertificateCustomValidationCallback);
        Assert.Equal(SslProtocols.None, handler.SslProtocols);
    }

    [Theory]
    [InlineData(".NET Framework 4.8.9290.0")]
    [InlineData(".NET Framework 4.7.3190.0")]
    public void On_NET_Framework_TLS_1_2_is_asked_for_rather_than_left_to_ServicePointManager(string framework)
    {
        // Windows PowerShell 5.1 runs on .NET Framework; its default may offer nothing a server accepts.
        Assert.Equal(SslProtocols.Tls12, LosantHttpClientFactory.SslProtocolsFor(framework));
    }

    [Theory]
    [InlineData(".NET 10.0.1")]
    [InlineData(".NET 8.0.22")]
    public void On_NET_the_operating_system_chooses(string framework)
    {
        Assert.Equal(SslProtocols.None, LosantHttpClientFactory.SslProtocolsFor(framework));
        Assert.Equal(SslProtocols.None, LosantHttpClientFactory.SslProtocolsFor(RuntimeInformation.FrameworkDescription));
    }
}
