using System.Management.Automation;
using Losant.AccessTokens.Completion;
using Losant.AccessTokens.Connection;

namespace Losant.AccessTokens.Commands
{
    /// <summary>
    /// <para type="synopsis">Forgets the connection that Connect-Losant set.</para>
    /// </summary>
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
