using System;
using System.Net.Http;

namespace Losant.AccessTokens.Api
{
    /// <summary>
    /// A request that did not end in the answer the contract promises: an error status, a
    /// broken connection, a timeout or a body that is not the expected JSON. It never holds
    /// the API token: the URL carries none, and request headers are not kept.
    /// </summary>
    public sealed class ApiException : Exception
    {
        /// <summary>How much of an unexpected body is kept for diagnosis.</summary>
        public const int MaxKeptBodyLength = 2048;

        /// <summary>Creates the exception; <paramref name="responseBody"/> is truncated.</summary>
        public ApiException(
            ApiFailureKind kind,
            string message,
            HttpMethod method,
            Uri requestUri,
            int? statusCode = null,
            string? errorType = null,
            string? apiMessage = null,
            string? responseBody = null,
            string? requestId = null,
            int retryCount = 0,
            Exception? innerException = null)
            : base(message, innerException)
        {
            Kind = kind;
            Method = method;
            RequestUri = requestUri;
            StatusCode = statusCode;
            ErrorType = errorType;
            ApiMessage = apiMessage;
            ResponseBody = Truncate(responseBody);
            RequestId = requestId;
            RetryCount = retryCount;
        }

        /// <summary>What kind of failure this is.</summary>
        public ApiFailureKind Kind { get; }

        /// <summary>The HTTP method of the request.</summary>
        public HttpMethod Method { get; }

        /// <summary>The request's URL, query included.</summary>
        public Uri RequestUri { get; }

        /// <summary>The status code, when an answer arrived.</summary>
        public int? StatusCode { get; }

        /// <summary>The API's error <c>type</c>, e.g. <c>NotFound</c> or <c>Validation</c>.</summary>
        public string? ErrorType { get; }

        /// <summary>The API's error <c>message</c>.</summary>
        public string? ApiMessage { get; }

        /// <summary>The start of the body, for diagnosis of unexpected answers.</summary>
        public string? ResponseBody { get; }

        /// <summary>The request id sent with the request, for support.</summary>
        public string? RequestId { get; }

        /// <summary>How many retries were made before giving up.</summary>
        public int RetryCount { get; }

        /// <summary>A stable identifier of the failure, for scripts: e.g. <c>AccessTokenNotFound</c>.</summary>
        public string ErrorId => Kind switch
        {
            ApiFailureKind.Connection => "ConnectionFailed",
            ApiFailureKind.Timeout => "RequestTimedOut",
            ApiFailureKind.InvalidResponse => "InvalidResponse",
            _ => StatusCode switch
            {
                400 => "InvalidRequest",
                401 => "AuthenticationFailed",
                403 => "PermissionDenied",
                404 => "AccessTokenNotFound",
                409 => "AccessTokenConflict",
                429 => "RateLimited",
                >= 500 => "ServiceUnavailable",
                _ => "RequestFailed",
            },
        };

        /// <summary>What the user can do about it.</summary>
        public string RecommendedAction => Kind switch
        {
            ApiFailureKind.Connection => "Check the base URI and the network, then try again.",
            ApiFailureKind.Timeout => "Try again, or give a larger -TimeoutSec.",
            ApiFailureKind.InvalidResponse => "Check that the base URI points at the Losant API; a proxy may have answered instead.",
            _ => StatusCode switch
            {
                400 => "Correct the values given and try again.",
                401 => "Check the API token: run Connect-Losant with a valid token, or pass -ApiToken.",
                403 => "Use an API token whose scope allows this operation.",
                404 => "Check the access token id: Get-AccessToken lists the tokens that exist.",
                429 => "Wait and try again, or give a larger -MaxRetries.",
                >= 500 => "The service is failing; try again later.",
                _ => "Check the request and try again.",
            },
        };

        private static string? Truncate(string? body) =>
            body == null || body.Length <= MaxKeptBodyLength ? body : body.Substring(0, MaxKeptBodyLength) + "…";
    }
}
