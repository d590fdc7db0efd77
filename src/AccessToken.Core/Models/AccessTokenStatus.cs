namespace Losant.AccessTokens.Models
{
    /// <summary>Whether an access token can be used; the API spells these in lower case.</summary>
    public enum AccessTokenStatus
    {
        /// <summary>The token can be used.</summary>
        Active,

        /// <summary>The token is kept but refused by the API.</summary>
        Inactive,
    }
}
