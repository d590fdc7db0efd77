using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Losant.AccessTokens.Api;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Commands
{
    /// <summary>The New-AccessToken cmdlet. What it does for the user, its synopsis included, is written once: in module/help/New-AccessToken.md.</summary>
    [Cmdlet(VerbsCommon.New, "AccessToken", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AccessToken))]
    public sealed class NewAccessTokenCommand : LosantApiCommand
    {
        // Boxed rather than AccessTokenStatus?: cmdlet classes hold no value-type fields of the engine (see LosantApiCommand).
        private object? _status;
        private readonly Func<TokenInput, CancellationToken, Task> _create;

        /// <summary>Creates the cmdlet with its request, made once per invocation.</summary>
        public NewAccessTokenCommand() => _create = (input, cancel) => Client.CreateAsync(input.Owner!, input.NewToken, Flags, cancel);

        /// <summary>The new token's name: 1 to 255 characters.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateLength(1, 255)]
        public string Name { get; set; } = null!;

        /// <summary>The scopes to grant, e.g. all.Application or devices.state; Tab completes the names the API accepts for the owner.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(Completion.ScopeCompleter))]
        public string[]? Scope { get; set; }

        /// <summary>When the token expires; sent as ISO 8601 UTC. Without it the token never expires.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DateTime? ExpirationDate { get; set; }

        /// <summary>The initial status: Active or Inactive.</summary>
        /// <remarks>
        /// Nullable because PowerShell resets a parameter bound from one pipeline object to the value
        /// its getter gave before binding: a non-null default would be sent for the next object.
        /// </remarks>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public AccessTokenStatus? Status
        {
            get => _status as AccessTokenStatus?;
            set => _status = value;
        }

        /// <summary>What the token is for: up to 32,767 characters (API 1.5 and later).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateLength(0, 32767)]
        public string? Description { get; set; }

        /// <summary>The role of a user or instance token wherever it has no role of its own: admin, edit, collaborate, view or none (API 1.5 and later).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSet("admin", "edit", "collaborate", "view", "none", IgnoreCase = true)]
        public string? DefaultRole { get; set; }

        /// <inheritdoc />
        protected override bool ChangesTokens => true;

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            var owner = OwnerOfCurrentInput();
            var defaultRole = DefaultRole?.ToLowerInvariant();
            if (owner == null || !AcceptsFields(owner, Name, Description, defaultRole)) return;
            if (!ShouldProcess($"access token '{Name}'", "Create")) return;
            var post = new AccessTokenPost(Name)
            {
                Description = Description,
                Scope = Scope,
                ExpirationDate = ExpirationDate,
                DefaultRole = defaultRole,
                Status = Status,
            };
            Run(TokenInput.OfNewToken(post, owner, _create));
        }

        /// <inheritdoc />
        private protected override void WriteResult(TokenInput input, Task completed) => WriteObject(ResultOf<AccessToken>(completed));
    }
}
