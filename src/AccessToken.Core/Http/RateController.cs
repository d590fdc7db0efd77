using System;

namespace Losant.AccessTokens.Http
{
    /// <summary>
    /// Decides the pace at which a connection sends requests to a rate-limited server, from what
    /// was sent and how it was answered: the AWS SDKs' adaptive retry, a CUBIC rate. Until the
    /// server shows a limit there is no pace. When it does, the pace drops to a share of the rate
    /// the connection was sending at, climbs back along a cubic curve (quickly at first, levelling
    /// off near the rate that met the limit), then probes beyond it, faster and faster, until the
    /// limit shows again. Connections that share one limit meet it together and each gives up a
    /// share of its own rate: the faster gives up more and climbs back more slowly, so they
    /// converge to equal shares with the limit full; when one stops, the others climb into what
    /// it leaves within seconds.
    /// </summary>
    /// <remarks>
    /// Plain code: no clock and no lock. Events come in with their times (seconds on any one
    /// clock), the pace comes out; the caller serialises the calls.
    /// A limit shows itself as a share of refusals, not as one refusal: the answers to the
    /// requests sent since the pace last changed are counted, and only when more than
    /// <see cref="RefusedShareOfNote"/> of up to <see cref="AnswersPerRound"/> of them were
    /// refused does the pace drop. Refusals a server makes now and then for reasons of its own
    /// are too few for that, so they cost only the refused requests' own waits; a limit the
    /// connection exceeds refuses more with every request above it, and shows within a round.
    /// One drop per round: the answers to requests sent before the drop are the same news again.
    /// </remarks>
    internal sealed class RateController
    {
        /// <summary>At a limit the pace drops to this share of the rate that met it (the AWS SDKs' and CUBIC's 0.7).</summary>
        public const double Beta = 0.7;

        /// <summary>The cubic curve's scale, in requests a second per second cubed: a connection that met a limit at 200 a second is back there in 2.2 s, and at twice it 3.2 s later.</summary>
        public const double Scale = 6;

        /// <summary>The share of a round's answers that must be refusals before they mean a limit.</summary>
        public const double RefusedShareOfNote = 0.05;

        /// <summary>A round ends after this many answers, or at a drop of the pace.</summary>
        public const int AnswersPerRound = 100;

        /// <summary>The pace never drops below this many requests a second.</summary>
        public const double MinimumRate = 0.5;

        /// <summary>The send rate is measured over windows this long.</summary>
        public const double MeasureSeconds = 0.5;

        // The shortest span a first measurement divides by: less, and one request would be a huge rate.
        private const double ShortestMeasure = 0.05;

        // Null until the server first shows a limit: there is no pace before it.
        private Curve? _curve;
        // The answers to requests sent since Start: a round ends at a drop of the pace or after AnswersPerRound answers.
        private (double Start, int Answers, int Refused) _round;
        private SendRate? _sent;

        /// <summary>Requests a second allowed at <paramref name="now"/>; null while no limit has shown itself.</summary>
        public double? Pace(double now)
        {
            if (!(_curve is Curve curve)) return null;

            // Never more than twice what was really sent, so that a connection that cannot use its
            // pace (too few requests, slow answers) does not grow one it would send a burst at.
            var pace = curve.RateAt(now);
            if (_sent is SendRate sent) pace = Math.Min(pace, 2 * Math.Max(sent.RateAt(now), MinimumRate));
            return Math.Max(MinimumRate, pace);
        }

        /// <summary>A request was sent at <paramref name="at"/> (every try counts).</summary>
        public void Sent(double at) => _sent = _sent is SendRate sent ? sent.Add(at) : new SendRate(at, 1, null);

        /// <summary>
        /// A request sent at <paramref name="sentAt"/> was answered at <paramref name="at"/>,
        /// <paramref name="refused"/> or not. True when this answer lowered the pace.
        /// </summary>
        public bool Answered(double sentAt, double at, bool refused)
        {
            if (sentAt < _round.Start) return false;
            _round = (_round.Start, _round.Answers + 1, _round.Refused + (refused ? 1 : 0));
            if (_round.Refused > RefusedShareOfNote * AnswersPerRound)
            {
                Lower(at);
                return true;
            }

            if (_round.Answers >= AnswersPerRound) _round = (at, 0, 0);
            return false;
        }

        private void Lower(double at)
        {
            // The rate that met the limit: what was really sent, or the pace if that was less.
            var sentRate = _sent?.RateAt(at) ?? MinimumRate;
            var met = Math.Max(MinimumRate, Pace(at) is double pace ? Math.Min(pace, sentRate) : sentRate);

            // (CUBIC's fast convergence, which aims lower when a limit is met below the last peak,
            // is left out: among connections that meet a limit together it compounds against
            // whichever has fallen behind.)
            var peak = met;
            _curve = new Curve(peak, at, Math.Pow(peak * (1 - Beta) / Scale, 1.0 / 3));
            _round = (at, 0, 0);
        }

        /// <summary>The pace since the last drop: βW at the drop, back to W after K seconds, beyond it after.</summary>
        private readonly struct Curve
        {
            public readonly double Peak;
            public readonly double Since;
            public readonly double SecondsToPeak;

            public Curve(double peak, double since, double secondsToPeak) => (Peak, Since, SecondsToPeak) = (peak, since, secondsToPeak);

            public double RateAt(double now)
            {
                var t = Math.Max(0, now - Since) - SecondsToPeak;
                return Scale * t * t * t + Peak;
            }
        }

        /// <summary>Requests sent in the window that began at <see cref="Start"/>, and the rate of the window before.</summary>
        private readonly struct SendRate
        {
            public readonly double Start;
            public readonly int Count;
            public readonly double? Previous;

            public SendRate(double start, int count, double? previous) => (Start, Count, Previous) = (start, count, previous);

            public SendRate Add(double at) =>
                at - Start >= MeasureSeconds ? new SendRate(at, 1, Count / (at - Start)) : new SendRate(Start, Count + 1, Previous);

            // A sliding window: this window's requests, plus the last window's rate for the part of
            // a whole window this one has not yet covered.
            public double RateAt(double now)
            {
                var elapsed = Math.Max(0, now - Start);
                // A connection that has gone quiet keeps the rate it was sending at, not a rate
                // that shrinks the longer it rests.
                if (elapsed >= MeasureSeconds) return Math.Max(Count / elapsed, Previous ?? 0);
                return Previous is double previous
                    ? (Count + previous * (MeasureSeconds - elapsed)) / MeasureSeconds
                    : Count / Math.Max(elapsed, ShortestMeasure);
            }
        }
    }
}
