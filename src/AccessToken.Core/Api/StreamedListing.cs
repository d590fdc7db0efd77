using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Losant.AccessTokens.Json;

namespace Losant.AccessTokens.Api
{
    /// <summary>A list that comes whole in one answer (API below 1.5), read as the body arrives.</summary>
    internal sealed class StreamedListing<T> : Listing<T>
        where T : class
    {
        private readonly HttpResponseMessage _response;
        private readonly ListBodyReader<T> _reader;
        private readonly Func<Exception, ApiException> _describeFailure;

        public StreamedListing(HttpResponseMessage response, ListBodyReader<T> reader, Func<Exception, ApiException> describeFailure)
        {
            _response = response;
            _reader = reader;
            _describeFailure = describeFailure;
        }

        public override int PageCount => 1;

        public override long? TotalCount => null;

        public override async Task<T?> ReadNextAsync(CancellationToken cancellationToken)
        {
            try
            {
                var item = await _reader.ReadNextAsync(cancellationToken).ConfigureAwait(false);
                if (item == null) PagesRead = 1;
                return item;
            }
            catch (Exception e) when (!(e is OperationCanceledException) || !cancellationToken.IsCancellationRequested)
            {
                throw _describeFailure(e);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _response.Dispose();
        }
    }
}
