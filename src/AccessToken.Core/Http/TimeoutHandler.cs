using System;
using System.IO;
using System.Net;
using System.Net.Http;
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
            var deadline = new CancellationTokenSource(options.TryTimeout);
            var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                linked.Dispose();
                deadline.Dispose();
                throw TimedOut(request, options);
            }
            catch
            {
                linked.Dispose();
                deadline.Dispose();
                throw;
            }

            linked.Dispose();
            response.Content = new DeadlineContent(response.Content, deadline, request, options);
            return response;
        }

        internal static TimeoutException TimedOut(HttpRequestMessage request, RequestOptions options) =>
            new TimeoutException(
                $"{request.Method} {request.RequestUri} did not complete within {options.TryTimeout.TotalSeconds:0.###} seconds.");

        /// <summary>Content whose stream obeys the try's deadline; disposing it ends the deadline.</summary>
        private sealed class DeadlineContent : HttpContent
        {
            private readonly HttpContent _inner;
            private readonly CancellationTokenSource _deadline;
            private readonly HttpRequestMessage _request;
            private readonly RequestOptions _options;

            public DeadlineContent(HttpContent inner, CancellationTokenSource deadline, HttpRequestMessage request, RequestOptions options)
            {
                _inner = inner;
                _deadline = deadline;
                _request = request;
                _options = options;
                foreach (var header in inner.Headers) Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            protected override async Task<Stream> CreateContentReadStreamAsync() =>
                new DeadlineStream(await _inner.ReadAsStreamAsync().ConfigureAwait(false), this);

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
                    _deadline.Dispose();
                }

                base.Dispose(disposing);
            }

            internal CancellationToken Deadline => _deadline.Token;

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
                var deadline = _owner.Deadline;
                if (!cancellationToken.CanBeCanceled) return await Guarded(_inner.ReadAsync(buffer, offset, count, deadline), deadline).ConfigureAwait(false);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline);
                return await Guarded(_inner.ReadAsync(buffer, offset, count, linked.Token), deadline).ConfigureAwait(false);
            }

            private async Task<int> Guarded(Task<int> read, CancellationToken deadline)
            {
                try
                {
                    return await read.ConfigureAwait(false);
                }
                catch (Exception e) when (deadline.IsCancellationRequested && (e is OperationCanceledException || e is IOException || e is ObjectDisposedException))
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
