using Microsoft.AspNetCore.Http;

namespace AccessToken.Emulator;

/// <summary>What a path of today's API names.</summary>
public enum RouteKind
{
    None,
    TokenCollection,
    TokenItem,
    Applications,
    Application,
    SignIn,
}

/// <summary>
/// A parsed path of today's API. Ids are taken as written; whether they are well formed and exist
/// is decided later, so the order of checks matches the old routes.
/// </summary>
public readonly record struct CurrentRoute(RouteKind Kind, OwnerKind Owner, string? OwnerId, string? TokenId)
{
    public const string SignInPath = "/auth/user";

    /// <summary>Accepts one trailing slash, as the old routes do; segment names ignore case.</summary>
    public static CurrentRoute Parse(string path)
    {
        if (path.Length > 1 && path[^1] == '/')
        {
            path = path[..^1];
        }
        string[] parts = path.Split('/');
        if (parts.Length < 2 || parts[0].Length != 0)
        {
            return default;
        }
        bool Is(int index, string name) => string.Equals(parts[index], name, StringComparison.OrdinalIgnoreCase);
        return parts.Length switch
        {
            3 when Is(1, "me") && Is(2, "tokens") => new(RouteKind.TokenCollection, OwnerKind.User, null, null),
            4 when Is(1, "me") && Is(2, "tokens") => new(RouteKind.TokenItem, OwnerKind.User, null, parts[3]),
            2 when Is(1, "applications") => new(RouteKind.Applications, OwnerKind.Application, null, null),
            3 when Is(1, "applications") => new(RouteKind.Application, OwnerKind.Application, parts[2], null),
            3 when Is(1, "auth") && Is(2, "user") => new(RouteKind.SignIn, OwnerKind.User, null, null),
            4 or 5 when (Is(1, "applications") || Is(1, "instances")) && Is(3, "tokens") => new(
                parts.Length == 4 ? RouteKind.TokenCollection : RouteKind.TokenItem,
                Is(1, "applications") ? OwnerKind.Application : OwnerKind.Instance,
                parts[2],
                parts.Length == 5 ? parts[4] : null),
            _ => default,
        };
    }

    public bool IsList => Kind is RouteKind.TokenCollection or RouteKind.Applications;
}

