using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Losant.AccessTokens.Api
{
    /// <summary>Reads a list that arrives item by item into memory, for the callers that need it whole.</summary>
    internal static class ListReading
    {
        /// <summary>
        /// Calls <paramref name="readNext"/> until it returns null and keeps what it returned, in
        /// order, handing each item to <paramref name="each"/> first when one is given.
        /// </summary>
        public static async Task<List<T>> ReadAllAsync<T>(Func<CancellationToken, Task<T?>> readNext, Action<T>? each, CancellationToken cancellationToken)
            where T : class
        {
            var items = new List<T>();
            T? item;
            while ((item = await readNext(cancellationToken).ConfigureAwait(false)) != null)
            {
                each?.Invoke(item);
                items.Add(item);
            }

            return items;
        }
    }
}
