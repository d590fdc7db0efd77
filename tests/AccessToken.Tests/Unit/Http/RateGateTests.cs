using System.Net;
using System.Net.Http;
using Losant.AccessTokens.Http;

namespace Losant.AccessTokens.Tests.Http;

/// <summary>The rate limit a connection's requests share: one pause for all, a pace only for concurrent requests.</summary>
public sealed class RateGateTests
{
    private static readonly RequestOptions Options = new() { MaxRetryDelay = TimeSpan.FromSeconds(30) };

    [Fact]
    public void Before_any_limit_shows_itself_requests_pass_at_once()
    {
        var gate = new RateGate();

        Assert.True(gate.WaitAsync(Request(), Options, CancellationToken.None).IsCompleted);
        Assert.Equal(0, gate.Rate);
    }

    [Fact]
    public async Task A_429_pauses_every_request_of_the_connection_for_its_Retry_After()
    {
        var gate = new RateGate();
        var limited = Request();

        gate.Observe(Answer(429, retryAfterSeconds: 1), limited, Options);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var other = gate.WaitAsync(Request(), Options, CancellationToken.None);

        Assert.False(other.IsCompleted);
        await other.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_pause_is_never_longer_than_the_longest_retry_wait()
    {
        var gate = new RateGate();
        var options = new RequestOptions { MaxRetryDelay = TimeSpan.FromMilliseconds(50) };

        gate.Observe(Answer(429, retryAfterSeconds: 86400), Request(), options);
        var waiting = gate.WaitAsync(Request(), options, CancellationToken.None);

        // A day-long Retry-After must not stall the connection: this times out if it does.
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void One_request_at_a_time_is_never_paced_whatever_429s_it_meets()
    {
        long now = 0;
        var gate = new RateGate(() => now);
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 50; i++)
            {
                var sentAt = gate.Enter();
                now += System.Diagnostics.Stopwatch.Frequency / 100;
                gate.Exit();
                gate.Observe(Answer(200), Request(), Options, sentAt);
            }

            var refused = gate.Enter();
            gate.Exit();
            gate.Observe(Answer(429, retryAfterSeconds: 1), Request(), Options, refused);
            now += 2 * System.Diagnostics.Stopwatch.Frequency;
            Assert.True(gate.WaitAsync(Request(), Options, CancellationToken.None).IsCompleted);
        }

        Assert.Equal(0, gate.Rate);
    }

    [Fact]
    public void Concurrent_requests_that_meet_a_429_learn_a_pace_below_the_rate_they_were_sent_at()
    {
        var gate = new RateGate();
        gate.Enter();
        gate.Enter();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 100; i++) Answered(gate, 200);
        var sentAt = 100 / clock.Elapsed.TotalSeconds;
        gate.Observe(Answer(429, retryAfterSeconds: 1), Request(), Options);

