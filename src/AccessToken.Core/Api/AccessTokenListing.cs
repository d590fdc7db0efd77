using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Losant.AccessTokens.Json;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Api
{
    /// <summary>
    /// The tokens of a list answer, read one at a time as the body arrives. Dispose it to
    /// release the connection, also when stopping early.
    /// </summary>
    public sealed class AccessTokenListing : IDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly AccessTokenListReader _reader;
        private readonly Func<Exception, Exception> _describeFailure;

        internal AccessTokenListing(HttpResponseMessage response, AccessTokenListReader reader, Func<Exception, Exception> describeFailure)
        {
            _response = response;
            _reader = reader;
            _describeFailure = describeFailure;
        }

        /// <summary>The next token, or null when the list is complete. Throws <see cref="ApiException"/> on a broken answer.</summary>
        public async Task<AccessToken?> ReadNextAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await _reader.ReadNextAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is OperationCanceledException) || !cancellationToken.IsCancellationRequested)
            {
                throw _describeFailure(e);
            }
        }

        /// <inheritdoc />
        public void Dispose() => _response.Dispose();
    }
}
