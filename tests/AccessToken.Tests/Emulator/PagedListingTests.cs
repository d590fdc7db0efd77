using System.Text.Json;

namespace Losant.AccessTokens.Tests;

/// <summary>
/// Listing under today's API, page by page against the emulator: the edge cases of paging, a
/// collection that changes while it is listed, a page that fails, and what listed tokens carry.
/// </summary>
public sealed class PagedListingTests(EmulatorFixture emulator) : EmulatorTests(emulator)
{
    private const string MeTokens = "/me/tokens";

    /// <summary>Each listing behaviour must hold whether pages are read one at a time or several at once.</summary>
    public static TheoryData<int> OneAndThreePagesAtOnce => new() { 1, 3 };

    [Fact]
    public async Task An_empty_collection_is_one_request_and_no_items()
    {
        using var listing = await Client().ListAsync(TokenOwner.Application(CurrentSeeds.EmptySandbox), new ListQuery { Concurrency = 4 }, QueryFlags.Default, CancellationToken.None);

        Assert.Null(await listing.ReadNextAsync(CancellationToken.None));
        Assert.Null(await listing.ReadNextAsync(CancellationToken.None));
        Assert.Equal(new[] { 0 }, await Emulator.PagesRequestedAsync("/applications/" + CurrentSeeds.EmptySandbox + "/tokens"));
        Assert.Single(await Emulator.RequestsAsync());
        Assert.Equal(0, listing.TotalCount);
        Assert.Equal(1, listing.PagesRead);
        Assert.Equal(1, listing.PageCount);
    }

    /// <summary>Exactly one full page is one request only; several pages arrive whole, in order, each asked for once.</summary>
    [Theory]
    [InlineData(100, 1)]
    [InlineData(100, 4)]
    [InlineData(450, 1)]
    [InlineData(450, 2)]
    [InlineData(450, 5)]
    public async Task Whole_pages_arrive_in_order_and_each_page_is_one_request(int seedCount, int concurrency)
    {
        await Emulator.ResetAsync(seedCount);
        var pageCount = (seedCount + 99) / 100;

        var (tokens, listing) = await ListAllAsync(concurrency);

        AssertGeneratedTokens(Enumerable.Range(1, seedCount), tokens);
        var pages = await Emulator.PagesRequestedAsync(MeTokens);
        Assert.Equal(Enumerable.Range(0, pageCount), pages.Order());
        Assert.Equal(0, pages[0]);
        if (concurrency == 1) Assert.Equal(Enumerable.Range(0, pageCount), pages);
        var requests = await Emulator.RequestsAsync();
        Assert.Equal(pageCount, requests.Length);
        Assert.All(requests, r => Assert.EndsWith("&perPage=100", r.GetProperty("query").GetString()));
        Assert.Equal(seedCount, listing.TotalCount);
        Assert.Equal(pageCount, listing.PageCount);
        Assert.Equal(pageCount, listing.PagesRead);
    }

    [Fact]
    public async Task PagesRead_and_PageCount_follow_the_pages_as_they_are_taken()
    {
        await Emulator.ResetAsync(seedCount: 250);
        using var listing = await Client().ListAsync(TokenOwner.Caller, ListQuery.All, QueryFlags.Default, CancellationToken.None);

        var seen = new List<(int Read, int Count)> { (listing.PagesRead, listing.PageCount) };
        while (await listing.ReadNextAsync(CancellationToken.None) != null) seen.Add((listing.PagesRead, listing.PageCount));

        Assert.Equal((1, 3), seen[0]);
        Assert.Equal((1, 3), seen[100]);
        Assert.Equal((2, 3), seen[101]);
        Assert.Equal((3, 3), seen[^1]);
        Assert.Equal(251, seen.Count);
    }

    [Theory]
    [MemberData(nameof(OneAndThreePagesAtOnce))]
    public async Task Tokens_added_after_the_first_page_make_the_later_pages_requested_and_shifted_tokens_come_once(int concurrency)
    {
        // 'Added 00001' onwards sort before 'Token 00001': the whole list shifts by 50 behind page 0.
        var (tokens, listing) = await ListChangedAfterFirstPageAsync(seedCount: 200, concurrency, add: 50);

        AssertGeneratedTokens(Enumerable.Range(1, 200), tokens);
        Assert.Equal([0, 1, 2], (await Emulator.PagesRequestedAsync(MeTokens)).Order());
        Assert.Equal(250, listing.TotalCount);
        Assert.Equal(3, listing.PagesRead);
    }

