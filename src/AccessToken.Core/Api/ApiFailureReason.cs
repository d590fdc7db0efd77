namespace Losant.AccessTokens.Api
{
    /// <summary>
    /// Why a request failed, decided once from how it failed and the status code. What the user
    /// sees of each reason (an error id, a category, advice) is the module's business.
    /// </summary>
    public enum ApiFailureReason
    {
        /// <summary>400: the API refused the values sent.</summary>
        InvalidRequest,

        /// <summary>401: the API token (or the credentials) were not accepted.</summary>
        AuthenticationFailed,

        /// <summary>403: the token's scope does not allow the operation.</summary>
        PermissionDenied,

        /// <summary>404: the resource does not exist.</summary>
        NotFound,

        /// <summary>409: the change conflicts with the resource's state.</summary>
        Conflict,

        /// <summary>429, after retries: too many requests.</summary>
        RateLimited,

        /// <summary>5xx, after retries: the service is failing.</summary>
        ServiceUnavailable,

        /// <summary>Any other status that is not a success.</summary>
        RequestFailed,

        /// <summary>The server could not be reached, or the connection broke, after retries.</summary>
        ConnectionFailed,

        /// <summary>No complete answer arrived within the timeout.</summary>
        TimedOut,

        /// <summary>The answer was not the JSON the contract describes.</summary>
        InvalidResponse,

        /// <summary>The server's certificate did not validate; nothing was sent over the connection.</summary>
        CertificateNotTrusted,

        /// <summary>407: the proxy wants credentials it was not given, or refused those it was; never retried.</summary>
        ProxyAuthenticationRequired,

        /// <summary>The proxy could not be reached, after retries; nothing reached the API.</summary>
        ProxyConnectionFailed,
    }
}
