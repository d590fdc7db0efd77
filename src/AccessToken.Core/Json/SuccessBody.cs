namespace Losant.AccessTokens.Json
{
    /// <summary>The API's answer to a deletion, <c>{"success": true}</c>.</summary>
    internal sealed class SuccessBody
    {
        /// <summary>True when the API did what was asked; null when absent.</summary>
        public bool? Success { get; set; }
    }
}
