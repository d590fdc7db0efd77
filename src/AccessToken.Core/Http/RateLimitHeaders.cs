using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;

namespace Losant.AccessTokens.Http
{
    /// <summary>
    /// What an answer's rate-limit headers say: the IETF draft's RateLimit-Limit,
    /// RateLimit-Remaining and RateLimit-Reset (seconds), or the common X-RateLimit-* forms, whose
    /// reset is often a Unix time; both are understood.
    /// </summary>
    internal readonly struct RateLimitHeaders
    {
        // A reset above this is a Unix time, not a number of seconds.
        private const double UnixTimeAbove = 1_000_000_000;

        private RateLimitHeaders(double remaining, double resetSeconds, double? limit)
        {
            Remaining = remaining;
            ResetSeconds = resetSeconds;
            Limit = limit;
        }

        /// <summary>Requests left before the server refuses.</summary>
        public double Remaining { get; }

        /// <summary>Seconds until all of the limit is back.</summary>
        public double ResetSeconds { get; }

        /// <summary>The whole limit, when the server says it.</summary>
        public double? Limit { get; }

        /// <summary>The headers of <paramref name="response"/>, or null when it has no remaining count and reset.</summary>
        public static RateLimitHeaders? Read(HttpResponseMessage response, DateTimeOffset now)
        {
            var remaining = Number(response, "RateLimit-Remaining") ?? Number(response, "X-RateLimit-Remaining");
            var reset = Number(response, "RateLimit-Reset") ?? Number(response, "X-RateLimit-Reset");
            if (!(remaining is double left) || !(reset is double resetValue)) return null;
            if (resetValue > UnixTimeAbove) resetValue -= now.ToUnixTimeMilliseconds() / 1000.0;
            var limit = Number(response, "RateLimit-Limit") ?? Number(response, "X-RateLimit-Limit");
            return new RateLimitHeaders(left, Math.Max(0, resetValue), limit);
        }

        /// <summary>
        /// Seconds to wait before more requests go, when what is left would not cover the
        /// <paramref name="onTheWire"/> requests already sent; null when it would.
        /// </summary>
        /// <remarks>
        /// With the limit known, the reset is the time all of it comes back: the wait is only the
        /// share the requests on the wire need. Without it, all of the reset. (Spreading what is left
        /// over the time to the reset would assume a fixed window; a token bucket's reset is only the
        /// time until it is full again, and such a pace would starve.)
        /// </remarks>
        public double? WaitFor(int onTheWire)
        {
            if (Remaining > onTheWire) return null;
            var needed = onTheWire - Remaining + 1;
            var share = Limit is double limit && limit > Remaining ? Math.Min(1, needed / (limit - Remaining)) : 1;
            return ResetSeconds * share;
        }

        private static double? Number(HttpResponseMessage response, string header)
        {
            if (!response.Headers.TryGetValues(header, out var values)) return null;
            return double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : (double?)null;
        }
    }
}
