using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Losant.AccessTokens.Http
{
    /// <summary>
    /// Gives each try a deadline that covers sending, the headers and reading the body to its
    /// last byte: the response content is wrapped so its reads stop at the same deadline.
    /// A try that misses the deadline ends in a <see cref="TimeoutException"/>, never retried:
    /// waiting the timeout again would only multiply it.
    /// </summary>
    internal sealed class TimeoutHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var options = RequestOptions.From(request);

            // One source per try: the caller's cancellation plus the deadline. It outlives this
            // method inside the response content, so reading the body obeys the same deadline.
            // It links the sender's own token too: HttpClient's token, which the handlers get,
            // stops following the sender's once the headers have arrived, and Ctrl+C must still
            // stop a body that stalls.
            var scope = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, options.Cancellation);
            scope.CancelAfter(options.TryTimeout);
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, scope.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (scope.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                scope.Dispose();
                throw TimedOut(request, options);
            }
            catch
            {
                scope.Dispose();
                throw;
            }

            response.Content = new DeadlineContent(response.Content, scope, options.Cancellation, request, options);
            return response;
        }

        internal static TimeoutException TimedOut(HttpRequestMessage request, RequestOptions options) =>
            new TimeoutException(
                $"{request.Method} {request.RequestUri} did not complete within {options.TryTimeout.TotalSeconds:0.###} seconds.");

        /// <summary>Content whose stream obeys the try's deadline; disposing it ends the deadline.</summary>
        internal sealed class DeadlineContent : HttpContent
        {
            private readonly HttpContent _inner;
            private readonly CancellationTokenSource _scope;
            private readonly HttpRequestMessage _request;
            private readonly RequestOptions _options;

            public DeadlineContent(HttpContent inner, CancellationTokenSource scope, CancellationToken callerToken, HttpRequestMessage request, RequestOptions options)
            {
                _inner = inner;
                _scope = scope;
                CallerToken = callerToken;
                _request = request;
                _options = options;

                // The headers stay where they arrived (see AnswerHeaders.Of): copied here, they would
                // cost a second header store and a second parse of each value on every request.
            }

            internal HttpContentHeaders InnerHeaders => _inner.Headers;

            protected override Task<Stream> CreateContentReadStreamAsync()
            {
                // The connection's content has its stream at hand: wrap it without a state machine.
                var inner = _inner.ReadAsStreamAsync();
                return inner.Status == TaskStatus.RanToCompletion
                    ? Task.FromResult<Stream>(new DeadlineStream(inner.Result, this))
                    : WrapAsync(inner);
            }

            private async Task<Stream> WrapAsync(Task<Stream> inner) => new DeadlineStream(await inner.ConfigureAwait(false), this);

            protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
            {
                using var source = await CreateContentReadStreamAsync().ConfigureAwait(false);
                await source.CopyToAsync(stream).ConfigureAwait(false);
            }

            protected override bool TryComputeLength(out long length)
            {
                length = _inner.Headers.ContentLength ?? -1;
                return length >= 0;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _inner.Dispose();
                    _scope.Dispose();
                }

                base.Dispose(disposing);
            }

            /// <summary>Cancelled by the sender's token (through HttpClient's), or by the deadline.</summary>
            internal CancellationToken Scope => _scope.Token;

            internal CancellationToken CallerToken { get; }

            internal bool DeadlinePassed(CancellationToken readToken) =>
                _scope.IsCancellationRequested && !CallerToken.IsCancellationRequested && !readToken.IsCancellationRequested;

            internal Exception TimedOut() => TimeoutHandler.TimedOut(_request, _options);
        }

        private sealed class DeadlineStream : Stream
        {
            private readonly Stream _inner;
            private readonly DeadlineContent _owner;

            public DeadlineStream(Stream inner, DeadlineContent owner)
            {
                _inner = inner;
                _owner = owner;
            }

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                var scope = _owner.Scope;
                try
                {
                    // The usual reader passes the token it sent with, which the scope already obeys;
                    // any other token costs a source linking it to the scope, for this read.
                    if (!cancellationToken.CanBeCanceled || cancellationToken == _owner.CallerToken)
                    {
                        return await _inner.ReadAsync(buffer, offset, count, scope).ConfigureAwait(false);
                    }

                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, scope);
                    return await _inner.ReadAsync(buffer, offset, count, linked.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (_owner.DeadlinePassed(cancellationToken) && (e is OperationCanceledException || e is IOException || e is ObjectDisposedException))
                {
                    throw _owner.TimedOut();
                }
            }

            public override int Read(byte[] buffer, int offset, int count) =>
                ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing) _inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }
}
