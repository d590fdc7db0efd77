using System.IO.Compression;
using System.Text;

namespace Losant.AccessTokens.Tests.Fuzzing;

/// <summary>A generated HTTP answer and what a correct client must make of it.</summary>
internal sealed record GeneratedAnswer(byte[] Bytes, int Status, bool CleanFraming, bool MustSucceed, GeneratedBody Body, string Framing)
{
    public bool IsSuccess => Status is >= 200 and <= 299;

    public string Describe() => $"HTTP {Status}, {Framing}, {Body.Describe()}";
}

/// <summary>
/// Builds a whole HTTP answer around a generated body: a status, headers and a framing (length,
/// close, chunked, gzip, or broken), and says what a correct client must make of it.
/// </summary>
internal static class HttpAnswerGenerator
{
    private static readonly int[] Statuses =
        [200, 200, 200, 200, 200, 201, 202, 203, 204, 206, 301, 302, 304, 307, 400, 401, 403, 404, 405, 408, 409, 410, 418, 422, 429, 500, 501, 502, 503, 504, 599];

    private static readonly string?[] ContentTypes =
        ["application/json", "application/json", "application/json; charset=utf-8", "application/vnd.losant+json", null, "text/html", "text/plain", "application/xml", "application/json-seq"];

    public static GeneratedAnswer Generate(AnswerGenerator generator, Operation operation)
    {
        // Four in ten bodies are right for the operation, so the path to a result is fuzzed as well.
        var body = !generator.Chance(0.4) ? generator.Next() : operation switch
        {
            Operation.List => generator.ValidList(),
            Operation.Delete => generator.ValidSuccess(),
            _ => generator.ValidToken(),
        };
        var status = generator.Chance(0.1) ? generator.Next(200, 600) : generator.Pick(Statuses);
        var contentType = generator.Pick(ContentTypes);
        var headers = new List<string> { "Connection: close" };
        if (contentType != null) headers.Add("Content-Type: " + contentType);
        if (generator.Chance(0.3)) headers.Add("Retry-After: " + generator.Pick(["0", "1", "-3", "soon", "Wed, 21 Oct 2015 07:28:00 GMT", "86400", "0.001"]));
        if (generator.Chance(0.2)) headers.Add("X-" + generator.Next(0, 1000) + ": " + generator.Pick(["value", "", "a, b", "ü"]));

        var framing = generator.Pick(["length", "length", "length", "close", "chunked", "gzip", "longer", "badgzip", "badheader", "badstatus"]);
        var payload = body.Bytes;
        switch (framing)
        {
            case "length":
                headers.Add("Content-Length: " + payload.Length);
                break;
            case "chunked":
                headers.Add("Transfer-Encoding: chunked");
                payload = Chunk(payload, generator);
                break;
            case "gzip":
                headers.Add("Content-Encoding: gzip");
                payload = Gzip(payload);
                headers.Add("Content-Length: " + payload.Length);
                break;
            case "longer":
                headers.Add("Content-Length: " + (payload.Length + generator.Next(1, 100)));
                break;
            case "badgzip":
                headers.Add("Content-Encoding: gzip");
                payload = [0x1f, 0x8b, .. payload];
                break;
            case "badheader":
                headers.Add(generator.Pick(["No colon here", "Bad Name: x", ": empty name", "Content-Length: -5", "Content-Length: abc"]));
                break;
        }

        var statusLine = framing == "badstatus"
            ? generator.Pick(["HTTP/1.1 2000 OK", "HTTX/1.1 200 OK", "HTTP/1.1 OK", "garbage", "HTTP/1.1 -1 Minus"])
            : $"HTTP/1.1 {status} {generator.Pick(["OK", "", "Whatever Reason", "Ünïcode"])}";
        var head = statusLine + "\r\n" + string.Join("", headers.Select(h => h + "\r\n")) + "\r\n";
        byte[] bytes = [.. Encoding.Latin1.GetBytes(head), .. payload];

        // Statuses without a body (204, 304 and 205) never carry the JSON, whatever was sent.
        var clean = framing is "length" or "close" or "chunked" or "gzip";
        var json = contentType is null or "application/json" or "application/json; charset=utf-8" or "application/vnd.losant+json";
        var bodyAllowed = status is not (204 or 205 or 304);
        var valid = operation switch
        {
            Operation.List => body.Kind == BodyKind.ValidList,
            Operation.Delete => body.Kind == BodyKind.ValidSuccess,
            _ => body.Kind == BodyKind.ValidToken || (body.Kind is BodyKind.HugeNumbers or BodyKind.DeepNesting && body.Ids.Length == 1),
        };
        var mustSucceed = clean && json && bodyAllowed && status is >= 200 and <= 299 && valid;
        return new GeneratedAnswer(bytes, status, clean, mustSucceed, body, framing);
    }

    private static byte[] Chunk(byte[] payload, AnswerGenerator generator)
    {
        var output = new MemoryStream();
        for (var offset = 0; offset < payload.Length;)
        {
            var size = Math.Min(generator.Next(1, 50), payload.Length - offset);
            output.Write(Encoding.ASCII.GetBytes(size.ToString("x") + "\r\n"));
            output.Write(payload, offset, size);
            output.Write("\r\n"u8);
            offset += size;
        }

        output.Write("0\r\n\r\n"u8);
        return output.ToArray();
    }

    private static byte[] Gzip(byte[] payload)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(payload);
        return output.ToArray();
    }
}
