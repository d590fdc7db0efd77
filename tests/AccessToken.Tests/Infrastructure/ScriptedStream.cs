using System.Threading.Channels;

namespace Losant.AccessTokens.Tests.Infrastructure;

/// <summary>
/// A read-only stream whose bytes the test hands over piece by piece; a read waits until the
/// test supplies more or completes it. Each read returns at most one supplied chunk, so chunk
/// boundaries reach the reader exactly as the test chose them.
/// </summary>
public sealed class ScriptedStream : Stream
{
    private readonly Channel<byte[]> _chunks = Channel.CreateUnbounded<byte[]>();
    private byte[] _current = [];
    private int _offset;

    /// <summary>How many bytes reads have taken so far.</summary>
    public long BytesRead { get; private set; }

    public void Supply(byte[] chunk) => _chunks.Writer.TryWrite(chunk);

    public void Supply(string text) => Supply(System.Text.Encoding.UTF8.GetBytes(text));

    public void Complete() => _chunks.Writer.TryComplete();

    /// <summary>A stream that delivers <paramref name="body"/> in chunks of the given sizes, then ends.</summary>
    public static ScriptedStream Chunked(byte[] body, Func<int> nextChunkSize)
    {
        var stream = new ScriptedStream();
        for (var offset = 0; offset < body.Length;)
        {
            var size = Math.Clamp(nextChunkSize(), 1, body.Length - offset);
            stream.Supply(body.AsSpan(offset, size).ToArray());
            offset += size;
        }

        stream.Complete();
        return stream;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0) return 0;
        while (_offset == _current.Length)
        {
            if (!await _chunks.Reader.WaitToReadAsync(cancellationToken)) return 0;
            if (_chunks.Reader.TryRead(out var next))
            {
                _current = next;
                _offset = 0;
            }
        }

        var count = Math.Min(buffer.Length, _current.Length - _offset);
        _current.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        BytesRead += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
