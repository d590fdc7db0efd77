namespace Losant.AccessTokens.Tests.Api;

/// <summary>The API version: how it is read, sent, and which contract it picks.</summary>
public sealed class ConnectionSettingsTests
{
    [Theory]
    [InlineData("1.30", 1, 30, 0)]
    [InlineData("1.30.0", 1, 30, 0)]
    [InlineData("1.3.7", 1, 3, 7)]
    [InlineData(" 1.5 ", 1, 5, 0)]
    [InlineData("2.0.11", 2, 0, 11)]
    public void TryParseApiVersion_reads_major_minor_and_an_optional_patch(string text, int major, int minor, int patch)
    {
        Assert.True(ConnectionSettings.TryParseApiVersion(text, out var version));
        Assert.Equal(new Version(major, minor, patch), version);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1")]
    [InlineData("1.2.3.4")]
    [InlineData("^1.30.0")]
    [InlineData("1.-1")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("1.30.")]
    [InlineData(".30")]
    [InlineData("1..0")]
    [InlineData("1.3a")]
    [InlineData("+1.30")]
    [InlineData("1.30 .0")]
    [InlineData("1.9999999")]
    [InlineData("v1.30")]
    public void TryParseApiVersion_refuses_anything_else(string? text)
    {
        Assert.False(ConnectionSettings.TryParseApiVersion(text, out _));
    }

    [Fact]
    public void Today_s_API_is_the_default_and_is_sent_as_a_caret_range_of_three_numbers()
    {
        var settings = Settings();

        Assert.Equal(new Version(1, 30, 0), settings.ApiVersion);
        Assert.Equal("^1.30.0", settings.AcceptVersion);
        Assert.Equal(TokenContract.ApiTokens, settings.Contract);
    }

    [Theory]
    [InlineData(1, 3, -1, "^1.3.0")]
    [InlineData(1, 3, 7, "^1.3.7")]
    [InlineData(1, 30, -1, "^1.30.0")]
    [InlineData(10, 0, 12, "^10.0.12")]
    public void AcceptVersion_is_a_caret_and_major_minor_patch_whatever_the_version_gave(int major, int minor, int build, string expected)
    {
        var settings = Settings();

        settings.ApiVersion = build < 0 ? new Version(major, minor) : new Version(major, minor, build);

        Assert.Equal(expected, settings.AcceptVersion);
        Assert.Equal(3, settings.ApiVersion.ToString().Split('.').Length);
    }

    [Fact]
    public void A_fourth_version_number_is_dropped()
    {
        var settings = Settings();

        settings.ApiVersion = new Version(1, 30, 2, 9);

        Assert.Equal("^1.30.2", settings.AcceptVersion);
        Assert.Equal(new Version(1, 30, 2), settings.ApiVersion);
    }

    [Theory]
    [InlineData("1.3.7", TokenContract.AccessTokens)]
    [InlineData("1.4.99", TokenContract.AccessTokens)]
    [InlineData("1.5", TokenContract.ApiTokens)]
    [InlineData("1.5.2", TokenContract.ApiTokens)]
    [InlineData("1.30", TokenContract.ApiTokens)]
    [InlineData("0.9", TokenContract.AccessTokens)]
    [InlineData("2.0", TokenContract.ApiTokens)]
    public void The_contract_switches_at_1_5(string version, TokenContract contract)
    {
        var settings = Settings();
        Assert.True(ConnectionSettings.TryParseApiVersion(version, out var parsed));

        settings.ApiVersion = parsed;

        Assert.Equal(contract, settings.Contract);
    }

    [Fact]
    public void A_null_api_version_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => Settings().ApiVersion = null!);
    }

    private static ConnectionSettings Settings() => new(new Uri("https://api.losant.com/"), EmulatorFixture.Secure("unit-test-token"));
}
