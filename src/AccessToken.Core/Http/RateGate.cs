using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Losant.AccessTokens.Http
{
    /// <summary>
    /// The rate limit of one connection, shared by all its requests. A 429 is news for every
    /// request: it pauses them all until its Retry-After, after which concurrent requests go out at
    /// a pace learned from the answers: raised a little while they succeed, lowered at the next
    /// 429, so that it settles just under what the server allows. Rate-limit headers
    /// (RateLimit-Remaining and RateLimit-Reset, or the X-RateLimit-* forms) slow requests down
    /// before a 429: when too little is left, every request waits for the reset.
    /// </summary>
    /// <remarks>
    /// Until the first sign of a limit there is no pacing at all, and a request that finds neither
    /// a pause nor a pace passes without allocating anything.
    /// </remarks>
    public sealed class RateGate
    {
        // The first pace is this share of the rate the first answers succeeded at (a burst the
        // server allowed, so an overestimate); later ones this share of the rate estimated for the
        // server. The pace grows by a share of itself each second without a 429: quickly while the
        // first pace is only a guess, so that a low guess does not last, slowly once the server's
        // rate is known. It shrinks by this factor at a 429 when no estimate can be made.
        private const double FirstPaceShare = 0.3;
        private const double EstimateShare = 0.95;
        private const double GuessGrowthPerSecond = 0.1;
        private const double GrowthPerSecond = 0.01;
        private const double Decrease = 0.85;
        private const double MinimumRate = 1;

        // An estimate needs a window this long, or the burst dominates it, and this many successes,
        // or it is noise: a 429 met by one request at a time says nothing about a pace.
        private const double MinimumEstimateSeconds = 0.2;

        // Two windows tell the burst from the rate when their lengths differ by this much: less,
        // and the few milliseconds an answer takes are a large share of the difference.
        private const double MinimumRegressionSeconds = 0.1;
        private const int MinimumEstimateSuccesses = 5;

        // A pace is forgotten after this long without a 429, and learned afresh at the next one:
        // a stray 429 must not slow a session for good.
        private const double PaceLifetimeSeconds = 30;

        // A pace lets this much time's worth of requests go at once, so that the requests of a
        // -ThrottleLimit window are not serialised behind one another.
        private static readonly double BurstSeconds = 0.05;

        private static readonly double TicksPerSecond = Stopwatch.Frequency;

        private readonly object _gate = new object();
        private long _pausedUntil;
        private double _rate;
        private double _nextSlot;
        private readonly Func<long> _clock;
        // A window runs from the first request sent, or the end of the last pause, to the sending of
        // the next request the server refused. Its successes are the requests sent within it that
        // succeeded, some of which answer only after the 429 that ends it: so the pace it shows is
        // settled when the pause ends, and until then a first estimate from what has answered holds.
        private const long NoWindow = long.MinValue;
        private long _windowStart = NoWindow;
        private long _windowEnd;
        private bool _settling;
        private double _paceAtLimit;
        private int _windowSuccesses;
        private long _lastGrowth;

        // What the first window that ended in a 429 showed, and the burst the server allows once
        // a second window has told it apart from the rate; -1 until known.
        private int _firstSuccesses = -1;
        private double _firstSeconds;
        private double _burst = -1;
        private long _lastLimited;
        private int _onTheWire;
        private int _peakOnTheWire;

        /// <summary>A gate that has seen no limit yet.</summary>
        public RateGate()
            : this(Stopwatch.GetTimestamp)
        {
        }

        /// <summary>A gate on the given clock (<see cref="Stopwatch"/> ticks), so that tests can play out time.</summary>
        internal RateGate(Func<long> clock)
        {
            _clock = clock;
        }

        /// <summary>Requests per second the gate lets through, or 0 while no limit has shown itself.</summary>
        public double Rate
        {
            get
            {
                lock (_gate) return _rate;
            }
        }

        /// <summary>Waits, if a pause or the pace says so, before a try of <paramref name="request"/> is sent.</summary>
        internal Task WaitAsync(HttpRequestMessage request, RequestOptions options, CancellationToken cancellationToken)
        {
            var now = _clock();
            long waitTicks;
            bool paused;
            lock (_gate)
            {
                SettleAfterPause(now);
                paused = _pausedUntil > now;
                waitTicks = paused ? _pausedUntil - now : 0;
                if (_rate > 0 && now - _lastLimited > PaceLifetimeSeconds * TicksPerSecond)
                {
                    _rate = 0;
                    _firstSuccesses = -1;
                    _burst = -1;
                    _windowStart = NoWindow;
                    _settling = false;
                }

                if (_rate > 0)
                {
                    // A slot per request at the pace, with a small burst allowed.
                    var start = Math.Max(_nextSlot, Math.Max(now + waitTicks, 0) - BurstSeconds * TicksPerSecond);
                    _nextSlot = start + TicksPerSecond / _rate;
                    waitTicks = Math.Max(waitTicks, (long)(start - now));
                }
            }

            if (waitTicks <= 0) return Task.CompletedTask;
            var delay = TimeSpan.FromSeconds(waitTicks / TicksPerSecond);
            if (paused || delay >= TimeSpan.FromMilliseconds(100))
            {
                options.Observer?.OnVerbose(
                    $"Waiting {delay.TotalMilliseconds:0} ms before {request.Method} {request.RequestUri}: " +
                    (paused ? "the API's rate limit asked every request to wait." : $"requests go at {Rate:0.#} a second to stay within the API's rate limit."));
            }

            return Task.Delay(delay, cancellationToken);
        }

        /// <summary>A try is on the wire: counted, since only concurrent requests are paced.</summary>
        /// <returns>When it was sent, for <see cref="Observe"/>.</returns>
        internal long Enter()
        {
            var now = _clock();
            lock (_gate)
            {
                SettleAfterPause(now);

                // The first window starts with the first request, not with the gate: the time a
                // cmdlet takes to start is not time the server's limit was counting.
                if (_windowStart == NoWindow)
                {
                    _windowStart = now;
                    _windowSuccesses = 0;
                }

                _onTheWire++;
                if (_onTheWire > _peakOnTheWire) _peakOnTheWire = _onTheWire;
            }

            return now;
        }

        /// <summary>A try has its answer, or failed.</summary>
        internal void Exit()
        {
            lock (_gate) _onTheWire--;
        }

        /// <summary>Learns from an answer: a 429 pauses everyone and lowers the pace; rate-limit headers pause before a 429.</summary>
        /// <remarks><paramref name="sentAt"/> is when the try was sent (<see cref="Enter"/>); null counts it as sent in the current window.</remarks>
        internal void Observe(HttpResponseMessage response, HttpRequestMessage request, RequestOptions options, long? sentAt = null)
        {
            var now = _clock();
            if ((int)response.StatusCode == 429)
            {
                // A 429 that asks for no wait at all (Retry-After: 0) says the server is ready
                // again: the request is retried at once, and neither a pause nor a pace follows.
                // Learned from, a run of them would slow the connection to a crawl for nothing.
                var retryAfter = RetryAfter(response, options);
                if (retryAfter > TimeSpan.Zero) Limited(now, sentAt ?? now, retryAfter, request, options);
                return;
            }

            if (!response.IsSuccessStatusCode) return;
            var (remaining, resetSeconds) = RateLimitHeaders(response);
            var limit = remaining.HasValue ? Number(response, "RateLimit-Limit") ?? Number(response, "X-RateLimit-Limit") : null;
            double? slowingDown = null;
            lock (_gate)
            {
                // A success counts for the window it was sent in: one sent before the window began
                // would make it look faster than it was, one sent after its end belongs to no window.
                SettleAfterPause(now);
                if (!(sentAt < _windowStart) && !(_settling && sentAt > _windowEnd)) _windowSuccesses++;
                if (_rate > 0)
                {
                    // Grow once per elapsed second, by a share of the pace itself.
                    var seconds = (now - _lastGrowth) / TicksPerSecond;
                    if (seconds >= 1)
                    {
                        _rate *= Math.Pow(1 + (_burst < 0 ? GuessGrowthPerSecond : GrowthPerSecond), Math.Floor(seconds));
                        _lastGrowth = now;
                    }
                }

                // Slowing down before a 429: when what is left would not cover the requests already
                // on the wire, every request waits for the reset. (Spreading what is left over the
                // time to the reset would assume a fixed window; a token bucket's reset is only the
                // time until it is full again, and such a pace would starve.)
                if (remaining.HasValue && resetSeconds.HasValue && remaining.Value <= _onTheWire)
                {
                    // With the limit known, the reset is the time all of it comes back: wait only
                    // for the share the requests on the wire need. Without it, for all of the reset.
                    var needed = _onTheWire - remaining.Value + 1;
                    var share = limit > remaining.Value ? Math.Min(1, needed / (limit.Value - remaining.Value)) : 1;
                    var reset = Math.Min(resetSeconds.Value * share, options.MaxRetryDelay.TotalSeconds);
                    var until = now + (long)(reset * TicksPerSecond);
                    if (until > _pausedUntil)
                    {
                        _pausedUntil = until;
                        slowingDown = reset;
                    }
                }
            }

            if (slowingDown.HasValue)
            {
                options.Observer?.OnVerbose(
                    $"The API's rate limit has {remaining:0} requests left (RateLimit-Remaining): every request waits {slowingDown.Value * 1000:0} ms for more.");
            }
        }

        private void Limited(long now, long sentAt, TimeSpan retryAfter, HttpRequestMessage request, RequestOptions options)
        {
            double rate;
            bool news;
            lock (_gate)
            {
                SettleAfterPause(now);

                // The answers of requests sent before the pause began are the same news again.
                news = _pausedUntil <= now;
                _pausedUntil = Math.Max(_pausedUntil, now + (long)(retryAfter.TotalSeconds * TicksPerSecond));
                if (news)
                {
                    _lastLimited = now;
                    _windowEnd = Math.Min(sentAt, now);
                    _settling = true;
                    _paceAtLimit = _rate;
                    _rate = NextRate(_windowSuccesses, WindowSeconds(), learn: false);
                    _lastGrowth = _pausedUntil;
                    _nextSlot = 0;
                }

                rate = _rate;
            }

            if (news)
            {
                options.Observer?.OnVerbose(
                    $"{request.Method} {request.RequestUri} met the API's rate limit (429): every request waits {retryAfter.TotalMilliseconds:0} ms, then they go at {rate:0.#} a second.");
            }
        }

        // Once the pause is over, every request of the window that ended has its answer: the pace
        // is settled from all of them, and the next window begins.
        private void SettleAfterPause(long now)
        {
            if (!_settling || now < _pausedUntil) return;
            _settling = false;

            // Settled against the pace the window was sent at, not the first estimate.
            _rate = _paceAtLimit;
            _rate = NextRate(_windowSuccesses, WindowSeconds(), learn: true);
            _windowStart = _pausedUntil;
            _windowSuccesses = 0;
        }

        private double WindowSeconds() =>
            _windowStart == NoWindow ? 0.001 : Math.Max((_windowEnd - _windowStart) / TicksPerSecond, 0.001);

        // After a pause the server has its burst back: a window that ends in a 429 brought the burst
        // plus what the server allows per second over its length. The first window, sent without a
        // pace, gives one such sum; the second, at another pace and so of another length, a second
        // one, and the two tell the burst and the rate apart. Each later window then tells the rate.
        // With learn false, only what the window shows so far: nothing is remembered.
        private double NextRate(int successes, double seconds, bool learn)
        {
            // Too few answers to learn from, or one request at a time (a pace would only slow it):
            // the pause alone, and the pace as it was.
            var concurrent = _peakOnTheWire > 1;
            if (learn) _peakOnTheWire = _onTheWire;
            if (successes < MinimumEstimateSuccesses || !concurrent) return _rate;
            if (_firstSuccesses < 0)
            {
                if (learn)
                {
                    _firstSuccesses = successes;
                    _firstSeconds = seconds;
                }

                return Math.Max(MinimumRate, successes / seconds * FirstPaceShare);
            }

            double allowed;
            if (_burst < 0)
            {
                // successes = burst + rate * seconds, twice over: the rate is the slope between them.
                var longer = seconds - _firstSeconds;
                allowed = longer >= MinimumRegressionSeconds ? (successes - _firstSuccesses) / longer : 0;
                if (allowed > 0 && allowed <= successes / seconds)
                {
                    if (learn) _burst = Math.Max(0, _firstSuccesses - allowed * _firstSeconds);
                    return Math.Max(MinimumRate, allowed * EstimateShare);
                }

                // Windows too alike to tell apart: take all of the first as burst, an underestimate.
                allowed = seconds >= MinimumEstimateSeconds ? (successes - _firstSuccesses) / seconds : 0;
            }
            else
            {
                allowed = seconds >= MinimumEstimateSeconds ? (successes - _burst) / seconds : 0;
            }

            return allowed > 0 && allowed < _rate
                ? Math.Max(MinimumRate, allowed * EstimateShare)
                : Math.Max(MinimumRate, _rate * Decrease);
        }

        // The server's wait, within the same bounds as a retry's: never negative, never beyond
        // the longest wait the connection allows (a day-long Retry-After must not stall the session).
        private static TimeSpan RetryAfter(HttpResponseMessage response, RequestOptions options)
        {
            var delay = RetryHandler.ServerDelay(response) ?? TimeSpan.FromSeconds(1);
            if (delay < TimeSpan.Zero) return TimeSpan.Zero;
            return delay > options.MaxRetryDelay ? options.MaxRetryDelay : delay;
        }

        // The IETF draft's RateLimit-Remaining and RateLimit-Reset (seconds), or the common
        // X-RateLimit-* forms, whose reset is often a Unix time: both are understood.
        private static (double? Remaining, double? ResetSeconds) RateLimitHeaders(HttpResponseMessage response)
        {
            var remaining = Number(response, "RateLimit-Remaining") ?? Number(response, "X-RateLimit-Remaining");
            if (!remaining.HasValue) return (null, null);
            var reset = Number(response, "RateLimit-Reset") ?? Number(response, "X-RateLimit-Reset");
            if (reset > 1_000_000_000)
            {
                reset -= DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
            }

            return (remaining, reset.HasValue ? Math.Max(0, reset.Value) : (double?)null);
        }

        private static double? Number(HttpResponseMessage response, string header)
        {
            if (!response.Headers.TryGetValues(header, out var values)) return null;
            return double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : (double?)null;
        }
    }
}
