namespace Losant.AccessTokens.Tests;

/// <summary>
/// Paging against a scripted server, for what a well-behaved server never does on cue: hold
/// pages to count those in flight, repeat itself, contradict its totals, hang mid-listing.
/// </summary>
public sealed class PagingEdgeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Pages_after_the_first_are_requested_Concurrency_at_a_time_and_never_more(int concurrency)
    {
        const int pages = 9;
        const int total = pages * 100;
        var gate = new object();
        var held = new List<TaskCompletionSource>();
        var laterPagesReceived = 0;
        var mostHeld = 0;
        await using var server = new RawHttpServer(async (request, stream, cancel) =>
        {
            var page = PagedAnswers.PageOf(request);
            if (page > 0)
            {
                // Each later page is held until as many as the limit are waiting (or none are left
                // to come): a client that asks for fewer never gets them, one that asks for more
                // shows it while the batch waits a moment before it is let go.
                var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                bool batchComplete;
                lock (gate)
                {
                    held.Add(release);
                    laterPagesReceived++;
                    mostHeld = Math.Max(mostHeld, held.Count);
                    batchComplete = held.Count >= concurrency || laterPagesReceived == pages - 1;
                }

                if (batchComplete)
                {
                    await Task.Delay(50, cancel);
                    lock (gate)
                    {
                        mostHeld = Math.Max(mostHeld, held.Count);
                        foreach (var waiting in held) waiting.TrySetResult();
                        held.Clear();
                    }
                }

                await release.Task.WaitAsync(cancel);
            }

            await stream.WriteAsync(PagedAnswers.Slice(page, total), cancel);
        });

        var (tokens, listing) = await ListAllAsync(server, concurrency);

        Assert.Equal(PagedAnswers.Ids(1, total), tokens.Select(t => t.Id));
        Assert.Equal(concurrency, mostHeld);
        Assert.Equal(Enumerable.Range(0, pages), server.Requests.Select(PagedAnswers.PageOf).Order());
        Assert.Equal(pages, listing.PagesRead);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task A_server_that_repeats_one_full_page_with_a_growing_totalCount_ends_after_the_repeat(int concurrency)
    {
        var answers = 0;
        await using var server = RawHttpServer.Answering(() =>
        {
            var n = Interlocked.Increment(ref answers);
            return PagedAnswers.Ok(PagedAnswers.Body(Enumerable.Range(1, 100), 1000L * n));
        });

        var (tokens, listing) = await ListAllAsync(server, concurrency);

        Assert.Equal(PagedAnswers.Ids(1, 100), tokens.Select(t => t.Id));
        Assert.InRange(server.Requests.Count, 2, 1 + concurrency);
        Assert.Equal(2, listing.PagesRead);
    }

    [Fact]
    public async Task Tokens_seen_before_on_an_earlier_page_or_the_same_page_are_written_once()
    {
        await using var server = new RawHttpServer(async (request, stream, cancel) =>
        {
            var tokens = PagedAnswers.PageOf(request) switch
            {
                0 => Enumerable.Range(1, 99).Append(1),
                1 => Enumerable.Range(51, 100),
                _ => Enumerable.Range(140, 20),
            };
            await stream.WriteAsync(PagedAnswers.Ok(PagedAnswers.Body(tokens, 220)), cancel);
        });

        var (tokens, _) = await ListAllAsync(server, concurrency: 1);

        Assert.Equal(PagedAnswers.Ids(1, 159), tokens.Select(t => t.Id));
        Assert.Equal([0, 1, 2], server.Requests.Select(PagedAnswers.PageOf));
    }

    [Fact]
    public async Task A_short_page_ends_the_listing_and_later_pages_are_not_requested()
    {
        await using var server = new RawHttpServer(async (request, stream, cancel) =>
        {
            var page = PagedAnswers.PageOf(request);
            var tokens = page == 0 ? Enumerable.Range(1, 100) : Enumerable.Range(101, 30);
            await stream.WriteAsync(PagedAnswers.Ok(PagedAnswers.Body(tokens, 1000)), cancel);
        });

        var (tokens, listing) = await ListAllAsync(server, concurrency: 1);

        Assert.Equal(PagedAnswers.Ids(1, 130), tokens.Select(t => t.Id));
        Assert.Equal([0, 1], server.Requests.Select(PagedAnswers.PageOf));
        Assert.Equal(1000, listing.TotalCount);
        Assert.Equal(2, listing.PagesRead);
    }

    [Fact]
    public async Task The_page_size_the_answers_give_decides_when_a_page_is_full()
    {
        await using var server = new RawHttpServer(async (request, stream, cancel) =>
            await stream.WriteAsync(PagedAnswers.Slice(PagedAnswers.PageOf(request), total: 5, perPage: 2), cancel));

        var (tokens, listing) = await ListAllAsync(server, concurrency: 1);

        Assert.Equal(PagedAnswers.Ids(1, 5), tokens.Select(t => t.Id));
        Assert.Equal([0, 1, 2], server.Requests.Select(PagedAnswers.PageOf));
        Assert.Equal(3, listing.PageCount);
        Assert.Equal(5, listing.TotalCount);
    }

    [Fact]
    public async Task A_page_size_of_zero_in_the_answer_is_ignored_rather_than_divided_by()
    {
        await using var server = RawHttpServer.Answering(() => PagedAnswers.Ok(PagedAnswers.Body(Enumerable.Range(1, 100), 150, perPage: 0)));

        var (tokens, listing) = await ListAllAsync(server, concurrency: 1);

        Assert.Equal(PagedAnswers.Ids(1, 100), tokens.Select(t => t.Id));
        Assert.Equal(2, listing.PageCount);
    }

    [Fact]
    public async Task A_huge_totalCount_gives_a_huge_PageCount_not_an_overflowed_one()
    {
        await using var server = RawHttpServer.Answering(() => PagedAnswers.Ok(PagedAnswers.Body(Enumerable.Range(1, 100), long.MaxValue)));

        using var listing = await Listing(server, concurrency: 1);

        Assert.Equal(long.MaxValue, listing.TotalCount);
        Assert.Equal(int.MaxValue, listing.PageCount);
        Assert.Equal(100, (await Operations.ReadAllAsync(listing)).Count);
    }

    [Fact]
    public async Task Answers_without_a_totalCount_leave_TotalCount_null_and_a_full_page_is_followed_by_the_next()
    {
        await using var server = new RawHttpServer(async (request, stream, cancel) =>
        {
            var page = PagedAnswers.PageOf(request);
            var tokens = Enumerable.Range(page * 100 + 1, page < 2 ? 100 : 40);
            await stream.WriteAsync(PagedAnswers.Ok(PagedAnswers.Body(tokens, totalCount: null)), cancel);
        });

        using var listing = await Listing(server, concurrency: 1);
        Assert.Null(listing.TotalCount);
        var tokens = await Operations.ReadAllAsync(listing);

        Assert.Equal(PagedAnswers.Ids(1, 240), tokens.Select(t => t.Id));
        Assert.Equal([0, 1, 2], server.Requests.Select(PagedAnswers.PageOf));
        Assert.Null(listing.TotalCount);
        Assert.Equal(3, listing.PagesRead);
        Assert.Equal(3, listing.PageCount);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(3, true)]
    [InlineData(1, false)]
    [InlineData(3, false)]
    public async Task Cancelling_while_a_later_page_hangs_ends_the_read_promptly_and_hangs_up_that_request(int concurrency, bool listedWithTheSameToken)
    {
        var (arrived, hungUp) = (NewSignal(), NewSignal());
        await using var server = new RawHttpServer(async (request, stream, cancel) =>
        {
            var page = PagedAnswers.PageOf(request);
            if (page == 0) await stream.WriteAsync(PagedAnswers.Slice(0, 1000), cancel);
            else if (page == 1) await PagedAnswers.HoldUntilHangUpAsync(stream, arrived, hungUp, cancel);
            else await Task.Delay(Timeout.Infinite, cancel);
        });
        using var cancel = new CancellationTokenSource();
        using var listing = await Listing(server, concurrency, listedWithTheSameToken ? cancel.Token : CancellationToken.None);
        for (var i = 0; i < 100; i++) Assert.NotNull(await listing.ReadNextAsync(cancel.Token));

        var read = listing.ReadNextAsync(cancel.Token);
        await arrived.Task.WaitAsync(Patience);
        Assert.False(read.IsCompleted);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(Patience));
        await hungUp.Task.WaitAsync(Patience);
        Assert.DoesNotContain(server.Requests, r => PagedAnswers.PageOf(r) > concurrency);
    }

    [Fact]
    public async Task A_token_cancelled_before_the_listing_starts_sends_nothing()
    {
        await using var server = RawHttpServer.Answering(() => PagedAnswers.Slice(0, 10));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Client(server, 1).ListAsync(TokenOwner.Caller, ListQuery.All, QueryFlags.Default, new CancellationToken(true)));

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Disposing_a_listing_hangs_up_the_page_in_flight()
    {
        var (arrived, hungUp) = (NewSignal(), NewSignal());
        await using var server = new RawHttpServer(async (request, stream, cancel) =>
        {
            if (PagedAnswers.PageOf(request) == 0) await stream.WriteAsync(PagedAnswers.Slice(0, 1000), cancel);
            else await PagedAnswers.HoldUntilHangUpAsync(stream, arrived, hungUp, cancel);
        });

        using (var listing = await Listing(server, concurrency: 1))
        {
            Assert.NotNull(await listing.ReadNextAsync(CancellationToken.None));
            await arrived.Task.WaitAsync(Patience);
        }

        await hungUp.Task.WaitAsync(Patience);
        Assert.Equal([0, 1], server.Requests.Select(PagedAnswers.PageOf));
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static AccessTokenClient Client(RawHttpServer server, int maxRetries = 0) =>
        new(new ConnectionSettings(server.BaseUri, EmulatorFixture.Secure(EmulatorFixture.ApiToken)) { MaxRetries = maxRetries });

    private static Task<Listing<AccessToken>> Listing(RawHttpServer server, int concurrency, CancellationToken cancellationToken = default) =>
        Client(server).ListAsync(TokenOwner.Caller, new ListQuery { Concurrency = concurrency }, QueryFlags.Default, cancellationToken).WaitAsync(Patience);

    private static async Task<(List<AccessToken> Tokens, Listing<AccessToken> Listing)> ListAllAsync(RawHttpServer server, int concurrency)
    {
        using var listing = await Listing(server, concurrency);
        var tokens = await Operations.ReadAllAsync(listing).WaitAsync(Patience);
        return (tokens, listing);
    }
}
