using System.Management.Automation;
using Losant.AccessTokens.Api;

namespace Losant.AccessTokens.Errors
{
    /// <summary>
    /// What the user sees of each reason a request fails: the stable ErrorId scripts match on,
    /// the category, and what to do about it. The one table of it; the engine decides the reason.
    /// </summary>
    internal static class FailureTable
    {
        public static (string ErrorId, ErrorCategory Category, string RecommendedAction) Of(ApiFailureReason reason) => reason switch
        {
            ApiFailureReason.InvalidRequest => ("InvalidRequest", ErrorCategory.InvalidArgument, "Correct the values given and try again."),
            ApiFailureReason.AuthenticationFailed => ("AuthenticationFailed", ErrorCategory.AuthenticationError, "Check the API token: run Connect-Losant with a valid token, or pass -ApiToken."),
            ApiFailureReason.PermissionDenied => ("PermissionDenied", ErrorCategory.PermissionDenied, "Use an API token whose scope allows this operation."),
            ApiFailureReason.NotFound => ("AccessTokenNotFound", ErrorCategory.ObjectNotFound, "Check the access token id: Get-AccessToken lists the tokens that exist."),
            ApiFailureReason.Conflict => ("AccessTokenConflict", ErrorCategory.ResourceExists, "Check the request and try again."),
            ApiFailureReason.RateLimited => ("RateLimited", ErrorCategory.LimitsExceeded, "Wait and try again, or give a larger -MaxRetries."),
            ApiFailureReason.ServiceUnavailable => ("ServiceUnavailable", ErrorCategory.ResourceUnavailable, "The service is failing; try again later."),
            ApiFailureReason.ConnectionFailed => ("ConnectionFailed", ErrorCategory.ConnectionError, "Check the base URI and the network, then try again."),
            ApiFailureReason.ProxyAuthenticationRequired => ("ProxyAuthenticationRequired", ErrorCategory.AuthenticationError, "Give the proxy's user name and password with -ProxyCredential, or -ProxyUseDefaultCredentials to send the credentials of the account running PowerShell."),
            ApiFailureReason.ProxyConnectionFailed => ("ConnectionFailed", ErrorCategory.ConnectionError, "Check the proxy's address (-Proxy, the session's, or HTTPS_PROXY) and that it is running; -NoProxy connects straight to the API."),
            ApiFailureReason.TimedOut => ("RequestTimedOut", ErrorCategory.OperationTimeout, "Try again, or give a larger -TimeoutSec."),
            ApiFailureReason.InvalidResponse => ("InvalidResponse", ErrorCategory.InvalidResult, "Check that the base URI points at the Losant API; a proxy may have answered instead."),
            ApiFailureReason.CertificateNotTrusted => ("CertificateNotTrusted", ErrorCategory.SecurityError, "Check the base URI: the server at that address could not prove it is the Losant API. Nothing was sent; the token was not disclosed."),
            _ => ("RequestFailed", ErrorCategory.InvalidOperation, "Check the request and try again."),
        };

        /// <summary>
        /// The same for a request that addressed <paramref name="collectionOwner"/>'s collection
        /// (listing or creating its tokens), where a 404 can only mean the application or instance
        /// itself is missing. From a single token's address (collectionOwner null) the API's 404
        /// cannot tell a missing owner from a missing token, and stays AccessTokenNotFound.
        /// </summary>
        public static (string ErrorId, ErrorCategory Category, string RecommendedAction) Of(ApiFailureReason reason, TokenOwner? collectionOwner) =>
            reason != ApiFailureReason.NotFound || collectionOwner == null ? Of(reason) : collectionOwner.Kind switch
            {
                TokenOwnerKind.Application => ("ApplicationNotFound", ErrorCategory.ObjectNotFound, "Check the application id: Get-AccessToken -AllApplications lists the applications the API token can see."),
                TokenOwnerKind.Instance => ("InstanceNotFound", ErrorCategory.ObjectNotFound, "Check the instance id: it is the Enterprise instance's id, 24 hexadecimal characters."),
                _ => Of(reason),
            };

        /// <summary>
        /// What a refused sign-in (401) adds to the message, and what to do instead of checking an
        /// API token: the API may answer alike for a wrong password and for a missing or wrong
        /// two-factor code.
        /// </summary>
        public static (string Hint, string RecommendedAction) OfRefusedSignIn(bool twoFactorCodeGiven) => twoFactorCodeGiven
            ? ("The password or the two-factor code may be wrong; the code changes every few seconds.",
                "Check the email address and password, and give the current two-factor code.")
            : ("If the account uses two-factor authentication, the code may be missing: give -TwoFactorCode.",
                "Check the email address and password, and give -TwoFactorCode if the account asks for one.");
    }
}
