using System.Text;
using Microsoft.AspNetCore.Http;

namespace AccessToken.Emulator;

/// <summary>The shape of answer an API request expects, so wrongShape can send something else.</summary>
public enum AnswerShape
{
    Token,
    TokenList,
    Success,
}

/// <summary>
/// Holds the fault rules and turns a firing rule into a broken answer. Every fault is decided and
/// acted on before the request reaches the store, so a failed write has changed nothing.
/// </summary>
public sealed class FaultInjector
{
    /// <summary>A little over 64 MiB in total: a 64 MiB name plus the rest of the token.</summary>
    private const long EnormousNameBytes = 64L * 1024 * 1024;

    private static readonly byte[] EnormousChunk = CreateChunk(64 * 1024);
    private static readonly byte[] EnormousPrefix = Encoding.UTF8.GetBytes(
        "{\"id\":\"5a0000000000000000000001\",\"accessTokenId\":\"5a0000000000000000000001\"," +
        "\"userId\":\"" + SeedData.UserId + "\",\"name\":\"");
    private static readonly byte[] EnormousSuffix = Encoding.UTF8.GetBytes(
        "\",\"creationDate\":\"2016-06-13T04:00:00.000Z\",\"lastUpdated\":\"2016-06-13T04:00:00.000Z\"," +
        "\"scope\":[\"all.Application\"],\"status\":\"active\"}");
    private static readonly byte[] Html502Page = Encoding.UTF8.GetBytes(
        "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>" +
        "<p>The upstream server returned an invalid response.</p><hr><center>nginx</center></body></html>\n");
    private static readonly byte[] PlainHello = "hello"u8.ToArray();

    private volatile FaultRule[] _rules = [];

    public FaultRule[] Rules => _rules;

    public void Replace(FaultRule[] rules) => _rules = rules;

    public void Clear() => _rules = [];

    /// <summary>
    /// Walks the rules in order. Latency rules that fire wait here and let the walk go on; the first
    /// other rule that fires decides the answer. Null means "answer normally".
    /// </summary>
    public async ValueTask<FaultChoice?> SelectAsync(string method, string path, string query, CancellationToken cancel)
    {
        FaultRule[] rules = _rules;
        foreach (FaultRule rule in rules)
        {
            if (!rule.Matches(method, path, query))
            {
                continue;
            }
            FaultChoice? choice = rule.TryFire();
            if (choice is null)
            {
                continue;
            }
            if (choice.Kind == FaultKind.Latency)
            {
                await Task.Delay(rule.LatencyMs, cancel);
                continue;
            }
            if (choice.Kind == FaultKind.WrongShape && rule.Body is not null)
            {
                return choice with { Body = rule.Body };
            }
            return choice;
        }
        return null;
    }

