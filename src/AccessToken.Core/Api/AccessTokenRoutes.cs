using System;
using System.Globalization;

namespace Losant.AccessTokens.Api
{
    /// <summary>
    /// The route table: every path the module calls, in one place. Each contract and owner is a
    /// row; the client never branches on them itself.
    /// </summary>
    internal static class AccessTokenRoutes
    {
        /// <summary>The collection of an owner's tokens, relative to the base address.</summary>
        public static string CollectionPath(TokenContract contract, TokenOwner owner) => (contract, owner.Kind) switch
        {
            (TokenContract.AccessTokens, TokenOwnerKind.Caller) => "access-tokens",
            (TokenContract.ApiTokens, TokenOwnerKind.Caller) => "me/tokens",
            (TokenContract.ApiTokens, TokenOwnerKind.Application) => "applications/" + owner.Id + "/tokens",
            (TokenContract.ApiTokens, TokenOwnerKind.Instance) => "instances/" + owner.Id + "/tokens",
            _ => throw new ArgumentException($"API versions below 1.5 have only the caller's tokens, not those of {owner}.", nameof(owner)),
        };

        /// <summary>The caller's applications, relative to the base address.</summary>
        public const string ApplicationsPath = "applications";

        /// <summary>Signing in with a password, relative to the base address.</summary>
        public const string SignInPath = "auth/user";

        // Each route is made whole in one concatenation from the base address (ending in '/'),
        // rather than resolved as a relative URI against it, which costs a second parse.
        public static Uri Collection(string baseAddress, TokenContract contract, TokenOwner owner, string query) =>
            new Uri(baseAddress + CollectionPath(contract, owner) + query);

        /// <summary>One page of a collection: <paramref name="query"/> (the flags, starting with '?'), then the page, its size and any filter.</summary>
        public static Uri Page(string baseAddress, string collection, string query, int page, int pageSize, string filter) =>
            new Uri(baseAddress + collection + query + "&page=" + page.ToString(CultureInfo.InvariantCulture)
                + "&perPage=" + pageSize.ToString(CultureInfo.InvariantCulture) + filter);

        public static Uri Item(string baseAddress, TokenContract contract, TokenOwner owner, string tokenId, string query) =>
            new Uri(baseAddress + CollectionPath(contract, owner) + "/" + Uri.EscapeDataString(tokenId) + query);
    }
}
