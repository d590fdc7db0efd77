using System;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Json
{
    /// <summary>
    /// Reads an <c>accessTokens</c> body (<c>{"items": [...], "count": n}</c>) from a stream one
    /// token at a time, so the first tokens reach the pipeline while the rest is still arriving
    /// and memory holds one token's bytes, not the whole list.
    /// </summary>
    /// <remarks>
    /// Hand-written because the serializer streams only a top-level array, not the items of an
    /// array inside an object; each complete item goes to the generated deserializer.
    /// </remarks>
    internal sealed class AccessTokenListReader
    {
        private const int InitialBufferSize = 16 * 1024;

        /// <summary>No single token is anywhere near this; a larger one is a hostile answer.</summary>
        internal const int MaxTokenBytes = 1024 * 1024;

        private enum Phase { BeforeRoot, InRoot, InItems, AfterRoot, Done }

        private readonly Stream _stream;
        private byte[] _buffer = new byte[InitialBufferSize];
        private int _start;
        private int _end;
        private bool _finalBlock;
        private JsonReaderState _state;
        private Phase _phase;
        private bool _sawItems;

        public AccessTokenListReader(Stream stream) => _stream = stream;

        /// <summary>The next token, or null at the end of a complete list.</summary>
        public async Task<AccessToken?> ReadNextAsync(CancellationToken cancellationToken)
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
        private bool TryAdvance(out AccessToken? token)
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
                            if (!probe.Read()) return NeedMore(ref reader);
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
                            token = AccessTokenJson.ReadToken(ref item);
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
                if (_buffer.Length >= MaxTokenBytes) throw AccessTokenJson.Shape($"one element of the list is larger than {MaxTokenBytes / 1024} KiB");
                Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxTokenBytes));
            }

            var read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
            if (read == 0) _finalBlock = true;
            _end += read;
        }
    }
}
