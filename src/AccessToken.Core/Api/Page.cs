using System.Collections.Generic;

namespace Losant.AccessTokens.Api
{
    /// <summary>One page of a paged list, read whole, with what the answer said about the rest.</summary>
    internal sealed class Page<T>
    {
        public Page(IReadOnlyList<T> items, long? totalCount, long? perPage)
        {
            Items = items;
            TotalCount = totalCount;
            PerPage = perPage;
        }

        public IReadOnlyList<T> Items { get; }

        public long? TotalCount { get; }

        public long? PerPage { get; }
    }
}
