using static Losant.AccessTokens.Tests.Json.TokenText;

namespace Losant.AccessTokens.Tests.Json;

/// <summary>The token field: read into a SecureString and never shown, even in a failure.</summary>
public sealed class TokenSecretReadingTests
{
    [Fact]
    public void The_token_field_becomes_a_read_only_SecureString_with_the_exact_characters()
    {
        var token = Parse("""{"id":"5a0000000000000000000001","token":"eyJ.ab\"c\\d\u00e9\ud83d\ude00/"}""");

        Assert.NotNull(token.Token);
        Assert.True(token.Token!.IsReadOnly());
        Assert.Equal("eyJ.ab\"c\\dé😀/", Secrets.Reveal(token.Token));
        Assert.DoesNotContain("eyJ", token.ToString());
    }

    [Fact]
    public void A_raw_utf8_token_keeps_its_characters()
    {
        var token = Parse("{\"id\":\"5a0000000000000000000001\",\"token\":\"naïve-密钥\"}");

        Assert.Equal("naïve-密钥", Secrets.Reveal(token.Token!));
    }

    [Fact]
    public void A_failure_after_the_secret_does_not_show_the_secret()
    {
        var failure = Assert.Throws<InvalidResponseException>(() =>
            Parse("""{"id":"5a0000000000000000000001","token":"s3cr3t-value","name":5,"scope":["s3cr3t-value",1]}"""));

        Assert.DoesNotContain("s3cr3t", failure.ToString());
    }
}
