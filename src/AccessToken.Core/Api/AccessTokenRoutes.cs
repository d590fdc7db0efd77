using System;

namespace Losant.AccessTokens.Api
{
    /// <summary>
    /// The route table of the access-token resources: every path the module calls, in one place.
    /// A second resource (e.g. <c>/me/tokens</c>) is a new pair of entries here.
    /// </summary>
    internal static class AccessTokenRoutes
    {
        // Each route is made whole in one concatenation from the base address (ending in '/'),
        // rather than resolved as a relative URI against it, which costs a second parse.
        public static Uri Collection(string baseAddress, QueryFlags flags) =>
            new Uri(baseAddress + "access-tokens" + flags.ToQueryString());

        public static Uri Item(string baseAddress, string accessTokenId, QueryFlags flags) =>
            new Uri(baseAddress + "access-tokens/" + Uri.EscapeDataString(accessTokenId) + flags.ToQueryString());
    }
}
