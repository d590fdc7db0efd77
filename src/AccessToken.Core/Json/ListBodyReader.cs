using System;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Json
{
    /// <summary>Reads one item of a list; the reader is on its first token and ends on its last, and <paramref name="item"/> holds its bytes.</summary>
    internal delegate T ItemReader<out T>(ref Utf8JsonReader reader, ReadOnlySpan<byte> item);

    /// <summary>
    /// Reads a list body (<c>{"items": [...], "count": n, "totalCount": n, ...}</c>) from a stream
    /// one item at a time, so the first items reach the pipeline while the rest is still arriving
    /// and memory holds one item's bytes, not the whole list. Of the other members it keeps
    /// <c>totalCount</c> and <c>perPage</c>, which paging needs.
    /// </summary>
    /// <remarks>
    /// Hand-written because the serializer streams only a top-level array, not the items of an
    /// array inside an object; each complete item goes to the generated deserializer.
    /// </remarks>
    internal sealed class ListBodyReader<T>
        where T : class
    {
        private const int InitialBufferSize = 16 * 1024;

        private readonly ItemReader<T> _readItem;

        private enum Phase { BeforeRoot, InRoot, InItems, AfterRoot, Done }

        private readonly Stream _stream;
        private byte[] _buffer = new byte[InitialBufferSize];
        private int _start;
        private int _end;
        private bool _finalBlock;
        private JsonReaderState _state;
        private Phase _phase;
        private bool _sawItems;

        public ListBodyReader(Stream stream, ItemReader<T> readItem)
        {
            _stream = stream;
            _readItem = readItem;
        }

        /// <summary>All items that match the query, across pages, when the answer says (<c>totalCount</c>).</summary>
        public long? TotalCount { get; private set; }

        /// <summary>Items per page, when the answer says (<c>perPage</c>).</summary>
        public long? PerPage { get; private set; }

        /// <summary>The next item, or null at the end of a complete list.</summary>
        public async Task<T?> ReadNextAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                if (TryAdvance(out var token)) return token;
                if (_phase == Phase.Done) return null;
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        // Moves as far as the buffered bytes allow. True with a token when one is complete; true
        // with null at the end of the list; false when more bytes are needed.
        private bool TryAdvance(out T? token)
        {
            token = null;
            if (_phase == Phase.Done) return true;
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_buffer, _start, _end - _start), _finalBlock, _state);
            try
            {
                while (true)
                {
                    switch (_phase)
                    {
                        case Phase.BeforeRoot:
                            if (!reader.Read()) return NeedMore(ref reader);
                            if (reader.TokenType != JsonTokenType.StartObject) throw AccessTokenJson.Shape("the list must be a JSON object with 'items', not " + AccessTokenJson.Describe(reader.TokenType));
                            _phase = Phase.InRoot;
                            Commit(ref reader);
                            break;

                        case Phase.InRoot:
                        {
                            var probe = reader;
                            if (!probe.Read()) return NeedMore(ref reader);
                            if (probe.TokenType == JsonTokenType.EndObject)
                            {
                                if (!_sawItems) throw AccessTokenJson.Shape("the list has no 'items'");
                                reader = probe;
                                _phase = Phase.AfterRoot;
                                Commit(ref reader);
                                break;
                            }

                            var isItems = probe.ValueTextEquals("items");
                            var count = probe.ValueTextEquals("totalCount") ? 1 : probe.ValueTextEquals("perPage") ? 2 : 0;
                            if (!probe.Read()) return NeedMore(ref reader);
                            if (count != 0)
                            {
                                var value = ReadCount(ref probe, count == 1 ? "totalCount" : "perPage");
                                if (count == 1) TotalCount = value;
                                else PerPage = value;
                                reader = probe;
                                Commit(ref reader);
                                break;
                            }

                            if (isItems)
                            {
                                if (probe.TokenType != JsonTokenType.StartArray) throw AccessTokenJson.Shape("'items' must be an array, not " + AccessTokenJson.Describe(probe.TokenType));
                                reader = probe;
                                _sawItems = true;
                                _phase = Phase.InItems;
                                Commit(ref reader);
                                break;
                            }

                            // Any other member ('count', '_links', ...) is skipped whole or not at all.
                            if (!probe.TrySkip()) return NeedMore(ref reader);
                            reader = probe;
                            Commit(ref reader);
                            break;
                        }

                        case Phase.InItems:
                        {
                            var probe = reader;
                            if (!probe.Read()) return NeedMore(ref reader);
                            if (probe.TokenType == JsonTokenType.EndArray)
                            {
                                reader = probe;
                                _phase = Phase.InRoot;
                                Commit(ref reader);
                                break;
                            }

                            // The item goes to the deserializer only once all its bytes are here.
                            var item = probe;
                            if (!probe.TrySkip()) return NeedMore(ref reader);
                            var start = (int)item.TokenStartIndex;
                            token = _readItem(ref item, new ReadOnlySpan<byte>(_buffer, _start + start, (int)probe.BytesConsumed - start));
                            reader = item;
                            Commit(ref reader);
                            return true;
                        }

                        case Phase.AfterRoot:
                            // Only white space may follow; the reader itself rejects anything else.
                            if (reader.Read()) throw AccessTokenJson.Shape("more follows the list");
                            if (!_finalBlock) return false;
                            _phase = Phase.Done;
                            return true;
                    }
                }
            }
            catch (JsonException e)
            {
                throw new InvalidResponseException("The answer is not valid JSON: " + e.Message, e);
            }
            catch (InvalidOperationException e)
            {
                // The reader throws this for strings that are not valid UTF-8 or hold a lone surrogate escape.
                throw new InvalidResponseException("The answer is not valid JSON: " + e.Message, e);
            }
        }

        // Paging rests on these counts: anything but a non-negative whole number is an invalid answer.
        private static long ReadCount(ref Utf8JsonReader reader, string name)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var value) || value < 0)
            {
                throw AccessTokenJson.Shape($"'{name}' must be a whole number of at least 0, not " + AccessTokenJson.Describe(reader.TokenType));
            }

            return value;
        }

        private void Commit(ref Utf8JsonReader reader)
        {
            _start += (int)reader.BytesConsumed;
            _state = reader.CurrentState;
            reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_buffer, _start, _end - _start), _finalBlock, _state);
        }

        private bool NeedMore(ref Utf8JsonReader reader)
        {
            if (_finalBlock) throw AccessTokenJson.Shape(reader.BytesConsumed == 0 && _start == 0 && _end == 0 ? "the body is empty" : "the list ends early");
            return false;
        }

        private async Task FillAsync(CancellationToken cancellationToken)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                if (_buffer.Length >= AccessTokenJson.MaxItemBytes) throw AccessTokenJson.Shape($"one element of the list is larger than {AccessTokenJson.MaxItemBytes / 1024} KiB");
                Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, AccessTokenJson.MaxItemBytes));
            }

            var read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
            if (read == 0) _finalBlock = true;
            _end += read;
        }
    }
}

