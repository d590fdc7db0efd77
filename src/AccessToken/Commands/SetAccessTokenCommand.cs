using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using Losant.AccessTokens.Errors;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Commands
{
    /// <summary>
    /// <para type="synopsis">Renames, activates or deactivates Losant API access tokens.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "AccessToken", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AccessToken))]
    public sealed class SetAccessTokenCommand : AccessTokenItemCommand
    {
        // Boxed rather than AccessTokenStatus?: cmdlet classes hold no value-type fields of the engine (see LosantApiCommand).
        private object? _status;

        /// <summary>The new name: 1 to 255 characters.</summary>
        [Parameter]
        [ValidateLength(1, 255)]
        public string? Name { get; set; }

        /// <summary>The new status: Active or Inactive.</summary>
        [Parameter]
        public AccessTokenStatus Status
        {
            get => _status is AccessTokenStatus status ? status : AccessTokenStatus.Active;
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
            if (!Changes().HasChanges)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(
                    new ArgumentException("Nothing to change: give -Name, -Status, -Description or -DefaultRole."),
                    "NoChangeGiven", ErrorCategory.InvalidArgument, null,
                    "Add -Name <new name>, -Status Active|Inactive, -Description <text> or -DefaultRole <role>."));
            }

            base.BeginProcessing();
        }

        /// <inheritdoc />
        protected override void ProcessItem(string id, object input)
        {
            var owner = OwnerOfCurrentInput(input as AccessToken);
            var patch = Changes();
            if (owner == null || !AcceptsFields(owner, id, patch.Description, patch.DefaultRole)) return;
            if (!ShouldProcess(DescribeTarget(input), "Set " + DescribeChanges(patch))) return;
            var flags = Flags;
            Run(input, owner, cancel => Client.UpdateAsync(owner, id, patch, flags, cancel));
        }

        /// <inheritdoc />
        protected override void WriteResult(object? input, Task completed)
        {
            if (PassThru) WriteObject(ResultOf<AccessToken>(completed));
        }

        private AccessTokenPatch Changes() => new AccessTokenPatch
        {
            Name = Name,
            Description = Description,
            DefaultRole = DefaultRole?.ToLowerInvariant(),
            Status = _status as AccessTokenStatus?,
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
