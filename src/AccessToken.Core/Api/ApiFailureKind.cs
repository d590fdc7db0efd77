namespace Losant.AccessTokens.Api
{
    /// <summary>What went wrong with a request, independent of any one status code.</summary>
    public enum ApiFailureKind
    {
        /// <summary>The API answered with a status code that is not a success.</summary>
        HttpStatus,

        /// <summary>The server could not be reached, or the connection broke.</summary>
        Connection,

        /// <summary>No complete answer arrived within the timeout.</summary>
        Timeout,

        /// <summary>The answer was not the JSON the contract describes.</summary>
        InvalidResponse,

        /// <summary>The server's certificate did not validate: the connection is not trusted.</summary>
        Certificate,

        /// <summary>The proxy asked for credentials it was not given, or refused those it was (407).</summary>
        ProxyAuthentication,

        /// <summary>The proxy could not be reached: nothing reached the API.</summary>
        ProxyConnection,
    }
}
