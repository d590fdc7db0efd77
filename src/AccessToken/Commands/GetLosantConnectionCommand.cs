using System.Management.Automation;
using System.Security;
using Losant.AccessTokens.Connection;
using Losant.AccessTokens.Errors;

namespace Losant.AccessTokens.Commands
{
    /// <summary>The Get-LosantConnection cmdlet. What it does for the user, its synopsis included, is written once: in module/help/Get-LosantConnection.md.</summary>
    [Cmdlet(VerbsCommon.Get, "LosantConnection")]
    [OutputType(typeof(LosantConnection))]
    public sealed class GetLosantConnectionCommand : LosantConnectionCommand
    {
        /// <summary>An API token, to show the connection a call given it would use.</summary>
        [Parameter]
        [ValidateNotNull]
        public SecureString? ApiToken { get; set; }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            // The cmdlets' own resolver, so what is shown is what a call with these parameters uses.
            WriteObject(new LosantConnection(ResolveConnection(ApiToken)));
        }
    }
}
