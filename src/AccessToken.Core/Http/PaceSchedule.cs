using System;

namespace Losant.AccessTokens.Http
{
    /// <summary>
    /// When paced requests may go: one slot per request at the pace, with a few slots' worth
    /// allowed at once so that the requests of a -ThrottleLimit window are not serialised behind
    /// one another. Plain code: times in, times out.
    /// </summary>
    internal readonly struct PaceSchedule
    {
        /// <summary>How much time's worth of requests may go at once.</summary>
        public const double BurstSeconds = 0.05;

        /// <summary>A schedule whose next slot is at <paramref name="next"/> (seconds).</summary>
        public PaceSchedule(double next)
        {
            Next = next;
        }

        /// <summary>The earliest time the next request may go, unless the burst allows it sooner.</summary>
        public double Next { get; }

        /// <summary>When a request that asks at <paramref name="now"/> may go at <paramref name="pace"/> a second, and the schedule after it.</summary>
        public (double At, PaceSchedule After) Take(double now, double pace)
        {
            var slot = Math.Max(Next, now - BurstSeconds);
            return (Math.Max(slot, now), new PaceSchedule(slot + 1 / pace));
        }
    }
}
