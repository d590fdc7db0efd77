using System.Management.Automation;
using Losant.AccessTokens.Completion;
using Losant.AccessTokens.Connection;

namespace Losant.AccessTokens.Commands
{
    /// <summary>The Disconnect-Losant cmdlet. What it does for the user, its synopsis included, is written once: in module/help/Disconnect-Losant.md.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Losant")]
    [OutputType(typeof(void))]
    public sealed class DisconnectLosantCommand : PSCmdlet
    {
        /// <inheritdoc />
        protected override void EndProcessing()
        {
            var session = LosantSession.Current;
            LosantSession.Current = null;
            AccessTokenCompleter.ClearCache();
            session?.ApiToken.Dispose();
            WriteVerbose(session == null ? "There was no connection." : $"Disconnected from {session.BaseUri}.");
        }
    }
}
