using System.Management.Automation;
using System.Threading.Tasks;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Commands
{
    /// <summary>
    /// <para type="synopsis">Deletes Losant API access tokens.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "AccessToken", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(string), typeof(AccessToken))]
    public sealed class RemoveAccessTokenCommand : AccessTokenItemCommand
    {
        /// <summary>Deletes without asking for confirmation (for runbooks); -WhatIf still sends nothing.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Emits the id or token object of each token deleted.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc />
        protected override bool ChangesTokens => true;

        /// <inheritdoc />
        protected override void ProcessItem(string id, object input)
        {
            // -Force answers the confirmation prompt, but never overrides -WhatIf or an explicit -Confirm.
            var owner = OwnerOfCurrentInput(input as AccessToken);
            if (owner == null) return;
            var skipPrompt = Force.IsPresent && BoundSwitch("WhatIf") != true && BoundSwitch("Confirm") != true;
            if (!skipPrompt && !ShouldProcess(DescribeTarget(input), "Remove")) return;
            var flags = Flags;
            Run(input, owner, cancel => Client.DeleteAsync(owner, id, flags, cancel));
        }

        /// <inheritdoc />
        protected override void WriteResult(object? input, Task completed)
        {
            // What was given goes on: the id, or the token object that was piped in.
            if (PassThru) WriteObject(input);
        }
    }
}
