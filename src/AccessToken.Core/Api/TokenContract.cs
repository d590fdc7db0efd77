namespace Losant.AccessTokens.Api
{
    /// <summary>The two shapes of the token API that the module speaks, chosen by the API version.</summary>
    public enum TokenContract
    {
        /// <summary>API versions below 1.5: the caller's tokens at <c>/access-tokens</c>, one unpaged list.</summary>
        AccessTokens,

        /// <summary>API 1.5 and later: user, application and instance tokens at their owners' <c>/tokens</c>, paged.</summary>
        ApiTokens,
    }
}
