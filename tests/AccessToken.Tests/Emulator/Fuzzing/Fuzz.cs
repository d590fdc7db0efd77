namespace Losant.AccessTokens.Tests.Fuzzing;

/// <summary>What the fuzz tests share: the seed, and a client that retries once, at once.</summary>
public static class Fuzz
{
    /// <summary>Fixed so every run checks the same cases; ACCESSTOKEN_FUZZ_SEED explores others.</summary>
    public static readonly int Seed =
        int.TryParse(Environment.GetEnvironmentVariable("ACCESSTOKEN_FUZZ_SEED"), out var seed) ? seed : 20240611;

    /// <summary>Settings for a generated server: one quick retry, a timeout far below the test's patience; no API token when signing in.</summary>
    public static ConnectionSettings Settings(Uri baseUri, bool withApiToken = true)
    {
        var settings = withApiToken ? new ConnectionSettings(baseUri, EmulatorFixture.Secure(EmulatorFixture.ApiToken)) : new ConnectionSettings(baseUri);
        settings.MaxRetries = 1;
        settings.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
        settings.MaxRetryDelay = TimeSpan.FromMilliseconds(2);
        settings.Timeout = TimeSpan.FromSeconds(10);
        return settings;
    }
}
