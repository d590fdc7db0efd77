using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Losant.AccessTokens.Api
{
    /// <summary>
    /// A paged list read as one stream of items. The first page is read alone; once it tells how
    /// many items there are, the pages after it are requested up to a limit at once and written
    /// in page order. A list that changes while it is read neither fails nor loops: a short or
    /// empty page, or one that brings nothing new, ends it, and an item seen before is skipped.
    /// </summary>
    internal sealed class PagedListing<T> : Listing<T>
        where T : class
    {
        private readonly Func<int, CancellationToken, Task<Page<T>>> _fetch;
        private readonly Func<T, string> _idOf;
        private readonly int _concurrency;
        private readonly CancellationTokenSource _stop;
        private readonly Queue<Task<Page<T>>> _inFlight = new Queue<Task<Page<T>>>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private IReadOnlyList<T> _items = Array.Empty<T>();
        private int _index;
        private int _nextPage;
        private long? _totalCount;
        private long _perPage;
        private bool _ended;

        private PagedListing(Func<int, CancellationToken, Task<Page<T>>> fetch, Func<T, string> idOf, int perPage, int concurrency, CancellationToken cancellationToken)
        {
            _fetch = fetch;
            _idOf = idOf;
            _perPage = perPage;
            _concurrency = Math.Max(1, concurrency);
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        // Rounded up without adding first: a total near long.MaxValue must not overflow.
        public override int PageCount =>
            Math.Max(PagesRead, _perPage > 0 && _totalCount.HasValue
                ? (int)Math.Min(int.MaxValue, _totalCount.Value / _perPage + (_totalCount.Value % _perPage == 0 ? 0 : 1))
                : 0);

        public override long? TotalCount => _totalCount;

        /// <summary>
        /// Reads the first page, so that a listing that cannot start fails here, and returns the
        /// listing. <paramref name="perPage"/> is the page size asked for; the answers may say otherwise.
        /// </summary>
        public static async Task<PagedListing<T>> StartAsync(Func<int, CancellationToken, Task<Page<T>>> fetch, Func<T, string> idOf,
            int perPage, int concurrency, CancellationToken cancellationToken)
        {
            var listing = new PagedListing<T>(fetch, idOf, perPage, concurrency, cancellationToken);
            try
            {
                listing.Request();
                await listing.TakePageAsync().ConfigureAwait(false);
                return listing;
            }
            catch
            {
                listing.Dispose();
                throw;
            }
        }

        public override async Task<T?> ReadNextAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                while (_index < _items.Count)
                {
                    var item = _items[_index++];
                    if (_seen.Add(_idOf(item))) return item;
                }

                if (_ended || _inFlight.Count == 0)
                {
                    End();
                    return null;
                }

                try
                {
                    cancellationToken.ThrowIfCancellationRequested();

                    // The pages in flight follow the token the listing started with; this read's
                    // token must stop the wait for the next page (and its request) as well.
                    using (cancellationToken.Register(state => ((CancellationTokenSource)state).Cancel(), _stop))
                    {
                        await TakePageAsync().ConfigureAwait(false);
                    }
                }
                catch
                {
                    // A page that failed, or a read cancelled while waiting for one, ends the
                    // listing: the pages after the gap are not handed out, and none stays in flight.
                    End();
                    throw;
                }
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (!disposing) return;
            End();
            _stop.Dispose();
        }

        private async Task TakePageAsync()
        {
            var page = await _inFlight.Dequeue().ConfigureAwait(false);
            PagesRead++;
            if (page.TotalCount.HasValue) _totalCount = page.TotalCount.Value;
            if (page.PerPage > 0) _perPage = page.PerPage.Value;
            _items = page.Items;
            _index = 0;

            // Every earlier page has been handed out by now, so _seen holds all it brought.
            var bringsNew = false;
            foreach (var item in page.Items)
            {
                if (_seen.Contains(_idOf(item))) continue;
                bringsNew = true;
                break;
            }

            if (page.Items.Count < _perPage || !bringsNew)
            {
                _ended = true;
                return;
            }

            Request();
        }

        // Keeps up to the limit of the pages the answers so far promise in flight, in page order.
        // Answers that never tell the total promise one more page after each full one.
        private void Request()
        {
            while (_inFlight.Count < _concurrency && (_nextPage == 0
                || (PagesRead > 0 && (_totalCount.HasValue ? _nextPage * _perPage < _totalCount.Value : _inFlight.Count == 0))))
            {
                _inFlight.Enqueue(_fetch(_nextPage++, _stop.Token));
            }
        }

        private void End()
        {
            _ended = true;
            if (_inFlight.Count == 0) return;
            _stop.Cancel();
            while (_inFlight.Count > 0)
            {
                // Pages no one will read: their failures are of no interest, but must be observed.
                _inFlight.Dequeue().ContinueWith(t => _ = t.Exception, CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }
}
