using System;
using System.Management.Automation;
using Losant.AccessTokens.Api;
using Losant.AccessTokens.Errors;

namespace Losant.AccessTokens.Connection
{
    /// <summary>
    /// Decides whose tokens a call is about from its application and instance ids, for the cmdlets
    /// and for Tab completion alike: the application's, the instance's, or (neither given) the caller's own.
    /// </summary>
    internal static class OwnerResolver
    {
        /// <summary>
        /// The owner that <paramref name="applicationId"/> and <paramref name="instanceId"/> name
        /// (null for not given; an empty string is given, and refused), else the caller. Null, with
        /// <paramref name="refusal"/> saying why, when both are given, when the connection's API
        /// version has no owners, or when the id is not one.
        /// </summary>
        public static TokenOwner? Resolve(string? applicationId, string? instanceId, ResolvedConnection connection, out ErrorRecord? refusal)
        {
            refusal = null;
            if (applicationId == null && instanceId == null) return TokenOwner.Caller;
            var parameter = applicationId != null ? "-ApplicationId" : "-InstanceId";
            var id = applicationId ?? instanceId;
            if (applicationId != null && instanceId != null)
            {
                refusal = ErrorRecordFactory.Create(new ArgumentException("A token belongs to an application or to an instance: give -ApplicationId or -InstanceId, not both."),
                    "ApplicationAndInstanceGiven", ErrorCategory.InvalidArgument, id, "Give only one of -ApplicationId and -InstanceId.");
                return null;
            }

            if (connection.Contract == TokenContract.AccessTokens)
            {
                refusal = ErrorRecordFactory.NeedsApiTokens(parameter, connection.ApiVersion.ToString(3), id);
                return null;
            }

            if (!LosantId.IsValid(id))
            {
                refusal = ErrorRecordFactory.Create(new ArgumentException($"'{id}' given for {parameter} is not an id: an id is 24 hexadecimal characters."),
                    applicationId != null ? "InvalidApplicationId" : "InvalidInstanceId", ErrorCategory.InvalidArgument, id,
                    applicationId != null ? "Give the id of an application, as Tab completion offers them." : "Give the id of an Enterprise instance.");
                return null;
            }

            return applicationId != null ? TokenOwner.Application(applicationId) : TokenOwner.Instance(instanceId!);
        }
    }
}
