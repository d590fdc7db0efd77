using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AccessToken.Emulator;

/// <summary>
/// Every API request, old routes and today's alike, enters here and goes: read body, record, rate
/// limit, configured latency, faults, authorization, route, validate, act on the store, answer.
/// The old <c>/access-tokens</c> routes of the contract are answered here; today's go to
/// <see cref="CurrentApi"/>.
/// </summary>
public sealed class AccessTokenApi(
    TokenStore store,
    RequestRecorder recorder,
    FaultInjector faults,
    EmulatorConfig config,
    RateLimiter rateLimiter,
    CurrentApi current,
    UserAccount user,
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

            if (!rateLimiter.TryAdmit(context.Response))
            {
                await JsonResponses.WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, "TooManyRequests",
                    "Rate limit exceeded; retry after the time in Retry-After");
                return;
            }

            int latency = config.LatencyMs;
            if (latency > 0)
            {
                await Task.Delay(latency, aborted);
            }

            FaultChoice? fault = await faults.SelectAsync(request.Method, rawPath, rawQuery, aborted);
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
        string path = request.Path.Value ?? string.Empty;
        CurrentRoute route = CurrentRoute.Parse(path);
        // Signing in is how a caller gets a token, so it is the one route that needs none.
        if (route.Kind == RouteKind.SignIn)
        {
            return current.SignInAsync(context, body);
        }
        if (!IsAuthorized(request, out string authError))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return JsonResponses.WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", authError);
        }

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

        if (route.Kind != RouteKind.None)
        {
            return current.AnswerAsync(context, route, body);
        }

        return JsonResponses.WriteErrorAsync(context, StatusCodes.Status404NotFound, "NotFound",
            $"No route for {method} {ValidationMessages.Shorten(path)}");
    }

    private Task ListAsync(HttpContext context)
    {
        if (!QueryReader.TryReadView(context.Request, out TokenView view, out string error))
        {
            return ValidationErrorAsync(context, error);
        }
        return JsonResponses.WriteTokenListAsync(context, store.Snapshot(), view);
    }

    private Task CreateAsync(HttpContext context, byte[] body)
    {
        if (!QueryReader.TryReadView(context.Request, out TokenView view, out string error)
            || !AccessTokenBodyValidation.TryParsePost(body, out TokenPost post, out error))
        {
            return ValidationErrorAsync(context, error);
        }
        StoredToken created = store.Create(post, SeedData.UserId, TokenStore.Now());
        // The secret is shown once, on creation, as the real API does.
        return JsonResponses.WriteTokenAsync(context, StatusCodes.Status201Created, created, view with { Secret = true });
    }

    private Task GetAsync(HttpContext context, string id)
    {
        if (!QueryReader.TryReadView(context.Request, out TokenView view, out string error))
        {
            return ValidationErrorAsync(context, error);
        }
        if (!IdValidation.IsValidId(id))
        {
            return ValidationErrorAsync(context, IdValidation.InvalidIdMessage(id));
        }
        return store.TryGet(id, out StoredToken token)
            ? JsonResponses.WriteTokenAsync(context, StatusCodes.Status200OK, token, view)
            : NotFoundAsync(context);
    }

    private Task UpdateAsync(HttpContext context, string id, byte[] body)
    {
        if (!QueryReader.TryReadView(context.Request, out TokenView view, out string error))
        {
            return ValidationErrorAsync(context, error);
        }
        if (!IdValidation.IsValidId(id))
        {
            return ValidationErrorAsync(context, IdValidation.InvalidIdMessage(id));
        }
        if (!AccessTokenBodyValidation.TryParsePatch(body, out TokenPatch patch, out error))
        {
            return ValidationErrorAsync(context, error);
        }
        return store.TryUpdate(id, patch, TokenStore.Now(), out StoredToken updated)
            ? JsonResponses.WriteTokenAsync(context, StatusCodes.Status200OK, updated, view)
            : NotFoundAsync(context);
    }

    private Task DeleteAsync(HttpContext context, string id)
    {
        if (!QueryReader.TryReadView(context.Request, out _, out string error))
        {
            return ValidationErrorAsync(context, error);
        }
        if (!IdValidation.IsValidId(id))
        {
            return ValidationErrorAsync(context, IdValidation.InvalidIdMessage(id));
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
        ReadOnlySpan<char> token = header.AsSpan(scheme.Length).Trim();
        if (!token.SequenceEqual(apiToken) && !user.Accepts(token))
        {
            error = "Invalid API token";
            return false;
        }
        error = string.Empty;
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
            || path.Equals(ItemPrefix, StringComparison.OrdinalIgnoreCase)
            || CurrentRoute.Parse(path).IsList;
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
        JsonResponses.ValidationErrorAsync(context, message);

    private static Task NotFoundAsync(HttpContext context) =>
        JsonResponses.WriteErrorAsync(context, StatusCodes.Status404NotFound, "NotFound", "Access token was not found");

    private static Task MethodNotAllowedAsync(HttpContext context, string allow) =>
        JsonResponses.MethodNotAllowedAsync(context, allow);
}