    [Theory]
    [MemberData(nameof(OneAndThreePagesAtOnce))]
    public async Task Tokens_removed_after_the_first_page_end_the_listing_at_the_short_page_without_duplicates(int concurrency)
    {
        var (tokens, listing) = await ListChangedAfterFirstPageAsync(seedCount: 350, concurrency, remove: 200);

        // Page 0 before the change (1-100); page 1 after it, of 201-350: items 100-149, i.e. 301-350, short.
        AssertGeneratedTokens(Enumerable.Range(1, 100).Concat(Enumerable.Range(301, 50)), tokens);
        var pages = await Emulator.PagesRequestedAsync(MeTokens);
        Assert.Equal(pages.Distinct(), pages);
        // Pages asked for ahead of the short one may have been cancelled before they were sent.
        Assert.Equal(0, pages[0]);
        Assert.Contains(1, pages);
        Assert.All(pages, page => Assert.InRange(page, 0, concurrency));
        Assert.Equal(150, listing.TotalCount);
    }

    [Fact]
    public async Task A_collection_emptied_after_the_first_page_ends_the_listing_at_the_empty_page()
    {
        var (tokens, listing) = await ListChangedAfterFirstPageAsync(seedCount: 300, concurrency: 1, remove: 300);

        Assert.Equal(100, tokens.Count);
        Assert.Equal(new[] { 0, 1 }, await Emulator.PagesRequestedAsync(MeTokens));
        Assert.Equal(0, listing.TotalCount);
        Assert.Equal(2, listing.PagesRead);
    }

    [Theory]
    [MemberData(nameof(OneAndThreePagesAtOnce))]
    public async Task A_page_that_fails_after_its_retries_is_one_ApiException_after_the_tokens_of_the_pages_before_it(int concurrency)
    {
        await Emulator.ResetAsync(seedCount: 500);
        await FailPageAsync(2, new { kind = "503", count = 10 });
        var settings = Emulator.CurrentSettings();
        settings.MaxRetries = 1;
        using var listing = await ListCallerTokensAsync(concurrency, settings);

        var tokens = new List<AccessToken>();
        var failure = await Assert.ThrowsAsync<ApiException>(async () =>
        {
            while (await listing.ReadNextAsync(CancellationToken.None) is { } token) tokens.Add(token);
        });

        AssertGeneratedTokens(Enumerable.Range(1, 200), tokens);
        Assert.Equal(ApiFailureKind.HttpStatus, failure.Kind);
        Assert.Equal(503, failure.StatusCode);
        Assert.Equal(ApiFailureReason.ServiceUnavailable, failure.Reason);
        Assert.Equal(1, failure.RetryCount);
        Assert.Contains("page=2", failure.RequestUri.Query);
        Assert.Equal(2, (await Emulator.PagesRequestedAsync(MeTokens)).Count(page => page == 2));
        Assert.Equal(2, listing.PagesRead);
    }

    [Theory]
    [MemberData(nameof(OneAndThreePagesAtOnce))]
    public async Task After_a_page_fails_the_listing_yields_nothing_more_rather_than_the_pages_past_the_gap(int concurrency)
    {
        await Emulator.ResetAsync(seedCount: 600);
        await FailPageAsync(1, new { kind = "status", status = 404, count = 1 });
        using var listing = await ListCallerTokensAsync(concurrency);
        for (var i = 0; i < 100; i++) Assert.NotNull(await listing.ReadNextAsync(CancellationToken.None));

        await Assert.ThrowsAsync<ApiException>(() => listing.ReadNextAsync(CancellationToken.None));

        Assert.Null(await listing.ReadNextAsync(CancellationToken.None));
        var pages = await Emulator.PagesRequestedAsync(MeTokens);
        Assert.True(pages.Max() <= concurrency, $"pages requested: {string.Join(",", pages)}");
    }

    [Theory]
    [MemberData(nameof(OneAndThreePagesAtOnce))]
    public async Task Disposing_a_listing_early_stops_requesting_pages(int concurrency)
    {
        await Emulator.ResetAsync(seedCount: 1000);
        await Emulator.ControlAsync("config", new { latencyMs = 100 });

        using (var listing = await ListCallerTokensAsync(concurrency))
        {
            Assert.NotNull(await listing.ReadNextAsync(CancellationToken.None));
        }

        // Long enough for a listing that went on to ask for more pages behind the caller's back.
        await Task.Delay(500);
        var pages = await Emulator.PagesRequestedAsync(MeTokens);
        Assert.Equal(0, pages[0]);
        Assert.All(pages, page => Assert.InRange(page, 0, concurrency));
        Assert.Equal(pages.Distinct(), pages);
    }

