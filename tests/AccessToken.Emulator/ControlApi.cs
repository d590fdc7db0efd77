using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AccessToken.Emulator;

/// <summary>
/// The <c>/_emulator/</c> endpoints tests use to inspect and steer the emulator. They need no
/// authorization, are never recorded and never see faults.
/// </summary>
public sealed class ControlApi(
    TokenStore store,
    RequestRecorder recorder,
    FaultInjector faults,
    EmulatorConfig config,
    CurrentControl current,
    Action stopEmulator)
{
    public const string Prefix = "/_emulator";

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await RouteAsync(context);
        }
        catch (Exception ex) when (context.RequestAborted.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            // The test that asked has gone away.
        }
    }

    private Task RouteAsync(HttpContext context)
    {
        string path = (context.Request.Path.Value ?? string.Empty).TrimEnd('/');
        string endpoint = path[Prefix.Length..];
        return endpoint switch
        {
            "/requests" => ControlRequests.ByMethod(context, ("GET", WriteRequestsAsync), ("DELETE", ClearRequestsAsync)),
            "/tokens" => ControlRequests.ByMethod(context, ("GET", WriteTokensAsync)),
            "/reset" => ControlRequests.ByMethod(context, ("POST", ResetAsync)),
            "/config" => ControlRequests.ByMethod(context, ("GET", WriteConfigAsync), ("POST", ConfigureAsync)),
            "/faults" => ControlRequests.ByMethod(context,
                ("GET", WriteFaultStatsAsync), ("POST", SetFaultsAsync), ("DELETE", ClearFaultsAsync)),
            "/faults/stats" => ControlRequests.ByMethod(context, ("GET", WriteFaultStatsAsync)),
            "/shutdown" => ControlRequests.ByMethod(context, ("POST", ShutdownAsync)),
            _ => current.TryRoute(context, endpoint, out Task answer) ? answer
                : JsonResponses.WriteErrorAsync(context, StatusCodes.Status404NotFound, "NotFound",
                    $"No control endpoint {ValidationMessages.Shorten(path)}"),
        };
    }

    /// <summary>Every token of the old API's store, or with <c>?collection=</c> one collection in today's shape.</summary>
    private Task WriteTokensAsync(HttpContext context)
    {
        string? collection = context.Request.Query["collection"];
        return collection is null
            ? JsonResponses.WriteTokenListAsync(context, store.Snapshot(), TokenView.Store)
            : current.WriteCollectionAsync(context, collection);
    }

    private Task WriteRequestsAsync(HttpContext context) =>
        JsonResponses.StreamAsync(context, recorder.Snapshot(), static async (stream, requests) =>
        {
            stream.Writer.WriteStartArray();
            if (await stream.WriteItemsAsync(requests, RequestRecorder.Write))
            {
                stream.Writer.WriteEndArray();
            }
        });

    private Task ClearRequestsAsync(HttpContext context)
    {
        recorder.Clear();
        return JsonResponses.WriteSuccessAsync(context);
    }

    private async Task ResetAsync(HttpContext context)
    {
        int? seedCount = null;
        bool valid = await ControlRequests.ReadPropertiesAsync(context, property =>
        {
            JsonElement value = property.Value;
            if (property.Name != "seedCount")
            {
                return $"property \"{property.Name}\" is not allowed (allowed: seedCount)";
            }
            if (value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int count) || count < 0)
            {
                return "seedCount must be a non-negative integer";
            }
            seedCount = count;
            return null;
        });
        if (!valid)
        {
            return;
        }

        faults.Clear();
        config.Reset();
        current.Reset();
        store.Replace(seedCount is int n ? SeedData.Generated(n) : SeedData.Default());
        recorder.Clear();
        await ControlRequests.WriteCountAsync(context, store.Count);
    }

    private Task WriteConfigAsync(HttpContext context) =>
        JsonResponses.WriteAsync(context, StatusCodes.Status200OK, config, static (w, c) =>
        {
            w.WriteStartObject();
            w.WriteBoolean("record", c.Record);
            w.WriteNumber("latencyMs", c.LatencyMs);
            w.WriteEndObject();
        });

    private async Task ConfigureAsync(HttpContext context)
    {
        bool? record = null;
        int? latencyMs = null;
        bool valid = await ControlRequests.ReadPropertiesAsync(context, property =>
        {
            JsonElement value = property.Value;
            switch (property.Name)
            {
                case "record" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    record = value.GetBoolean();
                    return null;
                case "record":
                    return "record must be true or false";
                case "latencyMs" when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int ms) && ms >= 0:
                    latencyMs = ms;
                    return null;
                case "latencyMs":
                    return "latencyMs must be a non-negative integer";
                default:
                    return $"property \"{property.Name}\" is not allowed (allowed: record, latencyMs)";
            }
        });
        if (!valid)
        {
            return;
        }

        // Only the fields sent change, so a test can toggle recording without losing its latency.
        if (record is bool r)
        {
            config.Record = r;
        }
        if (latencyMs is int l)
        {
            config.LatencyMs = l;
        }
        await WriteConfigAsync(context);
    }

    private async Task SetFaultsAsync(HttpContext context)
    {
        JsonDocument? document = await ControlRequests.ReadJsonAsync(context);
        if (document is null)
        {
            return;
        }
        FaultRule[] rules;
        using (document)
        {
            if (!FaultRuleParser.TryParseList(document.RootElement, out rules, out string error))
            {
                await JsonResponses.ValidationErrorAsync(context, error);
                return;
            }
        }
        faults.Replace(rules);
        await ControlRequests.WriteCountAsync(context, rules.Length);
    }

    private Task ClearFaultsAsync(HttpContext context)
    {
        faults.Clear();
        return JsonResponses.WriteSuccessAsync(context);
    }

    private Task WriteFaultStatsAsync(HttpContext context) =>
        ControlRequests.WriteArrayAsync(context, faults.Rules, static (w, rule) => rule.WriteStats(w));

    private Task ShutdownAsync(HttpContext context)
    {
        // Stop only once the answer is on the wire, so the caller sees success rather than a reset.
        context.Response.OnCompleted(() =>
        {
            stopEmulator();
            return Task.CompletedTask;
        });
        return JsonResponses.WriteSuccessAsync(context);
    }
}
