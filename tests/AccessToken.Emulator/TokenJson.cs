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

    // Fully optimised from the first call: a list of 100,000 would otherwise run mostly in
    // unoptimised tier-0 code before tiering catches up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WriteToken(Utf8JsonWriter writer, StoredToken token, TokenView view)
    {
        WriteStartWithIds(writer, JsonNames.AccessTokenId, token.Id);
        writer.WriteString(JsonNames.UserId, token.OwnerId);
        // The old shape has no description, though the store may hold one set through today's API.
        WriteNameAndDates(writer, token.Name, description: null, token.CreationDate, token.LastUpdated, token.ExpirationDate);
        WriteScopeStatusAndSecret(writer, token, view);
        WriteExtras(writer, CollectionPath, token.Id, JsonNames.AccessTokenType, view);
        writer.WriteEndObject();
    }

    /// <summary>Opens a resource with the fields every shape starts with: <c>id</c> and the same id under its kind's name.</summary>
    public static void WriteStartWithIds(Utf8JsonWriter writer, JsonEncodedText kindIdName, string id)
    {
        writer.WriteStartObject();
        writer.WriteString(JsonNames.Id, id);
        writer.WriteString(kindIdName, id);
    }

    /// <summary>
    /// <c>name</c>, <c>description</c>, <c>creationDate</c>, <c>lastUpdated</c> and <c>expirationDate</c>,
    /// in the order tokens of both APIs and applications carry them; absent optional ones are left out.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WriteNameAndDates(
        Utf8JsonWriter writer, string name, string? description, DateTime creationDate, DateTime lastUpdated, DateTime? expirationDate)
    {
        writer.WriteString(JsonNames.Name, name);
        if (description is not null)
        {
            writer.WriteString(JsonNames.Description, description);
        }
        WriteDate(writer, JsonNames.CreationDate, creationDate);
        WriteDate(writer, JsonNames.LastUpdated, lastUpdated);
        if (expirationDate is DateTime expiration)
        {
            WriteDate(writer, JsonNames.ExpirationDate, expiration);
        }
    }

    /// <summary>The fields both shapes end on, in the same order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WriteScopeStatusAndSecret(Utf8JsonWriter writer, StoredToken token, TokenView view)
    {
        writer.WriteStartArray(JsonNames.Scope);
        foreach (string scope in token.Scope)
        {
            writer.WriteStringValue(scope);
        }
        writer.WriteEndArray();
        writer.WriteString(JsonNames.Status, token.Active ? JsonNames.Active : JsonNames.Inactive);
        if (view.Secret && token.Secret is not null)
        {
            writer.WriteString(JsonNames.Token, token.Secret);
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
            writer.WriteStartObject(JsonNames.Links);
            writer.WriteStartObject(JsonNames.Self);
            writer.WriteString(JsonNames.Href, href);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteString(JsonNames.Type, type);
        }
        if (view.Actions)
        {
            writer.WriteStartObject(JsonNames.Actions);
            writer.WriteStartObject(JsonNames.Delete);
            writer.WriteString(JsonNames.Method, JsonNames.DeleteMethod);
            writer.WriteString(JsonNames.Href, href);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }

    public static void WriteError(Utf8JsonWriter writer, string type, string message)
    {
        writer.WriteStartObject();
        writer.WriteString(JsonNames.ErrorType, type);
        writer.WriteString(JsonNames.Message, message);
        writer.WriteEndObject();
    }

    public static void WriteListStart(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartArray(JsonNames.Items);
    }

    public static void WriteListEnd(Utf8JsonWriter writer, int count)
    {
        writer.WriteEndArray();
        writer.WriteNumber(JsonNames.Count, count);
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
