namespace Losant.AccessTokens.Tests;

/// <summary>
/// The seed's contract (API 1.3.7) beside today's (1.30): the API version set picks the routes and
/// is sent as <c>Accept-Version</c>, and owners that 1.3.7 does not know are refused before any request.
/// </summary>
public sealed class ApiVersionWireFormatTests(EmulatorFixture emulator) : EmulatorTests(emulator)
{
    [Fact]
    public async Task Under_API_1_3_7_a_list_of_the_caller_with_a_query_is_one_unpaged_request_to_access_tokens()
    {
        var client = new AccessTokenClient(Emulator.Settings());

        using var listing = await client.ListAsync(TokenOwner.Caller, new ListQuery { NameFilter = "x*", Concurrency = 4 }, QueryFlags.Default, CancellationToken.None);
        var tokens = await Operations.ReadAllAsync(listing);

        Assert.Equal(5, tokens.Count);
        var request = Assert.Single(await Emulator.RequestsAsync());
        Assert.Equal("/access-tokens", request.GetProperty("path").GetString());
        Assert.Equal(CurrentSeeds.DefaultFlags, request.GetProperty("query").GetString());
        Assert.Equal("^1.3.7", EmulatorFixture.Header(request, "Accept-Version"));
        Assert.Null(listing.TotalCount);
        Assert.Equal(1, listing.PageCount);
        Assert.Equal(1, listing.PagesRead);
    }

    public static TheoryData<string, Operation> EachOtherOwnerAndOperation()
    {
        var data = new TheoryData<string, Operation>();
        foreach (var owner in new[] { CurrentSeeds.Application, CurrentSeeds.Instance })
        {
            foreach (var operation in Operations.All) data.Add(owner.Name, operation);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EachOtherOwnerAndOperation))]
    public async Task Under_API_1_3_7_an_application_or_instance_owner_is_refused_before_any_request(string ownerName, Operation operation)
    {
        var owner = CurrentSeeds.Owner(ownerName);

        var failure = await Assert.ThrowsAsync<ArgumentException>(() =>
            Operations.RunAsync(new AccessTokenClient(Emulator.Settings()), operation, owner.Owner, owner.TokenId));

        Assert.Equal("owner", failure.ParamName);
        Assert.Contains("1.5", failure.Message);
        Assert.Empty(await Emulator.RequestsAsync());
    }

    [Theory]
    [InlineData("1.4.99", "^1.4.99", "/access-tokens")]
    [InlineData("1.5", "^1.5.0", "/me/tokens")]
    [InlineData("1.17.2", "^1.17.2", "/me/tokens")]
    public async Task The_api_version_set_is_sent_as_Accept_Version_and_picks_the_routes(string version, string acceptVersion, string path)
    {
        var settings = Emulator.CurrentSettings();
        settings.ApiVersion = Version.Parse(version);

        await new AccessTokenClient(settings).GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None);

        var request = Assert.Single(await Emulator.RequestsAsync());
        Assert.Equal(acceptVersion, EmulatorFixture.Header(request, "Accept-Version"));
        Assert.Equal(path + "/" + Operations.SeedId, request.GetProperty("path").GetString());
    }
}
