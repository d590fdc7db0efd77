using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AccessToken.Emulator;

/// <summary>
/// The control endpoints of today's API and of the modes around it: seeding applications and
/// instances, the sign-in user, rate limiting, changes to collections while they are listed,
/// connection counts and the HTTPS certificate.
/// </summary>
public sealed partial class CurrentControl(
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
        answer = endpoint switch
        {
            "/applications" => OwnersAsync(context, applications),
            "/instances" => OwnersAsync(context, instances),
            "/user" => ControlRequests.ByMethod(context, ("GET", WriteUserAsync), ("POST", ConfigureUserAsync)),
            "/ratelimit" => ControlRequests.ByMethod(context, ("GET", WriteRateLimitAsync), ("POST", ConfigureRateLimitAsync),
                ("PATCH", ChangeRateLimitAsync), ("DELETE", DisableRateLimitAsync)),
            "/mutations" => ControlRequests.ByMethod(context,
                ("GET", WriteMutationsAsync), ("POST", MutateAsync), ("DELETE", ClearMutationsAsync)),
            "/connections" => ControlRequests.ByMethod(context, ("GET", WriteConnectionsAsync), ("DELETE", ResetConnectionsAsync)),
            "/certificate" => ControlRequests.ByMethod(context, ("GET", WriteCertificateAsync)),
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
        return JsonResponses.WriteListAsync(context, collection.Store.Snapshot(),
            (writer, token) => ApiTokenJson.WriteToken(writer, token, collection, TokenView.Store));
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
            error = $"\"{ValidationMessages.Shorten(path)}\" is not a token collection (/me/tokens, /access-tokens, " +
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

    /// <summary>GET lists the owners; POST seeds them afresh (<c>count</c> generated, else the named seeds), then lists them.</summary>
    private Task OwnersAsync(HttpContext context, OwnerDirectory directory) =>
        ControlRequests.ByMethod(context,
            ("GET", c => WriteOwnersAsync(c, directory)),
            ("POST", c => SeedOwnersAsync(c, directory)));

    private async Task SeedOwnersAsync(HttpContext context, OwnerDirectory directory)
    {
        int? count = null;
        int tokensEach = 0;
        bool valid = await ControlRequests.ReadPropertiesAsync(context, property =>
        {
            if (property.Name is not ("count" or "tokensEach"))
            {
                return $"property \"{property.Name}\" is not allowed (allowed: count, tokensEach)";
            }
            if (!property.Value.TryGetInt32(out int value) || value < 0)
            {
                return $"{property.Name} must be a non-negative integer";
            }
            if (property.Name == "count")
            {
                count = value;
            }
            else
            {
                tokensEach = value;
            }
            return null;
        });
        if (!valid)
        {
            return;
        }
        if ((long)(count ?? 0) * tokensEach > MaxSeededTokens)
        {
            await JsonResponses.ValidationErrorAsync(context, $"count times tokensEach must be at most {MaxSeededTokens}");
            return;
        }
        directory.Replace(count is int generated
            ? SeedData.GeneratedOwners(ids, directory.Kind, generated, tokensEach)
            : directory.Kind == OwnerKind.Application ? SeedData.DefaultApplications(ids) : SeedData.DefaultInstances(ids));
        await WriteOwnersAsync(context, directory);
    }

    private static Task WriteOwnersAsync(HttpContext context, OwnerDirectory directory) =>
        JsonResponses.WriteListAsync(context, directory.Snapshot(), static (w, owner) =>
        {
            w.WriteStartObject();
            w.WriteString("id", owner.Id);
            w.WriteString("name", owner.Name);
            w.WriteString("tokensPath", owner.Tokens.Path);
            w.WriteNumber("tokenCount", owner.Tokens.Store.Count);
            w.WriteEndObject();
        });

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
        string? email = null;
        string? password = null;
        string? twoFactorCode = null;
        bool clearTwoFactor = false;
        bool valid = await ControlRequests.ReadPropertiesAsync(context, property =>
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
                    return null;
                case "email" or "password":
                    return $"{property.Name} must be a non-empty string";
                case "twoFactorCode" when kind == JsonValueKind.Null:
                    clearTwoFactor = true;
                    return null;
                case "twoFactorCode" when kind == JsonValueKind.String && property.Value.GetString()!.Length > 0:
                    twoFactorCode = property.Value.GetString();
                    return null;
                case "twoFactorCode":
                    return "twoFactorCode must be a non-empty string, or null to turn two-factor off";
                default:
                    return $"property \"{property.Name}\" is not allowed (allowed: email, password, twoFactorCode)";
            }
        });
        if (!valid)
        {
            return;
        }
        user.Configure(email, password, twoFactorCode, clearTwoFactor);
        await WriteUserAsync(context);
    }

    private Task WriteConnectionsAsync(HttpContext context) =>
        JsonResponses.WriteAsync(context, StatusCodes.Status200OK, connections, static (w, c) => c.Write(w));

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
}