    [Fact]
    public async Task Applications_are_listed_by_name_with_the_paging_query()
    {
        using var listing = await Client().ListApplicationsAsync(ListQuery.All, QueryFlags.Default, CancellationToken.None);
        var applications = await Operations.ReadAllAsync(listing);

        Assert.Equal(["Empty Sandbox", "Fleet Monitor", "Greenhouse Sensors"], applications.Select(a => a.Name));
        Assert.Equal([CurrentSeeds.EmptySandbox, CurrentSeeds.FleetMonitor, CurrentSeeds.GreenhouseSensors], applications.Select(a => a.Id));
        Assert.Equal("Fleet Monitor", applications[1].ToString());
        var request = Assert.Single(await Emulator.RequestsAsync());
        Assert.Equal("GET", request.GetProperty("method").GetString());
        Assert.Equal("/applications", request.GetProperty("path").GetString());
        Assert.Equal(CurrentSeeds.FirstPage, request.GetProperty("query").GetString());
        Assert.Equal("^1.30.0", EmulatorFixture.Header(request, "Accept-Version"));
        Assert.Equal(3, listing.TotalCount);
    }

    [Theory]
    [MemberData(nameof(OneAndThreePagesAtOnce))]
    public async Task Many_applications_are_read_across_pages_in_order(int concurrency)
    {
        await Emulator.ControlAsync("applications", new { count = 230 });

        using var listing = await Client().ListApplicationsAsync(new ListQuery { Concurrency = concurrency }, new QueryFlags(false, false, false), CancellationToken.None);
        var applications = await Operations.ReadAllAsync(listing);

        Assert.Equal(Enumerable.Range(1, 230).Select(i => "5b" + i.ToString("x22")), applications.Select(a => a.Id));
        Assert.Equal([0, 1, 2], (await Emulator.PagesRequestedAsync("/applications")).Order());
        Assert.All(await Emulator.RequestsAsync(), r => Assert.StartsWith("?_actions=false&_links=false&_embedded=false&page=", r.GetProperty("query").GetString()));
        Assert.Equal(3, listing.PagesRead);
    }

    [Fact]
    public async Task The_tokens_of_an_application_carry_its_id_and_name()
    {
        var application = await FirstApplicationAsync("Fleet Monitor");

        var tokens = await Client().ReadApplicationTokensAsync(application, ListQuery.All, QueryFlags.Default, CancellationToken.None);

        Assert.Equal(["Dashboard kiosk", "Device provisioning", "Legacy webhook"], tokens.Select(t => t.Name));
        Assert.All(tokens, t => Assert.Equal(CurrentSeeds.FleetMonitor, t.ApplicationId));
        Assert.All(tokens, t => Assert.Equal("Fleet Monitor", t.ApplicationName));
        Assert.All(tokens, t => Assert.Null(t.InstanceId));
        Assert.All(tokens, t => Assert.Equal("application", t.OwnerType));
        Assert.Equal(new[] { 0 }, await Emulator.PagesRequestedAsync(CurrentSeeds.Application.Collection));
    }

    [Fact]
    public async Task The_tokens_of_an_application_are_read_across_pages_with_the_query_given()
    {
        await Emulator.ControlAsync("applications", new { count = 2, tokensEach = 260 });
        var application = await FirstApplicationAsync("Application 00002");

        var tokens = await Client().ReadApplicationTokensAsync(application, new ListQuery { StatusFilter = AccessTokenStatus.Inactive, Concurrency = 2 },
            QueryFlags.Default, CancellationToken.None);

        // Every third token is inactive: 86 of 260, on one page.
        Assert.Equal(Enumerable.Range(1, 86).Select(i => "5c0000000002" + (3 * i).ToString("x12")), tokens.Select(t => t.Id).Order());
        Assert.All(tokens, t => Assert.Equal("Application 00002", t.ApplicationName));
        var request = Assert.Single(await Emulator.RequestsAsync(), r => r.GetProperty("path").GetString()!.EndsWith("/tokens", StringComparison.Ordinal));
        Assert.Equal(CurrentSeeds.FirstPage + "&filterField=status&filter=inactive", request.GetProperty("query").GetString());
    }

    [Fact]
    public async Task The_tokens_of_an_empty_application_are_an_empty_list()
    {
        var tokens = await Client().ReadApplicationTokensAsync(await FirstApplicationAsync("Empty Sandbox"), ListQuery.All, QueryFlags.Default, CancellationToken.None);

        Assert.Empty(tokens);
    }

    [Fact]
    public async Task Instance_tokens_carry_the_instance_id_and_caller_tokens_carry_no_owner()
    {
        using var instance = await Client().ListAsync(CurrentSeeds.Instance.Owner, ListQuery.All, QueryFlags.Default, CancellationToken.None);
        var instanceTokens = await Operations.ReadAllAsync(instance);
        using var caller = await Client().ListAsync(TokenOwner.Caller, ListQuery.All, QueryFlags.Default, CancellationToken.None);
        var callerTokens = await Operations.ReadAllAsync(caller);

        Assert.Equal(["5e0000000001000000000002", "5e0000000001000000000001"], instanceTokens.Select(t => t.Id));
        Assert.All(instanceTokens, t => Assert.Equal(CurrentSeeds.AcmeInstance, t.InstanceId));
        Assert.All(instanceTokens, t => Assert.Null(t.ApplicationId));
        Assert.Equal(5, callerTokens.Count);
        Assert.All(callerTokens, t => Assert.Null(t.InstanceId));
        Assert.All(callerTokens, t => Assert.Null(t.ApplicationId));
    }

