using System;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Api
{
    /// <summary>
    /// How to list (API 1.5 and later): a filter the server applies, and how many pages may be in
    /// flight at once. The server filters on one field at most.
    /// </summary>
    public sealed class ListQuery
    {
        /// <summary>Items asked for per page.</summary>
        public const int PageSize = 100;

        /// <summary>The list without a filter, one page at a time.</summary>
        public static ListQuery All => new ListQuery();

        /// <summary>A name pattern for the server (<c>filterField=name</c>); <c>*</c> matches any run of characters.</summary>
        public string? NameFilter { get; set; }

        /// <summary>A status for the server (<c>filterField=status</c>), used when there is no <see cref="NameFilter"/>.</summary>
        public AccessTokenStatus? StatusFilter { get; set; }

        /// <summary>Pages requested at once after the first.</summary>
        public int Concurrency { get; set; } = 1;

        /// <summary>The filter as query parameters (<c>&amp;filterField=...&amp;filter=...</c>); empty without one.</summary>
        internal string FilterParameters() =>
            NameFilter != null ? "&filterField=name&filter=" + Uri.EscapeDataString(NameFilter)
            : StatusFilter.HasValue ? "&filterField=status&filter=" + (StatusFilter == AccessTokenStatus.Active ? "active" : "inactive")
            : string.Empty;
    }
}
