using System;
using System.Management.Automation;
using Losant.AccessTokens.Api;

namespace Losant.AccessTokens.Infrastructure
{
    /// <summary>Turns failures into ErrorRecords: one category table, stable error ids, the user's input as target.</summary>
    internal static class ErrorRecordFactory
    {
        public static ErrorRecord FromApiException(ApiException exception, object? target)
        {
            var record = new ErrorRecord(exception, exception.ErrorId, CategoryOf(exception), target);
            record.ErrorDetails = new ErrorDetails(exception.ApiMessage ?? exception.Message)
            {
                RecommendedAction = exception.RecommendedAction,
            };
            return record;
        }

        public static ErrorCategory CategoryOf(ApiException exception) => exception.Kind switch
        {
            ApiFailureKind.Connection => ErrorCategory.ConnectionError,
            ApiFailureKind.Timeout => ErrorCategory.OperationTimeout,
            ApiFailureKind.InvalidResponse => ErrorCategory.InvalidResult,
            _ => exception.StatusCode switch
            {
                400 => ErrorCategory.InvalidArgument,
                401 => ErrorCategory.AuthenticationError,
                403 => ErrorCategory.PermissionDenied,
                404 => ErrorCategory.ObjectNotFound,
                409 => ErrorCategory.ResourceExists,
                429 => ErrorCategory.LimitsExceeded,
                >= 500 => ErrorCategory.ResourceUnavailable,
                _ => ErrorCategory.InvalidOperation,
            },
        };

        public static ErrorRecord InvalidId(string? id) =>
            Create(new ArgumentException($"'{id}' is not an access token id: an id is 24 hexadecimal characters."),
                "InvalidAccessTokenId", ErrorCategory.InvalidArgument, id,
                "Give the id of a token, as Get-AccessToken shows it.");

        public static ErrorRecord Create(Exception exception, string errorId, ErrorCategory category, object? target, string? recommendedAction = null)
        {
            var record = new ErrorRecord(exception, errorId, category, target);
            if (recommendedAction != null) record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = recommendedAction };
            return record;
        }
    }
}
