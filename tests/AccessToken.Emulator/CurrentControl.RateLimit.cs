using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AccessToken.Emulator;

/// <summary>The rate-limit control endpoint, <c>/_emulator/ratelimit</c>: turn the limiter on, change it while it runs, or off.</summary>
public sealed partial class CurrentControl
{
    private Task WriteRateLimitAsync(HttpContext context) =>
        JsonResponses.WriteAsync(context, StatusCodes.Status200OK, rateLimiter, static (w, r) => r.WriteState(w));

    private async Task ConfigureRateLimitAsync(HttpContext context)
    {
        RateLimitChange? change = await ReadRateLimitChangeAsync(context);
        if (change is null)
        {
            return;
        }
        if (change.RequestsPerSecond is not double rate)
        {
            await JsonResponses.ValidationErrorAsync(context, "requestsPerSecond is required");
            return;
        }
        rateLimiter.Configure(new RateLimitSettings(rate, change.Burst ?? 1, change.RetryAfter ?? RetryAfterChoice.UntilAdmitted,
            change.Headers ?? true, change.LegacyHeaders ?? false));
        await WriteRateLimitAsync(context);
    }

    /// <summary>PATCH: changes the limit while clients run against it, keeping the bucket's level and the counters.</summary>
    private async Task ChangeRateLimitAsync(HttpContext context)
    {
        RateLimitChange? change = await ReadRateLimitChangeAsync(context);
        if (change is null)
        {
            return;
        }
        if (!rateLimiter.Change(change))
        {
            await JsonResponses.ValidationErrorAsync(context, "rate limiting is off: turn it on with POST first");
            return;
        }
        await WriteRateLimitAsync(context);
    }

    /// <summary>Null when the body was bad; the 400 has been sent then.</summary>
    private static async Task<RateLimitChange?> ReadRateLimitChangeAsync(HttpContext context)
    {
        var change = new RateLimitChange();
        bool valid = await ControlRequests.ReadPropertiesAsync(context, property =>
        {
            JsonElement value = property.Value;
            switch (property.Name)
            {
                case "requestsPerSecond" when value.ValueKind == JsonValueKind.Number && value.GetDouble() > 0:
                    change = change with { RequestsPerSecond = value.GetDouble() };
                    return null;
                case "burst" when value.TryGetInt32(out int b) && b >= 1:
                    change = change with { Burst = b };
                    return null;
                case "retryAfter" when value.ValueKind == JsonValueKind.Null:
                    change = change with { RetryAfter = RetryAfterChoice.UntilAdmitted };
                    return null;
                case "retryAfter" when value.ValueKind == JsonValueKind.String && value.GetString() == "none":
                    change = change with { RetryAfter = RetryAfterChoice.None };
                    return null;
                case "retryAfter" when value.TryGetInt32(out int r) && r >= 0:
                    change = change with { RetryAfter = RetryAfterChoice.Seconds(r) };
                    return null;
                case "headers" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    change = change with { Headers = value.GetBoolean() };
                    return null;
                case "legacyHeaders" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    change = change with { LegacyHeaders = value.GetBoolean() };
                    return null;
                case "requestsPerSecond":
                    return "requestsPerSecond must be a number above 0";
                case "burst":
                    return "burst must be an integer of at least 1";
                case "retryAfter":
                    return "retryAfter must be a non-negative integer number of seconds, \"none\", or null";
                case "headers" or "legacyHeaders":
                    return $"{property.Name} must be true or false";
                default:
                    return $"property \"{property.Name}\" is not allowed (allowed: requestsPerSecond, burst, retryAfter, headers, legacyHeaders)";
            }
        });
        return valid ? change : null;
    }

    private Task DisableRateLimitAsync(HttpContext context)
    {
        rateLimiter.Disable();
        return WriteRateLimitAsync(context);
    }
}
