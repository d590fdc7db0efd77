using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AccessToken.Emulator;

/// <summary>
/// What every <c>/_emulator/</c> endpoint does alike, for the old API's controls
/// (<see cref="ControlApi"/>) and today's (<see cref="CurrentControl"/>): choosing the handler by
/// method, reading a JSON body with a 400 for a bad one, and the small answers.
/// </summary>
public static class ControlRequests
{
    /// <summary>
    /// Runs the handler for the request's method; any other method gets 405 with an <c>Allow</c>
    /// that lists these methods in the order given, so the header cannot drift from the handlers.
    /// </summary>
    public static Task ByMethod(HttpContext context, params ReadOnlySpan<(string Method, Func<HttpContext, Task> Handle)> handlers)
    {
        string method = context.Request.Method;
        foreach ((string allowed, Func<HttpContext, Task> handle) in handlers)
        {
            if (allowed == method)
            {
                return handle(context);
            }
        }
        var allow = new string[handlers.Length];
        for (int i = 0; i < handlers.Length; i++)
        {
            allow[i] = handlers[i].Method;
        }
        return JsonResponses.MethodNotAllowedAsync(context, string.Join(", ", allow));
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    /// <summary>The body as one JSON object, or null for an empty body; on a bad body the 400 has been sent.</summary>
    private static async Task<JsonDocument?> ReadOptionalObjectAsync(HttpContext context)
    {
        byte[] body = await ReadBodyAsync(context);
        if (!JsonBodyReader.TryParseOptionalObject(body, out JsonDocument? document, out string error))
        {
            await JsonResponses.ValidationErrorAsync(context, error);
            return null;
        }
        return document;
    }

    /// <summary>
    /// Reads an optional object body and hands each property, in order, to <paramref name="readProperty"/>,
    /// which takes what it can use and returns null, or returns why the property is wrong. False when
    /// the body was bad or a property wrong: the 400 with the first error has been sent then.
    /// </summary>
    public static async Task<bool> ReadPropertiesAsync(HttpContext context, Func<JsonProperty, string?> readProperty)
    {
        JsonDocument? document = await ReadOptionalObjectAsync(context);
        if (context.Response.HasStarted)
        {
            return false;
        }
        using (document)
        {
            foreach (JsonProperty property in PropertiesOf(document))
            {
                if (readProperty(property) is string error)
                {
                    await JsonResponses.ValidationErrorAsync(context, error);
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>The body as any JSON value; null when it is not JSON, the 400 having been sent then.</summary>
    public static async Task<JsonDocument?> ReadJsonAsync(HttpContext context)
    {
        byte[] body = await ReadBodyAsync(context);
        if (!JsonBodyReader.TryParseJson(body, out JsonDocument document, out string error))
        {
            await JsonResponses.ValidationErrorAsync(context, error);
            return null;
        }
        return document;
    }

    /// <summary>The properties of an optional object body; none for an empty body.</summary>
    private static IEnumerable<JsonProperty> PropertiesOf(JsonDocument? document) =>
        document is null ? [] : document.RootElement.EnumerateObject();

    /// <summary>A JSON array of <paramref name="items"/>, each written by <paramref name="writeItem"/>.</summary>
    public static Task WriteArrayAsync<T>(HttpContext context, IEnumerable<T> items, Action<Utf8JsonWriter, T> writeItem) =>
        JsonResponses.WriteAsync(context, StatusCodes.Status200OK, (items, writeItem), static (w, s) =>
        {
            w.WriteStartArray();
            foreach (T item in s.items)
            {
                s.writeItem(w, item);
            }
            w.WriteEndArray();
        });

    /// <summary><c>{"success":true,"count":n}</c>: how many things a control request put in place.</summary>
    public static Task WriteCountAsync(HttpContext context, int count) =>
        JsonResponses.WriteAsync(context, StatusCodes.Status200OK, count, static (w, n) =>
        {
            w.WriteStartObject();
            w.WriteBoolean("success", true);
            w.WriteNumber("count", n);
            w.WriteEndObject();
        });
}
