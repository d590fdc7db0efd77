namespace Losant.AccessTokens.Tests;

public sealed class AccessTokenClientTests(EmulatorFixture emulator) : EmulatorTests(emulator)
{
    [Fact]
    public async Task Get_sends_the_reference_headers_and_default_query_flags()
    {
        var client = new AccessTokenClient(Emulator.Settings());

        var token = await client.GetAsync(TokenOwner.Caller, "5a0000000000000000000001", QueryFlags.Default, CancellationToken.None);

        Assert.Equal("5a0000000000000000000001", token.Id);
        var request = Assert.Single(await Emulator.RequestsAsync());
        Assert.Equal("GET", request.GetProperty("method").GetString());
        Assert.Equal("/access-tokens/5a0000000000000000000001", request.GetProperty("path").GetString());
        Assert.Equal("?_actions=false&_links=true&_embedded=true", request.GetProperty("query").GetString());
        var headers = request.GetProperty("headers");
        Assert.Equal("application/json", headers.GetProperty("Accept").GetString());
        Assert.Equal("^1.3.7", headers.GetProperty("Accept-Version").GetString());
        Assert.Equal("Bearer " + EmulatorFixture.ApiToken, headers.GetProperty("Authorization").GetString());
        Assert.False(headers.TryGetProperty("Content-Type", out _));
    }

    [Fact]
    public async Task Get_maps_every_field_to_typed_properties_in_utc()
    {
        var client = new AccessTokenClient(Emulator.Settings());

        var token = await client.GetAsync(TokenOwner.Caller, "5a0000000000000000000001", QueryFlags.Default, CancellationToken.None);

        Assert.Equal(AccessTokenStatus.Active, token.Status);
        Assert.Equal(DateTimeKind.Utc, token.CreationDate!.Value.Kind);
        Assert.Equal(new DateTime(2016, 6, 13, 4, 0, 0, DateTimeKind.Utc), token.CreationDate);
        Assert.Contains("devices.state", token.Scope);
        Assert.Null(token.Token);
        Assert.True(token.AdditionalProperties.ContainsKey("_links"));
    }
}
