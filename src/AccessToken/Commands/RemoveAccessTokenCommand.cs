using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Commands
{
    /// <summary>The Remove-AccessToken cmdlet. What it does for the user, its synopsis included, is written once: in module/help/Remove-AccessToken.md.</summary>
    [Cmdlet(VerbsCommon.Remove, "AccessToken", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(string), typeof(AccessToken))]
    public sealed class RemoveAccessTokenCommand : AccessTokenItemCommand
    {
        private readonly Func<TokenInput, CancellationToken, Task> _delete;

        /// <summary>Creates the cmdlet with its request, made once per invocation.</summary>
        public RemoveAccessTokenCommand() => _delete = (input, cancel) => Client.DeleteAsync(input.Owner!, input.TokenId, Flags, cancel);

        /// <summary>Deletes without asking for confirmation (for runbooks); -WhatIf still sends nothing.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Emits the id or token object of each token deleted.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc />
        protected override bool ChangesTokens => true;

        /// <inheritdoc />
        private protected override void ProcessItem(string id, AccessToken? token)
        {
            // -Force answers the confirmation prompt, but never overrides -WhatIf or an explicit -Confirm.
            var owner = OwnerOfCurrentInput(token);
            if (owner == null) return;
            var given = (object?)token ?? id;
            var skipPrompt = Force.IsPresent && BoundSwitch("WhatIf") != true && BoundSwitch("Confirm") != true;
            if (!skipPrompt && !ShouldProcess(TokenInput.Describe(given), "Remove")) return;
            Run(TokenInput.OfToken(given, owner, namesOwner: true, _delete));
        }

        /// <inheritdoc />
        private protected override void WriteResult(TokenInput input, Task completed)
        {
            // What was given goes on: the id, or the token object that was piped in.
            if (PassThru) WriteObject(input.Given);
        }
    }
}
