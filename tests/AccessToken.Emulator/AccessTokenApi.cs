using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AccessToken.Emulator;

/// <summary>
/// The access-token API of the contract. Each request goes: read body, record, configured
/// latency, faults, authorization, route, validate, act on the store, answer.
/// </summary>
public sealed class AccessTokenApi(
    TokenStore store,
    RequestRecorder recorder,
    FaultInjector faults,
    EmulatorConfig config,
    string apiToken,
    CancellationToken stopping)
{
    private const string CollectionPath = TokenJson.CollectionPath;
    private const string ItemPrefix = CollectionPath + "/";

    public async Task HandleAsync(HttpContext context)
    {
        CancellationToken aborted = context.RequestAborted;
        try
        {
            HttpRequest request = context.Request;
            byte[] body = await ReadBodyAsync(request, aborted);
            (string rawPath, string rawQuery) = RawTarget(context);
            if (config.Record)
            {
                recorder.Record(request, rawPath, rawQuery, body);
            }

            int latency = config.LatencyMs;
            if (latency > 0)
            {
                await Task.Delay(latency, aborted);
            }

            FaultChoice? fault = await faults.SelectAsync(request.Method, rawPath, aborted);
            if (fault is null)
            {
                await AnswerAsync(context, body);
            }
            else
            {
                await FaultInjector.ExecuteAsync(fault, context, ShapeOf(request), () => AnswerAsync(context, body), stopping);
            }
        }
        catch (Exception ex) when (aborted.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            // The client hung up mid-request; there is nobody left to answer.
        }
    }

    private Task AnswerAsync(HttpContext context, byte[] body)
    {
        HttpRequest request = context.Request;
        if (!IsAuthorized(request, out string authError))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return JsonResponses.WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", authError);
        }

        string path = request.Path.Value ?? string.Empty;
        string method = request.Method;
        if (path.Equals(CollectionPath, StringComparison.OrdinalIgnoreCase)
            || path.Equals(ItemPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return method switch
            {
                "GET" => ListAsync(context),
                "POST" => CreateAsync(context, body),
                _ => MethodNotAllowedAsync(context, "GET, POST"),
            };
        }

        if (path.StartsWith(ItemPrefix, StringComparison.OrdinalIgnoreCase) && path.IndexOf('/', ItemPrefix.Length) < 0)
        {
            string id = path[ItemPrefix.Length..];
            return method switch
            {
                "GET" => GetAsync(context, id),
                "PATCH" => UpdateAsync(context, id, body),
                "DELETE" => DeleteAsync(context, id),
                _ => MethodNotAllowedAsync(context, "GET, PATCH, DELETE"),
            };
        }

        return JsonResponses.WriteErrorAsync(context, StatusCodes.Status404NotFound, "NotFound",
            $"No route for {method} {Validation.Shorten(path)}");
    }

    private Task ListAsync(HttpContext context)
    {
        if (!TryReadView(context.Request, out TokenView view, out string error))
        {
            return ValidationErrorAsync(context, error);
        }
        return JsonResponses.WriteTokenListAsync(context, store.Snapshot(), view);
    }

    private Task CreateAsync(HttpContext context, byte[] body)
    {
        if (!TryReadView(context.Request, out TokenView view, out string error)
            || !Validation.TryParsePost(body, out TokenPost post, out error))
        {
            return ValidationErrorAsync(context, error);
        }
        StoredToken created = store.Create(post, SeedData.UserId, TokenStore.Now());
        // The secret is shown once, on creation, as the real API does.
        return JsonResponses.WriteTokenAsync(context, StatusCodes.Status201Created, created, view with { Secret = true });
    }

    private Task GetAsync(HttpContext context, string id)
    {
        if (!TryReadView(context.Request, out TokenView view, out string error))
        {
            return ValidationErrorAsync(context, error);
        }
        if (!Validation.IsValidId(id))
        {
            return ValidationErrorAsync(context, Validation.InvalidIdMessage(id));
        }
        return store.TryGet(id, out StoredToken token)
            ? JsonResponses.WriteTokenAsync(context, StatusCodes.Status200OK, token, view)
            : NotFoundAsync(context);
    }

    private Task UpdateAsync(HttpContext context, string id, byte[] body)
    {
        if (!TryReadView(context.Request, out TokenView view, out string error))
        {
            return ValidationErrorAsync(context, error);
        }
        if (!Validation.IsValidId(id))
        {
            return ValidationErrorAsync(context, Validation.InvalidIdMessage(id));
        }
        if (!Validation.TryParsePatch(body, out TokenPatch patch, out error))
        {
            return ValidationErrorAsync(context, error);
        }
        return store.TryUpdate(id, patch, TokenStore.Now(), out StoredToken updated)
            ? JsonResponses.WriteTokenAsync(context, StatusCodes.Status200OK, updated, view)
            : NotFoundAsync(context);
    }

    private Task DeleteAsync(HttpContext context, string id)
    {
        if (!TryReadView(context.Request, out _, out string error))
        {
            return ValidationErrorAsync(context, error);
        }
        if (!Validation.IsValidId(id))
        {
            return ValidationErrorAsync(context, Validation.InvalidIdMessage(id));
        }
        return store.Remove(id) ? JsonResponses.WriteSuccessAsync(context) : NotFoundAsync(context);
    }

    private bool IsAuthorized(HttpRequest request, out string error)
    {
        string? header = request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            error = "Authorization header is missing; send Authorization: Bearer <api token>";
            return false;
        }
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            error = "Authorization header must use the Bearer scheme";
            return false;
        }
        if (!header.AsSpan(scheme.Length).Trim().SequenceEqual(apiToken))
        {
            error = "Invalid API token";
            return false;
        }
        error = string.Empty;
        return true;
    }

    private static bool TryReadView(HttpRequest request, out TokenView view, out string error)
    {
        IQueryCollection query = request.Query;
        view = default;
        if (!Validation.TryReadFlag(query, "_actions", fallback: false, out bool actions, out error)
            || !Validation.TryReadFlag(query, "_links", fallback: true, out bool links, out error)
            || !Validation.TryReadFlag(query, "_embedded", fallback: true, out _, out error))
        {
            return false;
        }
        view = new TokenView(links, actions, Secret: false);
        return true;
    }

    private static AnswerShape ShapeOf(HttpRequest request)
    {
        if (HttpMethods.IsDelete(request.Method))
        {
            return AnswerShape.Success;
        }
        string path = request.Path.Value ?? string.Empty;
        bool collection = path.Equals(CollectionPath, StringComparison.OrdinalIgnoreCase)
            || path.Equals(ItemPrefix, StringComparison.OrdinalIgnoreCase);
        return collection && HttpMethods.IsGet(request.Method) ? AnswerShape.TokenList : AnswerShape.Token;
    }

    /// <summary>
    /// The path and query as the client sent them, before percent-decoding, so tests can see exactly
    /// how an id or a flag was encoded.
    /// </summary>
    private static (string Path, string Query) RawTarget(HttpContext context)
    {
        string? raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            return (context.Request.Path.Value ?? string.Empty, context.Request.QueryString.Value ?? string.Empty);
        }
        int question = raw.IndexOf('?');
        return question < 0 ? (raw, string.Empty) : (raw[..question], raw[question..]);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancel)
    {
        if (request.ContentLength == 0)
        {
            return [];
        }
        using var buffer = new MemoryStream(request.ContentLength is long length and < 1 << 20 ? (int)length : 4096);
        await request.Body.CopyToAsync(buffer, cancel);
        return buffer.ToArray();
    }

    private static Task ValidationErrorAsync(HttpContext context, string message) =>
        JsonResponses.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Validation", message);

    private static Task NotFoundAsync(HttpContext context) =>
        JsonResponses.WriteErrorAsync(context, StatusCodes.Status404NotFound, "NotFound", "Access token was not found");

    private static Task MethodNotAllowedAsync(HttpContext context, string allow)
    {
        context.Response.Headers.Allow = allow;
        return JsonResponses.WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed",
            $"{context.Request.Method} is not supported here (allowed: {allow})");
    }
}
