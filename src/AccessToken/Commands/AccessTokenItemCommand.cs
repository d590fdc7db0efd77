using System.Management.Automation;
using Losant.AccessTokens.Completion;
using Losant.AccessTokens.Infrastructure;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Commands
{
    /// <summary>
    /// The input of the cmdlets that act on existing tokens: ids (strings, or any object with an
    /// Id property) or token objects from Get-AccessToken; ids are checked before any request.
    /// </summary>
    /// <remarks>
    /// Cmdlets deriving from this declare no default parameter set: PowerShell binds pipeline input
    /// to the default set's parameters first, so a default of ById would take a piped token by its
    /// Id property and never reach InputObject.
    /// </remarks>
    public abstract class AccessTokenItemCommand : LosantApiCommand
    {
        /// <summary>The parameter set of id input.</summary>
        protected const string ByIdSet = "ById";

        /// <summary>The parameter set of token-object input.</summary>
        protected const string ByObjectSet = "ByObject";

        /// <summary>The ids of the tokens: 24 hexadecimal characters each. Accepts strings and objects with an Id property from the pipeline.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccessTokenCompleter))]
        public string[] AccessTokenId { get; set; } = null!;

        /// <summary>A token as Get-AccessToken emits it, from the pipeline.</summary>
        /// <remarks>A single object, not an array: the exact type match makes a piped token bind here rather than by its Id property.</remarks>
        [Parameter(Mandatory = true, ParameterSetName = ByObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public AccessToken InputObject { get; set; } = null!;

        /// <summary>How many requests may be in flight at once for pipeline input; 1 (the default) sends them one after another. Output keeps the input order.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 1;

        /// <inheritdoc />
        protected override int Concurrency => ThrottleLimit;

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByObjectSet)
            {
                ProcessItem(InputObject.Id, InputObject);
                return;
            }

            foreach (var id in AccessTokenId)
            {
                if (Api.AccessTokenId.IsValid(id)) ProcessItem(id, id);
                else Reject(ErrorRecordFactory.InvalidId(id));
            }
        }

        /// <summary>How confirmation prompts and -WhatIf name a token: by name when the input carries one.</summary>
        protected static string DescribeTarget(string id, object input) =>
            input is AccessToken token && token.Name != null ? $"access token '{token.Name}' ({id})" : $"access token {id}";

        /// <summary>Acts on one token; <paramref name="input"/> is what the user gave (an id or a token object).</summary>
        protected abstract void ProcessItem(string id, object input);
    }
}
