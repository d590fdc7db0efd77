using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AccessToken.Emulator;

/// <summary>Sends JSON answers: small ones buffered with a Content-Length, lists streamed.</summary>
public static class JsonResponses
{
    public const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>
    /// Lists hand bytes to Kestrel in slices of about this size, so a client reading 100,000 tokens
    /// starts parsing at once and the server never holds the whole body.
    /// </summary>
    private const int StreamFlushThreshold = 32 * 1024;

    public static Task WriteAsync<TState>(
        HttpContext context, int status, TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, TokenJson.WriterOptions))
        {
            write(writer, state);
        }

        HttpResponse response = context.Response;
        response.StatusCode = status;
        response.ContentType = JsonContentType;
        response.ContentLength = buffer.WrittenCount;
        return response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).AsTask();
    }

    public static Task WriteErrorAsync(HttpContext context, int status, string type, string message) =>
        WriteAsync(context, status, (type, message), static (w, s) => TokenJson.WriteError(w, s.type, s.message));

    public static Task ValidationErrorAsync(HttpContext context, string message) =>
        WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Validation", message);

    public static Task MethodNotAllowedAsync(HttpContext context, string allow)
    {
        context.Response.Headers.Allow = allow;
        return WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed",
            $"{context.Request.Method} is not supported here (allowed: {allow})");
    }

    public static Task WriteTokenAsync(HttpContext context, int status, StoredToken token, TokenView view) =>
        WriteAsync(context, status, (token, view), static (w, s) => TokenJson.WriteToken(w, s.token, s.view));

    public static Task WriteSuccessAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status200OK, 0, static (w, _) =>
        {
            w.WriteStartObject();
            w.WriteBoolean("success", true);
            w.WriteEndObject();
        });

    public static Task WriteTokenListAsync(HttpContext context, StoredToken[] tokens, TokenView view) =>
        WriteListAsync(context, tokens, (writer, token) => TokenJson.WriteToken(writer, token, view));

    /// <summary>A list in the old API's shape, <c>{"items":[...],"count":n}</c>, streamed.</summary>
    public static Task WriteListAsync<T>(HttpContext context, T[] items, Action<Utf8JsonWriter, T> writeItem) =>
        StreamAsync(context, (items, writeItem), static async (stream, state) =>
        {
            TokenJson.WriteListStart(stream.Writer);
            if (await stream.WriteItemsAsync(state.items, state.writeItem))
            {
                TokenJson.WriteListEnd(stream.Writer, state.items.Length);
            }
        });

    /// <summary>A page of today's API, streamed like the old list; <paramref name="owner"/> is null for applications.</summary>
    public static Task WritePageAsync<T>(
        HttpContext context, Page<T> page, PageQuery query, TokenCollection? owner, Action<Utf8JsonWriter, T> writeItem) =>
        StreamAsync(context, (page, query, owner, writeItem), static async (stream, state) =>
        {
            TokenJson.WriteListStart(stream.Writer);
            if (await stream.WriteItemsAsync(state.page.Items, state.writeItem))
            {
                ApiTokenJson.WritePageEnd(stream.Writer, state.page.Items.Count, state.page.TotalCount, state.query, state.owner);
            }
        });

    /// <summary>
    /// Streams a JSON body without a Content-Length. <paramref name="write"/> calls
    /// <see cref="JsonStream.SendIfDueAsync"/> between items.
    /// </summary>
    public static async Task StreamAsync<TState>(HttpContext context, TState state, Func<JsonStream, TState, Task> write)
    {
        HttpResponse response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = JsonContentType;
        PipeWriter pipe = response.BodyWriter;
        using (var writer = new Utf8JsonWriter(pipe, TokenJson.WriterOptions))
        {
            await write(new JsonStream(writer, pipe, context.RequestAborted), state);
        }
        await pipe.FlushAsync(context.RequestAborted);
    }

    /// <summary>A JSON writer over the response pipe that sends what it has every few kilobytes.</summary>
    public sealed class JsonStream(Utf8JsonWriter writer, PipeWriter pipe, CancellationToken cancel)
    {
        private long _sent;

        public Utf8JsonWriter Writer { get; } = writer;

        /// <summary>
        /// Sends the bytes written so far once they pass the threshold; false when the client has gone.
        /// The writer commits to the pipe by itself whenever a pipe segment fills, so the count is
        /// taken over committed plus pending bytes: pending alone never reaches the threshold.
        /// </summary>
        public async ValueTask<bool> SendIfDueAsync()
        {
            if (Writer.BytesCommitted + Writer.BytesPending - _sent < StreamFlushThreshold)
            {
                return true;
            }
            Writer.Flush();
            _sent = Writer.BytesCommitted;
            FlushResult result = await pipe.FlushAsync(cancel);
            return !result.IsCanceled && !result.IsCompleted;
        }

        /// <summary>Writes each item, sending as it goes; false when the client has gone (the body is then left unfinished).</summary>
        public async ValueTask<bool> WriteItemsAsync<T>(IEnumerable<T> items, Action<Utf8JsonWriter, T> writeItem)
        {
            foreach (T item in items)
            {
                writeItem(Writer, item);
                if (!await SendIfDueAsync())
                {
                    return false;
                }
            }
            return true;
        }
    }
}
