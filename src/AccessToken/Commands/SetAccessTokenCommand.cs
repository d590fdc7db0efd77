using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Losant.AccessTokens.Errors;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Commands
{
    /// <summary>The Set-AccessToken cmdlet. What it does for the user, its synopsis included, is written once: in module/help/Set-AccessToken.md.</summary>
    [Cmdlet(VerbsCommon.Set, "AccessToken", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AccessToken))]
    public sealed class SetAccessTokenCommand : AccessTokenItemCommand
    {
        // Boxed rather than AccessTokenStatus?: cmdlet classes hold no value-type fields of the engine (see LosantApiCommand).
        private object? _status;
        private readonly Func<TokenInput, CancellationToken, Task> _update;
        private AccessTokenPatch? _patch;

        /// <summary>Creates the cmdlet with its request, made once per invocation.</summary>
        public SetAccessTokenCommand() => _update = (input, cancel) => Client.UpdateAsync(input.Owner!, input.TokenId, _patch!, Flags, cancel);

        /// <summary>The new name: 1 to 255 characters.</summary>
        [Parameter]
        [ValidateLength(1, 255)]
        public string? Name { get; set; }

        /// <summary>The new status: Active or Inactive.</summary>
        [Parameter]
        [ValidateNotNull]
        public AccessTokenStatus? Status
        {
            get => _status as AccessTokenStatus?;
            set => _status = value;
        }

        /// <summary>The new description: up to 32,767 characters; an empty string clears it (API 1.5 and later).</summary>
        [Parameter]
        [ValidateLength(0, 32767)]
        public string? Description { get; set; }

        /// <summary>The new default role of a user or instance token: admin, edit, collaborate, view or none (API 1.5 and later).</summary>
        [Parameter]
        [ValidateSet("admin", "edit", "collaborate", "view", "none", IgnoreCase = true)]
        public string? DefaultRole { get; set; }

        /// <summary>Emits each updated token as the API returned it; without it nothing is emitted.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc />
        protected override bool ChangesTokens => true;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            // The changes come from the command line alone: the same for every token.
            _patch = Changes();
            if (!_patch.HasChanges)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(
                    new ArgumentException("Nothing to change: give -Name, -Status, -Description or -DefaultRole."),
                    "NoChangeGiven", ErrorCategory.InvalidArgument, null,
                    "Add -Name <new name>, -Status Active|Inactive, -Description <text> or -DefaultRole <role>."));
            }

            base.BeginProcessing();
        }

        /// <inheritdoc />
        private protected override void ProcessItem(string id, AccessToken? token)
        {
            var owner = OwnerOfCurrentInput(token);
            var patch = _patch!;
            if (owner == null || !AcceptsFields(owner, id, patch.Description, patch.DefaultRole)) return;
            var given = (object?)token ?? id;
            if (!ShouldProcess(TokenInput.Describe(given), "Set " + DescribeChanges(patch))) return;
            Run(TokenInput.OfToken(given, owner, namesOwner: true, _update));
        }

        /// <inheritdoc />
        private protected override void WriteResult(TokenInput input, Task completed)
        {
            if (PassThru) WriteObject(ResultOf<AccessToken>(completed));
        }

        private AccessTokenPatch Changes() => new AccessTokenPatch
        {
            Name = Name,
            Description = Description,
            DefaultRole = DefaultRole?.ToLowerInvariant(),
            Status = Status,
        };

        private static string DescribeChanges(AccessTokenPatch patch)
        {
            var changes = new List<string>();
            if (patch.Name != null) changes.Add($"name to '{patch.Name}'");
            if (patch.Description != null) changes.Add($"description to '{patch.Description}'");
            if (patch.DefaultRole != null) changes.Add("default role to " + patch.DefaultRole);
            if (patch.Status.HasValue) changes.Add("status to " + patch.Status.Value.ToString().ToLowerInvariant());
            return string.Join(" and ", changes);
        }
    }
}
