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

    private async Task RouteAsync(HttpContext context)
    {
        string path = (context.Request.Path.Value ?? string.Empty).TrimEnd('/');
        string method = context.Request.Method;
        switch (path[Prefix.Length..])
        {
            case "/requests":
                await (method switch
                {
                    "GET" => WriteRequestsAsync(context),
                    "DELETE" => ClearRequestsAsync(context),
                    _ => MethodNotAllowedAsync(context, "GET, DELETE"),
                });
                break;
            case "/tokens":
                string? collection = context.Request.Query["collection"];
                await (method != "GET" ? MethodNotAllowedAsync(context, "GET")
                    : collection is null ? JsonResponses.WriteTokenListAsync(context, store.Snapshot(), TokenView.Store)
                    : current.WriteCollectionAsync(context, collection));
                break;
            case "/reset":
                await (method == "POST" ? ResetAsync(context) : MethodNotAllowedAsync(context, "POST"));
                break;
            case "/config":
                await (method switch
                {
                    "GET" => WriteConfigAsync(context),
                    "POST" => ConfigureAsync(context),
                    _ => MethodNotAllowedAsync(context, "GET, POST"),
                });
                break;
            case "/faults":
                await (method switch
                {
                    "GET" => WriteFaultStatsAsync(context),
                    "POST" => SetFaultsAsync(context),
                    "DELETE" => ClearFaultsAsync(context),
                    _ => MethodNotAllowedAsync(context, "GET, POST, DELETE"),
                });
                break;
            case "/faults/stats":
                await (method == "GET" ? WriteFaultStatsAsync(context) : MethodNotAllowedAsync(context, "GET"));
                break;
            case "/shutdown":
                await (method == "POST" ? ShutdownAsync(context) : MethodNotAllowedAsync(context, "POST"));
                break;
            default:
                if (current.TryRoute(context, path[Prefix.Length..], out Task answer))
                {
                    await answer;
                    break;
                }
                await JsonResponses.WriteErrorAsync(context, StatusCodes.Status404NotFound, "NotFound",
                    $"No control endpoint {Validation.Shorten(path)}");
                break;
        }
    }

    private Task WriteRequestsAsync(HttpContext context) =>
        JsonResponses.StreamAsync(context, recorder.Snapshot(), static async (stream, requests) =>
        {
            stream.Writer.WriteStartArray();
            foreach (RecordedRequest request in requests)
            {
                RequestRecorder.Write(stream.Writer, request);
                if (!await stream.SendIfDueAsync())
                {
                    return;
                }
            }
            stream.Writer.WriteEndArray();
        });

    private Task ClearRequestsAsync(HttpContext context)
    {
        recorder.Clear();
        return JsonResponses.WriteSuccessAsync(context);
    }

    private async Task ResetAsync(HttpContext context)
    {
        byte[] body = await ReadBodyAsync(context);
        if (!Validation.TryParseOptionalObject(body, out JsonDocument? document, out string error))
        {
            await BadRequestAsync(context, error);
            return;
        }

        int? seedCount = null;
        using (document)
        {
            if (document is not null)
            {
                foreach (JsonProperty property in document.RootElement.EnumerateObject())
                {
                    if (property.Name != "seedCount")
                    {
                        await BadRequestAsync(context, $"property \"{property.Name}\" is not allowed (allowed: seedCount)");
                        return;
                    }
                    if (property.Value.ValueKind == JsonValueKind.Null)
                    {
                        continue;
                    }
                    if (property.Value.ValueKind != JsonValueKind.Number
                        || !property.Value.TryGetInt32(out int count) || count < 0)
                    {
                        await BadRequestAsync(context, "seedCount must be a non-negative integer");
                        return;
                    }
                    seedCount = count;
                }
            }
        }

        faults.Clear();
        config.Reset();
        current.Reset();
        store.Replace(seedCount is int n ? SeedData.Generated(n) : SeedData.Default());
        recorder.Clear();
        await JsonResponses.WriteAsync(context, StatusCodes.Status200OK, store.Count, static (w, count) =>
        {
            w.WriteStartObject();
            w.WriteBoolean("success", true);
            w.WriteNumber("count", count);
            w.WriteEndObject();
        });
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
        byte[] body = await ReadBodyAsync(context);
        if (!Validation.TryParseOptionalObject(body, out JsonDocument? document, out string error))
        {
            await BadRequestAsync(context, error);
            return;
        }

        bool? record = null;
        int? latencyMs = null;
        using (document)
        {
            if (document is not null)
            {
                foreach (JsonProperty property in document.RootElement.EnumerateObject())
                {
                    switch (property.Name)
                    {
                        case "record" when property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                            record = property.Value.GetBoolean();
                            break;
                        case "record":
                            await BadRequestAsync(context, "record must be true or false");
                            return;
                        case "latencyMs" when property.Value.ValueKind == JsonValueKind.Number
                                              && property.Value.TryGetInt32(out int ms) && ms >= 0:
                            latencyMs = ms;
                            break;
                        case "latencyMs":
                            await BadRequestAsync(context, "latencyMs must be a non-negative integer");
                            return;
                        default:
                            await BadRequestAsync(context, $"property \"{property.Name}\" is not allowed (allowed: record, latencyMs)");
                            return;
                    }
                }
            }
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
        byte[] body = await ReadBodyAsync(context);
        if (!Validation.TryParseJson(body, out JsonDocument document, out string error))
        {
            await BadRequestAsync(context, error);
            return;
        }
        FaultRule[] rules;
        using (document)
        {
            if (!FaultRule.TryParseList(document.RootElement, out rules, out error))
            {
                await BadRequestAsync(context, error);
                return;
            }
        }
        faults.Replace(rules);
        await JsonResponses.WriteAsync(context, StatusCodes.Status200OK, rules.Length, static (w, count) =>
        {
            w.WriteStartObject();
            w.WriteBoolean("success", true);
            w.WriteNumber("count", count);
            w.WriteEndObject();
        });
    }

    private Task ClearFaultsAsync(HttpContext context)
    {
        faults.Clear();
        return JsonResponses.WriteSuccessAsync(context);
    }

    private Task WriteFaultStatsAsync(HttpContext context) =>
        JsonResponses.WriteAsync(context, StatusCodes.Status200OK, faults.Rules, static (w, rules) =>
        {
            w.WriteStartArray();
            foreach (FaultRule rule in rules)
            {
                rule.WriteStats(w);
            }
            w.WriteEndArray();
        });

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

    public static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    private static Task BadRequestAsync(HttpContext context, string message) =>
        JsonResponses.ValidationErrorAsync(context, message);

    private static Task MethodNotAllowedAsync(HttpContext context, string allow) =>
        JsonResponses.MethodNotAllowedAsync(context, allow);
}
