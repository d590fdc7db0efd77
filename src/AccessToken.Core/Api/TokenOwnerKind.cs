namespace Losant.AccessTokens.Api
{
    /// <summary>Who owns a collection of tokens.</summary>
    public enum TokenOwnerKind
    {
        /// <summary>The caller: the user whose API token or sign-in makes the request.</summary>
        Caller,

        /// <summary>An application.</summary>
        Application,

        /// <summary>An Enterprise instance.</summary>
        Instance,
    }
}
