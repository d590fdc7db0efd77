using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AccessToken.Emulator;

/// <summary>Which optional parts a token representation carries.</summary>
public readonly record struct TokenView(bool Links, bool Actions, bool Secret)
{
    public static readonly TokenView Store = new(Links: false, Actions: false, Secret: true);
}

/// <summary>
/// Writes tokens with <see cref="Utf8JsonWriter"/> and pre-encoded property names: the hot paths
/// (get by id, list of 100,000) then allocate almost nothing and use no reflection.
/// </summary>
public static class TokenJson
{
    public const string CollectionPath = "/access-tokens";

    /// <summary>Non-ASCII names go out as UTF-8 rather than \u escapes, as a JavaScript API would send them.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText AccessTokenId = JsonEncodedText.Encode("accessTokenId");
    private static readonly JsonEncodedText UserId = JsonEncodedText.Encode("userId");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText CreationDate = JsonEncodedText.Encode("creationDate");
    private static readonly JsonEncodedText LastUpdated = JsonEncodedText.Encode("lastUpdated");
    private static readonly JsonEncodedText ExpirationDate = JsonEncodedText.Encode("expirationDate");
    private static readonly JsonEncodedText Scope = JsonEncodedText.Encode("scope");
    private static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText Token = JsonEncodedText.Encode("token");
    private static readonly JsonEncodedText Active = JsonEncodedText.Encode("active");
    private static readonly JsonEncodedText Inactive = JsonEncodedText.Encode("inactive");
    private static readonly JsonEncodedText Links = JsonEncodedText.Encode("_links");
    private static readonly JsonEncodedText Self = JsonEncodedText.Encode("self");
    private static readonly JsonEncodedText Href = JsonEncodedText.Encode("href");
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("_type");
    private static readonly JsonEncodedText AccessTokenType = JsonEncodedText.Encode("accessToken");
    private static readonly JsonEncodedText Actions = JsonEncodedText.Encode("_actions");
    private static readonly JsonEncodedText Delete = JsonEncodedText.Encode("delete");
    private static readonly JsonEncodedText Method = JsonEncodedText.Encode("method");
    private static readonly JsonEncodedText DeleteMethod = JsonEncodedText.Encode("DELETE");
    private static readonly JsonEncodedText Items = JsonEncodedText.Encode("items");
    private static readonly JsonEncodedText Count = JsonEncodedText.Encode("count");
    private static readonly JsonEncodedText ErrorType = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");

    // Fully optimised from the first call: a list of 100,000 would otherwise run mostly in
    // unoptimised tier-0 code before tiering catches up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WriteToken(Utf8JsonWriter writer, StoredToken token, TokenView view)
    {
        writer.WriteStartObject();
        writer.WriteString(Id, token.Id);
        writer.WriteString(AccessTokenId, token.Id);
        writer.WriteString(UserId, token.OwnerId);
        writer.WriteString(Name, token.Name);
        WriteDate(writer, CreationDate, token.CreationDate);
        WriteDate(writer, LastUpdated, token.LastUpdated);
        if (token.ExpirationDate is DateTime expiration)
        {
            WriteDate(writer, ExpirationDate, expiration);
        }
        WriteScopeStatusAndSecret(writer, token, view);
        WriteExtras(writer, CollectionPath, token.Id, AccessTokenType, view);
        writer.WriteEndObject();
    }

    /// <summary>The fields both shapes end on, in the same order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WriteScopeStatusAndSecret(Utf8JsonWriter writer, StoredToken token, TokenView view)
    {
        writer.WriteStartArray(Scope);
        foreach (string scope in token.Scope)
        {
            writer.WriteStringValue(scope);
        }
        writer.WriteEndArray();
        writer.WriteString(Status, token.Active ? Active : Inactive);
        if (view.Secret && token.Secret is not null)
        {
            writer.WriteString(Token, token.Secret);
        }
    }

    /// <summary><c>_links</c> with <c>_type</c>, and <c>_actions</c>, as the view asks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WriteExtras(Utf8JsonWriter writer, string collectionPath, string id, JsonEncodedText type, TokenView view)
    {
        if (!view.Links && !view.Actions)
        {
            return;
        }
        Span<char> href = stackalloc char[collectionPath.Length + 1 + id.Length];
        collectionPath.AsSpan().CopyTo(href);
        href[collectionPath.Length] = '/';
        id.AsSpan().CopyTo(href[(collectionPath.Length + 1)..]);
        if (view.Links)
        {
            writer.WriteStartObject(Links);
            writer.WriteStartObject(Self);
            writer.WriteString(Href, href);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteString(Type, type);
        }
        if (view.Actions)
        {
            writer.WriteStartObject(Actions);
            writer.WriteStartObject(Delete);
            writer.WriteString(Method, DeleteMethod);
            writer.WriteString(Href, href);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }

    public static void WriteError(Utf8JsonWriter writer, string type, string message)
    {
        writer.WriteStartObject();
        writer.WriteString(ErrorType, type);
        writer.WriteString(Message, message);
        writer.WriteEndObject();
    }

    public static void WriteListStart(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartArray(Items);
    }

    public static void WriteListEnd(Utf8JsonWriter writer, int count)
    {
        writer.WriteEndArray();
        writer.WriteNumber(Count, count);
        writer.WriteEndObject();
    }

    /// <summary>ISO 8601 UTC with milliseconds and Z, the form the API sends.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WriteDate(Utf8JsonWriter writer, JsonEncodedText name, DateTime value)
    {
        Span<byte> buffer = stackalloc byte[32];
        value.TryFormat(buffer, out int written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        writer.WriteString(name, buffer[..written]);
    }

    public static string FormatDate(DateTime value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
