using System;
using System.Buffers;

namespace Losant.AccessTokens.Json
{
    /// <summary>
    /// One buffer of a fixed size for a body that carries a secret: it never grows, so no copy
    /// of the secret is left behind in an abandoned buffer, and <see cref="Clear"/> zeroes it.
    /// </summary>
    internal sealed class FixedBufferWriter : IBufferWriter<byte>
    {
        private readonly byte[] _buffer;
        private int _written;

        public FixedBufferWriter(int capacity) => _buffer = new byte[capacity];

        public ReadOnlySpan<byte> WrittenSpan => new ReadOnlySpan<byte>(_buffer, 0, _written);

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0) =>
            sizeHint <= _buffer.Length - _written
                ? new Memory<byte>(_buffer, _written, _buffer.Length - _written)
                : throw new InvalidOperationException("The body is larger than its buffer was sized for.");

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public void Clear()
        {
            Array.Clear(_buffer, 0, _buffer.Length);
            _written = 0;
        }
    }
}
