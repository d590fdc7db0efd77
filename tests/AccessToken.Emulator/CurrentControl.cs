using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AccessToken.Emulator;

/// <summary>
/// The control endpoints of today's API and of the modes around it: seeding applications and
/// instances, the sign-in user, rate limiting, changes to collections while they are listed,
/// connection counts and the HTTPS certificate.
/// </summary>
public sealed class CurrentControl(
    IdSequence ids,
    CurrentApi api,
    OwnerDirectory applications,
    OwnerDirectory instances,
    UserAccount user,
    RateLimiter rateLimiter,
    ListMutations mutations,
    ConnectionStats connections,
    X509Certificate2? certificate)
{
    /// <summary>Guards against a seed that would not fit in memory: owners times tokens each.</summary>
    private const long MaxSeededTokens = 2_000_000;

    /// <summary>Back to the seeds and every mode off, as <c>POST /_emulator/reset</c> promises.</summary>
    public void Reset()
    {
        ids.Reset();
        applications.Replace(SeedData.DefaultApplications(ids));
        instances.Replace(SeedData.DefaultInstances(ids));
        user.Reset();
        rateLimiter.Reset();
        mutations.Reset();
        connections.Reset();
    }

    /// <summary>Answers the endpoints this class owns; false when <paramref name="endpoint"/> is not one of them.</summary>
    public bool TryRoute(HttpContext context, string endpoint, out Task answer)
    {
        string method = context.Request.Method;
        answer = endpoint switch
        {
            "/applications" => OwnersAsync(context, applications),
            "/instances" => OwnersAsync(context, instances),
            "/user" => method switch
            {
                "GET" => WriteUserAsync(context),
                "POST" => ConfigureUserAsync(context),
                _ => JsonResponses.MethodNotAllowedAsync(context, "GET, POST"),
            },
            "/ratelimit" => method switch
            {
                "GET" => WriteRateLimitAsync(context),
                "POST" => ConfigureRateLimitAsync(context),
                "PATCH" => ChangeRateLimitAsync(context),
                "DELETE" => DisableRateLimitAsync(context),
                _ => JsonResponses.MethodNotAllowedAsync(context, "GET, POST, PATCH, DELETE"),
            },
            "/mutations" => method switch
            {
                "GET" => WriteMutationsAsync(context),
                "POST" => MutateAsync(context),
                "DELETE" => ClearMutationsAsync(context),
                _ => JsonResponses.MethodNotAllowedAsync(context, "GET, POST, DELETE"),
            },
            "/connections" => method switch
            {
                "GET" => JsonResponses.WriteAsync(context, StatusCodes.Status200OK, connections, static (w, c) => c.Write(w)),
                "DELETE" => ResetConnectionsAsync(context),
                _ => JsonResponses.MethodNotAllowedAsync(context, "GET, DELETE"),
            },
            "/certificate" => method == "GET" ? WriteCertificateAsync(context) : JsonResponses.MethodNotAllowedAsync(context, "GET"),
            _ => null!,
        };
        return answer is not null;
    }

    /// <summary>
    /// <c>GET /_emulator/tokens?collection=/applications/{id}/tokens</c>: one collection in today's
    /// shape, secrets included. False when the collection cannot be found (the answer is then an error).
    /// </summary>
    public Task WriteCollectionAsync(HttpContext context, string path)
    {
        if (!TryResolve(path, out TokenCollection collection, out string error))
        {
            return JsonResponses.ValidationErrorAsync(context, error);
        }
        return JsonResponses.StreamAsync(context, collection, static async (stream, c) =>
        {
            StoredToken[] tokens = c.Store.Snapshot();
            TokenJson.WriteListStart(stream.Writer);
            foreach (StoredToken token in tokens)
            {
                ApiTokenJson.WriteToken(stream.Writer, token, c, TokenView.Store);
                if (!await stream.SendIfDueAsync())
                {
                    return;
                }
            }
            TokenJson.WriteListEnd(stream.Writer, tokens.Length);
        });
    }

    /// <summary>Finds a token collection by its API path: <c>/me/tokens</c>, <c>/access-tokens</c>, or an owner's.</summary>
    private bool TryResolve(string path, out TokenCollection collection, out string error)
    {
        collection = null!;
        error = string.Empty;
        CurrentRoute route = string.Equals(path.TrimEnd('/'), TokenJson.CollectionPath, StringComparison.OrdinalIgnoreCase)
            ? CurrentRoute.Parse("/me/tokens")
            : CurrentRoute.Parse(path);
        if (route.Kind != RouteKind.TokenCollection)
        {
            error = $"\"{Validation.Shorten(path)}\" is not a token collection (/me/tokens, /access-tokens, " +
                    "/applications/{id}/tokens or /instances/{id}/tokens)";
            return false;
        }
        if (!CurrentApi.ValidOwnerId(route, out error))
        {
            return false;
        }
        if (!api.TryResolveCollection(route, out collection))
        {
            error = $"no {(route.Owner == OwnerKind.Application ? "application" : "instance")} {route.OwnerId}";
            return false;
        }
        return true;
    }

    private async Task OwnersAsync(HttpContext context, OwnerDirectory directory)
    {
        string method = context.Request.Method;
        if (method == "POST")
        {
            JsonDocument? document = await ReadOptionalObjectAsync(context);
            if (context.Response.HasStarted)
            {
                return;
            }
            int? count = null;
            int tokensEach = 0;
            using (document)
            {
                foreach (JsonProperty property in PropertiesOf(document))
                {
                    if (property.Name is not ("count" or "tokensEach"))
                    {
                        await JsonResponses.ValidationErrorAsync(context, $"property \"{property.Name}\" is not allowed (allowed: count, tokensEach)");
                        return;
                    }
                    if (!property.Value.TryGetInt32(out int value) || value < 0)
                    {
                        await JsonResponses.ValidationErrorAsync(context, $"{property.Name} must be a non-negative integer");
                        return;
                    }
                    if (property.Name == "count")
                    {
                        count = value;
                    }
                    else
                    {
                        tokensEach = value;
                    }
                }
            }
            if ((long)(count ?? 0) * tokensEach > MaxSeededTokens)
            {
                await JsonResponses.ValidationErrorAsync(context, $"count times tokensEach must be at most {MaxSeededTokens}");
                return;
            }
            directory.Replace(count is int generated
                ? SeedData.GeneratedOwners(ids, directory.Kind, generated, tokensEach)
                : directory.Kind == OwnerKind.Application ? SeedData.DefaultApplications(ids) : SeedData.DefaultInstances(ids));
        }
        else if (method != "GET")
        {
            await JsonResponses.MethodNotAllowedAsync(context, "GET, POST");
            return;
        }

        await JsonResponses.StreamAsync(context, directory.Snapshot(), static async (stream, owners) =>
        {
            Utf8JsonWriter w = stream.Writer;
            w.WriteStartObject();
            w.WriteStartArray("items");
            foreach (TokenOwner owner in owners)
            {
                w.WriteStartObject();
                w.WriteString("id", owner.Id);
                w.WriteString("name", owner.Name);
                w.WriteString("tokensPath", owner.Tokens.Path);
                w.WriteNumber("tokenCount", owner.Tokens.Store.Count);
                w.WriteEndObject();
                if (!await stream.SendIfDueAsync())
                {
                    return;
                }
            }
            w.WriteEndArray();
            w.WriteNumber("count", owners.Length);
            w.WriteEndObject();
        });
    }

    private Task WriteUserAsync(HttpContext context) =>
        JsonResponses.WriteAsync(context, StatusCodes.Status200OK, user, static (w, u) =>
        {
            w.WriteStartObject();
            w.WriteString("userId", SeedData.UserId);
            w.WriteString("email", u.Email);
            w.WriteBoolean("twoFactorRequired", u.TwoFactorRequired);
            w.WriteNumber("signIns", u.SignIns);
            w.WriteNumber("refusals", u.Refusals);
            w.WriteNumber("issuedTokens", u.IssuedCount);
            w.WriteEndObject();
        });

    private async Task ConfigureUserAsync(HttpContext context)
    {
        JsonDocument? document = await ReadOptionalObjectAsync(context);
        if (context.Response.HasStarted)
        {
            return;
        }
        string? email = null;
        string? password = null;
        string? twoFactorCode = null;
        bool clearTwoFactor = false;
        using (document)
        {
            foreach (JsonProperty property in PropertiesOf(document))
            {
                JsonValueKind kind = property.Value.ValueKind;
                switch (property.Name)
                {
                    case "email" or "password" when kind == JsonValueKind.String && property.Value.GetString()!.Length > 0:
                        if (property.Name == "email")
                        {
                            email = property.Value.GetString();
                        }
                        else
                        {
                            password = property.Value.GetString();
                        }
                        break;
                    case "email" or "password":
                        await JsonResponses.ValidationErrorAsync(context, $"{property.Name} must be a non-empty string");
                        return;
                    case "twoFactorCode" when kind == JsonValueKind.Null:
                        clearTwoFactor = true;
                        break;
                    case "twoFactorCode" when kind == JsonValueKind.String && property.Value.GetString()!.Length > 0:
                        twoFactorCode = property.Value.GetString();
                        break;
                    case "twoFactorCode":
                        await JsonResponses.ValidationErrorAsync(context, "twoFactorCode must be a non-empty string, or null to turn two-factor off");
                        return;
                    default:
                        await JsonResponses.ValidationErrorAsync(context,
                            $"property \"{property.Name}\" is not allowed (allowed: email, password, twoFactorCode)");
                        return;
                }
            }
        }
        user.Configure(email, password, twoFactorCode, clearTwoFactor);
        await WriteUserAsync(context);
    }

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
    private async Task<RateLimitChange?> ReadRateLimitChangeAsync(HttpContext context)
    {
        JsonDocument? document = await ReadOptionalObjectAsync(context);
        if (context.Response.HasStarted)
        {
            return null;
        }
        var change = new RateLimitChange();
        string? error = null;
        using (document)
        {
            foreach (JsonProperty property in PropertiesOf(document))
            {
                JsonElement value = property.Value;
                switch (property.Name)
                {
                    case "requestsPerSecond" when value.ValueKind == JsonValueKind.Number && value.GetDouble() > 0:
                        change = change with { RequestsPerSecond = value.GetDouble() };
                        break;
                    case "burst" when value.TryGetInt32(out int b) && b >= 1:
                        change = change with { Burst = b };
                        break;
                    case "retryAfter" when value.ValueKind == JsonValueKind.Null:
                        change = change with { RetryAfter = RetryAfterChoice.UntilAdmitted };
                        break;
                    case "retryAfter" when value.ValueKind == JsonValueKind.String && value.GetString() == "none":
                        change = change with { RetryAfter = RetryAfterChoice.None };
                        break;
                    case "retryAfter" when value.TryGetInt32(out int r) && r >= 0:
                        change = change with { RetryAfter = RetryAfterChoice.Seconds(r) };
                        break;
                    case "headers" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                        change = change with { Headers = value.GetBoolean() };
                        break;
                    case "legacyHeaders" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                        change = change with { LegacyHeaders = value.GetBoolean() };
                        break;
                    case "requestsPerSecond":
                        error = "requestsPerSecond must be a number above 0";
                        break;
                    case "burst":
                        error = "burst must be an integer of at least 1";
                        break;
                    case "retryAfter":
                        error = "retryAfter must be a non-negative integer number of seconds, \"none\", or null";
                        break;
                    case "headers" or "legacyHeaders":
                        error = $"{property.Name} must be true or false";
                        break;
                    default:
                        error = $"property \"{property.Name}\" is not allowed (allowed: requestsPerSecond, burst, retryAfter, headers, legacyHeaders)";
                        break;
                }
                if (error is not null)
                {
                    break;
                }
            }
        }
        if (error is not null)
        {
            await JsonResponses.ValidationErrorAsync(context, error);
            return null;
        }
        return change;
    }

    private Task DisableRateLimitAsync(HttpContext context)
    {
        rateLimiter.Disable();
        return WriteRateLimitAsync(context);
    }

    private Task WriteMutationsAsync(HttpContext context) =>
        JsonResponses.WriteAsync(context, StatusCodes.Status200OK, mutations.Armed, static (w, armed) =>
        {
            w.WriteStartArray();
            foreach (ListMutation mutation in armed)
            {
                mutation.Write(w);
            }
            w.WriteEndArray();
        });

    private async Task MutateAsync(HttpContext context)
    {
        byte[] body = await ControlApi.ReadBodyAsync(context);
        if (!Validation.TryParseJson(body, out JsonDocument document, out string error))
        {
            await JsonResponses.ValidationErrorAsync(context, error);
            return;
        }
        var parsed = new List<ListMutation>();
        using (document)
        {
            JsonElement root = document.RootElement;
            JsonElement[] items = root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : [root];
            for (int i = 0; i < items.Length; i++)
            {
                if (!TryParseMutation(items[i], out ListMutation? mutation, out error))
                {
                    await JsonResponses.ValidationErrorAsync(context, $"mutation {i}: {error}");
                    return;
                }
                parsed.Add(mutation);
            }
        }

        int applied = 0;
        foreach (ListMutation mutation in parsed.Where(m => m.AfterPage is null))
        {
            mutation.TryClaim();
            mutation.Apply(mutations);
            applied++;
        }
        mutations.Arm([.. parsed.Where(m => m.AfterPage is not null)]);
        await JsonResponses.WriteAsync(context, StatusCodes.Status200OK, (applied, armed: parsed.Count - applied), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteBoolean("success", true);
            w.WriteNumber("applied", s.applied);
            w.WriteNumber("armed", s.armed);
            w.WriteEndObject();
        });
    }

    private bool TryParseMutation(JsonElement item, out ListMutation mutation, out string error)
    {
        mutation = null!;
        error = string.Empty;
        if (item.ValueKind != JsonValueKind.Object)
        {
            error = "must be a JSON object";
            return false;
        }
        string? path = null;
        int? afterPage = null;
        int add = 0;
        int remove = 0;
        string[] removeIds = [];
        foreach (JsonProperty property in item.EnumerateObject())
        {
            JsonElement value = property.Value;
            switch (property.Name)
            {
                case "path" when value.ValueKind == JsonValueKind.String:
                    path = value.GetString();
                    break;
                case "afterPage" when value.ValueKind == JsonValueKind.Null:
                    break;
                case "afterPage" or "add" or "remove" when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) && n >= 0:
                    if (property.Name == "afterPage")
                    {
                        afterPage = n;
                    }
                    else if (property.Name == "add")
                    {
                        add = n;
                    }
                    else
                    {
                        remove = n;
                    }
                    break;
                case "removeIds" when value.ValueKind == JsonValueKind.Array
                                      && value.EnumerateArray().All(id => id.ValueKind == JsonValueKind.String):
                    removeIds = [.. value.EnumerateArray().Select(id => id.GetString()!)];
                    break;
                case "path":
                    error = "path must be a string";
                    return false;
                case "removeIds":
                    error = "removeIds must be an array of token ids";
                    return false;
                case "afterPage" or "add" or "remove":
                    error = $"{property.Name} must be a non-negative integer";
                    return false;
                default:
                    error = $"property \"{property.Name}\" is not allowed (allowed: path, afterPage, add, remove, removeIds)";
                    return false;
            }
        }
        if (path is null)
        {
            error = "path is required";
            return false;
        }
        if (!TryResolve(path, out TokenCollection collection, out error))
        {
            return false;
        }
        mutation = new ListMutation(path, collection, afterPage, add, remove, removeIds);
        return true;
    }

    private Task ClearMutationsAsync(HttpContext context)
    {
        mutations.Clear();
        return JsonResponses.WriteSuccessAsync(context);
    }

    private Task ResetConnectionsAsync(HttpContext context)
    {
        connections.Reset();
        return JsonResponses.WriteSuccessAsync(context);
    }

    private Task WriteCertificateAsync(HttpContext context) =>
        JsonResponses.WriteAsync(context, StatusCodes.Status200OK, certificate, static (w, c) =>
        {
            w.WriteStartObject();
            w.WriteBoolean("https", c is not null);
            if (c is not null)
            {
                w.WriteString("subject", c.Subject);
                w.WriteString("sha256", c.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256));
                w.WriteString("notAfter", TokenJson.FormatDate(c.NotAfter.ToUniversalTime()));
                w.WriteString("pem", c.ExportCertificatePem());
            }
            w.WriteEndObject();
        });

    private static IEnumerable<JsonProperty> PropertiesOf(JsonDocument? document) =>
        document is null ? [] : document.RootElement.EnumerateObject();

    /// <summary>Null for an empty body; on a bad body the 400 has been sent and the response has started.</summary>
    private static async Task<JsonDocument?> ReadOptionalObjectAsync(HttpContext context)
    {
        byte[] body = await ControlApi.ReadBodyAsync(context);
        if (!Validation.TryParseOptionalObject(body, out JsonDocument? document, out string error))
        {
            await JsonResponses.ValidationErrorAsync(context, error);
            return null;
        }
        return document;
    }
}