    /// <summary>
    /// Sends the broken answer. <paramref name="answer"/> produces the real answer; only the
    /// truncated kind calls it, because it needs real bytes to cut.
    /// </summary>
    public static async Task ExecuteAsync(
        FaultChoice choice, HttpContext context, AnswerShape shape, Func<Task> answer, CancellationToken stopping)
    {
        HttpResponse response = context.Response;
        switch (choice.Kind)
        {
            case FaultKind.Status:
                if (choice.RetryAfter is not null)
                {
                    response.Headers.RetryAfter = choice.RetryAfter;
                }
                await JsonResponses.WriteErrorAsync(context, choice.Status, ErrorTypeFor(choice.Status),
                    $"Injected fault: HTTP {choice.Status} {ReasonPhrases(choice.Status)}");
                break;

            case FaultKind.Html502:
                if (choice.RetryAfter is not null)
                {
                    response.Headers.RetryAfter = choice.RetryAfter;
                }
                await WriteRawAsync(context, StatusCodes.Status502BadGateway, "text/html", Html502Page);
                break;

            case FaultKind.Truncated:
                await WriteTruncatedAsync(context, answer);
                break;

            case FaultKind.Empty:
                await WriteRawAsync(context, StatusCodes.Status200OK, JsonResponses.JsonContentType, []);
                break;

            case FaultKind.WrongShape:
                string body = choice.Body ?? shape switch
                {
                    AnswerShape.TokenList => "{\"items\":\"nope\"}",
                    AnswerShape.Success => "{\"id\":12345,\"name\":true}",
                    _ => "[1,2,3]",
                };
                await WriteRawAsync(context, StatusCodes.Status200OK, JsonResponses.JsonContentType,
                    Encoding.UTF8.GetBytes(body));
                break;

            case FaultKind.WrongContentType:
                await WriteRawAsync(context, StatusCodes.Status200OK, "text/plain", PlainHello);
                break;

            case FaultKind.Enormous:
                await WriteEnormousAsync(context, stopping);
                break;

            case FaultKind.Drop:
                context.Abort();
                break;

            case FaultKind.Hang:
                using (var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping))
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, either.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // The client gave up, or the emulator is stopping.
                    }
                }
                // A hang must never turn into an answer, not even an empty one at shutdown.
                context.Abort();
                break;

            case FaultKind.Stall:
                await WriteStallAsync(context, stopping);
                break;

            default:
                throw new InvalidOperationException($"fault kind {choice.Kind} is not an answer");
        }
    }

    public static string ErrorTypeFor(int status) => status switch
    {
        429 => "TooManyRequests",
        >= 500 => "ServerError",
        _ => "Error",
    };

    private static string ReasonPhrases(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    private static Task WriteRawAsync(HttpContext context, int status, string contentType, byte[] body)
    {
        HttpResponse response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        return body.Length == 0 ? Task.CompletedTask : response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    /// <summary>
    /// Runs the real answer into memory and sends its first half with a matching Content-Length:
    /// a complete HTTP message carrying incomplete JSON. The real answer does act on the store, so
    /// a truncated POST, PATCH or DELETE has taken effect even though the client cannot tell.
    /// </summary>
    private static async Task WriteTruncatedAsync(HttpContext context, Func<Task> answer)
    {
        HttpResponse response = context.Response;
        Stream network = response.Body;
        using var captured = new MemoryStream();
        response.Body = captured;
        try
        {
            await answer();
            await response.BodyWriter.FlushAsync(context.RequestAborted);
        }
        finally
        {
            response.Body = network;
        }

        int cut = (int)(captured.Length / 2);
        response.ContentLength = cut;
        await network.WriteAsync(captured.GetBuffer().AsMemory(0, cut), context.RequestAborted);
    }

    /// <summary>
    /// Sends a 200 with the start of a JSON body, then nothing more until the client hangs up:
    /// a server that stalls mid-body, for clients that must stop or time out while reading.
    /// </summary>
    private static async Task WriteStallAsync(HttpContext context, CancellationToken stopping)
    {
        HttpResponse response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = JsonResponses.JsonContentType;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes("{\"items\":["), either.Token);
            await response.Body.FlushAsync(either.Token);
            await Task.Delay(Timeout.Infinite, either.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, or the emulator is stopping.
        }

        context.Abort();
    }

    private static async Task WriteEnormousAsync(HttpContext context, CancellationToken stopping)
    {
        HttpResponse response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = JsonResponses.JsonContentType;
        // No Content-Length: the client has to notice the size while reading, as with a misbehaving proxy.
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        CancellationToken cancel = either.Token;
        try
        {
            await response.Body.WriteAsync(EnormousPrefix, cancel);
            for (long sent = 0; sent < EnormousNameBytes && !cancel.IsCancellationRequested; sent += EnormousChunk.Length)
            {
                await response.Body.WriteAsync(EnormousChunk, cancel);
            }
            if (!cancel.IsCancellationRequested)
            {
                await response.Body.WriteAsync(EnormousSuffix, cancel);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client stopped reading, which is exactly what a careful client should do.
        }
        if (cancel.IsCancellationRequested)
        {
            // Stopping mid-body: cut the connection so the client cannot mistake this for a whole answer.
            context.Abort();
        }
    }

    private static byte[] CreateChunk(int size)
    {
        var chunk = new byte[size];
        Array.Fill(chunk, (byte)'x');
        return chunk;
    }
}
