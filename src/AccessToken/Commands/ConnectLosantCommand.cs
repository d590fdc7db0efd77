using System;
using System.Management.Automation;
using System.Security;
using Losant.AccessTokens.Completion;
using Losant.AccessTokens.Infrastructure;

namespace Losant.AccessTokens.Commands
{
    /// <summary>
    /// <para type="synopsis">Sets the API token and base URI that the AccessToken cmdlets use in this PowerShell process.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Losant")]
    [OutputType(typeof(PSObject))]
    public sealed class ConnectLosantCommand : PSCmdlet
    {
        /// <summary>The Losant API token, e.g. from Read-Host -AsSecureString or a secret vault.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public SecureString ApiToken { get; set; } = null!;

        /// <summary>The API's base URI; https://api.losant.com by default.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNull]
        public Uri? BaseUri { get; set; }

        /// <summary>Retries after a transient failure, for every call of this session; 3 by default.</summary>
        [Parameter]
        [ValidateRange(0, 10)]
        public int MaxRetries { get; set; }

        /// <summary>Seconds each request may take, for every call of this session; 100 by default.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; }

        /// <summary>Emits the connection's settings (never the token).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            var baseUri = BaseUri ?? Api.ConnectionSettings.DefaultBaseUri;
            LosantApiCommand.RequireSafeBaseUri(this, baseUri);
            if (ApiToken.Length == 0)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(new ArgumentException("The API token is empty."),
                    "ApiTokenMissing", ErrorCategory.InvalidArgument, null));
            }

            var token = ApiToken.Copy();
            token.MakeReadOnly();
            var bound = MyInvocation.BoundParameters;
            LosantSession.Current = new LosantSession(baseUri, token,
                bound.ContainsKey(nameof(MaxRetries)) ? MaxRetries : (int?)null,
                bound.ContainsKey(nameof(TimeoutSec)) ? TimeoutSec : (int?)null);
            AccessTokenCompleter.ClearCache();
            WriteVerbose($"Connected to {baseUri}.");
            if (!PassThru) return;
            var info = new PSObject();
            info.Properties.Add(new PSNoteProperty("BaseUri", baseUri));
            info.Properties.Add(new PSNoteProperty("MaxRetries", bound.ContainsKey(nameof(MaxRetries)) ? MaxRetries : Api.ConnectionSettings.DefaultMaxRetries));
            info.Properties.Add(new PSNoteProperty("TimeoutSec", bound.ContainsKey(nameof(TimeoutSec)) ? TimeoutSec : Api.ConnectionSettings.DefaultTimeoutSeconds));
            WriteObject(info);
        }
    }
}
