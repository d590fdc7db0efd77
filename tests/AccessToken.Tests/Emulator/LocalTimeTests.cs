using System.Text.Json;

namespace Losant.AccessTokens.Tests;

/// <summary>
/// Dates a user types are local times; the API wants UTC. The process runs in a zone five and a
/// half hours east of UTC for these tests, so a missing conversion cannot hide behind a UTC host.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class LocalTimeTests(EmulatorFixture emulator) : EmulatorTests(emulator)
{
    private string? _previousZone;

    public override async Task InitializeAsync()
    {
        await Emulator.ResetAsync();
        _previousZone = Environment.GetEnvironmentVariable("TZ");
        Environment.SetEnvironmentVariable("TZ", "Asia/Kolkata");
        TimeZoneInfo.ClearCachedData();
        Assert.Equal(TimeSpan.FromMinutes(330), TimeZoneInfo.Local.BaseUtcOffset);
    }

    public override Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("TZ", _previousZone);
        TimeZoneInfo.ClearCachedData();
        return Task.CompletedTask;
    }

    [TimeZoneTheory]
    [InlineData(DateTimeKind.Local)]
    [InlineData(DateTimeKind.Unspecified)]
    public async Task Post_converts_a_local_expiration_date_to_utc(DateTimeKind kind)
    {
        var post = new AccessTokenPost("Local") { ExpirationDate = new DateTime(2031, 2, 3, 10, 0, 0, 500, kind) };

        var token = await new AccessTokenClient(Emulator.Settings()).CreateAsync(TokenOwner.Caller, post, QueryFlags.Default, CancellationToken.None);

        var request = Assert.Single(await Emulator.RequestsAsync());
        using var body = JsonDocument.Parse(request.GetProperty("body").GetString()!);
        Assert.Equal("2031-02-03T04:30:00.500Z", body.RootElement.GetProperty("expirationDate").GetString());
        Assert.Equal(new DateTime(2031, 2, 3, 4, 30, 0, 500, DateTimeKind.Utc), token.ExpirationDate);
        Assert.Equal(DateTimeKind.Utc, token.ExpirationDate!.Value.Kind);
    }
}
