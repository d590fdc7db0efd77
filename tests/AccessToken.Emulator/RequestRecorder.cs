using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AccessToken.Emulator;

/// <summary>One API request exactly as it arrived, for tests to assert on the wire format.</summary>
public sealed record RecordedRequest(
    long Seq,
    DateTime ReceivedAt,
    string Method,
    string Path,
    string Query,
    KeyValuePair<string, string>[] Headers,
    string? Body);

/// <summary>
/// Keeps API requests in arrival order. The sequence number is taken under the same lock as the
/// append, so <c>seq</c> order and list order always agree, even with 64 requests in flight.
/// </summary>
public sealed class RequestRecorder
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private long _nextSeq;

    public void Record(HttpRequest request, string path, string query, byte[] body)
    {
        var headers = new KeyValuePair<string, string>[request.Headers.Count];
        int i = 0;
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> header in request.Headers)
        {
            headers[i++] = new(header.Key, string.Join(", ", header.Value.ToArray()));
        }
        string? text = body.Length == 0 ? null : Encoding.UTF8.GetString(body);
        DateTime now = DateTime.UtcNow;

        lock (_gate)
        {
            _requests.Add(new RecordedRequest(++_nextSeq, now, request.Method, path, query, headers[..i], text));
        }
    }

    /// <summary>Forgets every request; numbering restarts at 1.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
            _nextSeq = 0;
        }
    }

    public RecordedRequest[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _requests];
        }
    }

    public static void Write(Utf8JsonWriter writer, RecordedRequest request)
    {
        writer.WriteStartObject();
        writer.WriteNumber(JsonNames.Seq, request.Seq);
        TokenJson.WriteDate(writer, JsonNames.ReceivedAt, request.ReceivedAt);
        writer.WriteString(JsonNames.Method, request.Method);
        writer.WriteString(JsonNames.Path, request.Path);
        writer.WriteString(JsonNames.Query, request.Query);
        writer.WriteStartObject(JsonNames.Headers);
        foreach (KeyValuePair<string, string> header in request.Headers)
        {
            writer.WriteString(header.Key, header.Value);
        }
        writer.WriteEndObject();
        if (request.Body is null)
        {
            writer.WriteNull(JsonNames.Body);
        }
        else
        {
            writer.WriteString(JsonNames.Body, request.Body);
        }
        writer.WriteEndObject();
    }
}

/// <summary>Switches set through <c>POST /_emulator/config</c>.</summary>
public sealed class EmulatorConfig
{
    private volatile bool _record = true;
    private volatile int _latencyMs;

    /// <summary>False while benchmarks run, so the recorder does not grow without bound.</summary>
    public bool Record
    {
        get => _record;
        set => _record = value;
    }

    /// <summary>Delay added before every API answer.</summary>
    public int LatencyMs
    {
        get => _latencyMs;
        set => _latencyMs = value;
    }

    public void Reset()
    {
        Record = true;
        LatencyMs = 0;
    }
}
