using System.Text.Json;

namespace Losant.AccessTokens.Tests;

/// <summary>
/// Listing under today's API, page by page against the emulator: the edge cases of paging, a
/// collection that changes while it is listed, and a page that fails.
/// </summary>
public sealed class PagedListingTests(EmulatorFixture emulator) : EmulatorTests(emulator)
{
    private const string MeTokens = "/me/tokens";

    /// <summary>Each listing behaviour must hold whether pages are read one at a time or several at once.</summary>
    public static TheoryData<int> OneAndThreePagesAtOnce => new() { 1, 3 };

    [Fact]
    public async Task An_empty_collection_is_one_request_and_no_items()
    {
        using var listing = await CurrentClient().ListAsync(TokenOwner.Application(CurrentSeeds.EmptySandbox), new ListQuery { Concurrency = 4 }, QueryFlags.Default, CancellationToken.None);

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
        using var listing = await CurrentClient().ListAsync(TokenOwner.Caller, ListQuery.All, QueryFlags.Default, CancellationToken.None);

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
}
