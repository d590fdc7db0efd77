using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace AccessToken.Emulator;

/// <summary>
/// A forward proxy on loopback, as companies run them: CONNECT tunnels for HTTPS, absolute-form
/// requests for plain HTTP, and, when given a user name and password, 407 with a Basic challenge
/// until a request brings them. It records every request it is asked to carry: its target,
/// whether it carried credentials and whether they were accepted, and how many bytes went up
/// the tunnel afterwards. It only ever connects to loopback.
/// </summary>
/// <remarks>
/// Requests in origin form (<c>GET /_proxy/requests</c>) are its control: the records as JSON,
/// and <c>DELETE /_proxy/requests</c> to forget them.
/// </remarks>
public sealed class ForwardProxy
{
    private readonly string? _expectedAuthorization;
    private readonly object _gate = new();
    private readonly List<ProxyRecord> _records = [];
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public ForwardProxy(string? user, string? password)
    {
        if (user is not null)
        {
            _expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + (password ?? string.Empty)));
        }
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async Task RunAsync(Action<string> announce, CancellationToken stopping)
    {
        _listener.Start();
        announce($"PROXY_URL=http://127.0.0.1:{Port}");
        using CancellationTokenRegistration stop = stopping.Register(_listener.Stop);
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(stopping);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                break;
            }

            _ = Task.Run(() => ServeAsync(client, stopping), stopping);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stopping)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                // One connection may carry several requests: a 407, then the same request with credentials.
                while (true)
                {
                    RequestHead? head = await RequestHead.ReadAsync(stream, stopping);
                    if (head is null) return;
                    if (head.Target.StartsWith("/_proxy/", StringComparison.Ordinal))
                    {
                        await ControlAsync(stream, head);
                        return;
                    }

                    bool tunnel = head.Method == "CONNECT";
                    string? authorization = head.Header("Proxy-Authorization");
                    bool accepted = _expectedAuthorization is null || authorization == _expectedAuthorization;
                    var record = new ProxyRecord(head.Method, head.Target, authorization is not null, accepted);
                    lock (_gate) _records.Add(record);

                    if (!accepted)
                    {
                        await WriteAsync(stream, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"emulator proxy\"\r\nContent-Length: 0\r\n\r\n");
                        continue;
                    }

                    if (!TryLoopbackTarget(head, out string host, out int port))
                    {
                        await WriteAsync(stream, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                        return;
                    }

                    using var upstream = new TcpClient();
                    try
                    {
                        await upstream.ConnectAsync(host, port, stopping);
                    }
                    catch (SocketException)
                    {
                        await WriteAsync(stream, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                        return;
                    }

                    NetworkStream server = upstream.GetStream();
                    if (tunnel)
                    {
                        await WriteAsync(stream, "HTTP/1.1 200 Connection established\r\n\r\n");
                    }
                    else
                    {
                        // Kestrel takes the absolute form. One request per connection, so that each
                        // request of a kept-alive client connection comes here to be seen.
                        byte[] forwarded = head.ForwardedOnce();
                        await server.WriteAsync(forwarded, stopping);
                        record.AddBytesUp(forwarded.Length);
                    }

                    await RelayAsync(stream, server, record, stopping);
                    return;
                }
            }
            catch (Exception) when (!stopping.IsCancellationRequested)
            {
                // A client that hangs up mid-request ends its connection only.
            }
        }
    }

    private static bool TryLoopbackTarget(RequestHead head, out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        string authority = head.Target;
        if (head.Method != "CONNECT")
        {
            if (!Uri.TryCreate(head.Target, UriKind.Absolute, out Uri? uri)) return false;
            authority = uri.Authority;
        }

        int colon = authority.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(authority[(colon + 1)..], out port)) return false;
        host = authority[..colon].Trim('[', ']');
        return host == "localhost" || (IPAddress.TryParse(host, out IPAddress? address) && IPAddress.IsLoopback(address));
    }

    private static async Task RelayAsync(NetworkStream client, NetworkStream server, ProxyRecord record, CancellationToken stopping)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Task up = CopyAsync(client, server, record.AddBytesUp, done.Token);
        Task down = CopyAsync(server, client, _ => { }, done.Token);
        await Task.WhenAny(up, down);
        done.Cancel();
    }

    private static async Task CopyAsync(NetworkStream from, NetworkStream to, Action<int> count, CancellationToken cancellation)
    {
        var buffer = new byte[16384];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellation)) > 0)
            {
                count(read);
                await to.WriteAsync(buffer.AsMemory(0, read), cancellation);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Either side closing ends the relay.
        }
    }

    private async Task ControlAsync(NetworkStream stream, RequestHead head)
    {
        if (head.Method == "DELETE")
        {
            lock (_gate) _records.Clear();
            await WriteAsync(stream, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
            return;
        }

        using var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartArray();
            lock (_gate)
            {
                foreach (ProxyRecord record in _records) record.Write(writer);
            }

            writer.WriteEndArray();
        }

        await WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(body.ToArray());
    }

    private static Task WriteAsync(NetworkStream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

    /// <summary>One request the proxy was asked to carry.</summary>
    private sealed class ProxyRecord(string method, string target, bool credentials, bool accepted)
    {
        private long _bytesUp;

        public void AddBytesUp(int count) => Interlocked.Add(ref _bytesUp, count);

        public void Write(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteString("method", method);
            writer.WriteString("target", target);
            writer.WriteBoolean("credentials", credentials);
            writer.WriteBoolean("accepted", accepted);
            writer.WriteNumber("bytesUp", Interlocked.Read(ref _bytesUp));
            writer.WriteEndObject();
        }
    }

    /// <summary>A request line and its headers, as read off the connection.</summary>
    private sealed class RequestHead
    {
        private readonly Dictionary<string, string> _headers;

        private RequestHead(string method, string target, Dictionary<string, string> headers, byte[] raw)
        {
            Method = method;
            Target = target;
            _headers = headers;
            Raw = raw;
        }

        public string Method { get; }

        public string Target { get; }

        /// <summary>The head as it arrived, to pass on unchanged.</summary>
        public byte[] Raw { get; }

        public string? Header(string name) => _headers.TryGetValue(name, out string? value) ? value : null;

        /// <summary>The head to pass on to the server: the proxy's own headers dropped, and the connection closed after the answer.</summary>
        public byte[] ForwardedOnce()
        {
            var text = new StringBuilder($"{Method} {Target} HTTP/1.1\r\n");
            foreach (KeyValuePair<string, string> header in _headers)
            {
                if (header.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                    || header.Key.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase)) continue;
                text.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
            }

            return Encoding.ASCII.GetBytes(text.Append("Connection: close\r\n\r\n").ToString());
        }

        // Byte by byte up to the blank line, so nothing after the head is taken from the stream.
        public static async Task<RequestHead?> ReadAsync(NetworkStream stream, CancellationToken cancellation)
        {
            var raw = new List<byte>();
            var one = new byte[1];
            while (raw.Count < 65536)
            {
                if (await stream.ReadAsync(one, cancellation) == 0) return null;
                raw.Add(one[0]);
                int n = raw.Count;
                if (n >= 4 && raw[n - 4] == '\r' && raw[n - 3] == '\n' && raw[n - 2] == '\r' && raw[n - 1] == '\n') break;
            }

            string[] lines = Encoding.ASCII.GetString(raw.ToArray()).Split("\r\n");
            string[] requestLine = lines[0].Split(' ');
            if (requestLine.Length < 3) return null;
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string line in lines.Skip(1))
            {
                int colon = line.IndexOf(':');
                if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }

            return new RequestHead(requestLine[0], requestLine[1], headers, raw.ToArray());
        }
    }
}
