using System.Net;
using System.Net.Http;
using Losant.AccessTokens.Http;

namespace Losant.AccessTokens.Tests.Http;

/// <summary>Proxy settings: which destinations bypass the proxy, how the proxy is shown, and what tells settings apart.</summary>
public sealed class ProxySettingsTests
{
    private static readonly Uri Proxy = new("http://127.0.0.1:3128");

    [Theory]
    [InlineData("api.losant.com", "https://api.losant.com/", true)]
    [InlineData(".losant.com", "https://api.losant.com/", true)]
    [InlineData("*.losant.com", "https://api.losant.com/", true)]
    [InlineData("losant.com", "https://api.losant.com/", true)]
    [InlineData("LOSANT.COM", "https://api.losant.com/", true)]
    [InlineData("api.losant.com:443", "https://api.losant.com/", true)]
    [InlineData("*", "https://api.losant.com/", true)]
    [InlineData("nosant.com", "https://api.losant.com/", false)]
    [InlineData("ant.com", "https://api.losant.com/", false)]
    [InlineData("api.losant.com.example", "https://api.losant.com/", false)]
    [InlineData("10.0.0.5", "https://10.0.0.5/", true)]
    [InlineData("[::1]", "https://[::1]/", true)]
    [InlineData("", "https://api.losant.com/", false)]
    public void NO_PROXY_entries_match_a_host_or_its_domain_as_curl_reads_them(string entry, string destination, bool bypassed)
    {
        var settings = ProxySettings.Through(Proxy, null, false, entry.Split(','));

        Assert.Equal(bypassed, settings.IsBypassed(new Uri(destination)));
        Assert.Equal(bypassed ? null : "http://127.0.0.1:3128", settings.ProxyFor(new Uri(destination)));
    }

    [Theory]
    [InlineData("http://proxy.example.com:8080", "http://localhost:5000/", true)]
    [InlineData("http://proxy.example.com:8080", "https://127.0.0.1:5001/", true)]
    [InlineData("http://127.0.0.1:3128", "http://127.0.0.1:5000/", false)]
    [InlineData("http://localhost:3128", "https://localhost:5001/", false)]
    public void This_computer_is_reached_through_a_proxy_only_on_this_computer(string proxy, string destination, bool bypassed)
    {
        Assert.Equal(bypassed, ProxySettings.Through(new Uri(proxy), null, false).IsBypassed(new Uri(destination)));
    }

    [Fact]
    public void The_address_and_every_text_of_the_settings_leave_out_the_user_information()
    {
        var settings = ProxySettings.Through(new Uri("http://alice:s3cret-pw@proxy.example.com:8080/some/path?x=1"),
            new NetworkCredential("alice", "s3cret-pw"), false);

        Assert.Equal("http://proxy.example.com:8080/", settings.Address!.AbsoluteUri);
        Assert.Equal("http://proxy.example.com:8080", settings.ToString());
        Assert.Equal("http://proxy.example.com:8080", settings.ProxyFor(new Uri("https://api.losant.com/")));
        Assert.DoesNotContain("s3cret-pw", settings.Key, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_port_is_shown()
    {
        Assert.Equal("http://proxy.example.com:80", ProxySettings.Display(new Uri("http://proxy.example.com")));
        Assert.Equal("https://proxy.example.com:443", ProxySettings.Display(new Uri("https://proxy.example.com/")));
    }

    [Fact]
    public void Settings_share_a_key_only_with_the_same_proxy_and_the_same_credentials()
    {
        ProxySettings With(string password) => ProxySettings.Through(Proxy, new NetworkCredential("alice", password), false);

        Assert.Equal(With("first").Key, With("first").Key);
        Assert.NotEqual(With("first").Key, With("second").Key);
        Assert.NotEqual(With("first").Key, ProxySettings.Through(Proxy, null, false).Key);
        Assert.NotEqual(ProxySettings.Through(Proxy, null, false).Key, ProxySettings.Through(Proxy, null, true).Key);
        Assert.NotEqual(ProxySettings.Through(Proxy, null, false).Key, ProxySettings.Through(new Uri("http://127.0.0.1:3129"), null, false).Key);
        Assert.NotEqual(ProxySettings.Through(Proxy, null, false).Key, ProxySettings.Direct.Key);
    }

    [Theory]
    [InlineData("ftp://proxy.example.com:21")]
    [InlineData("file:///tmp/proxy")]
    public void Only_http_https_and_socks_proxies_are_accepted(string address)
    {
        Assert.False(ProxySettings.IsProxyAddress(new Uri(address)));
        Assert.Throws<ArgumentException>(() => ProxySettings.Through(new Uri(address), null, false));
    }

    [Fact]
    public void Direct_settings_bypass_everything_and_name_no_proxy()
    {
        Assert.True(ProxySettings.Direct.IsBypassed(new Uri("https://api.losant.com/")));
        Assert.Null(ProxySettings.Direct.ProxyFor(new Uri("https://api.losant.com/")));
        Assert.Equal("none", ProxySettings.Direct.ToString());
    }

    [Fact]
    public void The_primary_handler_of_a_proxy_goes_through_it_with_its_credentials_and_a_direct_one_through_none()
    {
        var credential = new NetworkCredential("alice", "pw");
        using var through = LosantHttpClientFactory.CreatePrimaryHandler(ProxySettings.Through(Proxy, credential, false, ["example.com"]));
        using var direct = LosantHttpClientFactory.CreatePrimaryHandler(ProxySettings.Direct);

        Assert.True(through.UseProxy);
        Assert.Same(credential, through.Proxy!.Credentials);
        Assert.Equal(new Uri("http://127.0.0.1:3128/"), through.Proxy.GetProxy(new Uri("https://api.losant.com/")));
        Assert.True(through.Proxy.IsBypassed(new Uri("https://www.example.com/")));
        Assert.False(direct.UseProxy);
    }
}
