using System;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Losant.AccessTokens.Http
{
    /// <summary>
    /// Keeps the requests of one connection to the API's rate limit: each try waits for its slot at
    /// the pace a <see cref="RateController"/> decides from what was sent and how it was answered.
    /// A 429 is news about the limit, not an order to stop: its Retry-After holds back only the
    /// refused request (the retry handler waits it out), and the others go on at the controller's
    /// pace. Rate-limit headers that leave too little for the requests on the wire hold new tries
    /// back until enough has come back.
    /// </summary>
    /// <remarks>Until the first sign of a limit there is no pace, and a try waits for nothing.</remarks>
    public sealed class RatePacer
    {
        // A rise of the pace is reported once it is this many times the pace last reported.
        private const double ReportedRise = 1.25;

        private readonly object _lock = new object();
        private readonly RateController _controller = new RateController();
        private readonly Func<double> _clock;
        private PaceSchedule _schedule;
        private double _heldUntil;
        private int _onTheWire;
        private double _reportedPace;

        /// <summary>A pacer that has seen no limit yet.</summary>
        public RatePacer()
            : this(() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency)
        {
        }

        /// <summary>A pacer on the given clock (seconds), so that tests can play out time.</summary>
        internal RatePacer(Func<double> clock)
        {
            _clock = clock;
        }

        /// <summary>Waits, if the pace or the rate-limit headers say so, before a try of <paramref name="request"/> is sent.</summary>
        internal Task WaitAsync(HttpRequestMessage request, RequestOptions options, CancellationToken cancellationToken)
        {
            var now = _clock();
            double wait;
            double? raised = null;
            lock (_lock)
            {
                var earliest = Math.Max(now, _heldUntil);
                if (_controller.Pace(now) is double pace)
                {
                    double at;
                    (at, _schedule) = _schedule.Take(earliest, pace);
                    earliest = at;
                    if (pace >= _reportedPace * ReportedRise)
                    {
                        _reportedPace = pace;
                        raised = pace;
                    }
                }

                wait = earliest - now;
            }

            if (raised is double risen)
            {
                options.Observer?.OnVerbose($"Requests now go at {risen:0.#} a second to stay within the API's rate limit.");
            }

            return wait <= 0 ? Task.CompletedTask : Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken);
        }

        /// <summary>A try is on the wire.</summary>
        /// <returns>When it was sent, for <see cref="Observe"/>.</returns>
        internal double Enter()
        {
            var now = _clock();
            lock (_lock)
            {
                _controller.Sent(now);
                _onTheWire++;
            }

            return now;
        }

        /// <summary>A try has its answer, or failed.</summary>
        internal void Exit()
        {
            lock (_lock) _onTheWire--;
        }

        /// <summary>Learns from the answer to a try sent at <paramref name="sentAt"/> (<see cref="Enter"/>).</summary>
        internal void Observe(HttpResponseMessage response, HttpRequestMessage request, RequestOptions options, double sentAt)
        {
            var now = _clock();

            // A 429 that asks for no wait at all (Retry-After: 0) says the server is ready again:
            // the request is retried at once, and it teaches nothing about a pace.
            var status = (int)response.StatusCode;
            var refused = status == 429;
            if (refused && RetryHandler.ServerDelay(response) <= TimeSpan.Zero) return;
            var headers = refused || response.IsSuccessStatusCode ? RateLimitHeaders.Read(response, DateTimeOffset.UtcNow) : null;
            bool lowered;
            double? pace;
            double? held = null;
            lock (_lock)
            {
                lowered = _controller.Answered(sentAt, now, refused);
                pace = _controller.Pace(now);
                if (lowered) _reportedPace = pace ?? 0;
                if (headers?.WaitFor(_onTheWire) is double wait)
                {
                    var until = now + options.BoundedWaitSeconds(wait);
                    if (until > _heldUntil)
                    {
                        // Reported when a hold begins, not each time an answer extends it.
                        if (_heldUntil <= now) held = until - now;
                        _heldUntil = until;
                    }
                }
            }

            if (lowered)
            {
                options.Observer?.OnVerbose(
                    $"{request.Method} {request.RequestUri} met the API's rate limit (429), with more refused: requests now go at {pace:0.#} a second.");
            }

            if (held is double seconds)
            {
                options.Observer?.OnVerbose(
                    $"The API's rate limit has {headers?.Remaining:0} requests left (RateLimit-Remaining): new requests wait {seconds * 1000:0} ms for more.");
            }
        }
    }
}