    [Fact]
    public async Task Scope_org_roles_and_additional_properties_turn_into_joined_values_and_compact_json()
    {
        await Emulator.ResetAsync(seedCount: 3);
        using var listing = await Client().ListAsync(TokenOwner.Caller, ListQuery.All, QueryFlags.Default, CancellationToken.None);
        var generated = await Operations.ReadAllAsync(listing);
        await Emulator.ResetAsync();
        var instanceAdmin = await Client().GetAsync(CurrentSeeds.Instance.Owner, "5e0000000001000000000002", QueryFlags.Default, CancellationToken.None);
        var deploy = await Client().GetAsync(TokenOwner.Caller, "5a0000000000000000000002", new QueryFlags(true, true, true), CancellationToken.None);

        Assert.Equal("devices.state, devices.get", generated[0].Scope.ToString());
        Assert.Equal("all.Application", generated[1].Scope.ToString());
        Assert.Equal(
            "{\"_links\":{\"self\":{\"href\":\"/me/tokens/" + CurrentSeeds.GeneratedId(1) + "\"}},\"_type\":\"apiToken\"}",
            generated[0].AdditionalProperties.ToString());
        Assert.Equal("5900000000000000000000c1: edit", instanceAdmin.OrgRoles.ToString());
        Assert.Equal("sandbox: edit (application 5b0000000000000000000001: collaborate)", deploy.OrgRoles.ToString());
        Assert.Equal("5b0000000000000000000001: collaborate", Assert.Single(deploy.OrgRoles[0].ApplicationRoles).ToString());
        Assert.Equal(string.Empty, generated[0].OrgRoles.ToString());
        var extras = deploy.AdditionalProperties.ToString();
        Assert.StartsWith("{\"_links\":{\"self\":{\"href\":\"/me/tokens/5a0000000000000000000002\"}}", extras);
        Assert.Contains("\"_actions\":{\"delete\":{", extras);
        Assert.DoesNotContain(" ", extras);
    }

    private AccessTokenClient Client() => new(Emulator.CurrentSettings());

    private Task<Listing<AccessToken>> ListCallerTokensAsync(int concurrency, ConnectionSettings? settings = null) =>
        new AccessTokenClient(settings ?? Emulator.CurrentSettings())
            .ListAsync(TokenOwner.Caller, new ListQuery { Concurrency = concurrency }, QueryFlags.Default, CancellationToken.None);

    /// <summary>Reads the caller's whole list, asserting that no token came twice.</summary>
    private async Task<(List<AccessToken> Tokens, Listing<AccessToken> Listing)> ListAllAsync(int concurrency)
    {
        using var listing = await ListCallerTokensAsync(concurrency);
        var tokens = await Operations.ReadAllAsync(listing);
        Assert.Equal(tokens.Count, tokens.Select(t => t.Id).Distinct().Count());
        return (tokens, listing);
    }

    /// <summary>Lists <paramref name="seedCount"/> generated tokens that gain or lose some as soon as page 0 has been served.</summary>
    private async Task<(List<AccessToken> Tokens, Listing<AccessToken> Listing)> ListChangedAfterFirstPageAsync(
        int seedCount, int concurrency, int add = 0, int remove = 0)
    {
        await Emulator.ResetAsync(seedCount);
        await Emulator.ControlAsync("mutations", new { path = MeTokens, afterPage = 0, add, remove });
        return await ListAllAsync(concurrency);
    }

    /// <summary>Makes requests for one page of the caller's tokens fail as <paramref name="fault"/> says (its kind, status, count).</summary>
    private Task FailPageAsync(int page, object fault)
    {
        var rule = JsonSerializer.SerializeToNode(fault)!.AsObject();
        rule["path"] = "^/me/tokens$";
        rule["query"] = $"[?&]page={page}(&|$)";
        return Emulator.SetFaultsAsync(rule);
    }

    /// <summary>The tokens are the generated ones with these numbers, in this order.</summary>
    private static void AssertGeneratedTokens(IEnumerable<int> numbers, IEnumerable<AccessToken> tokens) =>
        Assert.Equal(numbers.Select(CurrentSeeds.GeneratedId), tokens.Select(t => t.Id));

    private async Task<Application> FirstApplicationAsync(string name)
    {
        using var listing = await Client().ListApplicationsAsync(ListQuery.All, QueryFlags.Default, CancellationToken.None);
        var application = Assert.Single(await Operations.ReadAllAsync(listing), a => a.Name == name);
        await Emulator.ClearRequestsAsync();
        return application;
    }
}