        Assert.InRange(gate.Rate, 1, sentAt);
    }

    [Fact]
    public void A_429_that_asks_for_no_wait_neither_pauses_nor_paces()
    {
        var gate = new RateGate();
        gate.Enter();
        gate.Enter();
        for (var round = 0; round < 20; round++)
        {
            for (var i = 0; i < 20; i++) Answered(gate, 200);
            gate.Observe(Answer(429, retryAfterSeconds: 0), Request(), Options);
        }

        Assert.Equal(0, gate.Rate);
        Assert.True(gate.WaitAsync(Request(), Options, CancellationToken.None).IsCompleted);
    }

    [Fact]
    public void Two_windows_that_end_in_a_429_tell_the_servers_rate_from_its_burst()
    {
        // A token bucket of 200 a second with a burst of 40, played out on a clock the test moves:
        // unpaced, 50 requests succeed in 0.05 s before the one refused, 12 of them answering only
        // after the 429; at the first pace, 120 succeed in 0.4 s.
        long now = 0;
        var second = System.Diagnostics.Stopwatch.Frequency;
        var gate = new RateGate(() => now);
        gate.Enter();
        gate.Enter();
        Succeed(gate, ref now, 38, seconds: 0.05);
        var refusedSentAt = now;
        gate.Observe(Answer(429, retryAfterSeconds: 1), Request(), Options, refusedSentAt);
        for (var i = 0; i < 12; i++) gate.Observe(Answer(200), Request(), Options, refusedSentAt - second / 100);

        // Sent after the refused one: of no window.
        for (var i = 0; i < 30; i++) gate.Observe(Answer(200), Request(), Options, refusedSentAt + 1);
        now += second;
        _ = gate.WaitAsync(Request(), Options, CancellationToken.None);
        var firstPace = gate.Rate;
        Succeed(gate, ref now, 120, seconds: 0.4);
        gate.Observe(Answer(429, retryAfterSeconds: 1), Request(), Options, now);
        now += second;
        _ = gate.WaitAsync(Request(), Options, CancellationToken.None);

        // Neither window alone tells the rate: the first is mostly burst (1,000 a second sent, well
        // above the first pace), and the second taken alone would count all of the first's 50 as burst.
        Assert.InRange(firstPace, 250, 350);
        Assert.InRange(gate.Rate, 180, 199.9);

        // Later windows keep to it: ten seconds at the pace and the 429 that growth brings.
        Succeed(gate, ref now, 2040, seconds: 10);
        gate.Observe(Answer(429, retryAfterSeconds: 1), Request(), Options, now);
        now += second;
        _ = gate.WaitAsync(Request(), Options, CancellationToken.None);
        Assert.InRange(gate.Rate, 180, 199.9);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(800)]
    public void Against_a_token_bucket_the_pace_settles_just_under_its_rate(double unpacedPerSecond)
    {
        // A server that allows 200 a second with a burst of 40 and answers 429 with Retry-After: 1,
        // played out in steps of a millisecond, against requests that go unpaced at first.
        const double allowed = 200, burst = 40;
        long now = 0;
        var second = System.Diagnostics.Stopwatch.Frequency;
        var gate = new RateGate(() => now);
        gate.Enter();
        gate.Enter();
        double bucket = burst, due = 0;
        var limited = 0;
        for (var step = 0; step < 60_000 && limited < 2; step++)
        {
            now += second / 1000;
            bucket = Math.Min(burst, bucket + allowed / 1000);
            due += (gate.Rate > 0 ? gate.Rate : unpacedPerSecond) / 1000;
            for (; due >= 1; due--)
            {
                var sentAt = gate.Enter();
                gate.Exit();
                if (bucket >= 1)
                {
                    bucket--;
                    gate.Observe(Answer(200), Request(), Options, sentAt);
                    continue;
                }

                gate.Observe(Answer(429, retryAfterSeconds: 1), Request(), Options, sentAt);
                limited++;
                now += second;
                bucket = burst;
                due = 0;
                _ = gate.WaitAsync(Request(), Options, CancellationToken.None);
                break;
            }
        }

        Assert.Equal(2, limited);
        Assert.InRange(gate.Rate, 0.9 * allowed, allowed);
    }

    private static void Succeed(RateGate gate, ref long now, int answers, double seconds)
    {
        var step = (long)(seconds * System.Diagnostics.Stopwatch.Frequency / answers);
        for (var i = 0; i < answers; i++)
        {
            now += step;
            Answered(gate, 200);
        }
    }

    [Fact]
    public async Task RateLimit_headers_with_nothing_left_pause_every_request_until_the_reset()
    {
        var gate = new RateGate();
        var answer = Answer(200);
        answer.Headers.Add("RateLimit-Remaining", "0");
        answer.Headers.Add("RateLimit-Reset", "1");

        gate.Observe(answer, Request(), Options);
        var waiting = gate.WaitAsync(Request(), Options, CancellationToken.None);

        Assert.False(waiting.IsCompleted);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Headers_that_leave_enough_for_the_requests_on_the_wire_do_not_slow_anything()
    {
        var gate = new RateGate();
        gate.Enter();
        gate.Enter();
        var answer = Answer(200);
        answer.Headers.Add("X-RateLimit-Remaining", "10");
        answer.Headers.Add("X-RateLimit-Reset", DateTimeOffset.UtcNow.AddSeconds(5).ToUnixTimeSeconds().ToString());

        gate.Observe(answer, Request(), Options);

        Assert.True(gate.WaitAsync(Request(), Options, CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task X_RateLimit_headers_that_leave_less_than_the_requests_on_the_wire_pause_for_what_they_need()
    {
        var gate = new RateGate();
        for (var i = 0; i < 3; i++) gate.Enter();
        var answer = Answer(200);
        answer.Headers.Add("X-RateLimit-Limit", "10");
        answer.Headers.Add("X-RateLimit-Remaining", "2");
        answer.Headers.Add("X-RateLimit-Reset", DateTimeOffset.UtcNow.AddSeconds(4).ToUnixTimeSeconds().ToString());

        gate.Observe(answer, Request(), Options);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var waiting = gate.WaitAsync(Request(), Options, CancellationToken.None);

        // Two more are needed of the eight that come back over the (about four) seconds to the reset:
        // about a quarter of it, not all of it.
        Assert.False(waiting.IsCompleted);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(2500));
    }

    private static void Answered(RateGate gate, int status)
    {
        gate.Observe(Answer(status), Request(), Options);
    }

    private static HttpRequestMessage Request() => new(HttpMethod.Get, "https://api.example.test/me/tokens/5a0000000000000000000001");

    private static HttpResponseMessage Answer(int status, int? retryAfterSeconds = null)
    {
        var answer = new HttpResponseMessage((HttpStatusCode)status);
        if (retryAfterSeconds.HasValue) answer.Headers.Add("Retry-After", retryAfterSeconds.Value.ToString());
        return answer;
    }
}
