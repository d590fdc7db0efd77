using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Losant.AccessTokens.Tests.Infrastructure;

/// <summary>One request as it arrived at <see cref="RawHttpServer"/>.</summary>
public sealed record RawRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>
/// An HTTP server on loopback that answers with whatever bytes the test writes, so a test can
/// send answers no well-behaved server would: broken framing, stalls, garbage headers. Every
/// connection carries one exchange and is then closed.
/// </summary>
public sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<RawRequest> _requests = new();
    private readonly Task _acceptLoop;
    private readonly Func<RawRequest, Stream, CancellationToken, Task> _respond;

    public RawHttpServer(Func<RawRequest, Stream, CancellationToken, Task> respond)
    {
        _respond = respond;
        _listener.Start();
        BaseUri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptAsync();
    }

    /// <summary>A server that answers every request with the same bytes.</summary>
    public static RawHttpServer Answering(Func<byte[]> answer) =>
        new(async (_, stream, cancel) => await stream.WriteAsync(answer(), cancel));

    public Uri BaseUri { get; }

    public IReadOnlyList<RawRequest> Requests => _requests.ToArray();

    /// <summary>A complete answer with a correct Content-Length and Connection: close.</summary>
    public static byte[] Response(int status, string? contentType, byte[] body, params string[] extraHeaders)
    {
        var head = new StringBuilder($"HTTP/1.1 {status} Status {status}\r\nConnection: close\r\nContent-Length: {body.Length}\r\n");
        if (contentType != null) head.Append("Content-Type: ").Append(contentType).Append("\r\n");
        foreach (var header in extraHeaders) head.Append(header).Append("\r\n");
        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream, _stopping.Token);
                if (request == null) return;
                _requests.Enqueue(request);
                await _respond(request, stream, _stopping.Token);
                await stream.FlushAsync(_stopping.Token);
                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client hung up, which many of the answers provoke on purpose.
            }
        }
    }

    private static async Task<RawRequest?> ReadRequestAsync(Stream stream, CancellationToken cancel)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOfBlankLine(received)) < 0)
        {
            var read = await stream.ReadAsync(buffer, cancel);
            if (read == 0) return null;
            received.AddRange(buffer.AsSpan(0, read).ToArray());
        }

        var lines = Encoding.ASCII.GetString(received.GetRange(0, headEnd).ToArray()).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var length = headers.TryGetValue("Content-Length", out var text) ? int.Parse(text) : 0;
        var body = received.Skip(headEnd + 4).ToList();
        while (body.Count < length)
        {
            var read = await stream.ReadAsync(buffer, cancel);
            if (read == 0) break;
            body.AddRange(buffer.AsSpan(0, read).ToArray());
        }

        return new RawRequest(requestLine[0], requestLine.Length > 1 ? requestLine[1] : string.Empty, headers, body.ToArray());
    }

    private static int IndexOfBlankLine(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') return i;
        }

        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        await _acceptLoop;
        _stopping.Dispose();
    }
}
