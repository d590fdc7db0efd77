using System;

namespace Losant.AccessTokens.Api
{
    /// <summary>
    /// The route table of the access-token resources: every path the module calls, in one place.
    /// A second resource (e.g. <c>/me/tokens</c>) is a new pair of entries here.
    /// </summary>
    internal static class AccessTokenRoutes
    {
        public static string Collection(QueryFlags flags) => "access-tokens" + flags.ToQueryString();

        public static string Item(string accessTokenId, QueryFlags flags) =>
            "access-tokens/" + Uri.EscapeDataString(accessTokenId) + flags.ToQueryString();
    }
}
