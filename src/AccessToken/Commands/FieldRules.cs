using System;
using System.Management.Automation;
using Losant.AccessTokens.Api;
using Losant.AccessTokens.Connection;
using Losant.AccessTokens.Errors;

namespace Losant.AccessTokens.Commands
{
    /// <summary>Which token fields the API accepts for an owner and API version, checked before any request.</summary>
    internal static class FieldRules
    {
        /// <summary>
        /// Why the API would not accept these fields: a description or default role below API 1.5,
        /// a default role on an application token; null when they may be sent.
        /// </summary>
        public static ErrorRecord? Refusal(ResolvedConnection connection, TokenOwner owner, object? target, string? description, string? defaultRole)
        {
            if (connection.Contract == TokenContract.AccessTokens && (description != null || defaultRole != null))
            {
                return ErrorRecordFactory.NeedsApiTokens(description != null ? "-Description (description)" : "-DefaultRole (defaultRole)", connection.ApiVersion.ToString(3), target);
            }

            if (defaultRole != null && owner.Kind == TokenOwnerKind.Application)
            {
                return ErrorRecordFactory.Create(
                    new ArgumentException("The API does not accept -DefaultRole (defaultRole) for application tokens: their scope alone says what they may do."),
                    "FieldNotAccepted", ErrorCategory.InvalidArgument, target, "Leave out -DefaultRole for application tokens.");
            }

            return null;
        }
    }
}
