namespace Losant.AccessTokens.Connection
{
    /// <summary>Where a setting of a connection comes from.</summary>
    public enum ConnectionSource
    {
        /// <summary>Nowhere: the module's default.</summary>
        Default,

        /// <summary>A parameter of the command itself.</summary>
        Parameter,

        /// <summary>Connect-Losant's session.</summary>
        Session,

        /// <summary>Connect-Losant -Credential's sign-in: the user token the API gave.</summary>
        SignIn,

        /// <summary>Environment variables (LOSANT_API_TOKEN, HTTPS_PROXY and the like).</summary>
        Environment,

        /// <summary>The operating system's proxy setting (Windows).</summary>
        System,
    }
}
