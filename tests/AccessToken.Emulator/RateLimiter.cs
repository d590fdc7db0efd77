using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AccessToken.Emulator;

/// <summary>What a 429 of the rate limiter says in <c>Retry-After</c>.</summary>
/// <param name="FixedSeconds">Always this many seconds (0 included); null with <paramref name="Omitted"/> false: the seconds until a request would pass, at least 1.</param>
/// <param name="Omitted">No <c>Retry-After</c> at all.</param>
public sealed record RetryAfterChoice(int? FixedSeconds, bool Omitted)
{
    public static readonly RetryAfterChoice UntilAdmitted = new(null, false);

    public static readonly RetryAfterChoice None = new(null, true);

    public static RetryAfterChoice Seconds(int seconds) => new(seconds, false);
}

/// <summary>The settings of rate-limit mode, as <c>POST /_emulator/ratelimit</c> takes them.</summary>
/// <param name="RequestsPerSecond">How fast the bucket refills.</param>
/// <param name="Burst">The bucket's size: how many requests may arrive at once after a quiet spell.</param>
/// <param name="RetryAfter">What each 429 says in <c>Retry-After</c>.</param>
/// <param name="Headers">Send <c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c>, <c>RateLimit-Reset</c> on every API answer.</param>
/// <param name="LegacyHeaders">Send the same numbers as <c>X-RateLimit-*</c> too.</param>
public sealed record RateLimitSettings(double RequestsPerSecond, int Burst, RetryAfterChoice RetryAfter, bool Headers, bool LegacyHeaders);

/// <summary>The fields a control request gave; null ones keep what is set (PATCH) or take the default (POST).</summary>
public sealed record RateLimitChange(
    double? RequestsPerSecond = null, int? Burst = null, RetryAfterChoice? RetryAfter = null, bool? Headers = null, bool? LegacyHeaders = null);

/// <summary>
/// A token bucket in front of every API route, one for every client of the emulator: processes
/// that share it share one limit, as the clients of one API token do. Off until configured; the
/// control routes never pass through it. It can be changed while clients run against it. Refused
/// requests are still recorded, so tests can count them both ways.
/// </summary>
public sealed class RateLimiter
{
    private readonly Lock _gate = new();
    private RateLimitSettings? _settings;
    private double _available;
    private long _refilledAt;
    private long _allowed;
    private long _refused;

    public void Configure(RateLimitSettings settings)
    {
        lock (_gate)
        {
            _settings = settings;
            _available = settings.Burst;
            _refilledAt = Stopwatch.GetTimestamp();
            _allowed = 0;
            _refused = 0;
        }
    }

    /// <summary>
    /// Changes the given settings of a limit in force, keeping what the bucket holds (up to a
    /// smaller burst) and the counters: a limit that tightens or relaxes while clients run.
    /// False when no limit is in force.
    /// </summary>
    public bool Change(RateLimitChange change)
    {
        lock (_gate)
        {
            if (_settings is not RateLimitSettings settings)
            {
                return false;
            }
            // The bucket fills at the old rate up to now, at the new one after.
            long now = Stopwatch.GetTimestamp();
            _available = Math.Min(settings.Burst,
                _available + Stopwatch.GetElapsedTime(_refilledAt, now).TotalSeconds * settings.RequestsPerSecond);
            _refilledAt = now;
            _settings = new RateLimitSettings(
                change.RequestsPerSecond ?? settings.RequestsPerSecond,
                change.Burst ?? settings.Burst,
                change.RetryAfter ?? settings.RetryAfter,
                change.Headers ?? settings.Headers,
                change.LegacyHeaders ?? settings.LegacyHeaders);
            _available = Math.Min(_available, _settings.Burst);
            return true;
        }
    }

    /// <summary>Stops limiting; the counters stay readable until the next configuration or reset.</summary>
    public void Disable()
    {
        lock (_gate)
        {
            _settings = null;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _settings = null;
            _allowed = 0;
            _refused = 0;
        }
    }

    /// <summary>
    /// Takes one request from the bucket and puts the rate-limit headers on the answer. False means
    /// refused: the caller answers 429, for which this has already set <c>Retry-After</c>.
    /// </summary>
    public bool TryAdmit(HttpResponse response)
    {
        RateLimitSettings settings;
        bool admitted;
        double available;
        lock (_gate)
        {
            if (_settings is null)
            {
                return true;
            }
            settings = _settings;
            long now = Stopwatch.GetTimestamp();
            _available = Math.Min(settings.Burst,
                _available + Stopwatch.GetElapsedTime(_refilledAt, now).TotalSeconds * settings.RequestsPerSecond);
            _refilledAt = now;
            admitted = _available >= 1;
            if (admitted)
            {
                _available -= 1;
                _allowed++;
            }
            else
            {
                _refused++;
            }
            available = _available;
        }

        IHeaderDictionary headers = response.Headers;
        if (settings.Headers || settings.LegacyHeaders)
        {
            string limit = settings.Burst.ToString(CultureInfo.InvariantCulture);
            string remaining = ((int)Math.Floor(available)).ToString(CultureInfo.InvariantCulture);
            string reset = Seconds((settings.Burst - available) / settings.RequestsPerSecond);
            if (settings.Headers)
            {
                headers["RateLimit-Limit"] = limit;
                headers["RateLimit-Remaining"] = remaining;
                headers["RateLimit-Reset"] = reset;
            }
            if (settings.LegacyHeaders)
            {
                headers["X-RateLimit-Limit"] = limit;
                headers["X-RateLimit-Remaining"] = remaining;
                headers["X-RateLimit-Reset"] = reset;
            }
        }
        if (!admitted && !settings.RetryAfter.Omitted)
        {
            headers.RetryAfter = settings.RetryAfter.FixedSeconds is int fixedWait
                ? fixedWait.ToString(CultureInfo.InvariantCulture)
                : Seconds(Math.Max(1, (1 - available) / settings.RequestsPerSecond));
        }
        return admitted;
    }

    public void WriteState(Utf8JsonWriter writer)
    {
        lock (_gate)
        {
            writer.WriteStartObject();
            writer.WriteBoolean("enabled", _settings is not null);
            if (_settings is RateLimitSettings s)
            {
                writer.WriteNumber("requestsPerSecond", s.RequestsPerSecond);
                writer.WriteNumber("burst", s.Burst);
                if (s.RetryAfter.Omitted)
                {
                    writer.WriteString("retryAfter", "none");
                }
                else if (s.RetryAfter.FixedSeconds is int retryAfter)
                {
                    writer.WriteNumber("retryAfter", retryAfter);
                }
                else
                {
                    writer.WriteNull("retryAfter");
                }
                writer.WriteBoolean("headers", s.Headers);
                writer.WriteBoolean("legacyHeaders", s.LegacyHeaders);
            }
            writer.WriteNumber("allowed", _allowed);
            writer.WriteNumber("refused", _refused);
            writer.WriteEndObject();
        }
    }

    /// <summary>Whole seconds, rounded up: a client that waits this long finds room.</summary>
    private static string Seconds(double seconds) =>
        ((long)Math.Ceiling(Math.Max(0, seconds))).ToString(CultureInfo.InvariantCulture);
}
