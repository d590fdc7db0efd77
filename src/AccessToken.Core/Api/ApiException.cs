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

        /// <summary>Why the request failed: the one classification of kind and status code.</summary>
        public ApiFailureReason Reason => Kind switch
        {
            ApiFailureKind.Connection => ApiFailureReason.ConnectionFailed,
            ApiFailureKind.Timeout => ApiFailureReason.TimedOut,
            ApiFailureKind.InvalidResponse => ApiFailureReason.InvalidResponse,
            ApiFailureKind.Certificate => ApiFailureReason.CertificateNotTrusted,
            ApiFailureKind.ProxyAuthentication => ApiFailureReason.ProxyAuthenticationRequired,
            ApiFailureKind.ProxyConnection => ApiFailureReason.ProxyConnectionFailed,
            _ => StatusCode switch
            {
                400 => ApiFailureReason.InvalidRequest,
                401 => ApiFailureReason.AuthenticationFailed,
                403 => ApiFailureReason.PermissionDenied,
                404 => ApiFailureReason.NotFound,
                407 => ApiFailureReason.ProxyAuthenticationRequired,
                409 => ApiFailureReason.Conflict,
                429 => ApiFailureReason.RateLimited,
                >= 500 => ApiFailureReason.ServiceUnavailable,
                _ => ApiFailureReason.RequestFailed,
            },
        };

        private static string? Truncate(string? body) =>
            body == null || body.Length <= MaxKeptBodyLength ? body : body.Substring(0, MaxKeptBodyLength) + "…";
    }
}
