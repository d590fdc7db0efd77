using System;
using System.Management.Automation;
using Losant.AccessTokens.Api;

namespace Losant.AccessTokens.Errors
{
    /// <summary>Turns failures into ErrorRecords: a stable ErrorId, a category, the user's input as target, a message that names it.</summary>
    internal static class ErrorRecordFactory
    {
        /// <summary>
        /// The record of a failed request. The details name the input the failure is about
        /// (<paramref name="subject"/>, e.g. "Access token 5a…01") before the API's own message, so
        /// that among many failed inputs each error says which one it is.
        /// </summary>
        /// <remarks>
        /// <paramref name="collectionOwner"/>: the application or instance whose collection the
        /// request addressed, if it did, so that a 404 says which of them is missing.
        /// </remarks>
        public static ErrorRecord FromApiException(ApiException exception, object? target, string? subject, TokenOwner? collectionOwner = null)
        {
            var (errorId, category, action) = FailureTable.Of(exception.Reason, collectionOwner);
            var message = exception.ApiMessage ?? exception.Message;
            // The proxy's refusal is no fault of the API token: the message itself says what to pass.
            if (exception.Reason == ApiFailureReason.ProxyAuthenticationRequired) message += " " + action;
            return new ErrorRecord(exception, errorId, category, target)
            {
                ErrorDetails = new ErrorDetails(subject == null ? message : subject + ": " + message) { RecommendedAction = action },
            };
        }

        /// <summary>The record of a failed sign-in as <paramref name="email"/>; a refusal says what may be wrong.</summary>
        public static ErrorRecord FromSignInFailure(ApiException exception, string email, bool twoFactorCodeGiven)
        {
            var record = FromApiException(exception, email, $"Signing in as {email}");
            if (exception.Reason != ApiFailureReason.AuthenticationFailed) return record;
            var (hint, action) = FailureTable.OfRefusedSignIn(twoFactorCodeGiven);
            record.ErrorDetails = new ErrorDetails(record.ErrorDetails.Message.TrimEnd('.') + ". " + hint) { RecommendedAction = action };
            return record;
        }

        public static ErrorRecord InvalidId(string? id) =>
            Create(new ArgumentException($"'{id}' is not an access token id: an id is 24 hexadecimal characters."),
                "InvalidAccessTokenId", ErrorCategory.InvalidArgument, id,
                "Give the id of a token, as Get-AccessToken shows it.");

        /// <summary>A parameter or field that only API 1.5 and later know, refused under an older version.</summary>
        public static ErrorRecord NeedsApiTokens(string what, string apiVersion, object? target) =>
            Create(new NotSupportedException($"{what} needs API 1.5 or later; this call speaks API {apiVersion}, whose /access-tokens have no such thing."),
                "NotSupportedByApiVersion", ErrorCategory.InvalidArgument, target,
                $"Leave out {what}, or use today's API (leave out -ApiVersion, or give 1.30.0).");

        public static ErrorRecord Create(Exception exception, string errorId, ErrorCategory category, object? target, string? recommendedAction = null)
        {
            var record = new ErrorRecord(exception, errorId, category, target);
            if (recommendedAction != null) record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = recommendedAction };
            return record;
        }
    }
}
