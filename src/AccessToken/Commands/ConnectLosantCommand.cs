using System;
using System.Management.Automation;
using System.Security;
using Losant.AccessTokens.Completion;
using Losant.AccessTokens.Connection;
using Losant.AccessTokens.Errors;

namespace Losant.AccessTokens.Commands
{
    /// <summary>
    /// <para type="synopsis">Sets the API token and base URI that the AccessToken cmdlets use in this PowerShell process.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Losant")]
    [OutputType(typeof(PSObject))]
    public sealed class ConnectLosantCommand : LosantConnectionCommand
    {
        /// <summary>The Losant API token, e.g. from Read-Host -AsSecureString or a secret vault.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public SecureString ApiToken { get; set; } = null!;

        /// <summary>Emits the connection's settings (never the token).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            if (ApiToken.Length == 0)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(new ArgumentException("The API token is empty."),
                    "ApiTokenMissing", ErrorCategory.InvalidArgument, null));
            }

            // The session being replaced is not a source: a new connection starts from this command line.
            ResolvedConnection connection;
            try
            {
                connection = ConnectionResolver.Resolve(GivenConnection(ApiToken), session: null);
            }
            catch (ErrorRecordException refused)
            {
                ThrowTerminatingError(refused.Record);
                return;
            }

            var token = ApiToken.Copy();
            token.MakeReadOnly();
            var given = GivenConnection(token);
            LosantSession.Current = new LosantSession(connection.BaseUri, token, given.MaxRetries, given.TimeoutSec);
            AccessTokenCompleter.ClearCache();
            WriteVerbose($"Connected to {connection.BaseUri}.");
            if (!PassThru) return;
            var info = new PSObject();
            info.Properties.Add(new PSNoteProperty("BaseUri", connection.BaseUri));
            info.Properties.Add(new PSNoteProperty("MaxRetries", connection.MaxRetries));
            info.Properties.Add(new PSNoteProperty("TimeoutSec", connection.TimeoutSec));
            WriteObject(info);
        }
    }
}
