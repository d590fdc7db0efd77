using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Losant.AccessTokens.Api
{
    /// <summary>
    /// The items of a list, read one at a time as they arrive, across pages where the API pages.
    /// Dispose it to release what is still in flight, also when stopping early.
    /// </summary>
    public abstract class Listing<T> : IDisposable
        where T : class
    {
        /// <summary>Pages read so far.</summary>
        public int PagesRead { get; protected set; }

        /// <summary>How many pages the listing expects, as far as the answers so far tell; at least <see cref="PagesRead"/>.</summary>
        public abstract int PageCount { get; }

        /// <summary>How many items the list holds, as the answers so far tell; null when they do not say.</summary>
        public abstract long? TotalCount { get; }

        /// <summary>The next item, or null when the list is complete. Throws <see cref="ApiException"/> when a page fails.</summary>
        public abstract Task<T?> ReadNextAsync(CancellationToken cancellationToken);

        /// <summary>The rest of the list, read into memory; for callers that need it whole rather than streamed.</summary>
        public Task<List<T>> ReadAllAsync(CancellationToken cancellationToken) => ListReading.ReadAllAsync(ReadNextAsync, null, cancellationToken);

        /// <inheritdoc />
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Releases the answers and requests still held.</summary>
        protected abstract void Dispose(bool disposing);
    }
}
