using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Losant.AccessTokens.Tests.Fuzzing;

/// <summary>
/// Seeded generated paged answers of today's API, for token and application lists: every listing
/// ends in its items or in one <see cref="ApiException"/> after the items of the pages before the
/// bad one, never in another exception, a hang or a loop. A failure names the seed and case.
/// </summary>
public sealed partial class PageFuzzTests
{
    private static readonly int Seed = Fuzz.Seed;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public Task Generated_token_pages_end_in_the_listed_tokens_or_one_ApiException_after_the_pages_before_the_bad_one() =>
        FuzzAsync(ListKind.Tokens, cases: 600);

    [Fact]
    public Task Generated_application_pages_end_in_the_listed_applications_or_one_ApiException_after_the_pages_before_the_bad_one() =>
        FuzzAsync(ListKind.Applications, cases: 300);

    private static async Task FuzzAsync(ListKind kind, int cases)
    {
        var generator = new PageAnswerGenerator(new AnswerGenerator(new Random(Seed + (int)kind)));
        var scripts = new ConcurrentDictionary<int, ListingScript>();
        var pagesAsked = new ConcurrentDictionary<int, ConcurrentQueue<int>>();
        await using var server = new RawHttpServer(async (request, stream, cancel) =>
        {
            // Each case has a base path of its own, so late requests of one never count for another.
            var match = CaseAndPage().Match(request.Target);
            var number = int.Parse(match.Groups[1].Value);
            var page = PagedAnswers.PageOf(request);
            pagesAsked.GetOrAdd(number, _ => new()).Enqueue(page);
            await stream.WriteAsync(scripts[number].AnswerTo(page).Bytes, cancel);
        });
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < cases; i++)
        {
            var script = generator.Next(kind);
            scripts[i] = script;
            var where = $"seed {Seed}, case {i}, {script.Describe()}";
            var settings = Fuzz.Settings(new Uri(server.BaseUri, $"case{i}/"));

            (List<string> Ids, Exception? Failure) outcome;
            try
            {
                outcome = await ListAsync(new AccessTokenClient(settings), kind, script.Concurrency).WaitAsync(Patience);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"the listing did not end within {Patience.TotalSeconds} s ({where})");
                throw;
            }

            var (ids, failure) = outcome;
            var asked = pagesAsked.TryGetValue(i, out var queue) ? queue.ToArray() : [];
            where += $" => {(failure == null ? "listed" : failure.GetType().Name)} [{string.Join(",", ids)}], pages asked {string.Join(",", asked)}";
            if (failure != null && failure is not ApiException) Assert.Fail($"{failure.GetType()} escaped: {failure} ({where})");
            Assert.True(failure == null || !failure.ToString().Contains(EmulatorFixture.ApiToken, StringComparison.Ordinal), $"the API token in a failure ({where})");
            Assert.True(ids.Distinct(StringComparer.OrdinalIgnoreCase).Count() == ids.Count, $"an item listed twice ({where})");
            Assert.True(asked.Length <= 2 * (script.Pages.Length + script.Concurrency + 1), $"too many requests: a loop ({where})");
            Assert.True(asked.Length > 0 && asked[0] == 0, $"the first request was not for page 0 ({where})");

            var outcomeName = script.Mode + (failure == null ? " listed" : " failed");
            outcomes[outcomeName] = outcomes.GetValueOrDefault(outcomeName) + 1;
            switch (script.Mode)
            {
                case "consistent":
                    AssertConsistentOutcome(script, ids, failure, asked, where);
                    break;
                case "wild":
                    Assert.True(ExplainedByPagesInOrder(script, ids, failure != null), $"the items are not the pages read in order up to the bad one ({where})");
                    break;
                default:
                    if (script.Pages[0].Valid == true)
                    {
                        Assert.True(failure == null && ids.SequenceEqual(script.Pages[0].Ids), $"a valid short page was not listed whole ({where})");
                        Assert.True(asked.Length == 1, $"a short page was followed by another request ({where})");
                    }

                    break;
            }
        }

        var summary = string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}"));

        foreach (var expected in new[] { "consistent listed", "consistent failed", "wild listed", "wild failed", "junk failed" })
        {
            Assert.True(outcomes.GetValueOrDefault(expected) >= cases / 50, $"too few cases '{expected}' (seed {Seed}; {summary})");
        }
    }

    private static void AssertConsistentOutcome(ListingScript script, List<string> ids, Exception? failure, int[] asked, string where)
    {
        var pageCount = script.Pages.Length - 1;
        if (script.FailingPage is not { } failing)
        {
            Assert.True(failure == null, $"a consistent listing failed ({where})");
            Assert.True(ids.SequenceEqual(script.ExpectedIds!), $"a consistent listing was not listed whole and in order ({where})");
            Assert.True(asked.Order().SequenceEqual(Enumerable.Range(0, pageCount)), $"pages other than each page once were asked for ({where})");
            return;
        }

        Assert.True(failure is ApiException, $"a bad page did not fail the listing ({where})");
        Assert.True(ids.SequenceEqual(script.Pages.Take(failing).SelectMany(p => p.Ids)), $"the items before the failure are not those of the pages before the bad one ({where})");
        Assert.True(asked.Contains(failing), $"the bad page was never asked for ({where})");
    }

    /// <summary>
    /// True when the items are those of pages 0 to m-1 in order, each seen once, for some m such
    /// that those pages are all readable, and, for a failed listing, page m is not.
    /// </summary>
    private static bool ExplainedByPagesInOrder(ListingScript script, List<string> ids, bool failed)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var expected = new List<string>();
        for (var m = 0; m <= script.Pages.Length + script.Concurrency + 1; m++)
        {
            var next = script.AnswerTo(m);
            if (expected.SequenceEqual(ids, StringComparer.OrdinalIgnoreCase) && (!failed || next.Valid == false)) return true;
            if (next.Valid != true) return false;
            foreach (var id in next.Ids)
            {
                if (seen.Add(id)) expected.Add(id);
            }
        }

        return false;
    }

    private static async Task<(List<string> Ids, Exception? Failure)> ListAsync(AccessTokenClient client, ListKind kind, int concurrency)
    {
        var ids = new List<string>();
        var query = new ListQuery { Concurrency = concurrency };
        try
        {
            if (kind == ListKind.Tokens)
            {
                using var listing = await client.ListAsync(TokenOwner.Caller, query, QueryFlags.Default, CancellationToken.None);
                while (await listing.ReadNextAsync(CancellationToken.None) is { } token) ids.Add(token.Id);
                if (await listing.ReadNextAsync(CancellationToken.None) != null) throw new InvalidOperationException("an item after the end");
            }
            else
            {
                using var listing = await client.ListApplicationsAsync(query, QueryFlags.Default, CancellationToken.None);
                while (await listing.ReadNextAsync(CancellationToken.None) is { } application) ids.Add(application.Id);
                if (await listing.ReadNextAsync(CancellationToken.None) != null) throw new InvalidOperationException("an item after the end");
            }

            return (ids, null);
        }
        catch (Exception e)
        {
            return (ids, e);
        }
    }

    [GeneratedRegex("^/case([0-9]+)/")]
    private static partial Regex CaseAndPage();
}