/// <summary>
/// Today's API (API 1.30): user, application and instance tokens, applications, and password
/// sign-in. Reached through <see cref="AccessTokenApi"/>, so recording, latency, rate limiting,
/// faults and authorization apply exactly as to the old routes.
/// </summary>
public sealed class CurrentApi(
    TokenCollection me,
    OwnerDirectory applications,
    OwnerDirectory instances,
    ListMutations mutations,
    UserAccount user)
{
    /// <summary>The token collection a route names; its owner id must have passed <see cref="ValidOwnerId"/>.</summary>
    public bool TryResolveCollection(CurrentRoute route, out TokenCollection collection)
    {
        collection = me;
        if (route.Owner == OwnerKind.User)
        {
            return true;
        }
        OwnerDirectory directory = route.Owner == OwnerKind.Application ? applications : instances;
        if (!directory.TryGet(route.OwnerId!, out TokenOwner owner))
        {
            return false;
        }
        collection = owner.Tokens;
        return true;
    }

    /// <summary>Whether the route's owner id (if it has one) is well formed; the error names the parameter.</summary>
    public static bool ValidOwnerId(CurrentRoute route, out string error)
    {
        error = string.Empty;
        if (route.OwnerId is null || IdValidation.IsValidId(route.OwnerId))
        {
            return true;
        }
        error = IdValidation.InvalidIdMessage(route.Owner == OwnerKind.Application ? "applicationId" : "instanceId", route.OwnerId);
        return false;
    }

    public Task SignInAsync(HttpContext context, byte[] body)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return JsonResponses.MethodNotAllowedAsync(context, "POST");
        }
        if (!QueryReader.TryReadView(context.Request, out _, out string error)
            || !CredentialsValidation.TryParse(body, out UserCredentials credentials, out error))
        {
            return JsonResponses.ValidationErrorAsync(context, error);
        }
        string? refusal = user.TrySignIn(credentials, out string token) switch
        {
            SignInRefusal.WrongCredentials => "Invalid email or password",
            SignInRefusal.TwoFactorCodeMissing => "A two factor authentication code is required",
            SignInRefusal.TwoFactorCodeWrong => "Invalid two factor authentication code",
            _ => null,
        };
        return refusal is null
            ? JsonResponses.WriteAsync(context, StatusCodes.Status200OK, token, static (w, t) => ApiTokenJson.WriteAuthedUser(w, t))
            : JsonResponses.WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", refusal);
    }

    /// <summary>Answers an authorized request on a route of today's API.</summary>
    public Task AnswerAsync(HttpContext context, CurrentRoute route, byte[] body)
    {
        string method = context.Request.Method;
        return route.Kind switch
        {
            RouteKind.TokenCollection => method switch
            {
                "GET" => ListTokensAsync(context, route),
                "POST" => CreateAsync(context, route, body),
                _ => JsonResponses.MethodNotAllowedAsync(context, "GET, POST"),
            },
            RouteKind.TokenItem => method switch
            {
                "GET" or "PATCH" or "DELETE" => ItemAsync(context, route, body),
                _ => JsonResponses.MethodNotAllowedAsync(context, "GET, PATCH, DELETE"),
            },
            RouteKind.Applications => method == "GET"
                ? ListApplicationsAsync(context)
                : JsonResponses.MethodNotAllowedAsync(context, "GET"),
            _ => method == "GET"
                ? GetApplicationAsync(context, route.OwnerId!)
                : JsonResponses.MethodNotAllowedAsync(context, "GET"),
        };
    }

    private Task ListTokensAsync(HttpContext context, CurrentRoute route)
    {
        if (!QueryReader.TryReadView(context.Request, out TokenView view, out string error)
            || !QueryReader.TryReadPageQuery(context.Request.Query, PageRules.Tokens, out PageQuery query, out error)
            || !ValidOwnerId(route, out error))
        {
            return JsonResponses.ValidationErrorAsync(context, error);
        }
        if (!TryResolveCollection(route, out TokenCollection collection))
        {
            return OwnerNotFoundAsync(context, route.Owner);
        }
        Page<StoredToken> page = Pager.Cut(collection.Store.Snapshot(), query, Pager.ForTokens, Pager.TokenFilterValue);
        // The page is taken: a change armed for it shows from the next page on.
        mutations.AfterPage(collection, query.Page);
        return JsonResponses.WritePageAsync(context, page, query, collection,
            (writer, token) => ApiTokenJson.WriteToken(writer, token, collection, view));
    }

    private Task ListApplicationsAsync(HttpContext context)
    {
        if (!QueryReader.TryReadView(context.Request, out TokenView view, out string error)
            || !QueryReader.TryReadPageQuery(context.Request.Query, PageRules.Applications, out PageQuery query, out error))
        {
            return JsonResponses.ValidationErrorAsync(context, error);
        }
        Page<TokenOwner> page = Pager.Cut(applications.Snapshot(), query, Pager.Common<TokenOwner>, static (a, _) => a.Name);
        return JsonResponses.WritePageAsync(context, page, query, null,
            (writer, application) => ApiTokenJson.WriteApplication(writer, application, view));
    }

    private Task GetApplicationAsync(HttpContext context, string id)
    {
        if (!QueryReader.TryReadView(context.Request, out TokenView view, out string error))
        {
            return JsonResponses.ValidationErrorAsync(context, error);
        }
        if (!IdValidation.IsValidId(id))
        {
            return JsonResponses.ValidationErrorAsync(context, IdValidation.InvalidIdMessage("applicationId", id));
        }
        return applications.TryGet(id, out TokenOwner application)
            ? JsonResponses.WriteAsync(context, StatusCodes.Status200OK, (application, view),
                static (w, s) => ApiTokenJson.WriteApplication(w, s.application, s.view))
            : OwnerNotFoundAsync(context, OwnerKind.Application);
    }

    private Task CreateAsync(HttpContext context, CurrentRoute route, byte[] body)
    {
        if (!QueryReader.TryReadView(context.Request, out TokenView view, out string error))
        {
            return JsonResponses.ValidationErrorAsync(context, error);
        }
        if (!ValidOwnerId(route, out error))
        {
            return JsonResponses.ValidationErrorAsync(context, error);
        }
        // The body's schema depends on the owner's kind only, so it is checked before the owner is looked up.
        ApiTokenFields allowed = route.Owner == OwnerKind.Application ? ApiTokenFields.ApplicationPost : ApiTokenFields.UserPost;
        if (!ApiTokenBodyValidation.TryParse(body, allowed, requireName: true, out ApiTokenBody post, out error))
        {
            return JsonResponses.ValidationErrorAsync(context, error);
        }
        if (!TryResolveCollection(route, out TokenCollection collection))
        {
            return OwnerNotFoundAsync(context, route.Owner);
        }
        StoredToken created = collection.Store.Create(post.ToPost(), collection.OwnerId, TokenStore.Now());
        // The secret is shown once, on creation, as the real API does.
        return JsonResponses.WriteAsync(context, StatusCodes.Status201Created, (created, collection, view: view with { Secret = true }),
            static (w, s) => ApiTokenJson.WriteToken(w, s.created, s.collection, s.view));
    }

    private Task ItemAsync(HttpContext context, CurrentRoute route, byte[] body)
    {
        string method = context.Request.Method;
        if (!QueryReader.TryReadView(context.Request, out TokenView view, out string error))
        {
            return JsonResponses.ValidationErrorAsync(context, error);
        }
        if (!ValidOwnerId(route, out error))
        {
            return JsonResponses.ValidationErrorAsync(context, error);
        }
        string tokenId = route.TokenId!;
        if (!IdValidation.IsValidId(tokenId))
        {
            return JsonResponses.ValidationErrorAsync(context, IdValidation.InvalidIdMessage("apiTokenId", tokenId));
        }
        ApiTokenBody? patch = null;
        if (method == "PATCH")
        {
            if (!ApiTokenBodyValidation.TryParse(body, ApiTokenFields.Patch, requireName: false, out ApiTokenBody parsed, out error))
            {
                return JsonResponses.ValidationErrorAsync(context, error);
            }
            patch = parsed;
        }
        if (!TryResolveCollection(route, out TokenCollection collection))
        {
            return OwnerNotFoundAsync(context, route.Owner);
        }

        TokenStore store = collection.Store;
        StoredToken token;
        bool found = method switch
        {
            "GET" => store.TryGet(tokenId, out token),
            "PATCH" => store.TryUpdate(tokenId, patch!.ToPatch(), TokenStore.Now(), out token),
            _ => Removed(store, tokenId, out token),
        };
        if (!found)
        {
            return JsonResponses.WriteErrorAsync(context, StatusCodes.Status404NotFound, "NotFound", "API token was not found");
        }
        return method == "DELETE"
            ? JsonResponses.WriteSuccessAsync(context)
            : JsonResponses.WriteAsync(context, StatusCodes.Status200OK, (token, collection, view),
                static (w, s) => ApiTokenJson.WriteToken(w, s.token, s.collection, s.view));
    }

    private static bool Removed(TokenStore store, string id, out StoredToken token)
    {
        token = null!;
        return store.Remove(id);
    }

    private static Task OwnerNotFoundAsync(HttpContext context, OwnerKind kind) =>
        JsonResponses.WriteErrorAsync(context, StatusCodes.Status404NotFound, "NotFound",
            kind == OwnerKind.Application ? "Application was not found" : "Instance was not found");
}
