using System.Net;
using System.Net.Http;
using Losant.AccessTokens.Http;

namespace Losant.AccessTokens.Tests.Http;

/// <summary>The pacer that applies the controller's pace and the rate-limit headers to a connection's tries.</summary>
public sealed class RatePacerTests
{
    private static readonly RequestOptions Options = new() { MaxRetryDelay = TimeSpan.FromSeconds(30) };

    [Fact]
    public void Before_any_limit_shows_itself_tries_go_at_once()
    {
        double now = 100;
        var pacer = new RatePacer(() => now);

        for (var i = 0; i < 50; i++) Assert.True(pacer.WaitAsync(Request(), Options, CancellationToken.None).IsCompleted);
    }

    [Fact]
    public void A_lone_429_holds_back_no_other_request()
    {
        double now = 100;
        var pacer = new RatePacer(() => now);
        var sentAt = pacer.Enter();
        pacer.Exit();
        now += 0.02;

        pacer.Observe(Answer(429, retryAfterSeconds: 5), Request(), Options, sentAt);

        // The refused request waits for its Retry-After in the retry handler; nothing here waits.
        for (var i = 0; i < 16; i++) Assert.True(pacer.WaitAsync(Request(), Options, CancellationToken.None).IsCompleted);
    }

    [Fact]
    public void Refusals_that_show_a_limit_pace_the_tries_that_follow_and_Verbose_says_so_once()
    {
        double now = 100;
        var pacer = new RatePacer(() => now);
        var observer = new RecordingObserver();
        var options = new RequestOptions { MaxRetryDelay = TimeSpan.FromSeconds(30), Observer = observer };

        // 200 a second sent, half of them refused.
        var sent = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            sent.Add(pacer.Enter());
            pacer.Exit();
            now += 0.005;
        }

        foreach (var (at, i) in sent.Select((at, i) => (at, i))) pacer.Observe(Answer(i % 2 == 0 ? 429 : 200, retryAfterSeconds: 1), Request(), options, at);

        // A window of tries asks at once: a few go, the rest wait for their slots at the pace.
        var waits = Enumerable.Range(0, 16).Select(_ => pacer.WaitAsync(Request(), options, CancellationToken.None)).ToList();
        Assert.InRange(waits.Count(w => w.IsCompleted), 1, 10);
        Assert.Single(observer.Verbose, m => m.Contains("met the API's rate limit (429)") && m.Contains("requests now go at"));
    }

    [Fact]
    public void A_429_that_asks_for_no_wait_teaches_no_pace()
    {
        double now = 100;
        var pacer = new RatePacer(() => now);
        for (var i = 0; i < 200; i++)
        {
            var sentAt = pacer.Enter();
            pacer.Exit();
            now += 0.001;
            pacer.Observe(Answer(429, retryAfterSeconds: 0), Request(), Options, sentAt);
        }

        for (var i = 0; i < 50; i++) Assert.True(pacer.WaitAsync(Request(), Options, CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task RateLimit_headers_with_nothing_left_hold_new_tries_until_the_reset()
    {
        var pacer = new RatePacer();
        var sentAt = pacer.Enter();
        var answer = Answer(200);
        answer.Headers.Add("RateLimit-Remaining", "0");
        answer.Headers.Add("RateLimit-Reset", "1");

        pacer.Observe(answer, Request(), Options, sentAt);
        var waiting = pacer.WaitAsync(Request(), Options, CancellationToken.None);

        Assert.False(waiting.IsCompleted);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Headers_that_leave_enough_for_the_requests_on_the_wire_do_not_slow_anything()
    {
        var pacer = new RatePacer();
        pacer.Enter();
        var sentAt = pacer.Enter();
        var answer = Answer(200);
        answer.Headers.Add("X-RateLimit-Remaining", "10");
        answer.Headers.Add("X-RateLimit-Reset", DateTimeOffset.UtcNow.AddSeconds(5).ToUnixTimeSeconds().ToString());

        pacer.Observe(answer, Request(), Options, sentAt);

        Assert.True(pacer.WaitAsync(Request(), Options, CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task X_RateLimit_headers_that_leave_less_than_the_requests_on_the_wire_hold_for_what_they_need()
    {
        var pacer = new RatePacer();
        var sentAt = 0.0;
        for (var i = 0; i < 3; i++) sentAt = pacer.Enter();
        var answer = Answer(200);
        answer.Headers.Add("X-RateLimit-Limit", "10");
        answer.Headers.Add("X-RateLimit-Remaining", "2");
        answer.Headers.Add("X-RateLimit-Reset", DateTimeOffset.UtcNow.AddSeconds(4).ToUnixTimeSeconds().ToString());

        pacer.Observe(answer, Request(), Options, sentAt);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var waiting = pacer.WaitAsync(Request(), Options, CancellationToken.None);

        // Two more are needed of the eight that come back over the (about four) seconds to the reset:
        // about a quarter of it, not all of it.
        Assert.False(waiting.IsCompleted);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(2500));
    }

    [Fact]
    public async Task A_hold_is_never_longer_than_the_longest_retry_wait()
    {
        var pacer = new RatePacer();
        var options = new RequestOptions { MaxRetryDelay = TimeSpan.FromMilliseconds(50) };
        var sentAt = pacer.Enter();
        var answer = Answer(200);
        answer.Headers.Add("RateLimit-Remaining", "0");
        answer.Headers.Add("RateLimit-Reset", "86400");

        pacer.Observe(answer, Request(), options, sentAt);

        // A day-long reset must not stall the connection: this times out if it does.
        await pacer.WaitAsync(Request(), options, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
    }

    private static HttpRequestMessage Request() => new(HttpMethod.Get, "https://api.example.test/me/tokens/5a0000000000000000000001");

    private static HttpResponseMessage Answer(int status, int? retryAfterSeconds = null)
    {
        var answer = new HttpResponseMessage((HttpStatusCode)status);
        if (retryAfterSeconds.HasValue) answer.Headers.Add("Retry-After", retryAfterSeconds.Value.ToString());
        return answer;
    }
}
