using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AccessToken.Emulator;

/// <summary>The settings of rate-limit mode, as <c>POST /_emulator/ratelimit</c> takes them.</summary>
/// <param name="RequestsPerSecond">How fast the bucket refills.</param>
/// <param name="Burst">The bucket's size: how many requests may arrive at once after a quiet spell.</param>
/// <param name="RetryAfterSeconds">Sent as <c>Retry-After</c> with each 429; null means "seconds until the next request would pass", at least 1.</param>
/// <param name="Headers">Send <c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c>, <c>RateLimit-Reset</c> on every API answer.</param>
/// <param name="LegacyHeaders">Send the same numbers as <c>X-RateLimit-*</c> too.</param>
public sealed record RateLimitSettings(double RequestsPerSecond, int Burst, int? RetryAfterSeconds, bool Headers, bool LegacyHeaders);

/// <summary>
/// A token bucket in front of every API route. Off until configured; the control routes never pass
/// through it. Refused requests are still recorded, so tests can count them both ways.
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
        if (!admitted)
        {
            headers.RetryAfter = settings.RetryAfterSeconds is int fixedWait
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
                if (s.RetryAfterSeconds is int retryAfter)
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
